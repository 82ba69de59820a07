// Installs the packaged extension (dist/namespace-browser.vsix, from `npm run package`) and drives the workbench.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { repoRoot, startCodeServer, type CodeServer } from '../support/codeServer';
import { closeWorkbench, openNamespaceBrowser, openWorkbench, screenshot } from '../support/workbench';
import { uiSuite } from '../support/uiSuite';

const { after, before, test, editor } = uiSuite('the Catalogs view without connections');

const vsix = path.join(repoRoot, 'dist/namespace-browser.vsix');
let server: CodeServer;
let page: Page;

before(async () => {
  assert.ok(fs.existsSync(vsix), `${vsix} is missing: run npm run package first`);
  server = await startCodeServer({ editor: editor(), vsix });
  page = await openWorkbench(server);
});

after(async () => {
  if (page) await closeWorkbench(page);
  await server?.stop();
});

test('the Catalogs view welcomes a user without connections', { timeout: 60_000 }, async () => {
  await openNamespaceBrowser(page);
  await page.mouse.move(640, 400); // so the activity bar tooltip stays out of the screenshot
  await page.getByText('No catalog connections yet.').waitFor();
  const addButton = page.locator('.welcome-view-content').getByRole('button', { name: 'Add Connection' });
  assert.equal(await addButton.isVisible(), true);
  await screenshot(page, 'catalogs-welcome');
});
