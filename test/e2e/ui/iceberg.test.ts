// An Iceberg catalog in the real VS Code: the packaged extension in code-server, the Iceberg project's own REST
// catalog server seeded through its REST API, a connection added with the Generic Iceberg REST preset by keyboard,
// then the table's partition spec, snapshots, refs and field ids, and the view's SQL, read in the details panel.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { startIcebergCatalog, type IcebergCatalog } from '../../support/icebergServer';
import { ICEBERG_SEED, ORDERS_SPEC, seedIceberg, type IcebergSeedResult } from '../../support/icebergSeed';
import { repoRoot, startCodeServer, type CodeServer } from '../support/codeServer';
import { quickInput } from '../support/quickInput';
import { closeWorkbench, openNamespaceBrowser, openWorkbench, runCommand, screenshot, treeItem } from '../support/workbench';
import { uiSuite } from '../support/uiSuite';

const { after, before, test, editor } = uiSuite('an Iceberg catalog');

const vsix = path.join(repoRoot, 'dist/namespace-browser.vsix');
const NAME = 'Iceberg Local';
let iceberg: IcebergCatalog;
let seed: IcebergSeedResult;
let server: CodeServer;
let page: Page;

before(async () => {
  assert.ok(fs.existsSync(vsix), `${vsix} is missing: run npm run package first`);
  iceberg = await startIcebergCatalog();
  seed = await seedIceberg(iceberg.uri);
  server = await startCodeServer({ editor: editor(), vsix, settings: { 'workbench.colorTheme': 'Default Dark Modern' } });
  page = await openWorkbench(server);
  qi = quickInput(page);
  await openNamespaceBrowser(page);
});

after(async () => {
  if (page) await closeWorkbench(page).catch(() => undefined);
  await server?.stop();
  await iceberg?.stop();
});

// Bound once the page exists (see before()).
let qi: ReturnType<typeof quickInput>;
const answer = (step: string, value: string) => qi.answer(step, value);
const choose = (step: string, label: string) => qi.choose(step, label);

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

/** The content of the one visible webview (hidden panels keep their frames). */
function panelFrame(): FrameLocator {
  return page.frameLocator('iframe.webview.ready:visible').frameLocator('iframe#active-frame');
}

