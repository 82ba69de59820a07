// Connections shared in settings: the user's and the workspace's entries apart, every bad entry a row that says
// why (nothing dropped silently), no credentials in headers or settings; and what each connection would send where.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { registerBuiltinProviders } from '../../src/core/auth/builtins';
import { AuthProviderRegistry } from '../../src/core/auth/registry';
import { credentialUse, isLoopbackHost, plainHttpWarning } from '../../src/core/credentialUse';
import { uriWarning } from '../../src/extension/connections/fields';
import { validateSetting } from '../../src/extension/connections/settingsPlan';
import { teamConnections, type TeamSettings } from '../../src/extension/connections/teamConnections';
import { ConnectionBlocked } from '../../src/extension/connections/blocked';
import { toErrorInfo } from '../../src/extension/errorView';
import { TreeModel } from '../../src/extension/tree/model';
import { connectionRow, errorRow } from '../../src/extension/tree/rows';

const registry = new AuthProviderRegistry();
registerBuiltinProviders(registry);
const read = (input: Partial<TeamSettings>) =>
  teamConnections({ user: undefined, workspace: undefined, workspaceTrusted: true, taken: new Map(), ...input }, registry);
const lance = { name: 'Lance', uri: 'https://lance.example.com' };

describe('team connections from settings', () => {
  test('user and workspace entries are both listed, each with its scope', () => {
    const list = read({ user: [{ ...lance, id: 'mine' }], workspace: [{ ...lance, id: 'theirs', name: 'Theirs' }] });
    assert.deepEqual(
      list.map((c) => [c.id, c.source, c.scope, c.unusable]),
      [
        ['mine', 'settings', 'user', undefined],
        ['theirs', 'settings', 'workspace', undefined],
      ],
    );
  });

  test('in Restricted Mode a workspace entry is listed but not usable; the user’s are', () => {
    const list = read({ user: [{ ...lance, id: 'mine' }], workspace: [{ ...lance, id: 'theirs' }], workspaceTrusted: false });
    assert.equal(list[0]!.unusable, undefined);
    assert.equal(list[1]!.unusable?.reason, 'restricted');
    assert.match(list[1]!.unusable!.message, /Restricted Mode: connections from this workspace's settings are not used until you trust this workspace/);
  });

  test('a header carrying credentials is refused with a pointer to an auth provider; its value never repeated', () => {
    for (const name of [
      'Authorization',
      'cookie',
      'X-API-Key',
      'x-amz-security-token',
      'Proxy-Authorization',
      'x-vault-token',
      'x-client-secret',
      'db-password',
    ]) {
      const [c] = read({ workspace: [{ ...lance, headers: { 'x-goog-user-project': 'p', [name]: 'CANARY-header-value' } }] });
      assert.equal(c!.unusable?.reason, 'invalid', name);
      assert.match(c!.unusable!.message, new RegExp(`header "${name}" carries credentials.*use an auth provider instead`));
      assert.ok(!c!.unusable!.message.includes('CANARY'), 'the value is not repeated');
      assert.equal(c!.headers, undefined, 'an invalid entry keeps none of its fields');
    }
    const [ok] = read({ workspace: [{ ...lance, headers: { 'x-goog-user-project': 'p' } }] });
    assert.deepEqual(ok!.headers, { 'x-goog-user-project': 'p' });
  });

  test('the headers provider’s own JSON setting may not carry a credential header either; the wizard says so too', () => {
    const [c] = read({
      workspace: [{ ...lance, auth: { type: 'headers', settings: { headers: '{"x-goog-user-project": "p", "Authorization": "Bearer CANARY-in-json"}' } } }],
    });
    assert.equal(c!.unusable?.reason, 'invalid');
    assert.match(c!.unusable!.message, /auth setting "headers" names "Authorization", which carries credentials.*use an auth provider instead/);
    assert.ok(!JSON.stringify(c).includes('CANARY'));
    const [ok] = read({ workspace: [{ ...lance, auth: { type: 'headers', settings: { headers: '{"x-goog-user-project": "p"}' } } }] });
    assert.equal(ok!.unusable, undefined);
    const headers = registry.require('headers').settings[0]!;
    assert.match(
      validateSetting(headers, '{"Cookie": "s=1", "x-api-key": "k"}')!,
      /^"Cookie", "x-api-key" would be kept in plain settings: use an auth provider instead/,
    );
    assert.equal(validateSetting(headers, '{"x-goog-user-project": "p"}'), undefined);
  });

  test('a secret auth setting in settings is refused (not silently dropped), wrapped ones too', () => {
    const [bearer] = read({ user: [{ ...lance, auth: { type: 'bearer', settings: { token: 'CANARY-tok' } } }] });
    assert.equal(bearer!.unusable?.reason, 'invalid');
    assert.match(bearer!.unusable!.message, /auth setting "token" is a secret.*remove it; the extension asks for it once/);
    assert.ok(!JSON.stringify(bearer).includes('CANARY'));
    const [wrapped] = read({
      user: [{ ...lance, auth: { type: 'sigv4', settings: { region: 'us-east-1', delegate: 'bearer', 'delegate.token': 'CANARY-w' } } }],
    });
    assert.match(wrapped!.unusable!.message, /auth setting "delegate.token" is a secret/);
    assert.ok(!JSON.stringify(wrapped).includes('CANARY'));
  });

  test('every other mistake is named: unknown keys, bad uri, protocol, settings that do not exist, not an object', () => {
    const problems = (entry: unknown) => read({ workspace: [entry] })[0]!.unusable?.message ?? '';
    assert.match(
      problems({ ...lance, url: 'x' }),
      /unknown key "url" \(known: id, name, protocol, uri, delimiter, warehouse, prefix, headers, caFile, clientCertFile, clientKeyFile, allowInsecureTls, auth\)/,
    );
    assert.match(problems({ ...lance, prefix: 'dev' }), /"prefix" is read only by iceberg-rest connections, and this one is lance-rest/);
    assert.equal(read({ user: [{ ...lance, protocol: 'iceberg-rest', prefix: 'dev', warehouse: 'w' }] })[0]!.prefix, 'dev');
    assert.match(problems({ name: 'x' }), /"uri" is missing/);
    assert.match(problems({ name: 'x', uri: 'ftp://h' }), /"uri": Use an http:\/\/ or https:\/\/ URL/);
    assert.match(problems({ name: 'x', uri: 'https://u:p@h' }), /"uri": Leave credentials out of the URL/);
    assert.match(problems({ ...lance, protocol: 'delta' }), /unknown catalog protocol "delta" \(protocols: lance-rest, iceberg-rest\)/);
    assert.doesNotMatch(problems({ ...lance, protocol: 'delta', prefix: 'dev' }), /read only by/, 'an unknown protocol is the problem, not its fields');
    assert.match(problems({ ...lance, auth: { type: 'sigv4', settings: { region: 'us-east-1', regoin: 'x' } } }), /auth type "sigv4" has no setting "regoin"/);
    assert.match(problems({ ...lance, auth: { type: 'sigv4', setings: {} } }), /unknown key "auth.setings"/);
    assert.match(problems({ ...lance, auth: { settings: { region: 5 } } }), /auth setting "region" must be text/);
    assert.match(problems('just text'), /not an object/);
    assert.match(read({ workspace: { not: 'a list' } })[0]!.unusable!.message, /must be a list of connections/);
    assert.match(problems({ ...lance }), /^$/, 'a good entry has no problem');
  });

  test('an entry may not take an id already in use: a workspace cannot borrow the secrets of a user connection', () => {
    const list = read({
      taken: new Map([['prod', 'My prod']]),
      user: [{ ...lance, id: 'team' }],
      workspace: [
        { ...lance, id: 'prod' },
        { ...lance, id: 'team' },
      ],
    });
    assert.deepEqual(
      list.map((c) => c.unusable?.reason),
      [undefined, 'invalid', 'invalid'],
    );
    assert.match(list[1]!.unusable!.message, /its id "prod" is already the id of the connection "My prod"/);
    assert.notEqual(list[1]!.id, 'prod', 'listed under an id of its own');
    assert.equal(new Set(list.map((c) => c.id)).size, 3, 'every row has a unique id');
  });

  test('a provider from another extension that is not registered yet: listed, checked once it registers', () => {
    const [c] = read({ user: [{ ...lance, auth: { type: 'vault', settings: { role: 'r' } } }] });
    assert.equal(c!.unusable, undefined);
    assert.deepEqual(c!.auth, { type: 'vault', settings: { role: 'r' } });
  });

  test('the keys accepted are the keys the setting’s schema in package.json declares', () => {
    const pkg = JSON.parse(readFileSync(path.join(__dirname, '../../package.json'), 'utf8'));
    const schema = pkg.contributes.configuration.properties['namespaceBrowser.connections'];
    const error = read({ user: [{ ...lance, nope: 1 }] })[0]!.unusable!.message;
    assert.equal(/known: ([^)]*)/.exec(error)![1], Object.keys(schema.items.properties).join(', '));
    assert.equal(schema.items.additionalProperties, false);
    assert.deepEqual(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations, ['namespaceBrowser.connections']);
    assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.deepEqual(pkg.extensionKind, ['workspace']);
  });
});

