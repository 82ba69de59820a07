import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { AuthProvider } from '../../src/core/auth/provider';
import type { AuthExplanation, AuthSession, OutgoingRequest } from '../../src/core/authContract';
import { AuthProviderRegistry } from '../../src/core/auth/registry';
import type { CredentialResolverFactory } from '../../src/core/auth/sigv4/credentials';
import { sigv4Provider } from '../../src/core/auth/sigv4/provider';
import type { SigV4Options } from '../../src/core/auth/sigv4/session';
import { CatalogError } from '../../src/core/errors';
import { sigv4Details } from '../../src/core/auth/sigv4/explanation';

const SECRET = 'CANARYsecretKEY0123456789abcdefghijklmnop';
const TOKEN = 'CANARYsessionTOKEN/with+slash==';
const BEARER = 'CANARYbearerTOKEN42';
const KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
const T0 = new Date(Date.UTC(2024, 0, 2, 3, 4, 5));
const context = { catalogUri: new URL('https://abc123.execute-api.us-east-1.amazonaws.com/prod/'), connectionId: 'c1', env: {} };

/** A minimal bearer provider, standing in for the lead's, to be wrapped as a delegate. */
const fakeBearer: AuthProvider = {
  name: 'bearer',
  displayName: 'Bearer',
  settings: [{ key: 'token', label: 'Token', kind: 'secret', secret: true }],
  create(settings): AuthSession {
    return {
      setsAuthorization: true,
      async initialize() {},
      async authenticate(request: OutgoingRequest): Promise<AuthExplanation> {
        request.headers.authorization = `Bearer ${settings.token}`;
        return { provider: 'bearer', summary: 'static bearer token' };
      },
    };
  },
};

function counting(identity: { accessKeyId: string; secretAccessKey: string; sessionToken?: string; expiration?: () => Date }) {
  const calls = { n: 0 };
  const factory: CredentialResolverFactory = async () => async () => {
    calls.n++;
    return {
      identity: {
        accessKeyId: identity.accessKeyId,
        secretAccessKey: identity.secretAccessKey,
        sessionToken: identity.sessionToken,
        expiration: identity.expiration?.(),
      },
      source: 'test resolver',
    };
  };
  return { calls, factory };
}

async function session(settings: Record<string, string | undefined>, options: SigV4Options = {}, registry = new AuthProviderRegistry()) {
  const s = sigv4Provider(registry, { now: () => T0, ...options }).create(
    { region: 'us-east-1', credentials: 'static', accessKeyId: KEY_ID, secretAccessKey: SECRET, ...settings },
    context,
  );
  await s.initialize();
  return s;
}

function req(url: string, headers: Record<string, string> = {}, body?: string): OutgoingRequest {
  return { method: body ? 'POST' : 'GET', url: new URL(url), headers, ...(body !== undefined ? { body: new TextEncoder().encode(body) } : {}) };
}

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

/** Recompute the signature from the explanation alone (plus the secrets the test knows), independently of smithy. */
function verify(explanation: AuthExplanation, authorization: string, secrets: Record<string, string> = {}): void {
  const sig = sigv4Details(explanation)!;
  let canonical = sig.canonicalRequest;
  for (const [name, value] of Object.entries(secrets)) canonical = canonical.replace(new RegExp(`^${name}:.*$`, 'm'), `${name}:${value}`);
  const sts = sig.stringToSign.split('\n');
  assert.equal(sts[0], 'AWS4-HMAC-SHA256');
  assert.equal(sts[1], sig.amzDate);
  assert.equal(sts[2], sig.credentialScope);
  assert.equal(createHash('sha256').update(canonical).digest('hex'), sts[3], 'canonical request hashes to the string to sign');
  const [date, region, service] = sig.credentialScope.split('/');
  const key = hmac(hmac(hmac(hmac(`AWS4${SECRET}`, date), region), service), 'aws4_request');
  assert.equal(createHmac('sha256', key).update(sig.stringToSign).digest('hex'), authorization.split('Signature=')[1]);
  assert.equal(canonical.split('\n').at(-2), sig.signedHeaders.join(';'));
}

