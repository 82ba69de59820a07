// The data preview as a user sees it: the packaged extension in code-server, driven by Playwright, against the real
// Lance reference server seeded with every Arrow type (namespace `preview`): the grid, exact values, the value pane,
// the filter and its server error in place, the column picker, Load more, 1,000 × 200 virtualised, and time travel.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { startLanceCatalog, type RunningServer } from '../../support/pyserver';
import { repoRoot, startCodeServer, type CodeServer } from '../support/codeServer';
import { closeWorkbench, openNamespaceBrowser, openWorkbench, runCommand, screenshot, treeItem } from '../support/workbench';
import { uiSuite } from '../support/uiSuite';

const { after, before, test, editor } = uiSuite('The data preview of a Lance table');

const vsix = path.join(repoRoot, 'dist/namespace-browser.vsix');
let lance: RunningServer;
let server: CodeServer;
let page: Page;

before(async () => {
  assert.ok(fs.existsSync(vsix), `${vsix} is missing: run npm run package first`);
  lance = await startLanceCatalog({ seed: 'standard' });
  server = await startCodeServer({
    editor: editor(),
    vsix,
    settings: {
      'workbench.colorTheme': 'Default Dark Modern',
      'namespaceBrowser.preview.rows': 1000,
      'namespaceBrowser.connections': [{ id: 'local', name: 'Lance', protocol: 'lance-rest', uri: lance.uri, auth: { type: 'none' } }],
    },
  });
  page = await openWorkbench(server);
  await openNamespaceBrowser(page);
  await expand('Lance', 'connection');
  await expand('preview', 'namespace in connection Lance');
});

after(async () => {
  if (page) await closeWorkbench(page);
  await server?.stop();
  await lance?.stop();
});

/** A tree row by its name and what it is (see treeItem). */
function row(name: string, about: string): Locator {
  return treeItem(page, name, about);
}

async function expand(name: string, about: string): Promise<void> {
  const r = row(name, about);
  await r.waitFor({ timeout: 60_000 });
  if ((await r.getAttribute('aria-expanded')) !== 'true') await r.click();
  await r.and(page.locator('[aria-expanded="true"]')).waitFor({ timeout: 30_000 });
}

/** The content of the one visible webview (hidden panels keep their frames). */
function panelFrame(): FrameLocator {
  return page.frameLocator('iframe.webview.ready:visible').frameLocator('iframe#active-frame');
}

/** A grid cell by row (0-based) and column name, scrolling right until that column is drawn. */
async function cell(frame: FrameLocator, rowIndex: number, column: string): Promise<Locator> {
  const head = frame.locator(`.pgrid .phead[data-col-name="${column}"]`);
  const grid = frame.locator('.pgrid');
  await grid.waitFor({ timeout: 30_000 });
  for (let x = 0; ; x += 400) {
    if ((await head.count()) > 0) break;
    const end = await grid.evaluate((el, left) => {
      el.scrollLeft = left;
      return el.scrollLeft + el.clientWidth >= el.scrollWidth;
    }, x);
    // The grid draws on the next animation frame.
    const drawn = await head.waitFor({ timeout: 1_000 }).then(
      () => true,
      () => false,
    );
    if (drawn) break;
    if (end) throw new Error(`column ${column} is not in the grid`);
  }
  const colIndex = await head.getAttribute('aria-colindex');
  return frame.locator(`.pgrid [role=gridcell][aria-rowindex="${rowIndex + 2}"][aria-colindex="${colIndex}"]`);
}

async function openTable(name: string): Promise<FrameLocator> {
  // Whatever a test left open (a quick pick, a menu) closes first: F1 must open the palette, not close it.
  await page.keyboard.press('Escape');
  await runCommand(page, 'View: Close All Editors');
  await row(name, 'table in namespace preview').click();
  const frame = panelFrame();
  await frame.locator('.preview[data-state="ok"]').waitFor({ timeout: 60_000 });
  return frame;
}

