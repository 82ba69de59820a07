// Every class of SigV4 refusal gets its own message and action, read from what the server said wherever it said it
// (API Gateway's text and x-amzn-errortype, S3/STS XML, JSON code fields, Iceberg's error model) and from what we
// signed; the comparison is made on the unredacted texts and only shown redacted.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { AuthProviderRegistry } from '../../src/core/auth/registry';
import { sigv4Details } from '../../src/core/auth/sigv4/explanation';
import { sigv4Provider } from '../../src/core/auth/sigv4/provider';
import { explainSigV4Rejection, findCanonicalRequest, parseSigV4Rejection } from '../../src/core/auth/sigv4/rejection';
import type { AuthExplanation, AuthSession, OutgoingRequest } from '../../src/core/authContract';

const SECRET = 'CANARYsecretKEY0123456789abcdefghijklmnop';
const TOKEN = 'CANARYsessionTOKEN/with+slash==';
const T0 = new Date(Date.UTC(2024, 0, 2, 3, 4, 5));
const URL_ = 'https://abc123.execute-api.us-east-1.amazonaws.com/prod/v1/namespace/a%24b/table/list';

async function signed(settings: Record<string, string> = {}): Promise<{ s: AuthSession; e: AuthExplanation; canonical: string; sts: string }> {
  const s = sigv4Provider(new AuthProviderRegistry(), { now: () => T0 }).create(
    { region: 'us-east-1', credentials: 'static', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: SECRET, ...settings },
    { catalogUri: new URL(URL_), connectionId: 'c', env: {} },
  );
  await s.initialize();
  const r: OutgoingRequest = { method: 'GET', url: new URL(URL_), headers: {} };
  const e = (await s.authenticate(r))!;
  const real = (e as unknown as { unredacted(): { canonicalRequest: string; stringToSign: string } }).unredacted();
  return { s, e, canonical: real.canonicalRequest, sts: real.stringToSign };
}

const sha = (t: string) => createHash('sha256').update(t).digest('hex');

/** API Gateway's words for a signature mismatch, quoting what it computed. */
function gatewayMismatch(canonical: string, sts: string): string {
  return JSON.stringify({
    message:
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.\n\n' +
      `The Canonical String for this request should have been\n'${canonical}'\n\nThe String-to-Sign should have been\n'${sts}'\n`,
  });
}

