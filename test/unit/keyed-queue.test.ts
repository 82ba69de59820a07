import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { KeyedQueue } from '../../src/core/keyedQueue';

test('one key runs in order, one at a time, past failures; other keys run beside it', async () => {
  const q = new KeyedQueue();
  const log: string[] = [];
  let releaseA!: () => void;
  const gate = new Promise<void>((r) => (releaseA = r));
  const a1 = q.run('a', async () => {
    log.push('a1 start');
    await gate;
    log.push('a1 end');
    throw new Error('a1 failed');
  });
  const a2 = q.run('a', async () => {
    log.push('a2');
    return 2;
  });
  const b1 = q.run('b', async () => {
    log.push('b1');
    return 'b';
  });
  assert.equal(await b1, 'b');
  assert.deepEqual(log, ['a1 start', 'b1'], 'b did not wait for a; a2 waits for a1');
  releaseA();
  await assert.rejects(a1, /a1 failed/);
  assert.equal(await a2, 2);
  assert.deepEqual(log, ['a1 start', 'b1', 'a1 end', 'a2']);
});