describe('sigv4 provider: credentials', () => {
  it('resolves credentials once across 100 signed requests', async () => {
    const { calls, factory } = counting({ accessKeyId: KEY_ID, secretAccessKey: SECRET });
    const s = await session({}, { credentialResolverFactory: factory });
    assert.equal(calls.n, 1, 'resolved at initialize');
    const requests = Array.from({ length: 100 }, (_, i) => req(`https://abc123.execute-api.us-east-1.amazonaws.com/prod/v1/namespaces/n${i}`));
    await Promise.all(requests.map((r) => s.authenticate(r)));
    assert.equal(calls.n, 1);
    for (const r of requests) assert.match(r.headers.authorization, /^AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE\//);
  });

  it('refreshes 5 minutes before expiration, not earlier', async () => {
    let now = T0;
    const expiration = new Date(T0.getTime() + 15 * 60_000);
    const { calls, factory } = counting({ accessKeyId: KEY_ID, secretAccessKey: SECRET, expiration: () => new Date(now.getTime() + 15 * 60_000) });
    // First resolution expires at T0+15min; the next ones 15 minutes after they were made.
    const s = await session({}, { credentialResolverFactory: factory, now: () => now });
    assert.equal(calls.n, 1);
    now = new Date(expiration.getTime() - 5 * 60_000 - 1000);
    await s.authenticate(req('https://h.example/a'));
    assert.equal(calls.n, 1, '5 min + 1 s before expiry: cached');
    now = new Date(expiration.getTime() - 5 * 60_000);
    await s.authenticate(req('https://h.example/a'));
    assert.equal(calls.n, 2, 'at the 5-minute margin: resolved again');
    await s.authenticate(req('https://h.example/a'));
    assert.equal(calls.n, 2);
  });

  it('refresh() after a 401 re-resolves; static keys cannot change', async () => {
    const { calls, factory } = counting({ accessKeyId: KEY_ID, secretAccessKey: SECRET });
    const s = await session({ credentials: 'profile', profile: 'dev' }, { credentialResolverFactory: factory });
    assert.equal(await s.refresh!(), true);
    assert.equal(calls.n, 2);
    const st = await session({});
    assert.equal(await st.refresh!(), false);
  });

  it('reports missing settings as config errors', async () => {
    const s = sigv4Provider(new AuthProviderRegistry()).create({ credentials: 'static', accessKeyId: KEY_ID, secretAccessKey: SECRET }, context);
    await assert.rejects(s.initialize(), (e: unknown) => e instanceof CatalogError && e.kind === 'config' && /region/.test(e.message));
    const p = sigv4Provider(new AuthProviderRegistry()).create({ region: 'us-east-1', credentials: 'static', accessKeyId: KEY_ID }, context);
    await assert.rejects(p.initialize(), (e: unknown) => e instanceof CatalogError && e.kind === 'config' && /secretAccessKey/.test(e.message));
  });

  it('error messages never carry a secret, even when the SDK error does', async () => {
    const factory: CredentialResolverFactory = async () => async () => {
      throw new Error(`credential_process returned garbage: {"SecretAccessKey":"${SECRET}","SessionToken":"${TOKEN}"}`);
    };
    const s = sigv4Provider(new AuthProviderRegistry(), { credentialResolverFactory: factory }).create(
      { region: 'us-east-1', credentials: 'profile', profile: 'dev', secretAccessKey: SECRET, sessionToken: TOKEN },
      context,
    );
    await assert.rejects(s.initialize(), (e: unknown) => {
      assert.ok(e instanceof CatalogError);
      const text = `${e.message} ${JSON.stringify(e)} ${JSON.stringify(e.options)}`;
      assert.ok(!text.includes(SECRET) && !text.includes(TOKEN), text);
      assert.match(e.message, /credential_process for profile 'dev' failed/);
      return true;
    });
  });

  it('loads no AWS code until a session initialises', () => {
    const script = `require(${JSON.stringify(join(__dirname, '../../src/core/auth/sigv4/provider.ts'))});
      const loaded = Object.keys(require.cache).filter((k) => /@smithy\\/(signature-v4|hash-node)|credential-providers|sha256-js/.test(k));
      process.stdout.write(String(loaded.length));`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: join(__dirname, '../..'), encoding: 'utf8' });
    assert.equal(out.trim(), '0');
  });
});

