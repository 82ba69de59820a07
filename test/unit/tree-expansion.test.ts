// The tree's expansion survives a reload: what was expanded is kept per connection in the workspace state, collapsing
// forgets a subtree, removed connections are forgotten, and a damaged state is read as nothing kept.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_KEPT_PER_CONNECTION, TreeExpansion, type ExpansionMemento } from '../../src/extension/tree/expansion';

function memento(initial?: unknown): ExpansionMemento & { value: unknown } {
  const m = {
    value: initial,
    get: <T>() => m.value as T,
    update: async (_key: string, value: unknown) => {
      m.value = value;
    },
  };
  return m;
}

test('expanded nodes are kept and read back by a new window', () => {
  const m = memento();
  const a = new TreeExpansion(m);
  a.expand('c1', 'c:c1');
  a.expand('c1', 'c:c1/n:sales');
  a.expand('c2', 'c:c2');
  const b = new TreeExpansion(m);
  assert.ok(b.isExpanded('c1', 'c:c1/n:sales'));
  assert.ok(b.isExpanded('c2', 'c:c2'));
  assert.ok(!b.isExpanded('c2', 'c:c1/n:sales'));
});

test('collapsing forgets the node and what is under it, not its siblings', () => {
  const e = new TreeExpansion(memento());
  for (const k of ['c:c', 'c:c/n:a', 'c:c/n:a/n:b', 'c:c/n:ab']) e.expand('c', k);
  e.collapse('c', 'c:c/n:a');
  assert.deepEqual(
    ['c:c', 'c:c/n:a', 'c:c/n:a/n:b', 'c:c/n:ab'].map((k) => e.isExpanded('c', k)),
    [true, false, false, true],
  );
});

test('a removed connection is forgotten; the store stays bounded', () => {
  const m = memento();
  const e = new TreeExpansion(m);
  e.expand('gone', 'c:gone');
  for (let i = 0; i < MAX_KEPT_PER_CONNECTION + 10; i++) e.expand('big', `c:big/n:${i}`);
  e.keepOnly(new Set(['big']));
  const kept = m.value as Record<string, string[]>;
  assert.deepEqual(Object.keys(kept), ['big']);
  assert.equal(kept['big']!.length, MAX_KEPT_PER_CONNECTION);
  assert.ok(!e.isExpanded('big', 'c:big/n:0'), 'the oldest went first');
  assert.ok(e.isExpanded('big', `c:big/n:${MAX_KEPT_PER_CONNECTION + 9}`));
});

test('a damaged state keeps nothing and does not throw', () => {
  for (const bad of [undefined, null, 3, 'x', ['c:c'], { c: 'c:c' }, { c: [1, null, 'c:c'] }]) {
    const e = new TreeExpansion(memento(bad));
    assert.equal(e.isExpanded('c', 'c:c'), JSON.stringify(bad) === '{"c":[1,null,"c:c"]}');
  }
});
