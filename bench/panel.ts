// Section 4, second half: the details panel in a real VS Code (code-server + Playwright, as test/e2e does), from the
// click on a table row to its schema's first field on screen, against a bare webview panel (bench/panelFloor.ts) and
// 2,000 columns vs 20. Section 7's panel row: from the click on a 50-column table to its first rows on screen, with
// the preview reading 100 rows against 10,000.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { errorMessage } from '../src/core/errors';
import { startCodeServer } from '../test/e2e/support/codeServer';
import { editor } from '../test/e2e/support/editors';
import { packageBarePanelExtension } from '../test/e2e/support/fixtureExtension';
import { closeWorkbench, openNamespaceBrowser, openWorkbench, runCommand, screenshot, webviewFrame } from '../test/e2e/support/workbench';
import { benchPanelFloor, instrumentPage } from './panelFloor';
import type { Row } from './results';
import { fmtMs, median, now } from './stats';

const REPO = path.resolve(__dirname, '..');

export async function benchPanel(uri: string, runs: number, log: (s: string) => void): Promise<Row[]> {
  const vsix = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nsb-bench-vsix-')), 'nsb.vsix');
  // dist/ holds the production build (npm run bench builds it first); package it as npm run package does.
  execFileSync(
    path.join(REPO, 'node_modules/.bin/vsce'),
    ['package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '-o', vsix],
    { cwd: REPO, stdio: 'pipe' },
  );
  const server = await startCodeServer({
    editor: editor('floor'),
    vsix: [vsix, await packageBarePanelExtension()],
    settings: { 'namespaceBrowser.connections': [{ name: 'bench', protocol: 'lance-rest', uri }] },
  });
  const page = await openWorkbench(server);
  try {
    await openNamespaceBrowser(page);
    // A tree row by its label (the accessible name carries the description and tooltip too).
    const treeRow = (label: string) =>
      page
        .locator('.monaco-list-row')
        .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }) })
        .first();
    const expand = async (label: string) => {
      const row = treeRow(label);
      await row.waitFor({ timeout: 60_000 });
      if ((await row.getAttribute('aria-expanded')) !== 'true') {
        await row.click();
        if ((await row.getAttribute('aria-expanded')) !== 'true') await page.keyboard.press('ArrowRight');
      }
    };
    await expand('bench');
    await expand('wide');
    const closeAll = async () => {
      await runCommand(page, 'View: Close All Editors');
      await page
        .locator('iframe.webview')
        .first()
        .waitFor({ state: 'detached', timeout: 10_000 })
        .catch(() => undefined);
    };
    await instrumentPage(page);
    const floor = await benchPanelFloor(page, { ours: treeRow('cols20'), bare: treeRow('bare panel') }, closeAll, Math.max(runs, 9), log);
    const open = async (table: string): Promise<number> => {
      const row = treeRow(table);
      await row.waitFor();
      const started = now();
      await row.click();
      await webviewFrame(page).getByText('c0000', { exact: true }).first().waitFor({ timeout: 60_000 });
      const ms = now() - started;
      await closeAll();
      return ms;
    };
    await open('cols20');
    await open('cols2000');
    const t2000: number[] = [];
    const t20: number[] = [];
    for (let i = 0; i < runs; i++) {
      t2000.push(await open('cols2000'));
      t20.push(await open('cols20'));
    }
    const m2000 = median(t2000);
    const m20 = median(t20);
    log(`  panel: ${fmtMs(m2000)} vs ${fmtMs(m20)}`);

    // The preview: namespaceBrowser.preview.rows rewritten between clicks in the workspace folder's settings (code-server
    // watches the workspace folder; a rewritten user settings file is read only by a new window); a click counts only
    // when the preview read the rows the setting asked for.
    const workspaceSettings = path.join(server.workspace, '.vscode', 'settings.json');
    fs.mkdirSync(path.dirname(workspaceSettings), { recursive: true });
    const firstRows = async (rows: number): Promise<number> => {
      const seen = new Set<string>();
      fs.writeFileSync(workspaceSettings, JSON.stringify({ 'namespaceBrowser.preview.rows': rows }, null, 2));
      for (let attempt = 0; attempt < 20; attempt++) {
        const row = treeRow('rows10k');
        await row.waitFor();
        const started = now();
        await row.click();
        const frame = webviewFrame(page);
        await frame.locator('.pgrid [role=gridcell]:not(.pending)').first().waitFor({ timeout: 120_000 });
        const ms = now() - started;
        const status = (await frame.locator('.preview-status').textContent()) ?? '';
        await closeAll();
        if (status.startsWith(`${rows.toLocaleString('en-US')} rows`)) return ms;
        seen.add(status);
      }
      throw new Error(`the preview never read ${rows} rows (it said ${[...seen].map((s) => JSON.stringify(s)).join(', ')})`);
    };
    const previewMeasure =
      'click on a 50-column table to its first rows on screen, the preview reading 10,000 vs 100 rows (VS Code 1.100 in code-server, Chromium)';
    // Its own row either way: a preview that cannot be measured leaves the panel rows above standing.
    const preview = async (): Promise<Row> => {
      await firstRows(100);
      await firstRows(10_000);
      const r100: number[] = [];
      const r10k: number[] = [];
      for (let i = 0; i < runs; i++) {
        r10k.push(await firstRows(10_000));
        r100.push(await firstRows(100));
      }
      const m10k = median(r10k);
      const m100 = median(r100);
      log(`  preview panel: ${fmtMs(m10k)} vs ${fmtMs(m100)}`);
      return {
        section: '7 Rows',
        measure: previewMeasure,
        value: `${fmtMs(m10k)} vs ${fmtMs(m100)}`,
        ratio: m10k / m100,
        goal: '≤ 1.3x',
        met: m10k / m100 <= 1.3,
        data: { r10k, r100 },
      };
    };
    const previewRow = await preview().catch(async (e: unknown) => {
      await screenshot(page, 'bench-preview-failure').catch(() => undefined);
      const why = errorMessage(e).split('\n')[0];
      log(`  preview panel: not measured: ${why}`);
      return { section: '7 Rows', measure: previewMeasure, value: `not measured: ${why}` };
    });
    return [
      ...floor,
      previewRow,
      {
        section: '4 Table details',
        measure: '2,000 vs 20 columns: click on the table row to its first schema field on screen (VS Code 1.100 in code-server, Chromium)',
        value: `${fmtMs(m2000)} vs ${fmtMs(m20)}`,
        ratio: m2000 / m20,
        data: { t2000, t20 },
      },
    ];
  } catch (e) {
    await screenshot(page, 'bench-panel-failure').catch(() => undefined);
    throw e;
  } finally {
    await closeWorkbench(page);
    await server.stop();
  }
}
