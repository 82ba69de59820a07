import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maskId, redactHeaders, redactMap, redactUrl, SecretScrubber, isSecretName } from '../../src/core/redact';

const CANARY = 'CANARY-s3cr3t-9f8e7d6c5b4a';

test('secret headers show that they were set and their length, never the value', () => {
  const h = redactHeaders({
    authorization: `Bearer ${CANARY}`,
    'x-api-key': CANARY,
    'x-amz-security-token': CANARY,
    cookie: `a=${CANARY}`,
    'content-type': 'application/json',
  });
  assert.ok(!JSON.stringify(h).includes(CANARY));
  assert.equal(h['authorization'], `Bearer ‹redacted, ${CANARY.length} chars›`);
  assert.equal(h['content-type'], 'application/json');
});

test('a SigV4 Authorization keeps the scope and signed headers but hides the signature', () => {
  const sig = 'a'.repeat(64);
  const v = redactHeaders({
    authorization: `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=${sig}`,
  })['authorization']!;
  assert.ok(!v.includes(sig));
  assert.match(v, /Credential=AKID…MPLE\/20150830\/us-east-1\/service\/aws4_request, SignedHeaders=host;x-amz-date, Signature=‹redacted, 64 chars›/);
});

test('query parameters that look secret are redacted; paging tokens are not', () => {
  const u = redactUrl(`https://h/v1/x?page_token=abc&X-Amz-Signature=${CANARY}&X-Amz-Credential=AK%2Fscope&token=${CANARY}`);
  assert.ok(!u.includes(CANARY));
  assert.match(u, /page_token=abc/);
  assert.match(u, /X-Amz-Credential=AK%2Fscope/);
});

test('storage options with credential-like keys are redacted', () => {
  const m = redactMap({ aws_access_key_id: 'AKIA123', aws_secret_access_key: CANARY, aws_session_token: CANARY, region: 'us-east-1', expires_at_millis: '1' });
  assert.ok(!JSON.stringify(m).includes(CANARY));
  assert.equal(m['region'], 'us-east-1');
  assert.equal(m['aws_access_key_id'], 'AKIA123');
  assert.ok(isSecretName('google_service_account_key'));
  assert.ok(isSecretName('azure_storage_account_key'));
  assert.ok(!isSecretName('pageToken'));
});

test('maskId keeps only the ends', () => {
  assert.equal(maskId('AKIAIOSFODNN7EXAMPLE'), 'AKIA…MPLE');
});

test('the scrubber removes known secrets from free text', () => {
  const s = new SecretScrubber();
  s.add(CANARY);
  assert.equal(s.scrub(`error: bad key ${CANARY}!`), `error: bad key ‹redacted, ${CANARY.length} chars›!`);
});
