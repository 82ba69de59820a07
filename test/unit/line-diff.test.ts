// The one line diff: an alignment on the longest common subsequence, so one missing line blames one line.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { alignLines, differingRows, type AlignedLine } from '../../src/core/lineDiff';

const CANONICAL = [
  'GET',
  '/prod/v1/table/a%2524b/describe',
  '',
  'host:h',
  'x-amz-content-sha256:abc',
  'x-amz-date:20240102T030405Z',
  'x-amz-security-token:T',
  '',
  'host;x-amz-content-sha256;x-amz-date;x-amz-security-token',
  'abc',
];

/** Both texts come back from the rows, in order, with their line numbers. */
function sides(rows: readonly AlignedLine[]): { ours: string[]; theirs: string[] } {
  const ours = rows.filter((r) => r.oursLine !== undefined);
  const theirs = rows.filter((r) => r.theirsLine !== undefined);
  ours.forEach((r, i) => assert.equal(r.oursLine, i + 1));
  theirs.forEach((r, i) => assert.equal(r.theirsLine, i + 1));
  return { ours: ours.map((r) => r.ours!), theirs: theirs.map((r) => r.theirs!) };
}

/** The length of the longest common subsequence, the slow and obvious way. */
function lcsLength(a: string[], b: string[]): number {
  const t = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--) t[i]![j] = a[i] === b[j] ? t[i + 1]![j + 1]! + 1 : Math.max(t[i + 1]![j]!, t[i]![j + 1]!);
  return t[0]![0]!;
}

test('equal texts align as equal rows, line for line', () => {
  const text = CANONICAL.join('\n');
  const rows = alignLines(text, text);
  assert.equal(rows.length, CANONICAL.length);
  assert.deepEqual(differingRows(rows), []);
});

test('one header missing on our side blames that line alone, not every line after it', () => {
  const theirs = CANONICAL.join('\n');
  const ours = CANONICAL.filter((l) => !l.startsWith('x-amz-content-sha256:')).join('\n');
  assert.deepEqual(differingRows(alignLines(ours, theirs)), [{ kind: 'theirs-only', theirs: 'x-amz-content-sha256:abc', theirsLine: 5 }]);
  assert.deepEqual(differingRows(alignLines(theirs, ours)), [{ kind: 'ours-only', ours: 'x-amz-content-sha256:abc', oursLine: 5 }]);
});

test('a line that differs is one changed row with both sides and their line numbers', () => {
  const ours = CANONICAL.join('\n');
  const theirs = ours.replace('/prod/v1/table/a%2524b/describe', '/prod/v1/table/a%24b/describe');
  assert.deepEqual(differingRows(alignLines(ours, theirs)), [
    { kind: 'changed', ours: '/prod/v1/table/a%2524b/describe', theirs: '/prod/v1/table/a%24b/describe', oursLine: 2, theirsLine: 2 },
  ]);
});

test('a changed line next to a missing one: paired in order, the rest only on its side', () => {
  const rows = alignLines('a\nb\nc\nz', 'a\nB\nz');
  assert.deepEqual(
    rows.map((r) => r.kind),
    ['equal', 'changed', 'ours-only', 'equal'],
  );
});

test('property: the rows give back both texts, and their equal rows are a longest common subsequence (2,000 cases)', () => {
  const line = fc.constantFrom('a', 'b', 'c', 'd', '', 'host:h');
  const text = fc.array(line, { maxLength: 12 });
  fc.assert(
    fc.property(text, text, (a, b) => {
      const rows = alignLines(a.join('\n'), b.join('\n'));
      const back = sides(rows);
      assert.deepEqual(back.ours, a.join('\n').split('\n'));
      assert.deepEqual(back.theirs, b.join('\n').split('\n'));
      for (const r of rows) if (r.kind === 'equal') assert.equal(r.ours, r.theirs);
      assert.equal(rows.filter((r) => r.kind === 'equal').length, lcsLength(a.join('\n').split('\n'), b.join('\n').split('\n')));
    }),
    { numRuns: 2000 },
  );
});

test('texts too large for the table still align: the middle pairs by position', () => {
  const a = Array.from({ length: 3000 }, (_, i) => `line ${i}`);
  const b = a.map((l, i) => (i % 2 ? `${l}!` : l));
  const rows = alignLines(a.join('\n'), b.join('\n'));
  const back = sides(rows);
  assert.deepEqual(back.ours, a);
  assert.deepEqual(back.theirs, b);
});
