import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { curlCanSign, shellQuote, toCurl } from '../../src/core/curl';
import type { RequestRecord } from '../../src/core/records';
import { redactHeaders } from '../../src/core/redact';
import type { SigV4AuthExplanation } from '../../src/core/auth/sigv4/explanation';

const CANARY = 'CANARY-s3cr3t-curl-5e4d3c2b1a';

function record(over: Partial<RequestRecord> = {}): RequestRecord {
  return {
    id: 'r1',
    connectionId: 'c1',
    operation: 'DescribeTable',
    method: 'POST',
    url: 'http://127.0.0.1:1234/v1/table/sales%2524emea%2524orders/describe',
    startedAt: new Date(0).toISOString(),
    attempt: 1,
    requestHeaders: { accept: 'application/json', 'content-type': 'application/json' },
    requestBodyPreview: '{"id":["sales","emea","orders"]}',
    ...over,
  };
}

/** The words a POSIX shell makes of `text` (run through a real sh; variables come from `env`). */
function shellWords(text: string, env: Record<string, string> = {}): string[] {
  const out = execFileSync('sh', ['-c', `printf '%s\\0' ${text}`], { encoding: 'utf8', env: { PATH: process.env.PATH, ...env } });
  return out.split('\0').slice(0, -1);
}

test('shellQuote survives quotes, dollars, backticks, newlines and globs in a real shell', () => {
  const nasty = [`it's`, `$HOME`, '`id`', 'a\nb', '*', `"x"`, '', `'`, `a b`, `\\`, `$(rm -rf /)`, 'ø€'];
  for (const word of nasty) assert.deepEqual(shellWords(shellQuote(word)), [word], `round trip of ${JSON.stringify(word)}`);
  assert.equal(shellQuote('plain-word_1.2'), 'plain-word_1.2');
});

test('a bearer token becomes $NSB_TOKEN and an API key $NSB_API_KEY; the canary never appears', () => {
  // Both as core records them (redacted) and, defensively, as raw values: neither may leak.
  for (const headers of [
    redactHeaders({ authorization: `Bearer ${CANARY}`, 'x-api-key': CANARY, cookie: `s=${CANARY}` }),
    { authorization: `Bearer ${CANARY}`, 'x-api-key': CANARY, cookie: `s=${CANARY}` },
  ]) {
    const curl = toCurl(record({ requestHeaders: { ...headers, accept: 'application/json' } }));
    assert.ok(!curl.includes(CANARY), curl);
    assert.ok(!curl.includes('redacted'), curl);
    assert.match(curl, /-H "authorization: Bearer \$NSB_TOKEN"/);
    assert.match(curl, /-H "x-api-key: \$NSB_API_KEY"/);
    assert.match(curl, /-H "cookie: \$NSB_COOKIE"/);
    const words = shellWords(curl.replace(/\\\n/g, ' ').replace(/^curl /, ''), { NSB_TOKEN: 'T', NSB_API_KEY: 'K', NSB_COOKIE: 'C' });
    assert.ok(words.includes('authorization: Bearer T'));
    assert.ok(words.includes('x-api-key: K'));
    assert.ok(words.includes('http://127.0.0.1:1234/v1/table/sales%2524emea%2524orders/describe'));
    assert.ok(words.includes('{"id":["sales","emea","orders"]}'));
  }
});

test('a secret header with an odd name is single-quoted and still expands its placeholder', () => {
  const curl = toCurl(record({ requestHeaders: { "x-it's-token": '‹redacted, 5 chars›' } }));
  const words = shellWords(curl.replace(/\\\n/g, ' ').replace(/^curl /, ''), { NSB_X_IT_S_TOKEN: 'v' });
  assert.ok(words.includes("x-it's-token: v"), words.join('|'));
});

