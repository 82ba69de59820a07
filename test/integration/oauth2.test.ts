/**
 * OAuth2 client credentials against the real oauth2-mock-server, with a gateway that accepts only its tokens.
 * Time is one controlled clock shared by issuer, gateway and provider, so expiry needs no sleeping.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { oauth2Provider } from '../../src/core/auth/oauth2/provider';
import type { AuthSession, OutgoingRequest } from '../../src/core/authContract';
import { CatalogError } from '../../src/core/errors';
import { startOAuthGateway, type OAuthGateway } from '../support/oauthGateway';
import { startTokenIssuer, type TokenIssuer } from '../support/oauthServer';

const CANARY = 'canary-oauth2-secret-5d1e';
let t = Date.now();
const clock = { now: () => t, advance: (ms: number) => (t += ms) };
let issuer: TokenIssuer;
let gateway: OAuthGateway;

before(async () => {
  issuer = await startTokenIssuer({ 'catalog-client': CANARY }, clock.now);
  gateway = await startOAuthGateway({ issuer: issuer.issuer, jwksUrl: issuer.jwksUrl, now: clock.now });
});
after(async () => {
  await gateway?.close();
  await issuer?.stop();
});

function session(settings: Record<string, string>, now: () => number = clock.now): AuthSession {
  return oauth2Provider({ now }).create(
    { tokenUrl: issuer.tokenUrl, clientId: 'catalog-client', clientSecret: CANARY, scope: 'catalog', ...settings },
    { catalogUri: new URL(gateway.url), connectionId: 'it', env: {} },
  );
}

/** What the transport does: authenticate, send, and on a 401 refresh once and retry once. */
async function call(s: AuthSession): Promise<{ status: number; retried: boolean; authorization: string }> {
  const send = async () => {
    const req: OutgoingRequest = { method: 'GET', url: new URL('/v1/namespaces', gateway.url), headers: {} };
    await s.authenticate(req);
    const res = await fetch(req.url, { headers: req.headers });
    await res.arrayBuffer();
    return { status: res.status, authorization: req.headers['authorization']! };
  };
  const first = await send();
  if ((first.status === 401 || first.status === 419) && s.refresh && (await s.refresh())) return { ...(await send()), retried: true };
  return { ...first, retried: false };
}

function reset(lifetimeSeconds = 2, announcedExpiresIn?: number) {
  // On a whole second, JWT `exp` (whole seconds) and `expires_in` agree, which keeps the arithmetic below exact.
  t = Math.ceil(t / 1000) * 1000 + 1000;
  issuer.hits.length = 0;
  issuer.lifetimeSeconds = lifetimeSeconds;
  issuer.announcedExpiresIn = announcedExpiresIn;
}

test('(a) client secret in the body gets a token the gateway accepts', async () => {
  reset();
  const s = session({ clientAuth: 'body' });
  await s.initialize();
  const r = await call(s);
  assert.equal(r.status, 200);
  assert.deepEqual(issuer.hits, [{ clientId: 'catalog-client', method: 'body', ok: true }]);
});

test('(b) HTTP Basic client authentication', async () => {
  reset();
  const s = session({ clientAuth: 'basic' });
  assert.equal((await call(s)).status, 200);
  assert.deepEqual(issuer.hits, [{ clientId: 'catalog-client', method: 'basic', ok: true }]);
});

test('(c) one token serves many requests', async () => {
  reset(3600);
  const s = session({});
  const results = await Promise.all(Array.from({ length: 25 }, () => call(s)));
  for (let i = 0; i < 25; i++) results.push(await call(s));
  assert.ok(results.every((r) => r.status === 200 && !r.retried));
  assert.equal(issuer.hits.length, 1, 'concurrent first requests share one token request, later ones use the cache');
});

test('(d) the token is replaced shortly before it expires, never used expired', async () => {
  reset(2); // margin 200 ms
  const s = session({});
  const first = await call(s);
  clock.advance(1_700);
  const stillCached = await call(s);
  assert.equal(stillCached.authorization, first.authorization);
  assert.equal(issuer.hits.length, 1);
  clock.advance(150); // 1.85 s: inside the 200 ms margin
  const renewed = await call(s);
  assert.notEqual(renewed.authorization, first.authorization);
  assert.equal(issuer.hits.length, 2);
  assert.ok([first, stillCached, renewed].every((r) => r.status === 200 && !r.retried));
  // The old token really is dead now at the gateway: the renewal mattered.
  clock.advance(200);
  const old = await fetch(new URL('/v1/x', gateway.url), { headers: { authorization: first.authorization } });
  assert.equal(old.status, 401);
});

