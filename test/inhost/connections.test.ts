// Connection store and commands in the real extension host. Tests that need a catalog use the real Lance server and
// SigV4 gateway started by test/e2e/inhost/launches.ts (NSB_TEST_LANCE_URI, NSB_TEST_SIGV4_URI); without them they skip.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ConnectionConfig } from '../../src/core/connection';
import type { TestResult } from '../../src/extension/connections/commands';
import type { ConnectionStore } from '../../src/extension/connections/store';
import type { ExtensionInternals } from '../../src/extension/extension';
import { activate, testServices } from './services';

/** Where releases before the file store kept connections. */
const LEGACY_STATE_KEY = 'namespaceBrowser.connections';
const SECRET_KEY = (id: string) => `namespaceBrowser.connection.${id}`;
const CANARY = `canary-${Date.now().toString(36)}-inhost`;

async function setTeamConnections(value: unknown[] | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('namespaceBrowser').update('connections', value, vscode.ConfigurationTarget.Global);
}

describe('connections [nsb-connections]', () => {
  let s: ExtensionInternals;
  before(async () => {
    s = await testServices();
  });
  afterEach(async () => {
    for (const c of s.connections.list()) if (c.source === 'user' && c.id.startsWith('t-')) await s.connections.remove(c.id);
    await setTeamConnections(undefined);
  });

  it('keeps secrets in SecretStorage only, and removing a connection deletes them', async () => {
    const config: ConnectionConfig = {
      id: 't-store',
      name: 'Store test',
      protocol: 'lance-rest',
      uri: 'http://127.0.0.1:9',
      // A secret passed in the settings by mistake must not reach globalState either.
      auth: { type: 'sigv4', settings: { region: 'us-east-1', credentials: 'static', accessKeyId: 'AKIDSTORE', secretAccessKey: CANARY } },
    };
    const saved = await s.connections.save(config, { secretAccessKey: CANARY, sessionToken: `${CANARY}-token` });
    assert.equal(saved.source, 'user');
    const listed = s.connections.get('t-store');
    assert.ok(listed, 'the saved connection is listed');
    assert.equal(listed.auth.settings?.['accessKeyId'], 'AKIDSTORE');
    assert.equal(listed.auth.settings?.['secretAccessKey'], undefined, 'no secret in the listed settings');

    const file = path.join(s.context.globalStorageUri.fsPath, 'connections', 't-store.json');
    const text = fs.readFileSync(file, 'utf8');
    assert.match(text, /AKIDSTORE/, 'the connection file holds the non-secret settings (so the search below looks in the right place)');
    assert.ok(!text.includes(CANARY), 'the connection file holds no secret');
    if (process.platform !== 'win32') assert.equal(fs.statSync(file).mode & 0o077, 0, 'the connection file is the owner’s only');
    for (const key of s.context.globalState.keys())
      assert.ok(!JSON.stringify(s.context.globalState.get(key) ?? null).includes(CANARY), `globalState key ${key} holds no secret`);

    const stored = await s.context.secrets.get(SECRET_KEY('t-store'));
    assert.ok(stored);
    assert.deepEqual(JSON.parse(stored), { secretAccessKey: CANARY, sessionToken: `${CANARY}-token` });
    assert.deepEqual(await s.connections.secrets('t-store'), { secretAccessKey: CANARY, sessionToken: `${CANARY}-token` });

    await s.connections.remove('t-store');
    assert.equal(s.connections.get('t-store'), undefined);
    assert.equal(await s.context.secrets.get(SECRET_KEY('t-store')), undefined, 'secrets deleted with the connection');
  });

  it('a wrapped provider’s secret (sigv4 delegate.token) stays out of globalState too', async () => {
    await s.connections.save(
      {
        id: 't-delegate',
        name: 'Delegate',
        protocol: 'lance-rest',
        uri: 'http://127.0.0.1:9',
        auth: { type: 'sigv4', settings: { region: 'us-east-1', delegate: 'bearer', 'delegate.token': CANARY } },
      },
      { 'delegate.token': CANARY },
    );
    assert.ok(!fs.readFileSync(path.join(s.context.globalStorageUri.fsPath, 'connections', 't-delegate.json'), 'utf8').includes(CANARY));
    assert.equal(s.connections.get('t-delegate')?.auth.settings?.['delegate'], 'bearer');
  });

  it('lists team connections from the setting as source "settings"; one with a secret in it is refused, not silently stripped', async () => {
    await setTeamConnections([
      { id: 'team-lance', name: 'Team Lance', protocol: 'lance-rest', uri: 'http://127.0.0.1:9', auth: { type: 'none' } },
      { id: 'team-leaky', name: 'Team Leaky', protocol: 'lance-rest', uri: 'http://127.0.0.1:9', auth: { type: 'bearer', settings: { token: CANARY } } },
    ]);
    const team = s.connections.get('team-lance');
    assert.ok(team, 'the team connection is listed');
    assert.equal(team.source, 'settings');
    assert.equal(team.scope, 'user', 'from the user settings (inspect().globalValue)');
    assert.equal(team.name, 'Team Lance');
    const leaky = s.connections.list().find((c) => c.name === 'Team Leaky');
    assert.ok(leaky, 'the entry with a secret is listed, as an error');
    assert.equal(leaky.unusable?.reason, 'invalid');
    assert.match(leaky.unusable!.message, /auth setting "token" is a secret/);
    assert.ok(!JSON.stringify(leaky).includes(CANARY), 'its secret is not carried along');
    await assert.rejects(s.catalogs.client(leaky.id), /auth setting "token" is a secret/);
  });

  it('a third-party provider’s secret, marked only kind "secret" or only secret: true, never reaches a connection file', async () => {
    const api = await activate();
    const create = () => ({ setsAuthorization: false, initialize: async () => undefined, authenticate: async () => undefined });
    const registrations = [
      api.registerAuthProvider({
        name: 't-kind',
        displayName: 'Kind only',
        settings: [
          { key: 'tenant', label: 'Tenant', kind: 'string' },
          { key: 'apiKey', label: 'Key', kind: 'secret' },
        ],
        create,
      }),
      api.registerAuthProvider({
        name: 't-flag',
        displayName: 'Flag only',
        settings: [
          { key: 'tenant', label: 'Tenant', kind: 'string' },
          { key: 'password', label: 'Password', kind: 'string', secret: true },
        ],
        create,
      }),
    ];
    try {
      await s.connections.save(
        {
          id: 't-kind',
          name: 'Kind',
          protocol: 'lance-rest',
          uri: 'http://127.0.0.1:9',
          auth: { type: 't-kind', settings: { tenant: 'acme', apiKey: `${CANARY}-kind` } },
        },
        { apiKey: `${CANARY}-kind` },
      );
      await s.connections.save(
        {
          id: 't-flag',
          name: 'Flag',
          protocol: 'lance-rest',
          uri: 'http://127.0.0.1:9',
          auth: { type: 't-flag', settings: { tenant: 'acme', password: `${CANARY}-flag` } },
        },
        { password: `${CANARY}-flag` },
      );
      const file = (id: string) => fs.readFileSync(path.join(s.context.globalStorageUri.fsPath, 'connections', `${id}.json`), 'utf8');
      const state = file('t-kind') + file('t-flag');
      assert.match(state, /acme/, 'the non-secret settings are there');
      assert.ok(!state.includes(CANARY), 'neither secret is in a connection file');
      assert.deepEqual(await s.connections.secrets('t-kind'), { apiKey: `${CANARY}-kind` });
      assert.deepEqual(await s.connections.secrets('t-flag'), { password: `${CANARY}-flag` });
    } finally {
      for (const r of registrations) r.dispose();
    }
  });

  it('ensureSecrets asks only for required secrets it lacks, once', async () => {
    await setTeamConnections([
      { id: 'team-bearer', name: 'Team Bearer', uri: 'http://127.0.0.1:9', auth: { type: 'bearer' } },
      { id: 'team-sigv4', name: 'Team SigV4', uri: 'http://127.0.0.1:9', auth: { type: 'sigv4', settings: { region: 'us-east-1', credentials: 'env' } } },
    ]);
    const asked: string[] = [];
    const original = vscode.window.showInputBox;
    // The one stub in this file: a prompt cannot be answered from inside the host.
    (vscode.window as { showInputBox: unknown }).showInputBox = async (o?: vscode.InputBoxOptions) => {
      asked.push(`${o?.title} password=${o?.password}`);
      return 'entered-token';
    };
    try {
      const bearer = s.connections.get('team-bearer')!;
      assert.deepEqual(await s.connections.ensureSecrets(bearer), { token: 'entered-token' });
      assert.deepEqual(asked, ['Team Bearer: Token password=true']);
      assert.deepEqual(await s.connections.ensureSecrets(bearer), { token: 'entered-token' }, 'kept');
      assert.equal(asked.length, 1, 'asked only once');
      assert.deepEqual(await s.connections.ensureSecrets(s.connections.get('team-sigv4')!), {});
      assert.equal(asked.length, 1, 'sigv4 from the environment needs no secret');
    } finally {
      (vscode.window as { showInputBox: unknown }).showInputBox = original;
      await s.connections.setSecrets('team-bearer', {});
    }
  });

  it('credentials over plain http:// to another machine: the row says "unencrypted", and the log says why, once', async () => {
    const id = 't-plain-http';
    // .invalid never resolves, and prepare() sends nothing: only the checks before a first request run.
    await s.connections.save(
      { id, name: 'Plain http', protocol: 'lance-rest', uri: 'http://catalog.nsb-test.invalid:8080', auth: { type: 'bearer' } },
      { token: CANARY },
    );
    const warnings: string[] = [];
    const original = s.output.warn;
    s.output.warn = (message: string, ...args: unknown[]) => {
      warnings.push(message);
      original.call(s.output, message, ...args);
    };
    try {
      await s.catalogs.prepare(id);
      await s.catalogs.prepare(id);
    } finally {
      s.output.warn = original;
    }
    assert.deepEqual(warnings, [
      'connection "Plain http": requests to catalog.nsb-test.invalid:8080 use plain http://: its bearer credentials (a token, key or signature) travel unencrypted; use https://',
    ]);
    const item = s.tree.provider.getTreeItem(s.tree.provider.connectionNode(id)!);
    assert.match(String(item.description), /^unencrypted · Lance REST · catalog.nsb-test.invalid:8080/);
  });

  it('writes a secret only when it changed: adding without secrets, renaming and re-saving write none', async () => {
    const writes: string[] = [];
    const secrets = s.context.secrets as { store: vscode.SecretStorage['store']; delete: vscode.SecretStorage['delete'] };
    const store = secrets.store;
    const del = secrets.delete;
    secrets.store = (key, value) => (writes.push(`store ${key}`), store.call(s.context.secrets, key, value));
    secrets.delete = (key) => (writes.push(`delete ${key}`), del.call(s.context.secrets, key));
    try {
      await s.connections.save({ id: 't-plain', name: 'Plain', protocol: 'lance-rest', uri: 'http://127.0.0.1:9', auth: { type: 'none' } }, {});
      assert.deepEqual(writes, [], 'a connection without secrets touches no secret (it used to delete one)');
      await s.connections.save({ id: 't-tok', name: 'Tok', protocol: 'lance-rest', uri: 'http://127.0.0.1:9', auth: { type: 'bearer' } }, { token: CANARY });
      assert.deepEqual(writes, [`store ${SECRET_KEY('t-tok')}`]);
      writes.length = 0;
      await s.connections.rename('t-tok', 'Tok renamed');
      await s.connections.save(
        { id: 't-tok', name: 'Tok renamed', protocol: 'lance-rest', uri: 'http://127.0.0.1:10', auth: { type: 'bearer' } },
        { token: CANARY },
      );
      assert.deepEqual(writes, [], 'a rename, and an edit that keeps the secret, write no secret');
      assert.deepEqual(await s.connections.secrets('t-tok'), { token: CANARY });
    } finally {
      secrets.store = store;
      secrets.delete = del;
    }
  });

  it('imports the connections an older release kept in globalState, once, keeping their secrets', async () => {
    const legacy = {
      version: 1,
      connections: [{ id: 't-legacy', name: 'Legacy', protocol: 'lance-rest', uri: 'http://127.0.0.1:9', auth: { type: 'bearer', settings: {} } }],
    };
    await s.context.secrets.store(SECRET_KEY('t-legacy'), JSON.stringify({ token: CANARY }));
    await s.context.globalState.update(LEGACY_STATE_KEY, legacy);
    try {
      const store = s.connections as ConnectionStore;
      await store.importLegacy();
      assert.equal(s.connections.get('t-legacy')?.name, 'Legacy');
      assert.deepEqual(await s.connections.secrets('t-legacy'), { token: CANARY }, 'the secret is where it always was');
      await s.connections.remove('t-legacy');
      await store.importLegacy();
      assert.equal(s.connections.get('t-legacy'), undefined, 'importing again does not bring a removed connection back');
      assert.deepEqual(s.context.globalState.get(LEGACY_STATE_KEY), legacy, 'the old list is left as it was (for a downgrade)');
    } finally {
      await s.context.globalState.update(LEGACY_STATE_KEY, undefined);
    }
  });

  it('Duplicate copies the secrets under the new id', async () => {
    await s.connections.save(
      { id: 't-dup', name: 'Dup source', protocol: 'lance-rest', uri: 'http://127.0.0.1:9', auth: { type: 'bearer' } },
      { token: CANARY },
    );
    const copy = await vscode.commands.executeCommand<{ id: string; name: string }>('namespaceBrowser.duplicateConnection', { connectionId: 't-dup' });
    assert.ok(copy && copy.id !== 't-dup');
    assert.equal(copy.name, 'Dup source (copy)');
    assert.deepEqual(await s.connections.secrets(copy.id), { token: CANARY });
    await s.connections.remove(copy.id);
  });

  describe('against the real Lance server', () => {
    before(function () {
      if (!process.env['NSB_TEST_LANCE_URI'] || !process.env['NSB_TEST_SIGV4_URI']) this.skip();
    });

    it('Sign Out closes the connection’s client', async () => {
      await s.connections.save(
        { id: 't-signout', name: 'Sign out', protocol: 'lance-rest', uri: process.env['NSB_TEST_LANCE_URI']!, auth: { type: 'none' } },
        {},
      );
      const first = await s.catalogs.client('t-signout');
      await vscode.commands.executeCommand('namespaceBrowser.signOut', { connectionId: 't-signout' });
      const second = await s.catalogs.client('t-signout');
      assert.notEqual(first, second, 'a new client after signing out');
    });

    it('Test Connection lists the root namespaces of a Lance server', async () => {
      await s.connections.save({ id: 't-lance', name: 'Lance', protocol: 'lance-rest', uri: process.env['NSB_TEST_LANCE_URI']!, auth: { type: 'none' } }, {});
      const result = await vscode.commands.executeCommand<TestResult>('namespaceBrowser.testConnection', 't-lance');
      assert.ok(result?.ok, `test failed: ${JSON.stringify(result)}`);
      assert.equal(result.namespaces, 1);
      assert.equal(result.more, true, 'one page of one: the standard seed has more root namespaces');
    });

    it('Test Connection through the SigV4 gateway: right keys pass, a wrong secret fails with a request record', async () => {
      const settings = { region: 'us-east-1', credentials: 'static', accessKeyId: process.env['NSB_TEST_SIGV4_ACCESS_KEY']! };
      const base = { name: 'Gateway', protocol: 'lance-rest' as const, uri: process.env['NSB_TEST_SIGV4_URI']!, auth: { type: 'sigv4', settings } };
      await s.connections.save({ ...base, id: 't-sigv4' }, { secretAccessKey: process.env['NSB_TEST_SIGV4_SECRET_KEY']! });
      const good = await vscode.commands.executeCommand<TestResult>('namespaceBrowser.testConnection', { connectionId: 't-sigv4' });
      assert.ok(good?.ok, `test failed: ${JSON.stringify(good)}`);

      await s.connections.save({ ...base, id: 't-sigv4-bad', name: 'Gateway (wrong secret)' }, { secretAccessKey: CANARY });
      const bad = await vscode.commands.executeCommand<TestResult>('namespaceBrowser.testConnection', 't-sigv4-bad');
      assert.ok(bad && !bad.ok);
      assert.ok(bad.error.isAuthProblem, `an auth error, got ${bad.error.kind}`);
      assert.ok(bad.error.recordId, 'the error points at its request record');
      assert.ok(!bad.error.message.includes(CANARY), 'no secret in the error text');
      const record = s.runtime.log.get(bad.error.recordId!);
      assert.ok(record, 'the record is in the log');
      assert.ok(!JSON.stringify(record).includes(CANARY), 'no secret in the request record');
    });
  });
});