test('SigV4 is signed when the command runs (openssl), with the path as signed, secrets from the environment', () => {
  const requestHeaders = redactHeaders({
    accept: 'application/json',
    host: '127.0.0.1:1234',
    'x-amz-date': '20240101T000000Z',
    'x-amz-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    'x-amz-security-token': CANARY,
    authorization: `AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20240101/eu-west-1/execute-api/aws4_request, SignedHeaders=accept;host;x-amz-content-sha256;x-amz-date;x-amz-security-token, Signature=${'a'.repeat(64)}`,
  });
  const canonicalRequest = [
    'GET',
    '/v1/namespace/sales%2524emea/table/list',
    'page_token=a%2Fb',
    'accept:application/json',
    'host:127.0.0.1:1234',
    'x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    'x-amz-date:20240101T000000Z',
    `x-amz-security-token:‹redacted, ${CANARY.length} chars›`,
    '',
    'accept;host;x-amz-content-sha256;x-amz-date;x-amz-security-token',
    'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  ].join('\n');
  const auth: SigV4AuthExplanation = {
    provider: 'sigv4',
    summary: 'SigV4',
    sigv4: {
      canonicalRequest,
      stringToSign: `AWS4-HMAC-SHA256\n20240101T000000Z\n20240101/eu-west-1/execute-api/aws4_request\n${'b'.repeat(64)}`,
      signedHeaders: ['accept', 'host', 'x-amz-content-sha256', 'x-amz-date', 'x-amz-security-token'],
      credentialScope: '20240101/eu-west-1/execute-api/aws4_request',
      region: 'eu-west-1',
      service: 'execute-api',
      accessKeyId: 'AKIA…MPLE',
      credentialSource: 'env',
      amzDate: '20240101T000000Z',
    },
  };
  const r = record({
    method: 'GET',
    requestHeaders,
    auth,
    url: 'http://127.0.0.1:1234/v1/namespace/sales%24emea/table/list?page_token=a%2Fb',
    requestBodyPreview: undefined,
  });
  assert.equal(curlCanSign(r), true);
  const curl = toCurl(r);
  assert.doesNotMatch(curl, /--aws-sigv4/, "curl's own signing encodes the path once; execute-api wants it twice");
  assert.match(curl, /^\( d=\$\(date -u \+%Y%m%dT%H%M%SZ\); s=\$\{d%%T\*\}\/eu-west-1\/execute-api\/aws4_request$/m);
  assert.match(curl, / \/v1\/namespace\/sales%2524emea\/table\/list page_token=a%2Fb accept:application\/json host:127\.0\.0\.1:1234 /);
  assert.match(curl, /"x-amz-date:\$d" "x-amz-security-token:\$AWS_SESSION_TOKEN" '' /);
  assert.match(
    curl,
    /-H "Authorization: AWS4-HMAC-SHA256 Credential=\$AWS_ACCESS_KEY_ID\/\$s, SignedHeaders=accept;host;x-amz-content-sha256;x-amz-date;x-amz-security-token, Signature=\$sig"/,
  );
  assert.match(curl, /-H "x-amz-security-token: \$AWS_SESSION_TOKEN"/);
  assert.match(curl, /'http:\/\/127\.0\.0\.1:1234\/v1\/namespace\/sales%24emea\/table\/list\?page_token=a%2Fb' \)$/);
  assert.equal((curl.match(/x-amz-date/gi) ?? []).length, 4, 'the date is the one computed when it runs, not the recorded one');
  assert.ok(!curl.includes('20240101T000000Z'));
  assert.ok(!curl.includes(CANARY));
  assert.ok(!curl.includes('AKIA'));

  // A presigned URL cannot be signed again: the headers stay, with placeholders.
  const presigned = { ...r, url: `${r.url}&X-Amz-Signature=x` };
  assert.equal(curlCanSign(presigned), false);
  const fallback = toCurl(presigned);
  assert.doesNotMatch(fallback, /openssl/);
  assert.match(fallback, /"authorization: \$AWS_SIGV4_AUTHORIZATION"/);
});

test('a cut-short body and redacted query values are called out', () => {
  const curl = toCurl(
    record({ requestBodyPreview: 'x'.repeat(10) + '… (5 more characters)', url: 'http://h/p?token=%E2%80%B9redacted%2C%205%20chars%E2%80%BA' }),
  );
  assert.match(curl, /^# The request body was longer/m);
  assert.match(curl, /^# Secret query values/m);
});
