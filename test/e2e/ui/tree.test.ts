// The Catalogs tree as a user sees it: the packaged extension in code-server, driven by Playwright, against the real
// Lance reference server and a botocore-verified SigV4 gateway (given a wrong secret).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { startLanceCatalog, startSigV4Gateway, type RunningServer } from '../../support/pyserver';
import { repoRoot, startCodeServer, type CodeServer } from '../support/codeServer';
import { quickInput } from '../support/quickInput';
import { closeWorkbench, openNamespaceBrowser, openWorkbench, runCommand, screenshot, treeItem } from '../support/workbench';
import { uiSuite } from '../support/uiSuite';

const { after, before, test, editor } = uiSuite('the Catalogs tree');

const vsix = path.join(repoRoot, 'dist/namespace-browser.vsix');
let lance: RunningServer;
let gateway: RunningServer;
let server: CodeServer;
let page: Page;

before(async () => {
  assert.ok(fs.existsSync(vsix), `${vsix} is missing: run npm run package first`);
  lance = await startLanceCatalog({ seed: 'standard' });
  gateway = await startSigV4Gateway({ upstream: lance.uri, region: 'us-east-1', accessKeyId: 'AKIDTREETEST', secretAccessKey: 'the-right-secret' });
  server = await startCodeServer({
    editor: editor(),
    vsix,
    // The gateway knows another secret for this key id: every signed request is rejected with 403.
    env: { AWS_ACCESS_KEY_ID: 'AKIDTREETEST', AWS_SECRET_ACCESS_KEY: 'a-wrong-secret' },
    settings: {
      'namespaceBrowser.pageSize': 100,
      'namespaceBrowser.connections': [
        { id: 'local', name: 'Local Lance', protocol: 'lance-rest', uri: lance.uri, auth: { type: 'none' } },
        {
          id: 'gateway',
          name: 'Signed Gateway',
          protocol: 'lance-rest',
          uri: gateway.uri,
          auth: { type: 'sigv4', settings: { region: 'us-east-1', credentials: 'env' } },
        },
      ],
    },
  });
  page = await openWorkbench(server);
  await openNamespaceBrowser(page);
});

after(async () => {
  if (page) await closeWorkbench(page);
  await server?.stop();
  await gateway?.stop();
  await lance?.stop();
});

/** A row of the Catalogs tree by its accessibility label (what a screen reader says). */
/** A tree row by its name and what it is (see treeItem). */
function row(name: string, about: string): Locator {
  return treeItem(page, name, about);
}

async function expand(name: string, about: string): Promise<void> {
  const r = row(name, about);
  await r.waitFor();
  if ((await r.getAttribute('aria-expanded')) !== 'true') await r.click();
  await r.and(page.locator('[aria-expanded="true"]')).waitFor();
}

/** Scrolls the tree down a page at a time until `target` is rendered (the list only renders visible rows). */
async function scrollTo(target: Locator): Promise<void> {
  for (let i = 0; i < 40 && !(await target.isVisible()); i++) {
    await page.keyboard.press('PageDown');
    await target
      .first()
      .waitFor({ timeout: 300 })
      .catch(() => undefined);
  }
  await target.first().waitFor({ timeout: 5_000 });
}

test('expand Local Lance → sales → emea shows orders and customers', { timeout: 120_000 }, async () => {
  await expand('Local Lance', 'Lance REST · ' + new URL(lance.uri).host);
  await expand('sales', 'namespace in connection Local Lance');
  await expand('emea', 'namespace in namespace sales');
  await row('orders', 'table in namespace sales$emea').waitFor();
  await row('customers', 'table in namespace sales$emea').waitFor();
  await page.mouse.move(900, 400);
  await screenshot(page, 'tree-expanded');
});

test('big shows 100 tables and Load more…; clicking it shows 200', { timeout: 120_000 }, async () => {
  await row('sales', 'namespace in connection Local Lance').click(); // collapse, to keep the tree short
  await expand('big', 'namespace in connection Local Lance');
  const more = page.locator('.monaco-list-row', { hasText: 'Load more…' });
  await scrollTo(more);
  // The row's position among big's children: 100 tables, then Load more.
  assert.equal(await more.getAttribute('aria-posinset'), '101');
  assert.equal(await more.getAttribute('aria-setsize'), '101');
  await screenshot(page, 'tree-load-more');
  await more.click();
  const moreAfter = page.locator('.monaco-list-row[aria-posinset="201"]', { hasText: 'Load more…' });
  await scrollTo(moreAfter);
  await row('t00199', 'table in namespace big').waitFor();
  assert.equal(await row('big', 'namespace in connection Local Lance').getAttribute('aria-expanded'), 'true', 'big stays expanded');
});

test('a wrong SigV4 secret shows "Wrong secret access key (403) — Re-enter the secret access key" with Re-authenticate', { timeout: 120_000 }, async () => {
  // The tree has the focus (Load more was clicked): go to the top row, Local Lance, and collapse it.
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowLeft');
  await expand('Signed Gateway', 'Lance REST · ' + new URL(gateway.uri).host);
  // The row names the refusal (issue 14), not a generic "access denied".
  const error = page.locator('.monaco-list-row', { hasText: 'Wrong secret access key (403) — Re-enter the secret access key' });
  await error.waitFor({ timeout: 30_000 });
  await error.hover();
  const reauth = error.locator('.action-label[aria-label="Re-authenticate…"]');
  await reauth.waitFor();
  assert.equal(await reauth.isVisible(), true);
  await screenshot(page, 'tree-access-denied');
});

// Newest VS Code only: the floor's quick pick has no prompt, and its placeholder (where the status goes there) hides
// as soon as the user types.
test('Find Table keeps its status in view while the user filters the matches', { timeout: 120_000 }, async () => {
  const qi = quickInput(page);
  await runCommand(page, 'Namespace Browser: Find Table…');
  await qi.choose('Find Table in which connection?', 'Local Lance');
  await qi.answer('Part of a table name', 'orders');
  const status = qi.widget().locator('.quick-input-message', { hasText: /^\d+ matching tables \(searched \d+ namespaces/ });
  await status.waitFor({ timeout: 60_000 });
  const rows = qi.widget().locator('.quick-input-list .monaco-list-row').filter({ visible: true });
  const labels = async () => (await rows.evaluateAll((rs) => rs.map((r) => r.querySelector('.label-name')?.textContent ?? ''))).map((l) => l.trim());
  assert.ok((await labels()).includes('sales$emea$orders'), `matches: ${(await labels()).join(' | ')}`);
  await qi.input().fill('apac');
  await rows.filter({ hasText: 'emea' }).first().waitFor({ state: 'detached' });
  assert.deepEqual(await labels(), ['sales$apac$orders']);
  assert.equal(await status.isVisible(), true, 'the status is still shown under the filter');
  await screenshot(page, 'find-table-filtered');
  await page.keyboard.press('Escape');
});
