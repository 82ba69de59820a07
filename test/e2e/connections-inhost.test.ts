// Runs the in-host connection tests (test/inhost/connections.test.ts) with a real Lance server and SigV4 gateway.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { startLanceCatalog, startSigV4Gateway, type RunningServer } from '../support/pyserver';
import { repoRoot } from './support/codeServer';
import { runInHostTests } from './support/inHost';

const keys = { accessKeyId: 'AKIDCONNECTIONS', secretAccessKey: 'connections-gateway-secret' };
let lance: RunningServer;
let gateway: RunningServer;

before(async () => {
  lance = await startLanceCatalog({ seed: 'standard' });
  gateway = await startSigV4Gateway({ upstream: lance.uri, region: 'us-east-1', ...keys });
});

after(async () => {
  await gateway?.stop();
  await lance?.stop();
});

test('in-host connection tests pass against the real Lance server', { timeout: 6 * 60_000 }, async () => {
  const { exitCode, log } = await runInHostTests({
    extensionPath: repoRoot,
    testsPath: path.join(repoRoot, 'out/inhost/index.js'),
    env: {
      NSB_INHOST_ONLY: 'connections',
      NSB_LANCE_URI: lance.uri,
      NSB_SIGV4_URI: gateway.uri,
      NSB_SIGV4_ACCESS_KEY: keys.accessKeyId,
      NSB_SIGV4_SECRET_KEY: keys.secretAccessKey,
    },
  });
  console.log(log);
  assert.equal(exitCode, 0, 'in-host suite failed; its log is above');
  assert.match(log, /\d+ passing/);
  assert.doesNotMatch(log, /pending/, 'the Lance tests ran (not skipped)');
});
