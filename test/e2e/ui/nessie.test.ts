// Project Nessie in the real VS Code: the packaged extension in code-server, Nessie seeded by pyiceberg on `main` and
// on a `dev` branch, a connection added with the Generic Iceberg REST preset and the catalog prefix `dev` set in the
// wizard's optional settings; the tree lists the dev branch, a namespace says why views are missing, and the table's
// versions show the exact 63-bit snapshot id pyiceberg wrote.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { startSeededNessie, type SeededNessie } from '../../support/nessie';
import { repoRoot, startCodeServer, type CodeServer } from '../support/codeServer';
import { quickInput } from '../support/quickInput';
import { closeWorkbench, openNamespaceBrowser, openWorkbench, runCommand, screenshot, treeItem } from '../support/workbench';
import { uiSuite } from '../support/uiSuite';

const { after, before, test, editor } = uiSuite('a Project Nessie branch as an Iceberg catalog');

const vsix = path.join(repoRoot, 'dist/namespace-browser.vsix');
const NAME = 'Nessie dev';
let nessie: SeededNessie;
let server: CodeServer;
let page: Page;
let qi: ReturnType<typeof quickInput>;

before(async () => {
  assert.ok(fs.existsSync(vsix), `${vsix} is missing: run npm run package first`);
  nessie = await startSeededNessie();
  server = await startCodeServer({ editor: editor(), vsix, settings: { 'workbench.colorTheme': 'Default Dark Modern' } });
  page = await openWorkbench(server);
  qi = quickInput(page);
  await openNamespaceBrowser(page);
});

after(async () => {
  if (page) await closeWorkbench(page).catch(() => undefined);
  await server?.stop();
  await nessie?.stop();
});

/** A tree row by its name and what it is (see treeItem). */
function row(name: string, about: string): Locator {
  return treeItem(page, name, about);
}

async function expand(name: string, about: string): Promise<void> {
  const r = row(name, about);
  await r.waitFor({ timeout: 30_000 });
  if ((await r.getAttribute('aria-expanded')) !== 'true') await r.click();
  await r.and(page.locator('[aria-expanded="true"]')).waitFor({ timeout: 30_000 });
}

function panelFrame(): FrameLocator {
  return page.frameLocator('iframe.webview.ready:visible').frameLocator('iframe#active-frame');
}

test('Add Connection: Generic Iceberg REST with the catalog prefix "dev" from the optional settings', { timeout: 120_000 }, async () => {
  await runCommand(page, 'Namespace Browser: Add Connection…');
  await qi.choose('What kind of catalog?', 'Generic Iceberg REST');
  await qi.answer('A name for the connection', NAME);
  await qi.answer('The Iceberg REST catalog URL', nessie.nessie.icebergUri);
  await qi.accept('Warehouse');
  await qi.choose('How does the catalog authenticate requests?', 'None');
  await qi.choose('Change an optional setting, or continue', 'Catalog prefix');
  await qi.answer('The catalog prefix', 'dev');
  // Back at the optional settings, which now show the prefix.
  await qi
    .widget()
    .locator('.quick-input-list .monaco-list-row', { hasText: 'Catalog prefix' })
    .filter({ hasText: 'dev' })
    .first()
    .waitFor({ timeout: 15_000 });
  await qi.choose('Change an optional setting, or continue', 'Continue');
  const ok = page.locator('.notification-toast', { hasText: `Connected to "${NAME}"` });
  const failed = page.locator('.notification-toast', { hasText: `"${NAME}": could not connect` });
  await ok.or(failed).first().waitFor({ timeout: 30_000 });
  if (await failed.count()) assert.fail(`the connection test failed: ${await failed.first().textContent()}`);
});

test('the tree lists the dev branch; an empty namespace says the catalog does not advertise views', { timeout: 120_000 }, async () => {
  await expand(NAME, 'connection');
  await row('dev_only', `namespace in connection ${NAME}`).waitFor({ timeout: 30_000 });
  await expand('nsb', `namespace in connection ${NAME}`);
  await expand('archive', 'namespace in namespace nsb');
  const empty = page.locator(
    '#workbench\\.parts\\.sidebar .monaco-list-row[aria-label^="No namespaces or tables, no views advertised, this catalog does not advertise view support"]',
  );
  await empty.first().waitFor({ timeout: 30_000 });
  assert.match((await empty.first().textContent()) ?? '', /no views advertised/);
  await expand('dev_only', `namespace in connection ${NAME}`);
  await row('experiments', 'table in namespace dev_only').waitFor({ timeout: 30_000 });
  await page.mouse.move(1200, 780);
  await screenshot(page, 'nessie-dev-branch');
});

test("the dev table's versions show pyiceberg's snapshot id, every digit", { timeout: 120_000 }, async () => {
  const seeded = nessie.dev.tables['dev_only\u001fexperiments']!;
  assert.ok(seeded.current);
  await row('experiments', 'table in namespace dev_only').click();
  const frame = panelFrame();
  await frame.locator('h1#title', { hasText: 'experiments' }).waitFor({ timeout: 30_000 });
  const ids = frame.locator('[data-section="versions"] table.versions tbody tr td:first-child code');
  await ids.first().waitFor({ timeout: 30_000 });
  assert.deepEqual(await ids.allTextContents(), [seeded.current]);
  assert.deepEqual(await frame.locator('[data-section="snapshots"] .snapshot-id').allTextContents(), [seeded.current]);
  await page.mouse.move(1200, 780);
  await screenshot(page, 'nessie-versions');
});

test('the request inspector shows what the client made of GET /v1/config: the prefix and the missing views', { timeout: 120_000 }, async () => {
  await runCommand(page, 'Namespace Browser: Show Requests');
  const frame = panelFrame();
  const config = frame.locator('table.requests tbody tr', { hasText: 'GetConfig' }).first();
  await config.waitFor({ timeout: 30_000 });
  await config.click();
  const notes = frame.locator('ul.notes li');
  await notes.first().waitFor({ timeout: 30_000 });
  const text = await notes.allTextContents();
  assert.ok(
    text.some((t) => /^prefix "dev" \(from the connection\) is used in every path: \/v1\/dev\//.test(t)),
    text.join('\n'),
  );
  assert.ok(
    text.some((t) => /does not advertise view support/.test(t)),
    text.join('\n'),
  );
  await page.mouse.move(1200, 780);
  await screenshot(page, 'nessie-inspector-notes');
});
