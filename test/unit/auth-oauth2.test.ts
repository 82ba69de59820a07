import { test } from 'node:test';
import assert from 'node:assert/strict';
import { oauth2Provider } from '../../src/core/auth/oauth2/provider';
import { resolveTokenUrl } from '../../src/core/auth/oauth2/session';
import { jwtExpiry, refreshMargin, tokenExpiry } from '../../src/core/auth/common/tokenCache';
import type { AuthContext, OutgoingRequest } from '../../src/core/authContract';
import { CatalogError } from '../../src/core/errors';

const CANARY = 'canary-Client-Secret-91b2';
const T0 = Date.UTC(2030, 0, 1);

/** A token endpoint in a function: records each request, answers with what `answer` returns. */
function fakeTokenEndpoint(answer: (n: number, form: URLSearchParams, headers: Headers) => { status?: number; body: unknown }) {
  const calls: { url: string; form: URLSearchParams; headers: Headers }[] = [];
  let gate: Promise<void> = Promise.resolve();
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const form = new URLSearchParams(String(init?.body ?? ''));
    const headers = new Headers(init?.headers);
    calls.push({ url: String(input), form, headers });
    await gate;
    const { status = 200, body } = answer(calls.length, form, headers);
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  }) as typeof globalThis.fetch;
  return {
    fetch,
    calls,
    hold(): () => void {
      let release!: () => void;
      gate = new Promise((r) => (release = r));
      return release;
    },
  };
}

const ctx = (fetch: typeof globalThis.fetch, catalogUri = 'https://catalog.example.com/api/v1'): AuthContext => ({
  catalogUri: new URL(catalogUri),
  connectionId: 'c1',
  env: {},
  fetch,
});
const req = (): OutgoingRequest => ({ method: 'GET', url: new URL('https://catalog.example.com/api/v1/namespaces'), headers: {} });
const base = { tokenUrl: 'https://auth.example.com/token', clientId: 'client-1', clientSecret: CANARY };
const clock = () => {
  let t = T0;
  return { now: () => t, advance: (ms: number) => (t += ms) };
};