const texts = async (l: Locator) => (await l.allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
/** The cells of each table row, as text. */
const cells = (rows: Locator) => rows.evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td, th')).map((c) => (c.textContent ?? '').trim())));

test('Add Connection with the Generic Iceberg REST preset, auth None, by keyboard; the test passes', { timeout: 120_000 }, async () => {
  await runCommand(page, 'Namespace Browser: Add Connection…');
  await choose('What kind of catalog?', 'Generic Iceberg REST');
  await answer('A name for the connection', NAME);
  await answer('The Iceberg REST catalog URL', iceberg.uri);
  await answer('Warehouse', iceberg.warehouse);
  await choose('How does the catalog authenticate requests?', 'None');
  await choose('Change an optional setting, or continue', 'Continue');
  const ok = page.locator('.notification-toast', { hasText: `Connected to "${NAME}"` });
  const failed = page.locator('.notification-toast', { hasText: `"${NAME}": could not connect` });
  await ok.or(failed).first().waitFor({ timeout: 30_000 });
  if (await failed.count()) assert.fail(`the connection test failed: ${await failed.first().textContent()}`);
  assert.equal(await ok.count(), 1);
  await row(NAME, 'connection').waitFor();
  assert.match((await row(NAME, 'connection').textContent()) ?? '', /Iceberg REST/);
});

test('orders: partition spec, snapshot timeline (newest first), refs and field ids in the details panel', { timeout: 180_000 }, async () => {
  await expand(NAME, 'connection');
  await expand('db', `namespace in connection ${NAME}`);
  await expand('sales', 'namespace in namespace db');
  await row('orders', 'table in namespace db.sales').click();

  const frame = panelFrame();
  await frame.locator('h1#title', { hasText: 'orders' }).waitFor({ timeout: 30_000 });
  await frame.locator('[data-section="partitioning"] table').waitFor({ timeout: 30_000 });
  assert.match((await frame.locator('.badge.format').textContent()) ?? '', /^Iceberg v2$/);

  // No rows for Iceberg: the preview says why, and gives the pyiceberg lines that read them with this catalog.
  const unavailable = frame.locator('[data-section="preview"] .preview-unavailable');
  await unavailable.waitFor({ timeout: 30_000 });
  assert.match(
    (await unavailable.textContent()) ?? '',
    /No data preview for Iceberg tables.*Parquet data files in object storage.*storage credentials.*never read data files/s,
  );
  assert.match(
    (await unavailable.locator('pre.snippet').textContent()) ?? '',
    /load_catalog\("rest".*\n.*load_table\("db\.sales\.orders"\)\n.*scan\(limit=100\)/s,
  );

  // Partitioning: every field of the spec with its transform and source column.
  const specRows = frame.locator('[data-section="partitioning"] tbody tr');
  assert.equal(await specRows.count(), ORDERS_SPEC.fields.length);
  assert.deepEqual(await cells(specRows), [
    ['region', 'identity', 'region', '1000'],
    ['ts_day', 'day', 'ts', '1001'],
    ['id_bucket', 'bucket[16]', 'id', '1002'],
  ]);

  // Snapshots: two appends, newest first, the newer one current on main, the older one tagged.
  const snapshots = frame.locator('[data-section="snapshots"] ol.timeline > li');
  assert.equal(await snapshots.count(), 2);
  const [newer, older] = ICEBERG_SEED.snapshots.map((s) => String(s.id)).reverse();
  assert.deepEqual(await texts(snapshots.locator('.snapshot-id')), [newer, older]);
  assert.deepEqual(await texts(snapshots.locator('.badge.op')), ['append', 'append']);
  assert.match((await snapshots.nth(0).textContent()) ?? '', /current/);
  assert.match((await snapshots.nth(0).textContent()) ?? '', /main/);
  assert.match((await snapshots.nth(1).textContent()) ?? '', new RegExp(ICEBERG_SEED.tag));
  assert.match((await snapshots.nth(0).textContent()) ?? '', /total-records\s*15/);
  // Times are the seed's, newest first, shown as the machine-readable datetime of a <time> element.
  const times = await snapshots.locator('time').evaluateAll((els) => els.map((e) => e.getAttribute('datetime')));
  assert.deepEqual(
    times.map((t) => (t ? Date.parse(t) : NaN)),
    [...seed.snapshotTimesMs].reverse(),
  );

  // Tags are marked as tags, branches as branches.
  assert.equal(await snapshots.nth(1).locator('.badge.ref-tag .codicon-tag').count(), 1);
  assert.equal(await snapshots.nth(0).locator('.badge.ref-branch .codicon-git-branch').count(), 1);
  // The versions table lists the same snapshots by their exact ids (not as quantities), newest first.
  const versionIds = await frame.locator('[data-section="versions"] table.versions tbody tr td:first-child code').allTextContents();
  assert.deepEqual(versionIds, [newer, older]);

  // Refs: branch main at the newer snapshot, tag v1 at the older one.
  const refs = await cells(frame.locator('[data-section="refs"] tbody tr'));
  assert.deepEqual(
    refs.map((r) => r.slice(0, 3)).sort(),
    [
      ['main', 'branch', newer],
      [ICEBERG_SEED.tag, 'tag', older],
    ].sort(),
  );

  // Field ids in the schema tree are the ones the catalog assigned (it renumbers a new table's fields), read
  // from the server's own answer.
  const loaded = (await (await fetch(`${iceberg.uri}/v1/namespaces/db%1Fsales/tables/orders`)).json()) as {
    metadata: { 'current-schema-id': number; schemas: { 'schema-id': number; fields: { id: number; name: string }[] }[] };
  };
  const current = loaded.metadata.schemas.find((s) => s['schema-id'] === loaded.metadata['current-schema-id'])!;
  assert.equal(current.fields.length, 17);
  const shown = await frame
    .locator('[data-section="schema"] [role=treeitem][aria-level="1"]')
    .evaluateAll((items) => items.map((i) => [i.getAttribute('data-name'), i.querySelector('.col-id')?.textContent?.trim()]));
  assert.deepEqual(
    shown,
    current.fields.map((f) => [f.name, String(f.id)]),
  );
  // The screenshot shows the Iceberg sections (partitioning, snapshots, refs), below the schema.
  await frame.locator('[data-section="partitioning"]').evaluate((e) => e.scrollIntoView({ block: 'start' }));
  await page.mouse.move(1200, 780);
  await screenshot(page, 'iceberg-table-details');
});

test('the view orders_by_region shows its SQL in both dialects', { timeout: 120_000 }, async () => {
  await row('orders_by_region', 'view, in namespace db.sales').click();
  const frame = panelFrame();
  await frame.locator('h1#title', { hasText: 'orders_by_region' }).waitFor({ timeout: 30_000 });
  const sql = frame.locator('[data-section="sql"] figure.sql');
  await sql.first().waitFor({ timeout: 30_000 });
  assert.equal(await sql.count(), 2);
  assert.deepEqual(await texts(sql.locator('figcaption .badge')), ['spark', 'trino']);
  assert.deepEqual(await sql.locator('pre').allTextContents(), [ICEBERG_SEED.viewSql, ICEBERG_SEED.viewSqlTrino]);
  await page.mouse.move(1200, 780);
  await screenshot(page, 'iceberg-view');
});