test('every Arrow type in the grid: exact int64, null apart from empty, vectors summarised, markup as text', { timeout: 240_000 }, async () => {
  const frame = await openTable('all_types');
  assert.match((await frame.locator('.preview-status').textContent()) ?? '', /^120 rows · 40 columns/);
  assert.equal(await (await cell(frame, 0, 'big')).textContent(), '9223372036854775807');
  assert.equal(await (await cell(frame, 1, 'big')).textContent(), '-9223372036854775808');
  assert.equal(await (await cell(frame, 2, 'big')).textContent(), '9007199254740993');
  // Row 7 (index 6) is a null `big`; row 1's `name` is the empty string: they look different.
  const nullCell = await cell(frame, 6, 'big');
  assert.equal(await nullCell.textContent(), 'NULL');
  assert.match((await nullCell.getAttribute('class')) ?? '', /v-null/);
  const empty = await cell(frame, 0, 'name');
  assert.equal(await empty.textContent(), '');
  assert.match((await empty.getAttribute('class')) ?? '', /v-empty/);
  assert.equal(await (await cell(frame, 0, 'amount')).textContent(), '9999999999999999999999999999.9999999999');
  assert.equal(await (await cell(frame, 1, 'ts_ns_tokyo')).textContent(), '1970-01-01 08:59:59.999999999+09:00');
  // The hostile string arrives as characters: no element was made of it.
  await (await cell(frame, 5, 'name')).scrollIntoViewIfNeeded();
  assert.equal(await (await cell(frame, 5, 'name')).textContent(), '<img src=x onerror=alert(1)>');
  assert.equal(await frame.locator('img').count(), 0);
  // A bidi override in the data is shown as an escape, not obeyed: `RLO` does not turn into `OLR`.
  assert.equal(await (await cell(frame, 4, 'name')).textContent(), 'tab→and \\u202eRLO\\u202c');

  // Nested values: the embedding summarised in the cell, the struct opened in the value pane.
  const grid = frame.locator('.pgrid');
  await grid.evaluate((el) => (el.scrollLeft = el.scrollWidth));
  assert.match((await (await cell(frame, 0, 'embedding')).textContent()) ?? '', /^\[-?\d.*, … 768 dims\]$/);
  await (await cell(frame, 0, 'address')).click();
  const pane = frame.locator('.value-pane');
  await pane.locator('.value-key', { hasText: 'city' }).waitFor();
  assert.match((await pane.textContent()) ?? '', /Paris/);
  await page.mouse.move(1200, 780);
  await screenshot(page, 'panel-preview');

  // Keyboard: Left moves the selection to the column before.
  await grid.press('ArrowLeft');
  await pane.locator('strong', { hasText: 'props' }).waitFor();

  // The README's picture: a few columns of every kind, a struct opened in the value pane.
  await frame.locator('[data-action="preview-columns"]').click();
  await frame.locator('.column-picker button', { hasText: 'None' }).click();
  for (const c of ['id', 'big', 'name', 'embedding', 'address']) await frame.locator(`.column-picker input[data-column="${c}"]`).check();
  await frame.locator('[data-action="picker-apply"]').click();
  await frame.locator('.preview-status', { hasText: '5 columns' }).waitFor({ timeout: 30_000 });
  await runCommand(page, 'View: Close Primary Side Bar');
  await (await cell(frame, 2, 'address')).click();
  await pane.locator('.value-key', { hasText: 'geo' }).waitFor();
  await grid.evaluate((el) => (el.scrollLeft = 0));
  await frame.locator('details[data-section="preview"]').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await page.mouse.move(1200, 780);
  await screenshot(page, 'preview-grid');
  await openNamespaceBrowser(page);
});

