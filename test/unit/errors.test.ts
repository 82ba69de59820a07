import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeErrorResponse } from '../../src/core/transport/errorBody';

const call = { operation: 'DescribeTable', subject: 'table sales$emea$orders' };

test('a Lance ErrorResponse 404 says what was not found', () => {
  const d = decodeErrorResponse(404, { 'content-type': 'application/json' }, JSON.stringify({ code: 4, error: "Table 'orders' not found", detail: 'x' }), call);
  assert.equal(d.kind, 'not-found');
  assert.equal(d.message, 'table sales$emea$orders not found');
  assert.equal(d.detail, 'x');
});

test('Lance codes refine a generic status', () => {
  assert.equal(decodeErrorResponse(400, {}, JSON.stringify({ code: 1, error: 'Namespace not found' }), call).kind, 'not-found');
  assert.equal(decodeErrorResponse(500, {}, JSON.stringify({ code: 21, error: 'slow down' }), call).kind, 'throttled');
});

test('an Iceberg error model is read', () => {
  const d = decodeErrorResponse(403, {}, JSON.stringify({ error: { message: 'not allowed', type: 'ForbiddenException', code: 403 } }), call);
  assert.equal(d.kind, 'forbidden');
  assert.match(d.message, /access denied \(403\) to table sales\$emea\$orders: not allowed/);
});

test('419 means expired credentials', () => {
  assert.equal(decodeErrorResponse(419, {}, '{}', call).kind, 'unauthenticated');
});

test('text/plain and HTML bodies from proxies are survived and summarised', () => {
  const plain = decodeErrorResponse(502, { 'content-type': 'text/plain' }, 'upstream connect error\nor disconnect', call);
  assert.equal(plain.kind, 'unavailable');
  assert.match(plain.message, /upstream connect error or disconnect/);
  const html = decodeErrorResponse(503, { 'content-type': 'text/html' }, '<!DOCTYPE html><html><head><title>503 Service Temporarily Unavailable</title></head><body><script>alert(1)</script></body></html>', call);
  assert.match(html.message, /HTML page "503 Service Temporarily Unavailable", perhaps from a proxy/);
  assert.doesNotMatch(html.message, /script/);
  const broken = decodeErrorResponse(500, { 'content-type': 'application/json' }, '{"error": ', call);
  assert.equal(broken.kind, 'unavailable');
});

test('AWS-style {message} bodies are read', () => {
  const d = decodeErrorResponse(403, {}, JSON.stringify({ message: 'Missing Authentication Token' }), call);
  assert.match(d.message, /Missing Authentication Token/);
});

test('a rejection parser takes over and carries what the server expected', () => {
  const d = decodeErrorResponse(403, {}, '{"message":"sig"}', call, () => ({ message: 'forbidden: signature does not match', canonicalRequest: 'GET\n/', kind: 'forbidden' }));
  assert.equal(d.message, 'forbidden: signature does not match');
  assert.deepEqual(d.serverExpected, { canonicalRequest: 'GET\n/', stringToSign: undefined });
});