test('(e) a 401 from the gateway makes refresh() fetch a new token, and the retry succeeds', async () => {
  // The gateway stops accepting a token the provider still holds as valid (revoked, or the server restarted
  // with new keys): only the 401 can tell, and one refresh plus one retry must recover.
  reset(3600);
  const s = session({});
  const first = await call(s);
  assert.equal(first.status, 200);
  gateway.revoked.add(first.authorization.slice('Bearer '.length));
  const rejectedBefore = gateway.rejected.length;
  const second = await call(s);
  assert.equal(second.retried, true);
  assert.equal(second.status, 200);
  assert.notEqual(second.authorization, first.authorization);
  assert.equal(gateway.rejected.length, rejectedBefore + 1);
  assert.equal(gateway.rejected.at(-1)?.reason, 'revoked');
  assert.equal(issuer.hits.length, 2);
  // And the new token is cached again afterwards.
  assert.equal((await call(s)).retried, false);
  assert.equal(issuer.hits.length, 2);
});

test('(e2) a server announcing a longer expires_in than its JWT exp: the earlier exp is honoured, no 401', async () => {
  reset(2, 3600);
  const s = session({});
  const first = await call(s);
  clock.advance(1_850);
  const second = await call(s);
  assert.equal(second.retried, false);
  assert.notEqual(second.authorization, first.authorization);
  assert.equal(issuer.hits.length, 2);
});

test("(f) a wrong client secret shows the endpoint's invalid_client, never the secret", async () => {
  reset();
  const wrong = `${CANARY}-wrong`;
  for (const clientAuth of ['body', 'basic']) {
    const s = session({ clientAuth, clientSecret: wrong });
    let err: unknown;
    await s.initialize().catch((e) => (err = e));
    assert.ok(err instanceof CatalogError, String(err));
    assert.equal(err.kind, 'unauthenticated');
    assert.equal(err.message, 'OAuth2 token endpoint rejected the client: invalid_client (Client authentication failed)');
    const text = `${err.message} ${JSON.stringify(err)} ${err.stack}`;
    assert.ok(!text.includes(CANARY), 'secret leaked into the error');
  }
  assert.deepEqual(
    issuer.hits.map((h) => [h.method, h.ok]),
    [
      ['body', false],
      ['basic', false],
    ],
  );
});

test('explanations over a whole session never carry the secret or the token', async () => {
  reset();
  const s = session({ clientAuth: 'basic' });
  const req: OutgoingRequest = { method: 'GET', url: new URL('/v1/x', gateway.url), headers: {} };
  const ex = JSON.stringify(await s.authenticate(req));
  assert.ok(!ex.includes(CANARY));
  assert.ok(!ex.includes(req.headers['authorization']!.slice(7)));
  assert.match(ex, /client_secret_basic/);
  assert.match(ex, new RegExp(issuer.tokenUrl.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')));
});

test('with the real clock, a 2 s token is renewed before it expires (no 401 seen)', async () => {
  reset(2);
  const realIssuerClock = clock.now;
  // This one test runs the provider on real time; issuer and gateway follow the same real time.
  const offset = t - Date.now();
  const real = () => Date.now() + offset;
  const s = session({}, real);
  const first = await call(s);
  const rejectedBefore = gateway.rejected.length;
  let latest = first;
  // Wait on the condition (a different token), polling the gateway the way a browsing user would.
  const deadline = Date.now() + 10_000;
  while (latest.authorization === first.authorization && Date.now() < deadline) {
    t = real();
    await new Promise((r) => setTimeout(r, 50));
    t = real();
    latest = await call(s);
    assert.equal(latest.status, 200);
    assert.equal(latest.retried, false, 'the provider should renew before the gateway ever refuses');
  }
  assert.notEqual(latest.authorization, first.authorization);
  assert.equal(gateway.rejected.length, rejectedBefore);
  assert.equal(realIssuerClock, clock.now);
});