describe('sigv4 rejections: one class, one message, one action', () => {
  it('wrong secret: the canonical requests match, so the key is wrong — even with a session token', async () => {
    const { s, e, canonical, sts } = await signed({ sessionToken: TOKEN });
    const x = s.explainRejection!({ status: 403, headers: { 'x-amzn-errortype': 'InvalidSignatureException' }, body: gatewayMismatch(canonical, sts) }, e)!;
    assert.match(
      x.message,
      /The canonical requests match, so the signature differs in the key: the secret access key \(or the date\/region\/service in the scope\) is wrong/i,
    );
    assert.deepEqual(x.remedy, { headline: 'Wrong secret access key', action: 'Re-enter the secret access key', credentials: true });
    const [cr, st] = x.comparisons!;
    assert.ok(
      cr!.rows!.every((r) => r.kind === 'equal'),
      'no false "differs" on the session token line',
    );
    assert.ok(st!.rows!.every((r) => r.kind === 'equal'));
    // Shown redacted, said to be redacted, with the real hashes.
    assert.ok(!JSON.stringify(x).includes(TOKEN), 'no session token in the explanation');
    assert.match(cr!.ours, /^x-amz-security-token:‹redacted, \d+ chars›$/m);
    assert.match(cr!.note!, new RegExp(`compared unredacted.*${sha(canonical)}`));
    assert.ok(!cr!.note!.includes(sha(cr!.ours)), 'the hash given is that of the real text');
    const block = e.blocks!.find((b) => b.label === 'Canonical request')!;
    assert.match(block.note!, new RegExp(`Redacted.*not line 4 of the string to sign.*${sha(canonical)}`));
    assert.equal(sts.split('\n')[3], sha(canonical));
  });

  it('a secret that differs only in its value is a difference, though both redacted look the same', async () => {
    const { s, e, canonical, sts } = await signed({ sessionToken: TOKEN });
    const other = TOKEN.replace('CANARY', 'OTHERS');
    assert.equal(other.length, TOKEN.length);
    const theirs = canonical.replace(TOKEN, other);
    const x = s.explainRejection!({ status: 403, headers: {}, body: gatewayMismatch(theirs, sts) }, e)!;
    assert.match(x.message, /compare the canonical request \(line \d+ differs: header x-amz-security-token\)/);
    const differing = x.comparisons![0]!.rows!.filter((r) => r.kind !== 'equal');
    assert.equal(differing.length, 1);
    assert.equal(differing[0]!.ours, differing[0]!.theirs, 'shown alike (redacted), yet marked as differing: the note explains');
  });

  it('a proxy that decoded the path: one line blamed, the path', async () => {
    const { s, e, canonical, sts } = await signed();
    const theirs = canonical.replace('/prod/v1/namespace/a%2524b/table/list', '/prod/v1/namespace/a%24b/table/list');
    assert.notEqual(theirs, canonical);
    const x = s.explainRejection!({ status: 403, headers: {}, body: gatewayMismatch(theirs, sts) }, e)!;
    assert.match(x.message, /server computed a different canonical request.*\(line 2 differs: path\)$/);
    assert.equal(x.remedy?.credentials, false);
  });

  it('one missing header blames one line, not every line after it', async () => {
    const { s, e, canonical, sts } = await signed();
    const lines = canonical.split('\n');
    const theirs = [...lines.slice(0, 4), 'x-extra:1', ...lines.slice(4)].join('\n');
    const x = s.explainRejection!({ status: 403, headers: {}, body: gatewayMismatch(theirs, sts) }, e)!;
    assert.match(x.message, /\(the server's line 5 is not ours: header x-extra\)$/);
  });

  it('the canonical request is recognised by its shape in any JSON field, in S3 XML and in plain text', async () => {
    const { canonical } = await signed();
    for (const body of [
      JSON.stringify({ error: { message: 'Signature mismatch', type: 'SignatureDoesNotMatch', code: 403, detail: `we computed:\n${canonical}\nend` } }),
      JSON.stringify({ code: 'SignatureDoesNotMatch', canonicalRequest: canonical }),
      JSON.stringify({ errors: [{ detail: { text: `"${canonical}"` } }], message: 'signature we calculated does not match' }),
      `<?xml version="1.0"?><Error><Code>SignatureDoesNotMatch</Code><Message>m</Message><CanonicalRequest>${canonical.replace(/&/g, '&amp;')}</CanonicalRequest></Error>`,
    ]) {
      const r = parseSigV4Rejection(403, body)!;
      assert.equal(r.kind, 'signature-mismatch', body);
      assert.equal(r.canonicalRequest, canonical, body);
    }
    assert.equal(findCanonicalRequest('GET\n/a\n\nnot a header\n\nhost\nabc'), undefined);
    assert.equal(findCanonicalRequest(`'POST\n/\n\nhost:h\n\nhost\nUNSIGNED-PAYLOAD'`), 'POST\n/\n\nhost:h\n\nhost\nUNSIGNED-PAYLOAD');
  });

  const cases: [string, number, Record<string, string>, string, string, RegExp][] = [
    [
      'unknown key (API Gateway)',
      403,
      { 'x-amzn-errortype': 'UnrecognizedClientException:http://internal.amazon.com/coral/com.amazon.coral.service/' },
      '{"message":"The security token included in the request is invalid."}',
      'Unknown access key',
      /does not know the access key ID AKIA…MPLE/,
    ],
    [
      'unknown key (STS XML)',
      403,
      {},
      '<ErrorResponse><Error><Type>Sender</Type><Code>InvalidClientTokenId</Code><Message>The security token included in the request is invalid.</Message></Error></ErrorResponse>',
      'Unknown access key',
      /InvalidClientTokenId/,
    ],
    [
      'unknown key (JSON __type)',
      400,
      {},
      '{"__type":"com.amazon.coral.service#UnrecognizedClientException","message":"The security token included in the request is invalid."}',
      'Unknown access key',
      /re-enter the access key ID/,
    ],
    [
      'unknown key (S3)',
      403,
      {},
      '<Error><Code>InvalidAccessKeyId</Code><Message>The AWS Access Key Id you provided does not exist in our records.</Message></Error>',
      'Unknown access key',
      /does not know/,
    ],
    [
      'expired token',
      403,
      { 'x-amzn-errortype': 'ExpiredTokenException' },
      '{"message":"The security token included in the request is expired"}',
      'Session token expired or invalid',
      /re-authenticate/,
    ],
    [
      'expired token (XML)',
      400,
      {},
      '<Error><Code>ExpiredToken</Code><Message>The provided token has expired.</Message></Error>',
      'Session token expired or invalid',
      /expired/,
    ],
    ['wrong region', 403, {}, '{"message":"Credential should be scoped to a valid region. "}', 'Wrong signing region', /another signing region than us-east-1/],
    [
      'wrong region (S3)',
      400,
      {},
      "<Error><Code>AuthorizationHeaderMalformed</Code><Message>The authorization header is malformed; the region 'us-east-1' is wrong; expecting 'eu-west-1'</Message></Error>",
      'Wrong signing region',
      /\(eu-west-1\) than us-east-1/,
    ],
    [
      'wrong service',
      403,
      {},
      '{"message":"Credential should be scoped to correct service: \'execute-api\'. "}',
      'Wrong signing name',
      /another signing name \(execute-api\) than execute-api/,
    ],
    [
      'clock skew',
      403,
      {},
      '{"message":"Signature expired: 20240102T030405Z is now earlier than 20240102T031000Z (20240102T031500Z - 5 min.)"}',
      'Clock skew',
      /clock/,
    ],
    [
      'clock skew (S3)',
      403,
      {},
      '<Error><Code>RequestTimeTooSkewed</Code><Message>The difference between the request time and the current time is too large.</Message></Error>',
      'Clock skew',
      /clock/,
    ],
    [
      'policy denial (API Gateway)',
      403,
      { 'x-amzn-errortype': 'AccessDeniedException' },
      '{"Message":"User: arn:aws:iam::1:user/x is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:1:abc/prod/GET/v1"}',
      'Denied by policy',
      /policy denies/,
    ],
    [
      'policy denial (Iceberg error model)',
      403,
      {},
      '{"error":{"message":"Access denied by policy","type":"AccessDeniedException","code":403}}',
      'Denied by policy',
      /IAM policy/,
    ],
    [
      'missing auth',
      403,
      { 'x-amzn-errortype': 'MissingAuthenticationTokenException' },
      '{"message":"Missing Authentication Token"}',
      'No valid signature',
      /catalog URI/,
    ],
  ];
  for (const [name, status, headers, body, headline, message] of cases) {
    it(name, async () => {
      const { s, e } = await signed();
      const x = s.explainRejection!({ status, headers, body }, e)!;
      assert.equal(x.remedy?.headline, headline);
      assert.match(x.message, message);
      assert.doesNotMatch(x.message, /lack permission/);
    });
  }

  it('temporary keys without their token: a missing session token, not an unknown key', async () => {
    const { s, e } = await signed({ accessKeyId: 'ASIAIOSFODNN7EXAMPLE' });
    const x = s.explainRejection!({ status: 403, headers: {}, body: '{"message":"The security token included in the request is invalid."}' }, e)!;
    assert.equal(x.remedy?.headline, 'Session token missing');
    const withToken = await signed({ sessionToken: TOKEN });
    assert.equal(
      withToken.s.explainRejection!({ status: 403, headers: {}, body: '{"message":"The security token included in the request is invalid."}' }, withToken.e)!
        .remedy?.headline,
      'Session token expired or invalid',
    );
  });

  it('an unknown 403 says only what the server said', async () => {
    const { s, e } = await signed();
    const x = s.explainRejection!({ status: 403, headers: {}, body: '{"message":"Quota of the free tier used up"}' }, e)!;
    assert.equal(x.message, 'Quota of the free tier used up');
    assert.equal(x.remedy, undefined);
    assert.equal(s.explainRejection!({ status: 403, headers: {}, body: '' }, e), undefined, 'nothing said: the generic message stands');
    assert.equal(
      explainSigV4Rejection({ status: 404, headers: {}, body: '{"message":"no such route"}' }, e),
      undefined,
      'a 404 is not a refusal of the signature',
    );
    assert.equal(sigv4Details(e)!.accessKeyId, 'AKIA…MPLE');
  });
});
