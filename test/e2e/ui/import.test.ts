// Import Connection… in the installed .vsix: a Lance property block from the clipboard, its keys with no
// equivalent listed before anything happens, the connection reviewed in the wizard, saved and browsed; the bearer
// token in the pasted text is a canary searched for afterwards in code-server's user data, the workbench page, the
// inspector and the browser's storage, and found only sealed in SecretStorage.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { startHeaderGateway } from '../../support/headerGateway';
import { startLanceCatalog, type RunningServer } from '../../support/pyserver';
import { repoRoot, startCodeServer, type CodeServer } from '../support/codeServer';
import { quickInput } from '../support/quickInput';
import { persistedSecrets } from '../support/secretBlob';
import { closeWorkbench, openNamespaceBrowser, openWorkbench, runCommand, screenshot, webviewFrame } from '../support/workbench';
import { uiSuite } from '../support/uiSuite';

const { after, before, test, editor } = uiSuite('Import Connection from pasted properties');

const vsix = path.join(repoRoot, 'dist/namespace-browser.vsix');
const CANARY = `NSBIMPORTCANARY${Date.now().toString(36)}`;
let lance: RunningServer;
let gateway: Awaited<ReturnType<typeof startHeaderGateway>>;
let server: CodeServer;
let page: Page;
let qi: ReturnType<typeof quickInput>;

before(async () => {
  assert.ok(fs.existsSync(vsix), `${vsix} is missing: run npm run package first`);
  lance = await startLanceCatalog({ seed: 'standard' });
  gateway = await startHeaderGateway({ upstream: lance.uri, header: 'authorization', value: `Bearer ${CANARY}` });
  server = await startCodeServer({ editor: editor(), vsix: [vsix] });
  page = await openWorkbench(server);
  qi = quickInput(page);
});

after(async () => {
  if (page) await closeWorkbench(page).catch(() => undefined);
  await server?.stop();
  await gateway?.close();
  await lance?.stop();
});

const treeRow = (name: string) => page.locator('#workbench\\.parts\\.sidebar .monaco-list-row', { hasText: name }).first();

test(
  'a pasted Lance property block: unused keys listed, reviewed in the wizard, saved, browsed; its token only in SecretStorage',
  { timeout: 240_000 },
  async () => {
    await openNamespaceBrowser(page);
    // Copied from wherever the user keeps it: the clipboard is what Import reads a paste from.
    const properties = [
      `uri=${gateway.uri}`,
      'delimiter=$',
      `header.Authorization=Bearer ${CANARY}`,
      'header.x-team=data-eng',
      'tls.reload_interval_seconds=60',
      'frobnicate=1',
    ];
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.evaluate((text) => navigator.clipboard.writeText(text), properties.join('\n'));

    await runCommand(page, 'Namespace Browser: Import Connection…');
    await qi.choose('Lance namespace properties, Iceberg or Spark catalog properties', 'From the Clipboard');
    // Nothing dropped silently: the keys with no equivalent are listed, with why, before the wizard opens.
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor();
    const listed = (await dialog.textContent()) ?? '';
    assert.match(listed, /2 keys of the clipboard have no equivalent here/);
    assert.match(listed, /frobnicate: not a Lance namespace properties key/);
    assert.match(listed, /tls\.reload_interval_seconds: the CA file is read when the connection opens/);
    assert.ok(!listed.includes(CANARY));
    await screenshot(page, 'import-unused-keys');
    await dialog.getByRole('button', { name: 'Continue' }).click();

    // The wizard shows what was read; Enter keeps each answer.
    await qi.atStep('What kind of catalog?');
    const active = qi.widget().locator('.quick-input-list .monaco-list-row.focused');
    assert.match((await active.textContent()) ?? '', /Lance REST Namespace/);
    await page.keyboard.press('Enter');
    await qi.atStep('A name for the connection');
    assert.equal(await qi.input().inputValue(), new URL(gateway.uri).host);
    await qi.answer('A name for the connection', 'Imported Lance');
    await qi.atStep('The Lance REST Namespace server URL');
    assert.equal(await qi.input().inputValue(), gateway.uri);
    await page.keyboard.press('Enter');
    await qi.atStep('How does the catalog authenticate requests?');
    assert.match((await active.textContent()) ?? '', /Bearer token/);
    await page.keyboard.press('Enter');
    await qi.atStep('Sent as "Authorization: Bearer');
    assert.equal(await qi.input().getAttribute('type'), 'password', 'the pasted token is in a password box');
    await page.mouse.move(640, 700);
    await screenshot(page, 'import-wizard-review');
    await page.keyboard.press('Enter');
    await qi.choose('Change an optional setting, or continue', 'Continue');
    await page.locator('.notification-toast', { hasText: 'Connected to "Imported Lance"' }).waitFor({ timeout: 30_000 });

    // Browse: the gateway lets through only the pasted token.
    const refused = gateway.refused;
    const sales = treeRow('sales');
    const deadline = Date.now() + 45_000;
    while (!(await sales.isVisible())) {
      if (Date.now() > deadline) throw new Error('the imported connection never listed its namespaces');
      const row = treeRow('Imported Lance');
      if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
      await sales.waitFor({ timeout: 3_000 }).catch(() => undefined);
    }
    assert.equal(gateway.refused, refused, 'every request carried the pasted token');
    await screenshot(page, 'import-browsed');

    // The clipboard is the user's: empty it, then look for the token everywhere it must not be.
    await page.evaluate(() => navigator.clipboard.writeText(''));
    await runCommand(page, 'Namespace Browser: Show Requests');
    const inspector = webviewFrame(page);
    const requests = inspector.locator('table.requests tbody tr', { hasText: 'Imported Lance' });
    await requests.first().waitFor({ timeout: 30_000 });
    await requests.first().click();
    await inspector.locator('table.requests tbody tr.selected').first().waitFor();
    // The record's details load after the click: its headers show the pasted plain header.
    await inspector.locator('body', { hasText: 'x-team' }).waitFor({ timeout: 30_000 });
    const record = (await inspector.locator('body').textContent()) ?? '';
    assert.ok(!record.includes(CANARY), 'no token in the inspector');
    await runCommand(page, 'View: Close All Editors');
    assert.ok(!(await page.content()).includes(CANARY), 'no token in the workbench page');
    const leaking = walk(server.userDataDir)
      .filter((f) => contains(f, CANARY))
      .map((f) => path.relative(server.userDataDir, f));
    assert.deepEqual(leaking, [], 'no token in code-server user data (settings, logs, connection files)');
    const local = await page.evaluate(() =>
      Object.fromEntries(Array.from({ length: localStorage.length }, (_, i) => [localStorage.key(i)!, localStorage.getItem(localStorage.key(i)!) ?? ''])),
    );
    for (const [k, v] of Object.entries(local)) assert.ok(!v.includes(CANARY), `no token in clear in localStorage ${k}`);
    const sealed = Object.values(await persistedSecrets(page)).join('\n');
    assert.ok(sealed.includes(CANARY), 'the pasted token is in SecretStorage');
  },
);

