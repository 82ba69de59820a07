// One rule for what is secret: a third-party provider that marks its secret only with `kind: 'secret'`, or only
// with `secret: true`, gets the same treatment from the registry, the wizard's logic, the CLI and the transport.
import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { checkDescriptors, expandDescriptors, isSecret, normalizeDescriptor, splitAnswers } from '../../src/core/auth/descriptors';
import type { AuthProvider, AuthSettingDescriptor } from '../../src/core/auth/provider';
import { AuthProviderRegistry } from '../../src/core/auth/registry';
import { registerBuiltinProviders } from '../../src/core/auth/builtins';
import { main } from '../../src/cli/main';
import { isCatalogError } from '../../src/core/errors';
import { createRuntime } from '../../src/core/runtime';
import { planSettings } from '../../src/extension/connections/settingsPlan';
import { json, startFaultServer, type SeenRequest } from '../support/faultServer';

const CANARY_KIND = 'CANARY-kind-only-4f8e2a';
const CANARY_FLAG = 'CANARY-flag-only-9b1c7d';

/** A provider as another extension might write it: its secret marked one way only, and careless with it. */
function thirdParty(name: string, secret: AuthSettingDescriptor): AuthProvider {
  return {
    name,
    displayName: `Third party (${name})`,
    settings: [{ key: 'tenant', label: 'Tenant', kind: 'string', required: true }, secret],
    create(settings) {
      return {
        setsAuthorization: false,
        async initialize() {},
        async authenticate(request) {
          request.headers['x-tenant-key'] = `${settings['tenant']}:${settings[secret.key]}`;
          // Careless on purpose: the secret in its own explanation. The transport's scrubber must catch it.
          return { provider: name, summary: `tenant ${settings['tenant']} with key ${settings[secret.key]}` };
        },
      };
    },
  };
}

const kindOnly = () => thirdParty('kind-only', { key: 'apiKey', label: 'API key', kind: 'secret', required: true });
const flagOnly = () => thirdParty('flag-only', { key: 'password', label: 'Password', kind: 'string', secret: true, required: true });

