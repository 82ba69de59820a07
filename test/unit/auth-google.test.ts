import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseServiceAccountKey } from '../../src/core/auth/google/credentials';
import { googleProvider } from '../../src/core/auth/google/provider';
import { registerBuiltinProviders } from '../../src/core/auth/builtins';
import { AuthProviderRegistry } from '../../src/core/auth/registry';
import { CatalogError } from '../../src/core/errors';

const CANARY = 'canary-PRIVATE-key-body-4e2f';
const ctx = { catalogUri: new URL('https://biglake.googleapis.com/iceberg/v1/restcatalog'), connectionId: 'g', env: {} };

test('google settings: keyJson is the only secret; defaults for credentials, token type and scopes', () => {
  const by = Object.fromEntries(googleProvider().settings.map((s) => [s.key, s]));
  assert.deepEqual(Object.keys(by), ['credentials', 'keyJson', 'source', 'targetPrincipal', 'delegates', 'tokenType', 'scopes', 'audience', 'quotaProject']);
  assert.deepEqual(
    googleProvider()
      .settings.filter((s) => s.secret)
      .map((s) => s.key),
    ['keyJson'],
  );
  assert.equal(by['keyJson']?.kind, 'secret');
  assert.equal(by['credentials']?.default, 'adc');
  assert.deepEqual(
    by['credentials']?.options?.map((o) => o.value),
    ['adc', 'service-account-key', 'impersonate'],
  );
  assert.deepEqual(
    by['tokenType']?.options?.map((o) => o.value),
    ['access', 'id'],
  );
  assert.equal(by['scopes']?.default, 'https://www.googleapis.com/auth/cloud-platform');
  assert.deepEqual(by['audience']?.when, { key: 'tokenType', equals: ['id'] });
  assert.deepEqual(by['targetPrincipal']?.when, { key: 'credentials', equals: ['impersonate'] });
});

test('google-auth-library is loaded only in initialize, and config errors come before it', async () => {
  let loads = 0;
  const provider = googleProvider({ loadLibrary: async () => (loads++, import('google-auth-library')) });
  const s = provider.create({ credentials: 'service-account-key' }, ctx);
  assert.equal(loads, 0);
  await assert.rejects(s.initialize(), (e: unknown) => e instanceof CatalogError && e.kind === 'config' && /service account key is needed/.test(e.message));
  assert.equal(loads, 0);
  await assert.rejects(provider.create({ tokenType: 'id' }, ctx).initialize(), /ID token needs an audience/);
  await assert.rejects(provider.create({ credentials: 'impersonate' }, ctx).initialize(), /needs targetPrincipal/);
  await assert.rejects(provider.create({ credentials: 'magic' }, ctx).initialize(), /credentials must be one of adc, service-account-key, impersonate/);
});

test('a malformed key is rejected without quoting it', () => {
  for (const bad of [`{"private_key": "${CANARY}`, `{"type":"service_account","client_email":"a@b","private_key":"${CANARY}"}`, `["${CANARY}"]`]) {
    try {
      parseServiceAccountKey(bad);
      assert.fail('expected an error');
    } catch (e) {
      assert.ok(e instanceof CatalogError && e.kind === 'config', String(e));
      assert.ok(!e.message.includes(CANARY) && !JSON.stringify(e).includes(CANARY));
    }
  }
  assert.throws(() => parseServiceAccountKey('{"type":"authorized_user"}'), /type "authorized_user", expected "service_account"/);
});

test('registerBuiltinProviders registers every built-in by name', () => {
  const registry = new AuthProviderRegistry();
  registerBuiltinProviders(registry);
  assert.deepEqual(
    registry.all().map((p) => p.name),
    ['none', 'bearer', 'api-key', 'headers', 'oauth2', 'google', 'sigv4'],
  );
  for (const p of registry.all()) {
    for (const s of p.settings) if (s.kind === 'secret') assert.equal(s.secret, true, `${p.name}.${s.key} is a secret kind but not flagged secret`);
  }
});
