// Runs the panels' in-host suite (test/inhost/panels*.test.ts) against the real Lance reference server.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { startLanceCatalog, type RunningServer } from '../support/pyserver';
import { startPanelsFaultServer } from './panels.fixtures';
import { repoRoot } from './support/codeServer';
import { runInHostTests } from './support/inHost';

let lance: RunningServer;
let fault: Awaited<ReturnType<typeof startPanelsFaultServer>>;

before(async () => {
  lance = await startLanceCatalog({ seed: 'standard' });
  fault = await startPanelsFaultServer();
});

after(async () => {
  await lance?.stop();
  await fault?.close();
});

test('details panels and the request inspector work in a real extension host against a real Lance server', { timeout: 8 * 60_000 }, async () => {
  const { exitCode, log } = await runInHostTests({
    extensionPath: repoRoot,
    testsPath: path.join(repoRoot, 'out/inhost/index.js'),
    env: { NSB_TEST_LANCE_URI: lance.uri, NSB_TEST_PANELS_FAULT_URI: fault.uri, NSB_INHOST_ONLY: 'panels' },
  });
  console.log(log);
  assert.equal(exitCode, 0, 'in-host panels suite failed; its log is above');
  assert.match(log, /\d+ passing/);
  assert.doesNotMatch(log, /\d+ pending/, 'the panels suite must not skip: the server URIs reached the host');
});