test('a filter runs on the server; its error is shown in place, a good one narrows the rows', { timeout: 120_000 }, async () => {
  const frame = await openTable('all_types');
  const filter = frame.locator('input.preview-filter');
  await filter.fill('nonsense(((');
  await filter.press('Enter');
  const error = frame.locator('.preview-error .error');
  await error.waitFor({ timeout: 30_000 });
  assert.match((await error.textContent()) ?? '', /The filter did not run.*could not run the filter "nonsense\(\(\("/s);
  assert.equal(await frame.locator('.preview-error .error button', { hasText: 'See request' }).count(), 1);
  await filter.fill('id >= 110');
  await filter.press('Enter');
  await frame.locator('.preview-status', { hasText: /^10 rows/ }).waitFor({ timeout: 30_000 });
  assert.equal(await (await cell(frame, 0, 'id')).textContent(), '110');
});

test('the column picker reads only the columns picked', { timeout: 120_000 }, async () => {
  const frame = await openTable('all_types');
  await frame.locator('[data-action="preview-columns"]').click();
  await frame.locator('.column-picker button', { hasText: 'None' }).click();
  await frame.locator('.column-picker input[data-column="id"]').check();
  await frame.locator('.column-picker input[data-column="u64"]').check();
  await frame.locator('[data-action="picker-apply"]').click();
  await frame.locator('.preview-status', { hasText: '2 columns' }).waitFor({ timeout: 30_000 });
  assert.deepEqual(await frame.locator('.pgrid .phead-name').allTextContents(), ['id', 'u64']);
  assert.equal(await (await cell(frame, 0, 'u64')).textContent(), '18446744073709551615');
});

test('1,000 rows × 200 columns: only the cells in view exist, the far corner is reached, Load more adds the rest', { timeout: 180_000 }, async () => {
  const frame = await openTable('wide');
  assert.match((await frame.locator('.preview-status').textContent()) ?? '', /^1,000 rows · 200 columns/);
  const grid = frame.locator('.pgrid');
  const drawn = () => frame.locator('.pgrid .pcell').count();
  assert.ok((await drawn()) < 1500, `cells drawn: ${await drawn()}`);
  await grid.evaluate((el) => {
    el.scrollTop = el.scrollHeight;
    el.scrollLeft = el.scrollWidth;
  });
  const last = frame.locator('.pgrid [role=gridcell][aria-rowindex="1001"][aria-colindex="201"]');
  await last.waitFor({ timeout: 30_000 });
  assert.match((await last.textContent()) ?? '', /.+/);
  assert.ok((await drawn()) < 1500, `cells drawn at the far corner: ${await drawn()}`);
  await frame.locator('[data-action="preview-more"]').click();
  await frame.locator('.preview-status', { hasText: /^1,500 rows/ }).waitFor({ timeout: 30_000 });
  assert.equal(await frame.locator('[data-action="preview-more"]').count(), 0);
});

test('time travel: the preview at a tag, and the table opened at a version in a panel titled @v1', { timeout: 180_000 }, async () => {
  const frame = await openTable('tagged');
  assert.match((await frame.locator('.preview-status').textContent()) ?? '', /^6 rows/);
  await frame.locator('table.tags', { hasText: 'gold' }).waitFor({ timeout: 30_000 });
  await frame.locator('select.preview-at').selectOption('t:gold');
  await frame.locator('.preview-status', { hasText: /^2 rows .* version 1$/ }).waitFor({ timeout: 30_000 });
  await frame.locator('table.branches', { hasText: 'dev' }).waitFor();
  await frame.locator('[data-action="open-at-v1"]').click();
  await page.locator('.tab', { hasText: 'tagged @v1' }).waitFor({ timeout: 30_000 });
  const at = panelFrame();
  await at.locator('.time-travel').waitFor({ timeout: 30_000 });
  await at.locator('.preview[data-state="ok"]').waitFor({ timeout: 30_000 });
  assert.match((await at.locator('.preview-status').textContent()) ?? '', /^2 rows/);
  assert.equal((await at.locator('.fact', { hasText: 'Version' }).locator('dd').textContent())?.trim(), '1');
  assert.equal((await at.locator('.fact', { hasText: 'Rows' }).locator('dd').textContent())?.trim(), '2');
  await at.locator('table.versions .badge.at', { hasText: 'this panel' }).waitFor();
  await page.mouse.move(1200, 780);
  await screenshot(page, 'panel-time-travel');
});
