// Runs test/inhost (bundled into out/inhost by `node scripts/build.mjs --tests`) inside a real extension host.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { repoRoot } from './support/codeServer';
import { runInHostTests } from './support/inHost';

// The suites that need a catalog server run from their own entries (tree, panels, connections-inhost), which start
// the server and pass its address; this one runs what needs nothing but the editor.
test('in-host activation suite passes', { timeout: 6 * 60_000 }, async () => {
  const { exitCode, log } = await runInHostTests({
    extensionPath: repoRoot,
    testsPath: path.join(repoRoot, 'out/inhost/index.js'),
    env: { NSB_INHOST_ONLY: 'activation' },
  });
  console.log(log);
  assert.equal(exitCode, 0, 'in-host suite failed; its log is above');
  assert.match(log, /\d+ passing/);
  assert.doesNotMatch(log, /pending/, 'no in-host test may be skipped');
});