describe('sigv4 provider: what is signed is what is sent', () => {
  it('signs the session token', async () => {
    const s = await session({ sessionToken: TOKEN });
    const r = req('https://abc123.execute-api.us-east-1.amazonaws.com/prod/v1/config');
    const e = (await s.authenticate(r))!;
    assert.equal(r.headers['x-amz-security-token'], TOKEN);
    assert.ok(sigv4Details(e)!.signedHeaders.includes('x-amz-security-token'));
    verify(e, r.headers.authorization, { 'x-amz-security-token': TOKEN });
  });

  it('explains each request from its own signing, read when shown and as plain JSON', async () => {
    const s = await session({ sessionToken: TOKEN });
    // Concurrent signs share one configured signer: each explanation must still be its own request's.
    const requests = ['a', 'b', 'c'].map((n) => req(`https://abc123.execute-api.us-east-1.amazonaws.com/prod/v1/table/${n}/describe`, {}, `{"id":["${n}"]}`));
    const explanations = await Promise.all(requests.map((r) => s.authenticate(r)));
    explanations.forEach((e, i) => {
      assert.match(sigv4Details(e!)!.canonicalRequest, new RegExp(`^/prod/v1/table/${'abc'[i]}/describe$`, 'm'));
      verify(e!, requests[i]!.headers.authorization, { 'x-amz-security-token': TOKEN });
    });
    const e = explanations[0]!;
    assert.equal(sigv4Details(e), sigv4Details(e), 'built once, then kept');
    const plain = JSON.parse(JSON.stringify(e)) as AuthExplanation;
    assert.deepEqual(Object.keys(plain), ['provider', 'summary', 'fields', 'blocks', 'sigv4']);
    assert.equal(plain.summary, e.summary);
    assert.deepEqual(sigv4Details(plain), sigv4Details(e));
    assert.deepEqual(
      plain.blocks?.map((b) => b.label),
      ['Canonical request', 'String to sign'],
    );
    assert.ok(!JSON.stringify(e).includes(TOKEN), 'the session token is redacted in what is shown');
    assert.ok(!JSON.stringify(e).includes(SECRET));
  });

  it('signs host with a non-default port and without a default one', async () => {
    const s = await session({});
    const a = req('http://127.0.0.1:8181/v1/config');
    const ea = (await s.authenticate(a))!;
    assert.match(sigv4Details(ea)!.canonicalRequest, /^host:127\.0\.0\.1:8181$/m);
    const b = req('https://catalog.example:443/v1/config');
    const eb = (await s.authenticate(b))!;
    assert.match(sigv4Details(eb)!.canonicalRequest, /^host:catalog\.example$/m);
    verify(ea, a.headers.authorization);
    verify(eb, b.headers.authorization);
  });

  it('double-encodes the wire path (%1F -> %251F, space -> %2520) and leaves the wire path alone', async () => {
    const s = await session({});
    const r = req('https://h.example/prod/v1/namespaces/a%1Fb/tables/my table/caf%C3%A9');
    const wire = r.url.pathname;
    assert.equal(wire, '/prod/v1/namespaces/a%1Fb/tables/my%20table/caf%C3%A9');
    const e = (await s.authenticate(r))!;
    assert.equal(sigv4Details(e)!.canonicalRequest.split('\n')[1], '/prod/v1/namespaces/a%251Fb/tables/my%2520table/caf%25C3%25A9');
    assert.equal(r.url.pathname, wire);
  });

  it('signs the query as sent: %20 stays %20, + means plus, ARN characters canonicalised and written back', async () => {
    const s = await session({ service: 's3tables' });
    const arn = 'arn:aws:s3tables:us-east-1:123456789012:bucket/my-bucket';
    const r = req(`https://s3tables.us-east-1.amazonaws.com/iceberg/v1/config?warehouse=${arn}&q=a%20b&plus=a+b&empty&z=%7E`);
    const e = (await s.authenticate(r))!;
    const canonicalQuery = sigv4Details(e)!.canonicalRequest.split('\n')[2];
    assert.equal(canonicalQuery, 'empty=&plus=a%2Bb&q=a%20b&warehouse=arn%3Aaws%3As3tables%3Aus-east-1%3A123456789012%3Abucket%2Fmy-bucket&z=~');
    // The URL sent carries exactly the signed encoding, in its original order.
    assert.equal(r.url.search, '?warehouse=arn%3Aaws%3As3tables%3Aus-east-1%3A123456789012%3Abucket%2Fmy-bucket&q=a%20b&plus=a%2Bb&empty=&z=~');
    assert.equal(r.url.search.slice(1).split('&').sort().join('&'), canonicalQuery);
    assert.equal(new URL(r.url.toString()).searchParams.get('warehouse'), arn);
    assert.equal(new URL(r.url.toString()).searchParams.get('plus'), 'a+b');
    verify(e, r.headers.authorization);
  });

  it('rejects a malformed percent-escape in the query instead of guessing', async () => {
    const s = await session({});
    await assert.rejects(s.authenticate(req('https://h.example/a?x=%E0%A4')), (e: unknown) => e instanceof CatalogError && e.kind === 'invalid-input');
  });

  it('hashes the buffered body into x-amz-content-sha256 (empty-body hash without one)', async () => {
    const s = await session({});
    const body = '{"namespace":["a b","ü"]}';
    const r = req('https://h.example/v1/namespaces', { 'content-type': 'application/json' }, body);
    const e = (await s.authenticate(r))!;
    const hash = createHash('sha256').update(body).digest('hex');
    assert.equal(r.headers['x-amz-content-sha256'], hash);
    assert.equal(sigv4Details(e)!.canonicalRequest.split('\n').at(-1), hash);
    assert.ok(sigv4Details(e)!.signedHeaders.includes('x-amz-content-sha256') && sigv4Details(e)!.signedHeaders.includes('content-type'));
    const g = req('https://h.example/v1/config');
    await s.authenticate(g);
    assert.equal(g.headers['x-amz-content-sha256'], 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('does not sign hop-by-hop headers or user-agent, but signs the other end-to-end headers', async () => {
    const s = await session({});
    const hop = {
      connection: 'keep-alive',
      'keep-alive': 'timeout=5',
      expect: '100-continue',
      'transfer-encoding': 'chunked',
      te: 'trailers',
      trailer: 'x',
      upgrade: 'h2c',
      'proxy-connection': 'keep-alive',
      'user-agent': 'nsb/0.1',
    };
    const r = req('https://h.example/v1/config', { ...hop, accept: 'application/json', 'x-iceberg-access-delegation': 'vended-credentials' });
    const e = (await s.authenticate(r))!;
    assert.deepEqual(sigv4Details(e)!.signedHeaders, ['accept', 'host', 'x-amz-content-sha256', 'x-amz-date', 'x-iceberg-access-delegation']);
    for (const [k, v] of Object.entries(hop)) assert.equal(r.headers[k], v, `${k} is still sent`);
    verify(e, r.headers.authorization);
  });

  it('signs again on every call (a retry gets a fresh x-amz-date)', async () => {
    let now = T0;
    const s = await session({}, { now: () => now });
    const r = req('https://h.example/v1/config');
    await s.authenticate(r);
    const first = r.headers.authorization;
    now = new Date(T0.getTime() + 61_000);
    const e = (await s.authenticate(r))!;
    assert.notEqual(r.headers.authorization, first);
    assert.equal(r.headers['x-amz-date'], '20240102T030506Z');
    assert.equal(sigv4Details(e)!.signedHeaders.filter((h) => h === 'x-amz-date').length, 1);
    verify(e, r.headers.authorization);
  });

  it('moves a delegate bearer to original-authorization and signs it', async () => {
    const registry = new AuthProviderRegistry();
    registry.register(fakeBearer);
    const provider = sigv4Provider(registry, { now: () => T0 });
    assert.ok(provider.settings.find((d) => d.key === 'delegate')!.options!.some((o) => o.value === 'bearer'));
    const s = provider.create(
      {
        region: 'us-east-1',
        credentials: 'static',
        accessKeyId: KEY_ID,
        secretAccessKey: SECRET,
        sessionToken: TOKEN,
        delegate: 'bearer',
        'delegate.token': BEARER,
      },
      context,
    );
    await s.initialize();
    const r = req('https://h.example/v1/config');
    const e = (await s.authenticate(r))!;
    assert.equal(r.headers['original-authorization'], `Bearer ${BEARER}`);
    assert.match(r.headers.authorization, /^AWS4-HMAC-SHA256 /);
    assert.ok(sigv4Details(e)!.signedHeaders.includes('original-authorization'));
    verify(e, r.headers.authorization, { 'original-authorization': `Bearer ${BEARER}`, 'x-amz-security-token': TOKEN });
    // A retry re-runs the delegate and signs again, without stacking headers.
    const again = (await s.authenticate(r))!;
    assert.equal(r.headers['original-authorization'], `Bearer ${BEARER}`);
    verify(again, r.headers.authorization, { 'original-authorization': `Bearer ${BEARER}`, 'x-amz-security-token': TOKEN });

    const json = JSON.stringify(e);
    for (const canary of [SECRET, TOKEN, BEARER]) assert.ok(!json.includes(canary), `explanation leaks ${canary.slice(0, 12)}`);
    assert.equal(sigv4Details(e)!.accessKeyId, 'AKIA…MPLE');
    assert.ok(!json.includes(KEY_ID), 'access key id only masked');
    assert.ok(!json.includes(r.headers.authorization.split('Signature=')[1]), 'no signature in the explanation');
    assert.match(e.summary, /execute-api in us-east-1 with AKIA…MPLE \(static keys\)/);
  });
});
