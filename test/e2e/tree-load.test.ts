// Runs the in-host load and hostile-name suites of the Catalogs tree (test/inhost/treeLoad.test.ts and
// hostileTree.test.ts) against servers started here: one that records its concurrency, one whose names are hostile.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { DEFAULT_FAILURES, startConcurrencyServer, type ConcurrencyServer } from '../support/concurrencyServer';
import { json } from '../support/faultServer';
import { HOSTILE_NAMES, startHostileServer, type HostileServer } from '../support/hostileServer';
import { repoRoot } from './support/codeServer';
import { runInHostTests } from './support/inHost';

/** Names that would be a command link and a theme icon if a tooltip took them as Markdown. */
const MARKDOWN_NAMES = ['[click me](command:namespaceBrowser.removeConnection)', '$(alert) ![x](https://example.invalid/x.png)'];

let load: ConcurrencyServer;
let hostile: HostileServer;

before(async () => {
  load = await startConcurrencyServer({ namespaces: 200, tablesPerNamespace: 3, failures: DEFAULT_FAILURES });
  hostile = await startHostileServer();
  hostile.answer(/^\/v1\/namespace\/[^/]+\/list$/, (_req, res) => json(res, 200, { namespaces: [...HOSTILE_NAMES, ...MARKDOWN_NAMES] }));
  hostile.answer(/^\/v1\/namespace\/[^/]+\/table\/list$/, (_req, res) => json(res, 200, { tables: [...HOSTILE_NAMES, ...MARKDOWN_NAMES] }));
});

after(async () => {
  await load?.close();
  await hostile?.close();
});

test('200 namespaces at once stay within 4 requests in flight, refresh cancels; hostile names stay inert', { timeout: 8 * 60_000 }, async () => {
  const { exitCode, log } = await runInHostTests({
    extensionPath: repoRoot,
    testsPath: path.join(repoRoot, 'out/inhost/index.js'),
    env: {
      NSB_INHOST_ONLY: 'treeLoad,hostileTree',
      NSB_TEST_CONCURRENCY_URI: load.uri,
      NSB_TEST_CONCURRENCY_FAILURES: JSON.stringify(DEFAULT_FAILURES),
      NSB_TEST_HOSTILE_URI: hostile.uri,
      NSB_TEST_HOSTILE_EXTRA: JSON.stringify(MARKDOWN_NAMES),
    },
  });
  console.log(log);
  assert.equal(exitCode, 0, 'in-host load/hostile suites failed; their log is above');
  assert.match(log, /\b5 passing/, 'both suites ran (3 and 2 tests)');
  assert.doesNotMatch(log, /\d+ pending/);
  // Seen from outside the editor too: the server never had more than 4 requests in flight, and it saw the
  // superseded ones abandoned.
  const stats = load.stats();
  assert.ok(stats.peak <= 4, `peak ${stats.peak}`);
  assert.equal(stats.inFlight, 0);
  assert.ok(hostile.seen.length > 0, 'the hostile server was browsed');
});
