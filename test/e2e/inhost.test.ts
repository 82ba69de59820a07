// Runs test/inhost (bundled into out/inhost by `node scripts/build.mjs --tests`) inside a real extension host.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { repoRoot } from './support/codeServer';
import { runInHostTests } from './support/inHost';

test('in-host mocha suite passes', { timeout: 6 * 60_000 }, async () => {
  const { exitCode, log } = await runInHostTests({
    extensionPath: repoRoot,
    testsPath: path.join(repoRoot, 'out/inhost/index.js'),
  });
  console.log(log);
  assert.equal(exitCode, 0, 'in-host suite failed; its log is above');
  assert.match(log, /\d+ passing/);
});
