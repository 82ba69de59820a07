import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { AuthProviderRegistry } from '../../src/core/auth/registry';
import { sigv4Provider } from '../../src/core/auth/sigv4/provider';
import type { AuthExplanation, OutgoingRequest } from '../../src/core/authContract';
import { sigv4Details } from '../../src/core/auth/sigv4/explanation';

// A copy of ../shared/sigv4-testsuite (the AWS suite, Apache-2.0, see its SOURCES.md), so the test runs wherever the repo is.
const SUITE = join(__dirname, '../fixtures/sigv4-testsuite');
const ACCESS_KEY = 'AKIDEXAMPLE';
const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const DATE = new Date(Date.UTC(2015, 7, 30, 12, 36, 0));

/** Case directories: every folder holding NAME/NAME.req (normalize-path and post-sts-token nest theirs). */
function cases(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const p = join(dir, entry);
    if (!statSync(p).isDirectory()) continue;
    if (existsSync(join(p, `${entry}.req`))) out.push(p);
    else out.push(...cases(p));
  }
  return out;
}

/**
 * Parse a raw .req into what a wire client can send. Two things a real client cannot do are mapped onto their
 * wire equivalents: obs-fold continuation lines are unfolded to one space (RFC 9112 §5.2: a receiver replaces
 * obs-fold with SP, and fetch rejects a newline in a value), and repeated header lines are joined with ','
 * (RFC 9110 §5.3; what the server's canonical form joins them with too).
 */
function parseReq(raw: string): { request: OutgoingRequest; sessionToken?: string } {
  const [head, ...bodyParts] = raw.split(/\r?\n\r?\n/);
  const lines = head.split(/\r?\n/);
  const m = /^(\S+) (.*) HTTP\/1\.1$/.exec(lines[0]);
  assert.ok(m, `request line: ${lines[0]}`);
  const unfolded: string[] = [];
  for (const line of lines.slice(1)) {
    if (/^[ \t]/.test(line) && unfolded.length) unfolded[unfolded.length - 1] += ` ${line.trim()}`;
    else unfolded.push(line);
  }
  const headers: Record<string, string> = {};
  let host = '';
  let sessionToken: string | undefined;
  for (const line of unfolded) {
    if (line === '') continue; // a trailing newline after the last header
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'host') host = value;
    else if (name === 'x-amz-security-token')
      sessionToken = value; // comes from the credentials, as in real use
    else headers[name] = name in headers ? `${headers[name]},${value}` : value;
  }
  const body = bodyParts.join('\n\n');
  // The WHATWG parser does what any HTTP client does to a path before sending: %-encodes space and UTF-8,
  // resolves dot segments.
  const url = new URL(`https://${host}${m[2]}`);
  return { request: { method: m[1], url, headers, ...(body ? { body: new TextEncoder().encode(body) } : {}) }, sessionToken };
}

async function sign(
  request: OutgoingRequest,
  opts: { sessionToken?: string; accessKeyId?: string; secret?: string; region?: string; service?: string; payloadHashHeader?: boolean },
): Promise<AuthExplanation> {
  const provider = sigv4Provider(new AuthProviderRegistry(), { now: () => DATE, payloadHashHeader: opts.payloadHashHeader ?? false });
  const session = provider.create(
    {
      region: opts.region ?? 'us-east-1',
      service: opts.service ?? 'service',
      credentials: 'static',
      accessKeyId: opts.accessKeyId ?? ACCESS_KEY,
      secretAccessKey: opts.secret ?? SECRET,
      sessionToken: opts.sessionToken,
    },
    { catalogUri: new URL('https://example.amazonaws.com/'), connectionId: 't', env: {} },
  );
  await session.initialize();
  const explanation = await session.authenticate(request);
  assert.ok(explanation && sigv4Details(explanation));
  return explanation;
}

/** The explanation redacts x-amz-security-token; put the (test-known) token back to compare with the suite's text. */
function unredact(canonical: string, token?: string): string {
  return token ? canonical.replace(/^x-amz-security-token:.*$/m, `x-amz-security-token:${token}`) : canonical;
}

function read(dir: string, ext: string): string {
  const name = dir.split('/').pop() as string;
  return readFileSync(join(dir, `${name}.${ext}`), 'utf8');
}

function tokenOf(sreq: string): string | undefined {
  return /^X-Amz-Security-Token:(.*)$/m.exec(sreq)?.[1].trim();
}

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

/** Independent of smithy: the signature the string to sign yields with the suite's secret. */
function signatureOf(stringToSign: string, scope: string, secret = SECRET): string {
  const [date, region, service] = scope.split('/');
  const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), 'aws4_request');
  return createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex');
}

