// The panels and the tree as people without a mouse, with a screen reader, in high contrast or at 200-400% zoom use
// them: axe-core run inside each panel's document (our markup only), a keyboard-only walk from the empty view to a
// copied cURL, High Contrast Dark and Light screenshots, and reflow at zoom. Against the Lance reference server, behind
// two botocore SigV4 gateways: one that accepts our signatures and one whose secret differs, so its 403 carries the
// canonical request it expected (the inspector's side-by-side comparison).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { startLanceCatalog, startSigV4Gateway, type RunningServer } from '../../support/pyserver';
import { repoRoot, startCodeServer, type CodeServer } from '../support/codeServer';
import { quickInput } from '../support/quickInput';
import { closeWorkbench, colorTheme, openWorkbench, runCommand, screenshot, treeItem } from '../support/workbench';
import { uiSuite } from '../support/uiSuite';

const { after, before, test, editor } = uiSuite('accessibility: axe, keyboard only, high contrast, zoom');

const vsix = path.join(repoRoot, 'dist/namespace-browser.vsix');
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const ACCESS_KEY_ID = 'AKIDA11YTEST0001';
const SECRET = 'a11y-secret-CANARY-51d2';
let lance: RunningServer;
let gateway: RunningServer;
let mismatch: RunningServer;
let server: CodeServer;
let page: Page;

before(async () => {
  assert.ok(fs.existsSync(vsix), `${vsix} is missing: run npm run package first`);
  lance = await startLanceCatalog({ seed: 'standard' });
  gateway = await startSigV4Gateway({ upstream: lance.uri, region: 'us-east-1', accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET });
  // Same key id, another secret: every signature we send is wrong there, and botocore says what it expected.
  mismatch = await startSigV4Gateway({ upstream: lance.uri, region: 'us-east-1', accessKeyId: ACCESS_KEY_ID, secretAccessKey: 'not-the-secret-we-sign-with' });
  server = await startCodeServer({
    editor: editor(),
    vsix,
    env: { AWS_ACCESS_KEY_ID: ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: SECRET },
    settings: {
      'workbench.colorTheme': 'Default Dark Modern',
      'namespaceBrowser.connections': [
        {
          id: 'signed',
          name: 'Lance via SigV4',
          protocol: 'lance-rest',
          uri: gateway.uri,
          auth: { type: 'sigv4', settings: { region: 'us-east-1', credentials: 'env' } },
        },
        {
          id: 'mismatch',
          name: 'Wrong Secret',
          protocol: 'lance-rest',
          uri: mismatch.uri,
          auth: { type: 'sigv4', settings: { region: 'us-east-1', credentials: 'env' } },
        },
      ],
    },
  });
  page = await openWorkbench(server);
  await page.locator('.activitybar .action-item a[aria-label^="Namespace Browser"]').waitFor({ timeout: 60_000 });
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(server.url).origin });
});

after(async () => {
  if (page) await closeWorkbench(page);
  await server?.stop();
  await mismatch?.stop();
  await gateway?.stop();
  await lance?.stop();
});

// ---------------------------------------------------------------------------------------------------------------
// Helpers

/**
 * The document of the visible panel (two iframes deep), once it has rendered `ready`. A panel that another one just
 * covered loses its frames (no retainContextWhenHidden), and a webview reloads its inner frame when it becomes
 * visible, so a frame found a moment ago may be detached or replaced when it is read: that is "not this one yet",
 * and the search goes on until the deadline, which reports the last such error.
 */
async function panelDocument(ready: string): Promise<Frame> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    let lastError: unknown;
    try {
      const outer = await page.locator('iframe.webview.ready:visible').first().elementHandle({ timeout: 30_000 });
      const inner = await (await outer.contentFrame())?.$('iframe#active-frame');
      const frame = await inner?.contentFrame();
      if (frame && (await frame.$(ready))) return frame;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > deadline) throw new Error(`the panel never showed ${ready}${lastError ? ` (last: ${String(lastError)})` : ''}`);
    await page.waitForTimeout(200);
  }
}

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string; html: string; summary: string }[];
}

