import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apiKeyProvider } from '../../src/core/auth/apiKey/provider';
import { bearerProvider } from '../../src/core/auth/bearer/provider';
import { headersProvider } from '../../src/core/auth/headers/provider';
import { noneProvider } from '../../src/core/auth/none/provider';
import type { AuthProvider } from '../../src/core/auth/provider';
import type { AuthContext, AuthSession, OutgoingRequest } from '../../src/core/authContract';
import { CatalogError } from '../../src/core/errors';
import { RequestLog } from '../../src/core/records';
import { Transport } from '../../src/core/transport/transport';

const CANARY = 'canary-Secret-7f3a9c1e';
const context = (env: Record<string, string | undefined> = {}): AuthContext => ({ catalogUri: new URL('http://127.0.0.1:1/'), connectionId: 'c1', env });
const request = (): OutgoingRequest => ({ method: 'GET', url: new URL('http://127.0.0.1:1/v1/namespaces'), headers: { accept: 'application/json' } });
const setting = (p: AuthProvider, key: string) => p.settings.find((s) => s.key === key);

async function rejects(p: Promise<unknown>, kind: string, pattern: RegExp): Promise<CatalogError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof CatalogError, String(e));
    assert.equal(e.kind, kind);
    assert.match(e.message, pattern);
    return e;
  }
  assert.fail('expected a rejection');
}

test('none adds nothing and explains nothing', async () => {
  const s = noneProvider().create({}, context());
  await s.initialize();
  const r = request();
  assert.equal(await s.authenticate(r), undefined);
  assert.deepEqual(r.headers, { accept: 'application/json' });
  assert.equal(s.setsAuthorization, false);
  assert.equal(noneProvider().settings.length, 0);
});

test('bearer: token is a required secret read from NSB_TOKEN when not set', async () => {
  const p = bearerProvider();
  assert.deepEqual({ ...setting(p, 'token') }, { ...setting(p, 'token'), kind: 'secret', required: true, secret: true, env: 'NSB_TOKEN' });
  const s = p.create({}, context({ NSB_TOKEN: CANARY }));
  await s.initialize();
  const r = request();
  const ex = await s.authenticate(r);
  assert.equal(r.headers['authorization'], `Bearer ${CANARY}`);
  assert.equal(s.setsAuthorization, true);
  assert.ok(!JSON.stringify(ex).includes(CANARY));
  assert.match(JSON.stringify(ex), /redacted, 22 chars/);
});

test('bearer: a pasted "Bearer " prefix is not doubled; missing token and line breaks are config errors', async () => {
  const r = request();
  await bearerProvider()
    .create({ token: `Bearer ${CANARY}` }, context())
    .authenticate(r);
  assert.equal(r.headers['authorization'], `Bearer ${CANARY}`);
  await rejects(bearerProvider().create({}, context()).initialize(), 'config', /needs a token.*NSB_TOKEN/);
  const e = await rejects(
    bearerProvider()
      .create({ token: `${CANARY}\r\nx-evil: 1` }, context())
      .initialize(),
    'config',
    /line break/,
  );
  assert.ok(!JSON.stringify(e).includes(CANARY) && !e.message.includes(CANARY));
});

test('api-key: x-api-key by default, custom header, secret key from NSB_API_KEY', async () => {
  const p = apiKeyProvider();
  assert.equal(setting(p, 'key')?.secret, true);
  assert.equal(setting(p, 'key')?.required, true);
  assert.equal(setting(p, 'key')?.env, 'NSB_API_KEY');
  assert.equal(setting(p, 'header')?.default, 'x-api-key');
  assert.equal(setting(p, 'header')?.secret, undefined);

  const r1 = request();
  const ex = await p.create({}, context({ NSB_API_KEY: CANARY })).authenticate(r1);
  assert.equal(r1.headers['x-api-key'], CANARY);
  assert.ok(!JSON.stringify(ex).includes(CANARY));

  const s2 = p.create({ key: CANARY, header: 'X-Catalog-Key' }, context());
  const r2 = request();
  await s2.authenticate(r2);
  assert.equal(r2.headers['x-catalog-key'], CANARY);
  assert.equal(s2.setsAuthorization, false);
  assert.equal(p.create({ key: CANARY, header: 'Authorization' }, context()).setsAuthorization, true);
  await rejects(p.create({ key: CANARY, header: 'bad header' }, context()).initialize(), 'config', /not a valid HTTP header name/);
});

test('headers: static headers from a JSON map, names lower-cased, bad JSON never echoed', async () => {
  const p = headersProvider();
  assert.equal(setting(p, 'headers')?.kind, 'json');
  const s = p.create({ headers: '{"X-Goog-User-Project":"my-project","x-trace":"1"}' }, context());
  await s.initialize();
  const r = request();
  await s.authenticate(r);
  assert.equal(r.headers['x-goog-user-project'], 'my-project');
  assert.equal(r.headers['x-trace'], '1');
  assert.equal(s.setsAuthorization, false);
  assert.equal(p.create({ headers: '{"Authorization":"Basic abc"}' }, context()).setsAuthorization, true);

  const e = await rejects(p.create({ headers: `{"x": "${CANARY}` }, context()).initialize(), 'config', /not valid JSON/);
  assert.ok(!e.message.includes(CANARY));
  await rejects(p.create({ headers: '["a"]' }, context()).initialize(), 'config', /JSON object/);
  await rejects(p.create({ headers: '{"x": {"y": 1}}' }, context()).initialize(), 'config', /must be a string/);
});

test('static Authorization next to a provider that sets it is a config error; next to one that does not, it is sent', () => {
  const open = (type: string, session: AuthSession) =>
    new Transport({
      connection: { id: 'c', name: 'c', protocol: 'lance-rest', uri: 'http://127.0.0.1:9', auth: { type }, headers: { Authorization: 'Basic xyz' } },
      catalogUri: new URL('http://127.0.0.1:9'),
      auth: session,
      log: new RequestLog(),
    });
  assert.throws(
    () => open('bearer', bearerProvider().create({ token: CANARY }, context())),
    (e: unknown) =>
      e instanceof CatalogError &&
      e.kind === 'config' &&
      /static Authorization header cannot be combined with auth type "bearer"/.test(e.message) &&
      !e.message.includes(CANARY),
  );
  void open('none', noneProvider().create({}, context())).close();
});