function jwt(payload: object): string {
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b64({ alg: 'none' })}.${b64(payload)}.sig`;
}

function assertNoCanary(...things: unknown[]) {
  for (const t of things) {
    const text = t instanceof Error ? `${t.message} ${JSON.stringify(t)} ${String(t.stack)}` : JSON.stringify(t);
    assert.ok(!text.includes(CANARY), `canary leaked: ${text}`);
    assert.ok(!text.includes(Buffer.from(`client-1:${CANARY}`).toString('base64')), 'basic credentials leaked');
  }
}

test('oauth2 settings: required, secret and default flags', () => {
  const by = Object.fromEntries(oauth2Provider().settings.map((s) => [s.key, s]));
  assert.deepEqual(Object.keys(by), ['tokenUrl', 'clientId', 'clientSecret', 'scope', 'audience', 'resource', 'clientAuth']);
  assert.equal(by['tokenUrl']?.required, true);
  assert.equal(by['clientId']?.required, true);
  assert.equal(by['clientId']?.secret, undefined);
  assert.equal(by['clientSecret']?.required, true);
  assert.equal(by['clientSecret']?.secret, true);
  assert.equal(by['clientSecret']?.env, 'NSB_OAUTH2_CLIENT_SECRET');
  assert.equal(by['scope']?.required, undefined);
  assert.equal(by['clientAuth']?.kind, 'enum');
  assert.equal(by['clientAuth']?.default, 'body');
  assert.deepEqual(
    by['clientAuth']?.options?.map((o) => o.value),
    ['body', 'basic'],
  );
});

test('relative token URLs resolve against the catalog URI as a directory', () => {
  const cat = new URL('https://catalog.example.com/api/v1');
  assert.equal(resolveTokenUrl('oauth/token', cat).toString(), 'https://catalog.example.com/api/v1/oauth/token');
  assert.equal(resolveTokenUrl('/oauth/token', cat).toString(), 'https://catalog.example.com/oauth/token');
  assert.equal(resolveTokenUrl('../token', new URL('https://c.example.com/a/b/')).toString(), 'https://c.example.com/a/token');
  assert.equal(resolveTokenUrl('https://idp.example.com/t', cat).toString(), 'https://idp.example.com/t');
  assert.throws(() => resolveTokenUrl('ftp://x/t', cat), /http\(s\)/);
});

test('client secret in the body: form parameters, Bearer header, explanation without secret or token', async () => {
  const ep = fakeTokenEndpoint(() => ({ body: { access_token: 'tok-1-abcdef', token_type: 'Bearer', expires_in: 3600 } }));
  const c = clock();
  const s = oauth2Provider({ now: c.now }).create(
    { ...base, tokenUrl: 'oauth/token', scope: 'catalog', audience: 'aud-1', resource: 'https://r' },
    ctx(ep.fetch),
  );
  await s.initialize();
  assert.equal(ep.calls.length, 1);
  const call = ep.calls[0]!;
  assert.equal(call.url, 'https://catalog.example.com/api/v1/oauth/token');
  assert.equal(call.headers.get('content-type'), 'application/x-www-form-urlencoded');
  assert.equal(call.headers.get('authorization'), null);
  assert.deepEqual(Object.fromEntries(call.form), {
    grant_type: 'client_credentials',
    scope: 'catalog',
    audience: 'aud-1',
    resource: 'https://r',
    client_id: 'client-1',
    client_secret: CANARY,
  });
  const r = req();
  const ex = await s.authenticate(r);
  assert.equal(r.headers['authorization'], 'Bearer tok-1-abcdef');
  assert.equal(ep.calls.length, 1, 'initialize already fetched the token');
  const fields = Object.fromEntries(ex!.fields!.map((f) => [f.label, f.value]));
  assert.equal(fields['Token URL'], 'https://catalog.example.com/api/v1/oauth/token');
  assert.equal(fields['Grant type'], 'client_credentials');
  assert.equal(fields['Client ID'], 'client-1');
  assert.match(fields['Client authentication']!, /client_secret_post/);
  assert.equal(fields['Scope'], 'catalog');
  assert.equal(fields['Audience'], 'aud-1');
  assert.equal(fields['Token'], 'from cache');
  assert.equal(fields['Token expires'], `${new Date(T0 + 3600_000).toISOString()} (from expires_in)`);
  assert.match(ex!.blocks![0]!.text, /client_secret=‹redacted, 25 chars›/);
  assertNoCanary(ex);
  assert.ok(!JSON.stringify(ex).includes('tok-1-abcdef'), 'token must not be in the explanation');
});

test('HTTP Basic client authentication keeps the secret out of the body', async () => {
  const ep = fakeTokenEndpoint(() => ({ body: { access_token: 'tok', expires_in: 60 } }));
  const s = oauth2Provider().create({ ...base, clientId: 'client 1', clientAuth: 'basic' }, ctx(ep.fetch));
  const ex = await s.authenticate(req());
  const call = ep.calls[0]!;
  // RFC 6749 §2.3.1: id and secret are form-urlencoded before base64.
  assert.equal(call.headers.get('authorization'), `Basic ${Buffer.from(`client+1:${CANARY}`).toString('base64')}`);
  assert.equal(call.form.get('client_secret'), null);
  assert.equal(call.form.get('client_id'), null);
  assert.match(JSON.stringify(ex), /client_secret_basic/);
  assertNoCanary(ex);
});

test('refresh margin is min(lifetime/10, 5 min) and the cache follows it', async () => {
  assert.equal(refreshMargin(2_000), 200);
  assert.equal(refreshMargin(3600_000), 300_000);
  assert.equal(refreshMargin(60_000), 6_000);
  let n = 0;
  const ep = fakeTokenEndpoint(() => ({ body: { access_token: `tok-${++n}`, expires_in: 100 } }));
  const c = clock();
  const s = oauth2Provider({ now: c.now }).create(base, ctx(ep.fetch));
  const auth = async () => {
    const r = req();
    const ex = await s.authenticate(r);
    return { header: r.headers['authorization'], fromCache: ex!.fields!.find((f) => f.label === 'Token')!.value };
  };
  assert.deepEqual(await auth(), { header: 'Bearer tok-1', fromCache: 'fetched for this request' });
  c.advance(89_999); // margin 10 s: fresh until 90 s
  assert.deepEqual(await auth(), { header: 'Bearer tok-1', fromCache: 'from cache' });
  c.advance(1);
  assert.deepEqual(await auth(), { header: 'Bearer tok-2', fromCache: 'fetched for this request' });
  assert.equal(ep.calls.length, 2);
});

test('expiry from expires_in, else the JWT exp, else one hour', async () => {
  assert.deepEqual(tokenExpiry('opaque', 30, T0), { expiresAt: T0 + 30_000, expirySource: 'expires_in' });
  const exp = Math.floor(T0 / 1000) + 120;
  assert.equal(jwtExpiry(jwt({ exp })), exp);
  assert.deepEqual(tokenExpiry(jwt({ exp }), undefined, T0), { expiresAt: exp * 1000, expirySource: 'jwt exp' });
  assert.deepEqual(tokenExpiry('opaque', undefined, T0), { expiresAt: T0 + 3600_000, expirySource: 'default (1 h)' });
  assert.equal(jwtExpiry('a.b.c'), undefined);
  // Both given: the earlier wins.
  assert.deepEqual(tokenExpiry(jwt({ exp }), 3600, T0), { expiresAt: exp * 1000, expirySource: 'jwt exp' });
  assert.deepEqual(tokenExpiry(jwt({ exp }), 60, T0), { expiresAt: T0 + 60_000, expirySource: 'expires_in' });

  const ep = fakeTokenEndpoint(() => ({ body: { access_token: jwt({ exp }), token_type: 'bearer' } }));
  const c = clock();
  const s = oauth2Provider({ now: c.now }).create(base, ctx(ep.fetch));
  const ex = await s.authenticate(req());
  assert.match(JSON.stringify(ex), /from jwt exp/);
  c.advance(107_999); // lifetime 120 s, margin 12 s
  await s.authenticate(req());
  assert.equal(ep.calls.length, 1);
  c.advance(1);
  await s.authenticate(req());
  assert.equal(ep.calls.length, 2);
});

test('concurrent callers share one in-flight token request', async () => {
  const ep = fakeTokenEndpoint((n) => ({ body: { access_token: `tok-${n}`, expires_in: 3600 } }));
  const release = ep.hold();
  const s = oauth2Provider().create(base, ctx(ep.fetch));
  const reqs = Array.from({ length: 20 }, req);
  const all = Promise.all(reqs.map((r) => s.authenticate(r)));
  await new Promise((r) => setImmediate(r));
  assert.equal(ep.calls.length, 1);
  release();
  await all;
  assert.ok(reqs.every((r) => r.headers['authorization'] === 'Bearer tok-1'));
  assert.equal(ep.calls.length, 1);
});

test('refresh() forces a new token, and concurrent refreshes share it', async () => {
  const ep = fakeTokenEndpoint((n) => ({ body: { access_token: `tok-${n}`, expires_in: 3600 } }));
  const s = oauth2Provider().create(base, ctx(ep.fetch));
  await s.initialize();
  const release = ep.hold();
  const refreshed = Promise.all([s.refresh!(), s.refresh!(), s.refresh!()]);
  await new Promise((r) => setImmediate(r));
  release();
  assert.deepEqual(await refreshed, [true, true, true]);
  assert.equal(ep.calls.length, 2);
  const r = req();
  await s.authenticate(r);
  assert.equal(r.headers['authorization'], 'Bearer tok-2');
});

test('a failed token fetch is not cached: the next call tries again', async () => {
  const ep = fakeTokenEndpoint((n) => (n === 1 ? { status: 503, body: 'busy' } : { body: { access_token: 'tok', expires_in: 60 } }));
  const s = oauth2Provider().create(base, ctx(ep.fetch));
  await assert.rejects(s.authenticate(req()), (e: unknown) => e instanceof CatalogError && e.kind === 'unavailable');
  await s.authenticate(req());
  assert.equal(ep.calls.length, 2);
});

test('token endpoint errors are shown as such, without the secret even when echoed', async () => {
  const ep = fakeTokenEndpoint(() => ({
    status: 401,
    body: { error: 'invalid_client', error_description: `Client authentication failed for secret ${CANARY}` },
  }));
  const s = oauth2Provider().create({ ...base, clientAuth: 'basic' }, ctx(ep.fetch));
  let err: unknown;
  await s.initialize().catch((e) => (err = e));
  assert.ok(err instanceof CatalogError);
  assert.equal(err.kind, 'unauthenticated');
  assert.match(err.message, /^OAuth2 token endpoint rejected the client: invalid_client \(Client authentication failed for secret ‹redacted, 25 chars›\)$/);
  assertNoCanary(err, err.toJSON());

  const scope = fakeTokenEndpoint(() => ({ status: 400, body: { error: 'invalid_scope', error_description: 'unknown scope' } }));
  await assert.rejects(
    oauth2Provider().create(base, ctx(scope.fetch)).initialize(),
    (e: unknown) => e instanceof CatalogError && e.kind === 'config' && /rejected the token request: invalid_scope \(unknown scope\)/.test(e.message),
  );
  const noJson = fakeTokenEndpoint(() => ({ body: '<html>' }));
  await assert.rejects(oauth2Provider().create(base, ctx(noJson.fetch)).initialize(), /without a JSON token response/);
});

test('unreachable token endpoint is a network error naming the endpoint, not the secret', async () => {
  const failing = (async () => {
    throw new TypeError('fetch failed', { cause: new Error(`connect ECONNREFUSED (${CANARY})`) });
  }) as typeof globalThis.fetch;
  let err: unknown;
  await oauth2Provider()
    .create(base, ctx(failing))
    .initialize()
    .catch((e) => (err = e));
  assert.ok(err instanceof CatalogError && err.kind === 'network');
  assert.match(err.message, /could not reach the OAuth2 token endpoint https:\/\/auth.example.com\/token: connect ECONNREFUSED/);
  assertNoCanary(err);
});

test('missing settings are named; the secret comes from NSB_OAUTH2_CLIENT_SECRET', async () => {
  await assert.rejects(
    oauth2Provider().create({}, ctx(fetch)).initialize(),
    /oauth2 auth needs tokenUrl, clientId, clientSecret \(or NSB_OAUTH2_CLIENT_SECRET\)/,
  );
  const ep = fakeTokenEndpoint(() => ({ body: { access_token: 'tok', expires_in: 60 } }));
  const s = oauth2Provider().create({ tokenUrl: base.tokenUrl, clientId: 'client-1' }, { ...ctx(ep.fetch), env: { NSB_OAUTH2_CLIENT_SECRET: CANARY } });
  await s.initialize();
  assert.equal(ep.calls[0]!.form.get('client_secret'), CANARY);
});
