import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeErrorResponse } from '../../src/core/transport/errorBody';
import { lanceRestProtocol } from '../../src/core/lance/protocol';
import { icebergRestProtocol } from '../../src/core/iceberg/protocol';

const call = { operation: 'DescribeTable', subject: 'table sales$emea$orders' };

test('a Lance ErrorResponse 404 says what was not found', () => {
  const d = decodeErrorResponse(404, { 'content-type': 'application/json' }, JSON.stringify({ code: 4, error: "Table 'orders' not found", detail: 'x' }), call);
  assert.equal(d.kind, 'not-found');
  assert.equal(d.message, 'table sales$emea$orders not found');
  assert.equal(d.detail, 'x');
});

test('Lance codes refine a generic status', () => {
  const lance = lanceRestProtocol.readErrorBody;
  assert.equal(decodeErrorResponse(400, {}, JSON.stringify({ code: 1, error: 'Namespace not found' }), call, lance).kind, 'not-found');
  assert.equal(decodeErrorResponse(500, {}, JSON.stringify({ code: 21, error: 'slow down' }), call, lance).kind, 'throttled');
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
  const html = decodeErrorResponse(
    503,
    { 'content-type': 'text/html' },
    '<!DOCTYPE html><html><head><title>503 Service Temporarily Unavailable</title></head><body><script>alert(1)</script></body></html>',
    call,
  );
  assert.match(html.message, /HTML page "503 Service Temporarily Unavailable", perhaps from a proxy/);
  assert.doesNotMatch(html.message, /script/);
  const broken = decodeErrorResponse(500, { 'content-type': 'application/json' }, '{"error": ', call);
  assert.equal(broken.kind, 'unavailable');
});

test('AWS-style {message} bodies are read', () => {
  const d = decodeErrorResponse(403, {}, JSON.stringify({ message: 'Missing Authentication Token' }), call);
  assert.match(d.message, /Missing Authentication Token/);
});

test("a protocol's reader of its own error model says more than the generic reading", () => {
  const d = decodeErrorResponse(400, {}, JSON.stringify({ code: 4, error: "Table 'orders' not found" }), call, lanceRestProtocol.readErrorBody);
  assert.equal(d.kind, 'not-found');
  assert.equal(d.serverMessage, "Table 'orders' not found");
  const generic = decodeErrorResponse(400, {}, JSON.stringify({ code: 4, error: "Table 'orders' not found" }), call);
  assert.equal(generic.kind, 'invalid-input', 'without the Lance reader a code is only data');
  assert.equal(generic.data?.['code'], 4);
  const iceberg = decodeErrorResponse(
    404,
    {},
    JSON.stringify({ error: { message: 'Table does not exist: a.b', type: 'NoSuchTableException', code: 404 } }),
    call,
    icebergRestProtocol.readErrorBody,
  );
  assert.deepEqual(iceberg.data, { type: 'NoSuchTableException', errorModel: 'iceberg' });
  assert.equal(
    decodeErrorResponse(404, {}, '{"detail":"Not Found"}', call, icebergRestProtocol.readErrorBody).data?.['errorModel'],
    undefined,
    "a framework's 404 is not the catalog's",
  );
});
