// A crash between the two writes of a save: the extension host is killed (SIGKILL) after the secret is stored and
// before the definition is written. A test hook in the store (NSB_TEST_PAUSE_BETWEEN_WRITES) stops every save at
// exactly that point and says which process to kill, so the timing is deterministic. Afterwards the store must be
// consistent: nothing of that connection (no definition, no secret, no marker), never a connection without its secret.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { repoRoot, startCodeServer, type CodeServer } from '../support/codeServer';
import { persistedSecrets } from '../support/secretBlob';
import { connectionNames, openWindows, prepareAdd, reloadWindow } from '../support/windows';
import { screenshot } from '../support/workbench';
import { uiSuite } from '../support/uiSuite';

const { after, before, test, editor } = uiSuite('An extension host killed mid-save');

const vsix = path.join(repoRoot, 'dist/namespace-browser.vsix');
const TOKEN = `crash-token-${Date.now().toString(36)}`;
let server: CodeServer;
let browser: Browser;
let pauses: string;
let a: Page;
let b: Page;

before(async () => {
  assert.ok(fs.existsSync(vsix), `${vsix} is missing: run npm run package first`);
  pauses = fs.mkdtempSync(path.join(os.tmpdir(), 'nsb-pause-'));
  server = await startCodeServer({ editor: editor(), vsix, env: { NSB_TEST_PAUSE_BETWEEN_WRITES: pauses } });
  // A opens first, so its extension host is the one that writes the secret store (the leader); B follows it.
  const opened = await openWindows(server, 2);
  browser = opened.browser;
  [a, b] = opened.pages as [Page, Page];
});

after(async () => {
  await browser?.close();
  await server?.stop();
  fs.rmSync(pauses, { recursive: true, force: true });
});

const storage = () => path.join(server.userDataDir, 'User', 'globalStorage', 'namespace-browser.namespace-browser');
const connectionFiles = () => fs.readdirSync(path.join(storage(), 'connections')).filter((f) => !f.startsWith('.'));

/** The process id of the extension host that writes the secret store (the leader), from the broker's leader file. */
function leaderPid(): number {
  const file = fs.readdirSync(storage()).find((f) => f.startsWith('secrets-leader-'));
  assert.ok(file, `no secrets-leader-* file in ${storage()}`);
  return (JSON.parse(fs.readFileSync(path.join(storage(), file), 'utf8')) as { pid: number }).pid;
}

/** Starts a save that stops between its writes; returns the id of the extension host process that stopped. */
async function saveUntilPaused(page: Page, name: string): Promise<number> {
  await prepareAdd(page, { name, uri: 'http://127.0.0.1:9', token: TOKEN });
  await page.keyboard.press('Enter');
  // The connection test fails (nothing listens on port 9): save anyway.
  await page
    .locator('.notification-toast', { hasText: `"${name}": could not connect` })
    .getByRole('button', { name: 'Save Anyway' })
    .click();
  const end = Date.now() + 60_000;
  for (;;) {
    const file = fs.readdirSync(pauses).find((f) => f.startsWith('save-paused-'));
    if (file) {
      const pid = Number(fs.readFileSync(path.join(pauses, file), 'utf8'));
      // A pid of 0 (an empty marker) would SIGKILL this test's own process group.
      assert.ok(Number.isInteger(pid) && pid > 1, `the paused save named no process: ${JSON.stringify(file)}`);
      fs.rmSync(path.join(pauses, file));
      return pid;
    }
    assert.ok(Date.now() < end, 'the save never reached the point between its writes');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The state between the writes, as the hook promises it: the secret stored, the definition not, the save marked. */
async function assertBetweenWrites(page: Page): Promise<void> {
  // The extension's store() has returned; the browser seals and writes the blob to localStorage on its own time (the
  // newest VS Code does it after store() resolves), and the paused host keeps this state, so wait for the blob.
  const end = Date.now() + 15_000;
  const stored = async () =>
    Object.values(await persistedSecrets(page))
      .join('\n')
      .includes(TOKEN);
  while (!(await stored())) {
    assert.ok(Date.now() < end, 'the secret is stored (the first write happened)');
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.deepEqual(
    connectionFiles().filter((f) => f.endsWith('.json')),
    [],
    'no definition yet (the second write did not)',
  );
  assert.equal(connectionFiles().filter((f) => f.endsWith('.saving')).length, 1, 'the save is marked in progress');
}

/** Nothing of the crashed connection is left (once the clean-up ran): no definition, no secret, no marker. */
async function assertNothingLeft(page: Page, name: string): Promise<void> {
  const end = Date.now() + 30_000;
  const secretLeft = async () =>
    Object.values(await persistedSecrets(page))
      .join('\n')
      .includes(TOKEN);
  while ((await secretLeft()) || connectionFiles().length > 0) {
    assert.ok(
      Date.now() < end,
      `never cleaned up: the secret is ${(await secretLeft()) ? 'still' : 'no longer'} stored; files: ${connectionFiles().join(', ')}`,
    );
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(!(await connectionNames(page)).includes(name), `${name} is not in the tree`);
}

/** Runs a test step; on failure keeps a screenshot of each open window. */
async function shot<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    for (const [name, page] of [
      ['a', a],
      ['b', b],
    ] as const)
      if (!page.isClosed()) await screenshot(page, `crash-failure-${name}`).catch(() => undefined);
    throw e;
  }
}

test('a window (not the one writing secrets) killed between the writes: the other cleans up, nothing half-saved remains', { timeout: 4 * 60_000 }, () =>
  shot(async () => {
    const pid = await saveUntilPaused(b, 'Crash in B');
    assert.notEqual(pid, leaderPid(), 'B saved through A, the leader');
    await assertBetweenWrites(a);
    process.kill(pid, 'SIGKILL');
    // A, still open, notices B's host is gone and undoes the half-done save; no reload anywhere.
    await assertNothingLeft(a, 'Crash in B');
    await reloadWindow(b);
    assert.ok(!(await connectionNames(b)).includes('Crash in B'));
    await screenshot(b, 'crash-between-writes-follower');
  }),
);

test('the only window killed between the writes: after a restart the store holds nothing of that connection', { timeout: 4 * 60_000 }, () =>
  shot(async () => {
    await b.close();
    const pid = await saveUntilPaused(a, 'Crash in A');
    assert.equal(pid, leaderPid(), 'A writes its secrets itself');
    await assertBetweenWrites(a);
    process.kill(pid, 'SIGKILL');
    // A new page load starts a new extension host; it takes over from the dead one and cleans up.
    await reloadWindow(a);
    await assertNothingLeft(a, 'Crash in A');
    await screenshot(a, 'crash-between-writes-restart');
  }),
);
