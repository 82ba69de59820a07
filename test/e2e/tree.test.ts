// Runs the tree's in-host suites (test/inhost/tree*.test.ts) against the real Lance reference server.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { startLanceCatalog, type RunningServer } from '../support/pyserver';
import { repoRoot } from './support/codeServer';
import { runInHostTests } from './support/inHost';

let lance: RunningServer;

before(async () => {
  lance = await startLanceCatalog({ seed: 'standard' });
});

after(async () => {
  await lance?.stop();
});

test('the Catalogs tree pages, nests, shows errors as rows and finds tables against a real Lance server', { timeout: 8 * 60_000 }, async () => {
  const { exitCode, log } = await runInHostTests({
    extensionPath: repoRoot,
    testsPath: path.join(repoRoot, 'out/inhost/index.js'),
    env: { NSB_TEST_LANCE_URI: lance.uri, NSB_INHOST_ONLY: 'tree' },
  });
  console.log(log);
  assert.equal(exitCode, 0, 'in-host tree suite failed; its log is above');
  assert.match(log, /\d+ passing/);
  assert.doesNotMatch(log, /\d+ pending/, 'the tree suite must not skip: NSB_TEST_LANCE_URI reached the host');
});