/** Runs axe-core in a document (injected by Playwright, outside the page's CSP) and returns its violations. */
async function axe(frame: Frame | Page, context: unknown = { exclude: [['#_defaultStyles']] }, only?: string[]): Promise<Violation[]> {
  if (!(await frame.evaluate(() => 'axe' in window))) await frame.evaluate(axeSource);
  return frame.evaluate(
    async ([ctx, rules]) => {
      const a = (
        window as unknown as {
          axe: {
            run(
              c: unknown,
              o: unknown,
            ): Promise<{
              violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[]; html: string; failureSummary?: string }[] }[];
            }>;
          };
        }
      ).axe;
      const result = await a.run(ctx, { resultTypes: ['violations'], ...(rules ? { runOnly: { type: 'rule', values: rules } } : {}) });
      return result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => ({ target: JSON.stringify(n.target), html: n.html.slice(0, 200), summary: n.failureSummary ?? '' })),
      }));
    },
    [context, only] as const,
  );
}

function describeViolations(vs: Violation[]): string {
  return vs
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `  ${n.target} ${n.html}\n    ${n.summary.replace(/\n/g, '\n    ')}`).join('\n')}`)
    .join('\n');
}

/** Where focus is in a panel's document, in words a test can compare. */
function focusIn(
  frame: Frame,
): Promise<{ tag: string; role: string | null; name?: string; action?: string; id?: string; text: string; selected: string | null }> {
  return frame.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return {
      tag: el?.tagName ?? '',
      role: el?.getAttribute('role') ?? null,
      name: el?.dataset.name,
      action: el?.dataset.action,
      id: el?.id || undefined,
      text: (el?.textContent ?? '').trim().slice(0, 80),
      selected: el?.getAttribute('aria-selected') ?? null,
    };
  });
}

/** Presses a key until `done` holds (at most `max` times); returns how many presses it took. */
async function pressUntil(key: string, done: () => Promise<boolean>, max: number, what: string): Promise<number> {
  for (let i = 0; i <= max; i++) {
    if (await done()) return i;
    await page.keyboard.press(key);
  }
  throw new Error(`${max} presses of ${key} never reached ${what}`);
}

/** The aria-label of the focused row of the Catalogs tree. */
function focusedTreeRow(): Promise<string> {
  return page
    .locator('#workbench\\.parts\\.sidebar .monaco-list-row.focused')
    .first()
    .getAttribute('aria-label', { timeout: 5_000 })
    .then(
      (l) => l ?? '',
      () => '',
    );
}

/** Counts pointer events in a document from now on: the keyboard-only test asserts there were none. */
async function countPointer(frame: Frame | Page): Promise<void> {
  await frame.evaluate(() => {
    const w = window as unknown as { nsbPointer?: number };
    if (w.nsbPointer !== undefined) return;
    w.nsbPointer = 0;
    for (const type of ['pointerdown', 'mousedown', 'mouseup', 'pointerup']) document.addEventListener(type, () => (w.nsbPointer! += 1), true);
  });
}
const pointerCount = (frame: Frame | Page) => frame.evaluate(() => (window as unknown as { nsbPointer?: number }).nsbPointer ?? -1);

// ---------------------------------------------------------------------------------------------------------------
// Keyboard only

test(
  'keyboard only: open the view, add a connection, open a table, walk the schema, refresh, open the inspector, copy a cURL',
  { timeout: 240_000 },
  async () => {
    await countPointer(page);
    const qi = quickInput(page);
    // Open the view from the palette.
    await runCommand(page, 'View: Show Namespace Browser');
    await treeItem(page, 'Lance via SigV4', 'connection').waitFor({ timeout: 60_000 });

    // Add a connection with the wizard.
    await runCommand(page, 'Namespace Browser: Add Connection…');
    await qi.choose('What kind of catalog?', 'Lance REST Namespace');
    await qi.answer('A name for the connection', 'Keyboard Lance');
    await qi.answer('The Lance REST Namespace server URL', lance.uri);
    await qi.choose('How does the catalog authenticate requests?', 'None');
    await qi.choose('Change an optional setting, or continue', 'Continue');
    await page.locator('.notification-toast', { hasText: 'Connected to "Keyboard Lance"' }).waitFor({ timeout: 30_000 });

    // The new connection is revealed and has focus: the keyboard goes on from there, not from the page body.
    await page.waitForFunction(() => document.activeElement?.closest('#workbench\\.parts\\.sidebar .monaco-list') !== null, undefined, { timeout: 15_000 });
    await page.waitForFunction(
      () => (document.querySelector('#workbench\\.parts\\.sidebar .monaco-list-row.focused')?.getAttribute('aria-label') ?? '').startsWith('Keyboard Lance, '),
      undefined,
      { timeout: 15_000 },
    );

    // Expand and walk down to sales › emea › orders; Enter opens the table.
    await page.keyboard.press('ArrowRight');
    await treeItem(page, 'sales', 'namespace in connection Keyboard Lance').waitFor({ timeout: 30_000 });
    await pressUntil('ArrowDown', async () => (await focusedTreeRow()).startsWith('sales, '), 40, 'sales');
    await page.keyboard.press('ArrowRight');
    await treeItem(page, 'emea', 'namespace in namespace sales').waitFor({ timeout: 30_000 });
    await pressUntil('ArrowDown', async () => (await focusedTreeRow()).startsWith('emea, '), 40, 'emea');
    await page.keyboard.press('ArrowRight');
    await treeItem(page, 'orders', 'table in namespace sales$emea').waitFor({ timeout: 30_000 });
    await pressUntil('ArrowDown', async () => (await focusedTreeRow()).startsWith('orders, '), 40, 'orders');
    await page.keyboard.press('Enter');

    // The details panel: Tab reaches the schema tree; arrows walk it; Right expands a struct.
    let details = await panelDocument('[role=treeitem][data-name="order_id"]');
    await countPointer(details);
    await details.waitForSelector('table.versions');
    await page.keyboard.press('Tab');
    const tabs = await pressUntil('Tab', async () => (await focusIn(details)).role === 'treeitem', 80, 'the schema tree');
    assert.ok(tabs > 0);
    assert.equal((await focusIn(details)).name, 'order_id', 'the tree is entered at its first field');
    await pressUntil('ArrowDown', async () => (await focusIn(details)).name === 'address', 30, 'address');
    await page.keyboard.press('ArrowRight');
    await details.waitForSelector('[role=treeitem][data-name="city"]');
    await pressUntil('ArrowDown', async () => (await focusIn(details)).name === 'city', 10, 'city');

    // Back to Refresh, and Enter: the panel reloads and focus stays on Refresh; the schema keeps address open and
    // its tab stop on city.
    await details.evaluate(() => document.querySelector('.schema-tree')!.setAttribute('data-probe', 'before refresh'));
    await pressUntil('Shift+Tab', async () => (await focusIn(details)).action === 'refresh', 80, 'Refresh');
    await page.keyboard.press('Enter');
    await details.waitForSelector('.schema-tree:not([data-probe]) [role=treeitem][data-name="city"]', { timeout: 30_000 });
    await details.waitForSelector('table.versions');
    assert.equal((await focusIn(details)).action, 'refresh', 'focus stays on Refresh across the reload');
    assert.equal(await details.getAttribute('[role=treeitem][data-name="address"]', 'aria-expanded'), 'true');
    assert.equal(await details.getAttribute('[role=treeitem][data-name="city"]', 'tabindex'), '0');
    await pressUntil('Tab', async () => (await focusIn(details)).role === 'treeitem', 80, 'the schema tree again');
    assert.equal((await focusIn(details)).name, 'city', 'Tab comes back to the field the reader was on');

    // (Refresh re-posts every section, each arriving on its own: focus held through all of them.)

    // Copy Identifier by keyboard: the button says Copied, and the live region announces it.
    await pressUntil('Shift+Tab', async () => (await focusIn(details)).action === 'copy-identifier', 80, 'Copy Identifier');
    await page.keyboard.press('Enter');
    await details.waitForSelector('[data-action="copy-identifier"].copied');
    await details.waitForFunction(() => document.getElementById('announcer')?.textContent === 'Copied identifier');
    details = await panelDocument('[role=treeitem]');
    assert.equal(await pointerCount(details), 0, 'no pointer event reached the details panel');

    // The inspector: the request list is one tab stop; arrows choose; Enter opens the record; Escape returns.
    await runCommand(page, 'Namespace Browser: Show Requests');
    const inspector = await panelDocument('table.requests tbody tr');
    await countPointer(inspector);
    await pressUntil('Tab', async () => (await focusIn(inspector)).tag === 'TR', 12, 'the request list');
    await page.keyboard.press('ArrowDown');
    await inspector.waitForFunction(() => document.activeElement?.getAttribute('aria-selected') === 'true');
    const second = await focusIn(inspector);
    assert.notEqual(second.text, '', 'a row has focus');
    assert.equal(await inspector.evaluate(() => document.querySelectorAll('table.requests tbody tr[tabindex="0"]').length), 1, 'one row in the tab order');
    // Tab leaves the list at once (rows are not tab stops each).
    await inspector.waitForSelector('#copy-curl, [data-action="copy-curl"]');
    await page.keyboard.press('Tab');
    assert.notEqual((await focusIn(inspector)).tag, 'TR', 'Tab leaves the list');
    await page.keyboard.press('Shift+Tab');
    assert.equal((await focusIn(inspector)).tag, 'TR', 'Shift+Tab comes back to the selected row');
    await page.keyboard.press('Enter');
    assert.equal((await focusIn(inspector)).tag, 'SECTION', 'Enter moves to the record');
    await page.keyboard.press('Tab');
    assert.equal((await focusIn(inspector)).action, 'copy-curl');
    await page.keyboard.press('Enter');
    await inspector.waitForSelector('[data-action="copy-curl"].copied');
    assert.equal(await inspector.textContent('[data-action="copy-curl"] .btn-label'), 'Copied');
    await inspector.waitForFunction(() => document.getElementById('announcer')?.textContent === 'Copied as cURL');
    const clip = await page.evaluate(() => navigator.clipboard.readText()).catch((e: unknown) => `(clipboard not readable: ${String(e)})`);
    assert.match(clip, /^curl /, 'the clipboard holds the cURL command');
    await page.keyboard.press('Escape');
    const back = await focusIn(inspector);
    assert.equal(back.tag, 'TR', 'Escape returns to the list');
    assert.equal(back.selected, 'true');
    assert.equal(await pointerCount(inspector), 0, 'no pointer event reached the inspector');
    assert.equal(await pointerCount(page), 0, 'no pointer event reached the workbench');
    await screenshot(page, 'a11y-keyboard-inspector');
  },
);

// ---------------------------------------------------------------------------------------------------------------
// axe

async function expand(name: string, about: string): Promise<void> {
  const r = treeItem(page, name, about);
  await r.waitFor({ timeout: 30_000 });
  if ((await r.getAttribute('aria-expanded')) !== 'true') await r.click();
  await r.and(page.locator('[aria-expanded="true"]')).waitFor({ timeout: 30_000 });
}

const results: Record<string, number> = {};

test(
  'axe finds no violation in the details panel (table and namespace) or the inspector (plain record, SigV4 comparison), nor a spoken-label mismatch in the tree',
  { timeout: 240_000 },
  async () => {
    await runCommand(page, 'View: Close All Editors');
    await treeItem(page, 'Wrong Secret', 'connection').waitFor({ timeout: 30_000 });
    await expand('Lance via SigV4', 'connection');
    await expand('sales', 'namespace in connection Lance via SigV4');
    await expand('emea', 'namespace in namespace sales');
    await treeItem(page, 'orders', 'table in namespace sales$emea').click();
    const table = await panelDocument('[role=treeitem][data-name="order_id"]');
    await table.waitForSelector('table.versions');
    await table.waitForSelector('table.indices');
    // Open every closed section, so axe sees their content too (Raw JSON, schema metadata...).
    await table.evaluate(() => document.querySelectorAll('details:not([open])').forEach((d) => ((d as HTMLDetailsElement).open = true)));
    assert.equal(await table.evaluate(() => document.getElementById('app')!.getAttribute('aria-busy')), null, 'not busy once the shell is drawn');
    const failures: string[] = [];
    const check = async (name: string, doc: Frame | Page, ctx?: unknown, only?: string[]) => {
      const vs = await axe(doc, ctx, only);
      results[name] = vs.reduce((n, v) => n + v.nodes.length, 0);
      if (vs.length) failures.push(`${name}:\n${describeViolations(vs)}`);
    };
    await check('details panel, table', table);

    // A namespace's details, from its row's inline action.
    const ns = treeItem(page, 'sales', 'namespace in connection Lance via SigV4');
    await ns.hover();
    await ns.locator('.action-label[aria-label="Open Details"]').click();
    // The namespace's panel replaces the table's preview panel, which has a properties section too: wait for a document
    // that has one and no table schema, or the table's frame (about to be detached) would be taken for it.
    const namespace = await panelDocument(':root:not(:has([data-name="order_id"])) [data-section="properties"]');
    await namespace.evaluate(() => document.querySelectorAll('details:not([open])').forEach((d) => ((d as HTMLDetailsElement).open = true)));
    await check('details panel, namespace', namespace);

    // The inspector with a plain (successful, signed) record.
    await runCommand(page, 'Namespace Browser: Show Requests');
    let inspector = await panelDocument('table.requests tbody tr');
    await inspector.click('table.requests tbody tr:not(.client-error)');
    await inspector.waitForSelector('pre#curl', { state: 'attached' });
    await check('inspector, plain record', inspector);

    // The inspector with a SigV4 comparison: the 403 of the gateway whose secret differs.
    await treeItem(page, 'Wrong Secret', 'connection').click();
    const error = page.locator('#workbench\\.parts\\.sidebar .monaco-list-row[aria-label*="error while listing connection Wrong Secret"]').first();
    await error.waitFor({ timeout: 30_000 });
    await runCommand(page, 'Namespace Browser: Show Requests');
    inspector = await panelDocument('table.requests tbody tr');
    await inspector.click('table.requests tbody tr.client-error');
    await inspector.waitForSelector('table.compare');
    await check('inspector, SigV4 comparison', inspector);

    // The tree: the spoken label of every row starts with what it shows (WCAG 2.5.3, label in name). axe's rule for it
    // reads VS Code's row as one run of text, and the workbench puts a row's label and description in adjacent spans
    // separated by a margin, not a space ("ordersv3"); so the criterion is checked here on the rendered row as seen:
    // its label, then its description, word for word, at the start of what a screen reader says.
    const rows = await page.locator('#workbench\\.parts\\.sidebar .monaco-list-row').evaluateAll((els) =>
      els.map((r) => ({
        shown: [r.querySelector('.label-name')?.textContent ?? '', r.querySelector('.label-description')?.textContent ?? '']
          .filter((t) => t.trim() !== '')
          .join(', '),
        spoken: r.getAttribute('aria-label') ?? '',
      })),
    );
    assert.ok(rows.length >= 8, `the tree shows its rows: ${rows.length}`);
    const mismatched = rows.filter((r) => !r.spoken.startsWith(r.shown));
    results['Catalogs tree (label in name)'] = mismatched.length;
    if (mismatched.length)
      failures.push(
        `Catalogs tree, spoken label does not start with the visible text:\n${mismatched.map((r) => `  shown ${JSON.stringify(r.shown)}, spoken ${JSON.stringify(r.spoken)}`).join('\n')}`,
      );
    console.log(`axe violations (nodes): ${JSON.stringify(results)}`);
    assert.deepEqual(failures, [], failures.join('\n\n'));
  },
);

// ---------------------------------------------------------------------------------------------------------------
// High contrast

test('High Contrast Dark and Light: the details panel and the inspector with a selected record', { timeout: 180_000 }, async () => {
  for (const [theme, slug, cls] of [
    ['Dark High Contrast', 'hc-dark', 'hc-black'],
    ['Light High Contrast', 'hc-light', 'hc-light'],
  ] as const) {
    await colorTheme(page, theme, cls);
    await runCommand(page, 'View: Close All Editors');
    await treeItem(page, 'orders', 'table in namespace sales$emea').click();
    const table = await panelDocument('[role=treeitem][data-name="order_id"]');
    await table.waitForSelector('body.vscode-high-contrast');
    await table.waitForSelector('table.indices');
    await table.focus('[role=treeitem][data-name="order_id"]');
    await page.mouse.move(1200, 780);
    await screenshot(page, `a11y-${slug}-details`);

    await runCommand(page, 'Namespace Browser: Show Requests');
    const inspector = await panelDocument('table.requests tbody tr');
    await inspector.click('table.requests tbody tr:not(.client-error)');
    await inspector.waitForSelector('pre#curl', { state: 'attached' });
    // Focus in the detail pane: the selected row keeps a visible mark (an outline in the theme's contrast colour).
    await inspector.focus('[data-action="copy-curl"]');
    const mark = await inspector.evaluate(() => {
      const tr = document.querySelector('tr.request.selected')!;
      const s = getComputedStyle(tr);
      return { outline: s.outlineStyle, width: s.outlineWidth, color: s.outlineColor };
    });
    assert.notEqual(mark.outline, 'none', `the selected request is marked in ${theme}`);
    assert.notEqual(mark.color, 'rgba(0, 0, 0, 0)');
    await page.mouse.move(1200, 780);
    await screenshot(page, `a11y-${slug}-inspector`);
  }
  await colorTheme(page, 'Dark Modern', 'vs-dark');
});

// ---------------------------------------------------------------------------------------------------------------
// Zoom

test(
  '200% and 400% zoom: the schema reflows (no clipped Nullable column), the inspector list keeps its height and the page scrolls',
  { timeout: 180_000 },
  async () => {
    await runCommand(page, 'View: Close All Editors');
    // A 1280×800 window at 200% lays out as 640×400 CSS pixels. At 400% (320×200) the workbench's own side bar takes
    // most of the width; a reader closes it, which leaves the panel about 270 px: the window here is as wide as that
    // leaves the panel with the side bar open, and as tall as 400% leaves it.
    const zooms = [
      [640, 400, '200'],
      [540, 200, '400'],
    ] as const;
    await treeItem(page, 'orders', 'table in namespace sales$emea').click();
    const table = await panelDocument('[role=treeitem][data-name="order_id"]');
    for (const [w, h, slug] of zooms) {
      await page.setViewportSize({ width: w, height: h });
      await table.waitForFunction((width) => document.documentElement.clientWidth < width, w);
      const clip = await table.evaluate(() => {
        const box = document.querySelector('.schema')!.getBoundingClientRect();
        const cells = Array.from(document.querySelectorAll('.schema-tree .col-null')).map((c) => c.getBoundingClientRect());
        return { width: document.documentElement.clientWidth, schemaRight: box.right, worst: Math.max(...cells.map((c) => c.right)), cells: cells.length };
      });
      assert.ok(clip.cells > 0 && clip.worst <= clip.schemaRight + 0.5, `Nullable column inside the schema at ${slug}%: ${JSON.stringify(clip)}`);
      await screenshot(page, `a11y-zoom-${slug}-details`);
    }
    await page.setViewportSize({ width: 1280, height: 800 });
    await runCommand(page, 'Namespace Browser: Show Requests');
    const inspector = await panelDocument('table.requests tbody tr');
    await inspector.click('table.requests tbody tr');
    await inspector.waitForSelector('pre#curl', { state: 'attached' });
    for (const [w, h, slug] of zooms) {
      await page.setViewportSize({ width: w, height: h });
      await inspector.waitForFunction((width) => document.documentElement.clientWidth < width, w);
      const layout = await inspector.evaluate(() => ({
        list: document.querySelector('.request-list')!.getBoundingClientRect().height,
        overflow: getComputedStyle(document.body).overflowY,
        scrollable: document.documentElement.scrollHeight > document.documentElement.clientHeight,
      }));
      assert.ok(layout.list > 60, `the request list keeps a usable height at ${slug}%: ${JSON.stringify(layout)}`);
      assert.ok(layout.overflow !== 'hidden' && layout.scrollable, `the inspector page scrolls at ${slug}%: ${JSON.stringify(layout)}`);
      await screenshot(page, `a11y-zoom-${slug}-inspector`);
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  },
);
