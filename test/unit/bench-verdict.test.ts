// npm run bench decides "met" from the middle half of a row's paired round ratios, not its median: these are the
// rules that decision follows, and the bounded extra rounds a noisy row gets.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { judged, moreRounds, sideBySide, verdict, type Measured } from '../../bench/stats';

test('met only when the whole middle half is within the goal', () => {
  assert.equal(verdict([0.9, 0.95, 0.97, 0.99, 1.2], { max: 1 }), 'met');
  // Median 0.99 is within ≤ 1.00x, but a quarter of the rounds sit above it: a coin toss, not a pass.
  assert.equal(verdict([0.9, 0.98, 0.99, 1.05, 1.1], { max: 1 }), 'noisy');
  assert.equal(verdict([0.99, 1.02, 1.04, 1.05, 1.1], { max: 1 }), 'not met');
});

test('a strict goal (< 1.00x) is not met by a ratio of exactly 1', () => {
  assert.equal(verdict([1, 1, 1], { max: 1 }), 'met');
  assert.equal(verdict([1, 1, 1], { max: 1, strict: true }), 'not met');
});

test('judged reads CPU rounds when asked, and gives the goal as text', () => {
  const m = (runs: number[], cpuRuns: number[]): Measured => ({ median: 0, cpu: 0, runs, cpuRuns });
  const r = { a: m([10, 10, 10], [3, 3, 3]), b: m([10, 10, 10], [2, 2, 2]) };
  const wall = judged(r, { a: 'a', b: 'b', goal: { max: 1.05 } });
  const cpu = judged(r, { a: 'a', b: 'b', cpu: true, goal: { max: 1.05 } });
  assert.deepEqual([wall.ratio, wall.verdict, wall.met, wall.goal], [1, 'met', true, '≤ 1.05x']);
  assert.deepEqual([cpu.ratio, cpu.verdict, cpu.met], [1.5, 'not met', false]);
  assert.match(cpu.spread, /middle half of 3 rounds 1\.50–1\.50x/);
});

test('a noisy comparison runs another batch of rounds, never past the bound; a settled one stops', async () => {
  const m = (runs: number[]): Measured => ({ median: 0, cpu: 0, runs, cpuRuns: runs });
  const noisy = { a: m([0.9, 0.98, 0.99, 1.05, 1.1]), b: m([1, 1, 1, 1, 1]) };
  const settled = { a: m([0.9, 0.9, 0.9, 0.9, 0.9]), b: m([1, 1, 1, 1, 1]) };
  const checks = [{ a: 'a', b: 'b', goal: { max: 1 } }];
  assert.equal(moreRounds(noisy, { checks, maxRuns: 15 }, 5), 5);
  assert.equal(moreRounds(noisy, { checks, maxRuns: 8 }, 5), 3);
  assert.equal(moreRounds(noisy, { checks, maxRuns: 5 }, 5), 0);
  assert.equal(moreRounds(settled, { checks, maxRuns: 15 }, 5), 0);
  // Without checks, sideBySide runs exactly the rounds asked for, every contender once per round after a warm-up.
  let calls = 0;
  const r = await sideBySide({ a: async () => void calls++, b: async () => undefined }, 3, { checks: [], maxRuns: 12 });
  assert.deepEqual([r.a!.runs.length, r.a!.cpuRuns.length, calls], [3, 3, 4]);
});