describe('descriptor rules', () => {
  test('isSecret honours either marking, and normalising gives both the same flag', () => {
    assert.equal(isSecret({ kind: 'secret' }), true);
    assert.equal(isSecret({ kind: 'string', secret: true }), true);
    assert.equal(isSecret({ kind: 'json', secret: true }), true);
    assert.equal(isSecret({ kind: 'string' }), false);
    assert.equal(normalizeDescriptor({ key: 'k', label: 'K', kind: 'secret' }).secret, true);
    const json = normalizeDescriptor({ key: 'k', label: 'K', kind: 'json', secret: true });
    assert.equal(json.secret, true);
    assert.equal(json.kind, 'json', 'a secret JSON value keeps its kind (the wizard still checks the JSON)');
    assert.equal('secret' in normalizeDescriptor({ key: 'k', label: 'K', kind: 'string', secret: false }), false);
  });

  test('the registry hands out normalised descriptors, whichever way the provider marked its secret', () => {
    const registry = new AuthProviderRegistry();
    registry.register(kindOnly());
    registry.register(flagOnly());
    assert.deepEqual(
      registry
        .require('kind-only')
        .settings.filter(isSecret)
        .map((d) => [d.key, d.secret]),
      [['apiKey', true]],
    );
    assert.deepEqual(
      registry
        .require('flag-only')
        .settings.filter((d) => d.secret === true)
        .map((d) => d.key),
      ['password'],
    );
    // The wizard asks both in a step of their own (a password box), never in the optional pick.
    for (const name of ['kind-only', 'flag-only']) {
      const plan = planSettings(registry.require(name).settings, {});
      assert.deepEqual(plan.steps.map((d) => d.key).length, 2, `${name}: tenant and the secret are steps`);
    }
  });

  test('splitting answers keeps either kind of secret out of the settings', () => {
    const registry = new AuthProviderRegistry();
    registry.register(kindOnly());
    registry.register(flagOnly());
    const a = splitAnswers(registry.descriptors('kind-only', {})!, { tenant: 'acme', apiKey: CANARY_KIND });
    assert.deepEqual(a, { settings: { tenant: 'acme' }, secrets: { apiKey: CANARY_KIND } });
    const b = splitAnswers(registry.descriptors('flag-only', {})!, { tenant: 'acme', password: CANARY_FLAG });
    assert.deepEqual(b, { settings: { tenant: 'acme' }, secrets: { password: CANARY_FLAG } });
  });

  test('a wrapped third-party provider (sigv4 delegate) keeps its secret a secret under delegate.', () => {
    const registry = new AuthProviderRegistry();
    registerBuiltinProviders(registry);
    registry.register(kindOnly());
    const sigv4 = registry.require('sigv4');
    assert.ok(
      sigv4.settings.find((d) => d.key === 'delegate')?.options?.some((o) => o.value === 'kind-only'),
      'sigv4 offers it as a wrapped provider',
    );
    const expanded = registry.descriptors('sigv4', { delegate: 'kind-only' })!;
    const wrapped = expanded.find((d) => d.key === 'delegate.apiKey');
    assert.ok(wrapped);
    assert.equal(wrapped.secret, true);
    assert.deepEqual(splitAnswers(expanded, { region: 'us-east-1', delegate: 'kind-only', 'delegate.tenant': 't', 'delegate.apiKey': CANARY_KIND }).secrets, {
      'delegate.apiKey': CANARY_KIND,
    });
    assert.deepEqual(expandDescriptors(sigv4.settings, { delegate: 'none' }, (n) => registry.get(n)).length, sigv4.settings.length);
  });

  test('descriptors a front end could not honour are refused at registration, naming provider and setting', () => {
    const bad: [string, AuthSettingDescriptor[], RegExp][] = [
      [
        'dup',
        [
          { key: 'a', label: 'A', kind: 'string' },
          { key: 'a', label: 'A again', kind: 'string' },
        ],
        /"dup": setting "a" is declared twice/,
      ],
      ['contradiction', [{ key: 'k', label: 'K', kind: 'secret', secret: false }], /setting "k" is kind "secret" but says secret: false/],
      ['reserved', [{ key: 'delegate.token', label: 'T', kind: 'string' }], /setting key "delegate.token" is not valid/],
      ['kind', [{ key: 'k', label: 'K', kind: 'password' as never }], /setting "k" has kind "password"/],
      [
        'when',
        [{ key: 'k', label: 'K', kind: 'string', when: { key: 'mode', equals: ['x'] } }],
        /applies "when" setting "mode", which the provider does not declare/,
      ],
      ['enum', [{ key: 'k', label: 'K', kind: 'enum' }], /setting "k" is an enum without options/],
    ];
    for (const [name, settings, message] of bad) {
      const registry = new AuthProviderRegistry();
      assert.throws(
        () =>
          registry.register({
            name,
            displayName: name,
            settings,
            create: () => {
              throw new Error('unused');
            },
          }),
        (e: unknown) => isCatalogError(e) && e.kind === 'config' && message.test(e.message),
      );
      assert.equal(registry.get(name), undefined, 'nothing registered');
      assert.throws(() => checkDescriptors(name, settings), message);
    }
  });

  test('the registry keeps its own view: changing the registered object later changes nothing', () => {
    const registry = new AuthProviderRegistry();
    const p = kindOnly() as { -readonly [K in keyof AuthProvider]: AuthProvider[K] };
    registry.register(p);
    p.displayName = 'renamed later';
    assert.equal(registry.require('kind-only').displayName, 'Third party (kind-only)');
    assert.ok(Object.isFrozen(registry.require('kind-only')));
  });
});