describe('what a connection would send where', () => {
  const use = (auth: { type: string; settings?: Record<string, string> }, uri = 'https://catalog.example.com/api') => credentialUse({ uri, auth }, registry);

  test('ambient credentials by provider and setting; none for typed secrets', () => {
    assert.equal(use({ type: 'sigv4', settings: { region: 'us-east-1' } }).ambient, 'your AWS credentials (default chain)');
    assert.equal(
      use({ type: 'sigv4', settings: { region: 'us-east-1', credentials: 'profile', profile: 'prod' } }).ambient,
      'your AWS credentials (profile prod)',
    );
    assert.equal(
      use({ type: 'sigv4', settings: { credentials: 'assume-role', roleArn: 'arn:aws:iam::1:role/r' } }).ambient,
      'your AWS credentials (to assume arn:aws:iam::1:role/r)',
    );
    assert.equal(use({ type: 'sigv4', settings: { credentials: 'static' } }).ambient, undefined);
    assert.equal(
      use({ type: 'sigv4', settings: { credentials: 'static', delegate: 'google' } }).ambient,
      'your Google credentials (Application Default Credentials)',
    );
    assert.equal(use({ type: 'google' }).ambient, 'your Google credentials (Application Default Credentials)');
    assert.equal(use({ type: 'google', settings: { credentials: 'service-account-key' } }).ambient, undefined);
    assert.match(use({ type: 'google', settings: { credentials: 'impersonate', targetPrincipal: 'sa@p.iam' } }).ambient!, /to impersonate sa@p.iam/);
    for (const type of ['none', 'bearer', 'api-key', 'headers', 'oauth2']) assert.equal(use({ type }).ambient, undefined, type);
    assert.equal(use({ type: 'vault' }).ambient, 'the credentials of the "vault" provider', 'an unknown provider is assumed to use some');
  });

  test('the hosts: the catalog and any host a setting names (STS endpoint, token URL); relative URLs stay on the catalog', () => {
    assert.deepEqual(use({ type: 'sigv4', settings: { stsEndpoint: 'https://sts.evil.example:8443/x' } }).origins, [
      'https://catalog.example.com',
      'https://sts.evil.example:8443',
    ]);
    assert.deepEqual(use({ type: 'oauth2', settings: { tokenUrl: 'oauth/token' } }).origins, ['https://catalog.example.com']);
    assert.deepEqual(use({ type: 'sigv4', settings: { delegate: 'oauth2', 'delegate.tokenUrl': 'http://idp.example/t' } }).origins, [
      'https://catalog.example.com',
      'http://idp.example',
    ]);
  });

  test('plain http to another machine with credentials warns; loopback, https and no auth do not', () => {
    assert.match(
      plainHttpWarning({ uri: 'http://catalog.corp:8080', auth: { type: 'bearer' } })!,
      /requests to catalog.corp:8080 use plain http:\/\/: its bearer credentials/,
    );
    assert.equal(plainHttpWarning({ uri: 'https://catalog.corp', auth: { type: 'bearer' } }), undefined);
    assert.equal(plainHttpWarning({ uri: 'http://127.0.0.1:2333', auth: { type: 'sigv4' } }), undefined);
    assert.equal(plainHttpWarning({ uri: 'http://[::1]:2333', auth: { type: 'sigv4' } }), undefined);
    assert.equal(plainHttpWarning({ uri: 'http://catalog.corp', auth: { type: 'none' } }), undefined);
    assert.ok(plainHttpWarning({ uri: 'http://catalog.corp', auth: { type: 'vault' } }));
    for (const h of ['localhost', 'api.localhost', '127.0.0.1', '127.1.2.3', '[::1]']) assert.equal(isLoopbackHost(h), true, h);
    for (const h of ['128.0.0.1', 'localhost.example.com', '10.0.0.1']) assert.equal(isLoopbackHost(h), false, h);
    assert.match(uriWarning('http://catalog.corp')!, /Plain http:\/\/ to catalog.corp: a token, API key or signature/);
    assert.equal(uriWarning('http://localhost:2333'), undefined);
    assert.equal(uriWarning('https://catalog.corp'), undefined);
  });
});