describe('AWS SigV4 test suite through the sigv4 provider', () => {
  const dirs = cases(SUITE);
  // The brief speaks of 28 cases; the suite as copied holds 34 requests (26 top-level entries, two of which,
  // normalize-path and post-sts-token, are folders of 8 and 2 cases). Every .req file is driven below.
  it('drives every .req file of the suite (34)', () => {
    const walk = (d: string): number =>
      readdirSync(d).reduce((n, e) => n + (statSync(join(d, e)).isDirectory() ? walk(join(d, e)) : e.endsWith('.req') ? 1 : 0), 0);
    assert.equal(dirs.length, walk(SUITE));
    assert.equal(dirs.length, 34);
  });

  for (const dir of dirs) {
    const name = dir.split('/').pop() as string;
    it(name, async () => {
      const { request, sessionToken: reqToken } = parseReq(read(dir, 'req'));
      const sreq = read(dir, 'sreq');
      const token = reqToken ?? tokenOf(sreq);
      const expected = { creq: read(dir, 'creq'), sts: read(dir, 'sts'), authz: read(dir, 'authz').trim() };
      const wirePath = request.url.pathname;
      const explanation = await sign(request, { sessionToken: token });
      const ours = sigv4Details(explanation)!;
      const creq = unredact(ours.canonicalRequest, token);
      const authz = request.headers.authorization;
      // Whatever the case, the canonical request shown is the one that was signed.
      assert.equal(createHash('sha256').update(creq).digest('hex'), ours.stringToSign.split('\n')[3]);
      assert.equal(authz.split('Signature=')[1], signatureOf(ours.stringToSign, ours.credentialScope));

      if (name === 'get-space' || name === 'get-utf8') {
        // The suite hands the signer an unencoded path (a space, raw UTF-8) and encodes it once. A wire client must
        // send it %-encoded, and non-S3 services canonicalise that wire path encoded again: so the suite's
        // canonical path is exactly our wire path, and ours is that path encoded once more. Everything else agrees.
        const expectedPath = expected.creq.split('\n')[1];
        assert.equal(wirePath, expectedPath);
        assert.equal(creq.split('\n')[1], expectedPath.replace(/%/g, '%25'));
        assert.deepEqual(
          creq.split('\n').filter((_, i) => i !== 1),
          expected.creq.split('\n').filter((_, i) => i !== 1),
        );
        assert.notEqual(authz, expected.authz);
        return;
      }
      if (name === 'post-sts-header-after') {
        // This case adds the session token after signing. Our signer always signs x-amz-security-token (API Gateway
        // and STS require it), so this request is signed exactly as post-sts-header-before expects, not as here.
        const before = join(dir, '..', 'post-sts-header-before');
        assert.equal(creq, read(before, 'creq'));
        assert.equal(authz, read(before, 'authz').trim());
        assert.notEqual(authz, expected.authz);
        assert.equal(request.headers['x-amz-security-token'], token);
        return;
      }
      assert.equal(creq, expected.creq);
      assert.equal(ours.stringToSign, expected.sts);
      assert.equal(authz, expected.authz);
      assert.equal(request.headers['x-amz-date'], '20150830T123600Z');
      if (token) assert.equal(request.headers['x-amz-security-token'], token);

      const sreqAuth = /^Authorization: (.*)$/m.exec(sreq)?.[1].trim();
      if (name === 'get-vanilla-with-session-token') {
        // Upstream inconsistency: this .sreq carries a signature that is not the one in its own .authz/.sts
        // (botocore's tests compare .authz only). We assert .authz above, and pin the known mismatch here.
        assert.notEqual(sreqAuth, expected.authz);
        assert.equal(sreqAuth?.split('Signature=')[0], expected.authz.split('Signature=')[0]);
      } else {
        assert.equal(sreqAuth, authz);
      }
      // Every header of the signed request is on our request with the same value (host is the URL's authority).
      for (const line of sreq
        .split(/\r?\n\r?\n/)[0]
        .split(/\r?\n/)
        .slice(1)) {
        const colon = line.indexOf(':');
        if (colon < 0 || /^[ \t]/.test(line)) continue;
        const headerName = line.slice(0, colon).toLowerCase();
        if (headerName === 'host') assert.equal(request.url.host, line.slice(colon + 1).trim());
        else if (headerName === 'authorization' || headerName === 'my-header1')
          continue; // checked above / joined
        else assert.equal(request.headers[headerName], line.slice(colon + 1).trim(), headerName);
      }
    });
  }
});

describe('extra-vectors.json through the sigv4 provider (x-amz-content-sha256 signed)', () => {
  const extra = JSON.parse(readFileSync(join(SUITE, 'extra-vectors.json'), 'utf8')) as {
    cases: {
      name: string;
      credentials: { accessKeyId: string; secretAccessKey: string };
      region: string;
      service: string;
      amzDate: string;
      method: string;
      url: string;
      headers: Record<string, string>;
      canonicalPath?: string;
      authorization: string;
    }[];
  };
  it('has vectors', () => assert.ok(extra.cases.length >= 2));
  for (const v of extra.cases) {
    it(v.name, async () => {
      assert.equal(v.amzDate, '20150830T123600Z');
      // The vector's x-amz-content-sha256 is the empty-body hash: our signer computes it from the (absent) body.
      const request: OutgoingRequest = { method: v.method, url: new URL(v.url), headers: {} };
      const explanation = await sign(request, {
        accessKeyId: v.credentials.accessKeyId,
        secret: v.credentials.secretAccessKey,
        region: v.region,
        service: v.service,
        payloadHashHeader: true,
      });
      assert.equal(request.headers['x-amz-content-sha256'], v.headers['x-amz-content-sha256']);
      assert.equal(request.headers.authorization, v.authorization);
      assert.equal(request.url.toString(), v.url, 'the URL sent is unchanged');
      if (v.canonicalPath) assert.equal(sigv4Details(explanation)!.canonicalRequest.split('\n')[1], v.canonicalPath);
    });
  }
});