describe('a third-party provider in nsb and the transport', () => {
  let server: Awaited<ReturnType<typeof startFaultServer>>;
  before(async () => {
    server = await startFaultServer((req: SeenRequest, res) => {
      // Echo the key back in an error, as careless servers do: the CLI must not print it.
      if (!/^acme:CANARY/.test(String(req.headers['x-tenant-key']))) return json(res, 401, { error: `bad key ${req.headers['x-tenant-key']}` });
      if (req.url.includes('describe')) return json(res, 403, { error: `key ${String(req.headers['x-tenant-key']).split(':')[1]} may not describe`, code: 2 });
      if (req.url.includes('/table/list')) return json(res, 200, { tables: [] });
      return json(res, 200, { namespaces: ['sales'] });
    });
  });
  after(() => server.close());

  async function nsb(args: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const code = await main(args, { stdout: (t) => (out += t), stderr: (t) => (err += t), env, providers: [kindOnly(), flagOnly()] });
    return { code, out, err };
  }

  for (const [name, key, canary] of [
    ['kind-only', 'apiKey', CANARY_KIND],
    ['flag-only', 'password', CANARY_FLAG],
  ] as const) {
    test(`${name}: the secret from --auth-opt reaches the server and is never printed, not even by --explain`, async () => {
      const before = server.seen.length;
      const ok = await nsb(['--uri', server.uri, '--auth', name, '--auth-opt', 'tenant=acme', '--auth-opt', `${key}=${canary}`, '--explain', 'ls']);
      assert.equal(ok.code, 0, ok.err);
      assert.match(ok.out, /namespace {2}sales/);
      assert.equal(server.seen[before]?.headers['x-tenant-key'], `acme:${canary}`, 'the server got the secret');
      assert.match(ok.err, /x-tenant-key/, '--explain printed the request');
      assert.ok(!ok.out.includes(canary) && !ok.err.includes(canary), 'no secret in the output');

      const denied = await nsb([
        '--uri',
        server.uri,
        '--auth',
        name,
        '--auth-opt',
        'tenant=acme',
        '--auth-opt',
        `${key}=${canary}`,
        'describe-namespace',
        'sales',
      ]);
      assert.equal(denied.code, 1);
      assert.match(denied.err, /forbidden/);
      assert.ok(!denied.err.includes(canary), `the error text is scrubbed: ${denied.err}`);
    });

    test(`${name}: the secret from the environment (NSB_AUTH_<KEY>) and from a connection's settings is treated as a secret`, async () => {
      const envName = `NSB_AUTH_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
      const r = await nsb(['--uri', server.uri, '--auth', name, '--auth-opt', 'tenant=acme', '--explain', 'ls'], { [envName]: canary });
      assert.equal(r.code, 0, r.err);
      assert.ok(!r.err.includes(canary));
    });
  }

  test('nsb auth-providers marks both kinds of secret as secret', async () => {
    const r = await nsb(['auth-providers', '--json']);
    const providers = JSON.parse(r.out) as { name: string; settings: AuthSettingDescriptor[] }[];
    assert.equal(providers.find((p) => p.name === 'kind-only')!.settings.find((s) => s.key === 'apiKey')!.secret, true);
    assert.equal(providers.find((p) => p.name === 'flag-only')!.settings.find((s) => s.key === 'password')!.secret, true);
    const text = await nsb(['auth-providers']);
    assert.match(text.out, /--auth-opt apiKey=… {2}API key \(required, secret\)/);
    assert.match(text.out, /--auth-opt password=… {2}Password \(required, secret\)/);
  });

  test('records: a secret given in the settings by mistake, or under delegate., is scrubbed from the request record', async () => {
    const runtime = createRuntime({ env: {} });
    runtime.registry.register(kindOnly());
    const client = runtime.open(
      { id: 'x', name: 'x', protocol: 'lance-rest', uri: server.uri, auth: { type: 'kind-only', settings: { tenant: 'acme', apiKey: CANARY_KIND } } },
      {},
    );
    await client.initialize();
    await assert.rejects(client.describeNamespace(['sales']));
    const records = runtime.log.list();
    assert.ok(records.length > 0);
    assert.ok(!JSON.stringify(records).includes(CANARY_KIND), 'no secret in any record');
    client.dispose();
  });

  test('nsb refuses an auth setting the provider does not have, and says how to reach a wrapped one', async () => {
    const unknown = await nsb(['--uri', server.uri, '--auth', 'kind-only', '--auth-opt', 'tenantt=acme', 'ls']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /auth type "kind-only" has no setting "tenantt" \(settings: tenant, apiKey\)/);
    const wrapped = await nsb(['--uri', server.uri, '--auth', 'sigv4', '--auth-opt', 'region=us-east-1', '--auth-opt', 'delegate.token=x', 'ls']);
    assert.equal(wrapped.code, 2);
    assert.match(wrapped.err, /no setting "delegate.token" \(choose the wrapped provider first: --auth-opt delegate=NAME\)/);
  });
});