test('Copy Connection As… Lance properties: the token is an environment reference, the rest as imported', { timeout: 60_000 }, async () => {
  await runCommand(page, 'Namespace Browser: Copy Connection As…');
  await qi.choose('Copy which connection?', 'Imported Lance');
  await qi.choose('Copy "Imported Lance" As…', 'Lance namespace properties');
  const toast = page.locator('.notification-toast', { hasText: 'Copied "Imported Lance" as Lance namespace properties' });
  await toast.waitFor({ timeout: 30_000 });
  assert.match((await toast.textContent()) ?? '', /reads NSB_TOKEN from the environment/);
  await toast.getByRole('button', { name: 'Open in Editor' }).click();
  const text = page.locator('.monaco-editor .view-lines').first();
  await text.filter({ hasText: 'header.Authorization' }).waitFor();
  const shown = (await text.textContent()) ?? '';
  assert.match(shown.replace(/\u00a0/g, ' '), /header\.Authorization=Bearer \$\{env:NSB_TOKEN\}/);
  assert.ok(!shown.includes(CANARY));
  await screenshot(page, 'copy-connection-as');
  await runCommand(page, 'View: Revert and Close Editor');
});

test('Open in Python on a table of the tree and its panel: a pylance script that reads the token from the environment', { timeout: 90_000 }, async () => {
  for (const [name, under] of [
    ['sales', 'emea'],
    ['emea', 'orders'],
  ] as const) {
    const deadline = Date.now() + 30_000;
    while (!(await treeRow(under).isVisible())) {
      if (Date.now() > deadline) throw new Error(`${name} never showed ${under}`);
      const row = treeRow(name);
      if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
      await treeRow(under)
        .waitFor({ timeout: 3_000 })
        .catch(() => undefined);
    }
  }
  await treeRow('orders').click({ button: 'right' });
  const item = page.locator('.context-view .action-label', { hasText: 'Open in Python' });
  await item.hover();
  await item.click();
  // A click that lands while the menu still animates in only focuses the item: Enter then runs it.
  const menu = page.locator('.context-view .monaco-menu');
  if (
    !(await menu.waitFor({ state: 'detached', timeout: 3_000 }).then(
      () => true,
      () => false,
    ))
  )
    await page.keyboard.press('Enter');
  const text = page.locator('.monaco-editor .view-lines', { hasText: 'lance_namespace.connect' }).first();
  await text.waitFor({ timeout: 30_000 }).catch(async (e: unknown) => {
    await screenshot(page, 'open-in-python-failed');
    throw e;
  });
  const script = ((await text.textContent()) ?? '').replace(/\u00a0/g, ' ');
  assert.match(script, /"header\.Authorization": "Bearer " \+ os\.environ\["NSB_TOKEN"\]/);
  assert.match(script, /table_id=\["sales", "emea", "orders"\]/);
  assert.ok(!script.includes(CANARY));
  await screenshot(page, 'open-in-python');
  await runCommand(page, 'View: Revert and Close Editor');

  // The same from the table's details panel: a button in its title bar.
  await treeRow('orders').click();
  const button = page.locator('.editor-actions .action-label[aria-label="Open in Python"]');
  await button.waitFor({ timeout: 30_000 });
  await button.click();
  await page.locator('.monaco-editor .view-lines', { hasText: 'lance_namespace.connect' }).first().waitFor({ timeout: 30_000 });
  await runCommand(page, 'View: Revert and Close Editor');
});

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(p));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

function contains(file: string, text: string): boolean {
  const bytes = fs.readFileSync(file);
  return bytes.includes(Buffer.from(text, 'utf8')) || bytes.includes(Buffer.from(text, 'utf16le'));
}