describe('rows of blocked and risky connections', () => {
  const model = new TreeModel(
    () => async () => ({ items: [] }),
    () => 100,
  );
  const node = (extra: object = {}) =>
    model.connection({
      id: 'c',
      name: 'C',
      protocol: 'lance-rest',
      uri: 'http://catalog.corp',
      authType: 'bearer',
      source: 'settings',
      scope: 'workspace',
      ...extra,
    });
  const ctx = { display: (_: string, id: string[]) => id.join('.') };

  test('each reason has its own label and way out', () => {
    const row = (e: ConnectionBlocked) => errorRow('k', toErrorInfo(e), node(), ctx);
    const declined = row(new ConnectionBlocked('not-allowed', 'You declined …'));
    assert.equal(declined.label, 'Not allowed to use your credentials — Allow…');
    assert.equal(declined.command?.command, 'namespaceBrowser.allowWorkspaceConnection');
    assert.match(declined.contextValue, /;allow/);
    assert.equal(declined.description, 'You declined …', 'the row says why and how to allow later');
    const restricted = row(new ConnectionBlocked('restricted', 'Restricted Mode: …'));
    assert.equal(restricted.command?.command, 'namespaceBrowser.manageWorkspaceTrust');
    assert.match(restricted.label, /^Restricted Mode/);
    assert.equal(row(new ConnectionBlocked('invalid', 'bad')).command?.command, 'namespaceBrowser.openConnectionSettings');
    assert.equal(row(new ConnectionBlocked('provider-missing', 'm', 'vault')).label, 'Waiting for the auth provider "vault"');
  });

  test('a connection that sends credentials over plain http says so on its row', () => {
    const warning = plainHttpWarning({ uri: 'http://catalog.corp', auth: { type: 'bearer' } });
    const n = node({ warning });
    const row = connectionRow(n.key, n.connection);
    assert.match(row.description!, /^unencrypted · /);
    assert.equal(row.icon.color, 'list.warningForeground');
    assert.ok(row.tooltip.some((t) => t.kind === 'field' && t.label === 'Warning' && t.text === warning));
    assert.match(row.contextValue, /;workspace/);
    const plain = node();
    assert.doesNotMatch(connectionRow(plain.key, plain.connection).description!, /unencrypted/);
  });
});
