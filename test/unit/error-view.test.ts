// One mapping from a thrown value to what the editor shows: errorMessage, toErrorInfo and the connect hints.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { CatalogError, errorMessage } from '../../src/core/errors';
import { explainConnectFailure, presentError, toErrorInfo } from '../../src/extension/errorView';

test('errorMessage: an Error gives its message, anything else its text, and it never throws', () => {
  assert.equal(errorMessage(new TypeError('bad type')), 'bad type');
  assert.equal(errorMessage(new CatalogError('network', 'cannot reach x')), 'cannot reach x');
  // An error from another realm (a VS Code API error, a worker) fails instanceof but is still an error.
  assert.equal(errorMessage({ name: 'Error', message: 'from elsewhere' }), 'from elsewhere');
  assert.equal(errorMessage('plain text'), 'plain text');
  assert.equal(errorMessage(42), '42');
  assert.equal(errorMessage(undefined), 'undefined');
  assert.equal(errorMessage(null), 'null');
  assert.equal(errorMessage({ message: 7 }), '[object Object]');
  assert.equal(errorMessage(Object.create(null)), '[object Object]');
});

test("toErrorInfo keeps a CatalogError's kind, status and record; anything else is unknown", () => {
  const e = new CatalogError('forbidden', 'access denied (403)', { status: 403, recordId: 'r7' });
  assert.deepEqual(toErrorInfo(e), { kind: 'forbidden', message: 'access denied (403)', status: 403, recordId: 'r7' });
  assert.deepEqual(toErrorInfo(new Error('boom')), { kind: 'unknown', message: 'boom' });
  assert.deepEqual(toErrorInfo('this catalog has no views'), { kind: 'unknown', message: 'this catalog has no views' });
});

test('a failed connection test says what to check, by kind', () => {
  assert.equal(
    explainConnectFailure({ kind: 'not-found', message: 'no catalog at /v1.' }),
    'no catalog at /v1. Check the URI (and the warehouse): the server has no catalog there.',
  );
  assert.match(explainConnectFailure({ kind: 'timeout', message: 'no answer' }), /namespaceBrowser\.requestTimeoutSeconds/);
  assert.equal(explainConnectFailure({ kind: 'unknown', message: 'odd' }), 'odd.');
});

test('the same error is a row that offers what fits its kind', () => {
  const forbidden = presentError(toErrorInfo(new CatalogError('forbidden', 'no', { status: 403, recordId: 'r1' })), 'catalog:8181');
  assert.deepEqual([forbidden.label, forbidden.auth, forbidden.click], ['Access denied (403), see request', true, 'showRequest']);
  const unknown = presentError(toErrorInfo(new Error('boom')), 'catalog:8181');
  assert.deepEqual([unknown.label, unknown.auth, unknown.click], ['Request failed', false, 'retry']);
  const down = presentError({ kind: 'unavailable', message: 'x', status: 503 }, 'catalog:8181');
  assert.equal(down.label, 'Cannot reach catalog:8181 (503) — Retry');
});

test('a refusal the provider classified is a row that names it and its action; an unclassified 403 guesses nothing', () => {
  const remedy = { headline: 'Wrong secret access key', action: 'Re-enter the secret access key', credentials: true };
  const wrongSecret = presentError(toErrorInfo(new CatalogError('forbidden', 'signature does not match: ...', { status: 403, recordId: 'r1', remedy })), 'h');
  assert.deepEqual(
    [wrongSecret.label, wrongSecret.auth, wrongSecret.click],
    ['Wrong secret access key (403) — Re-enter the secret access key', true, 'reauthenticate'],
  );
  const denied = presentError(
    toErrorInfo(
      new CatalogError('forbidden', 'a policy denies', {
        status: 403,
        recordId: 'r2',
        remedy: { headline: 'Denied by policy', action: 'Check the IAM policy', credentials: false },
      }),
    ),
    'h',
  );
  assert.deepEqual([denied.label, denied.click], ['Denied by policy (403) — Check the IAM policy', 'showRequest']);
  assert.equal(explainConnectFailure({ kind: 'forbidden', message: 'Quota used up' }), 'Quota used up.', 'no policy guess for an unknown 403');
  assert.equal(explainConnectFailure({ kind: 'forbidden', message: 'clock skew — check the clock', remedy }), 'clock skew — check the clock.');
});
