// A restored panel reopens its object from what its webview kept; the state comes back from the editor's storage, so
// it is read as untrusted: a malformed one opens nothing, and int64 versions stay exact.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { readDetailsState } from '../../src/extension/panels/restore';

test('a table panel at a version comes back with its identifier, exact version and preview query', () => {
  const kept = readDetailsState({
    target: { kind: 'table', connectionId: 'c1', identifier: ['sales', 'emea', 'orders'], at: { version: '18446744073709551615' } },
    open: { versions: false },
    scrollY: 420,
    query: { columns: ['id', 'name'], filter: 'id > 3', unknown: 1 },
  });
  assert.ok(!('error' in kept));
  assert.deepEqual(kept.target, { kind: 'table', connectionId: 'c1', identifier: ['sales', 'emea', 'orders'], at: { version: 18446744073709551615n } });
  assert.deepEqual(kept.query, { columns: ['id', 'name'], filter: 'id > 3' });
});

test('a namespace panel, a tag, and a root namespace (empty identifier) come back', () => {
  assert.deepEqual(readDetailsState({ target: { kind: 'namespace', connectionId: 'c', identifier: [] } }), {
    target: { kind: 'namespace', connectionId: 'c', identifier: [] },
  });
  const tagged = readDetailsState({ target: { kind: 'table', connectionId: 'c', identifier: ['t'], at: { tag: 'gold' } } });
  assert.ok(!('error' in tagged));
  assert.deepEqual(tagged.target.at, { tag: 'gold' });
});

test('a state that does not hold up opens nothing and says why', () => {
  for (const state of [
    undefined,
    null,
    'table',
    [],
    {},
    { target: null },
    { target: { kind: 'database', connectionId: 'c', identifier: ['t'] } },
    { target: { kind: 'table', connectionId: '', identifier: ['t'] } },
    { target: { kind: 'table', connectionId: 'c', identifier: 't' } },
    { target: { kind: 'table', connectionId: 'c', identifier: ['t', 3] } },
    { target: { kind: 'table', connectionId: 'c', identifier: ['t'], at: { version: '1e3' } } },
    { target: { kind: 'table', connectionId: 'c', identifier: ['t'], at: { version: 3 } } },
    { target: { kind: 'table', connectionId: 'c', identifier: ['t'], at: 'v3' } },
  ]) {
    const kept = readDetailsState(state);
    assert.ok('error' in kept && kept.error.length > 0, JSON.stringify(state));
  }
});
