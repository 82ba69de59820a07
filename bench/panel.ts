// Section 4, second half: the details panel in a real VS Code (code-server + Playwright, as test/e2e does), from the
// click on a table row to its schema's first field on screen, 2,000 columns vs 20.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startCodeServer } from '../test/e2e/support/codeServer';
import { editor } from '../test/e2e/support/editors';
import { closeWorkbench, openNamespaceBrowser, openWorkbench, runCommand, screenshot, webviewFrame } from '../test/e2e/support/workbench';
import type { Row } from './results';
import { fmtMs, median, now } from './stats';

const REPO = path.resolve(__dirname, '..');

export async function benchPanel(uri: string, runs: number, log: (s: string) => void): Promise<Row[]> {
  const vsix = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nsb-bench-vsix-')), 'nsb.vsix');
  // dist/ holds the production build (npm run bench builds it first); package it as npm run package does.
  execFileSync(path.join(REPO, 'node_modules/.bin/vsce'), ['package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '-o', vsix], { cwd: REPO, stdio: 'pipe' });
  const server = await startCodeServer({ editor: editor('floor'), vsix, settings: { 'namespaceBrowser.connections': [{ name: 'bench', protocol: 'lance-rest', uri }] } });
  const page = await openWorkbench(server);
  try {
    await openNamespaceBrowser(page);
    // A tree row by its label (the accessible name carries the description and tooltip too).
    const treeRow = (label: string) => page.locator('.monaco-list-row').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }) }).first();
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
    const open = async (table: string): Promise<number> => {
      const row = treeRow(table);
      await row.waitFor();
      const started = now();
      await row.click();
      await webviewFrame(page).getByText('c0000', { exact: true }).first().waitFor({ timeout: 60_000 });
      const ms = now() - started;
      await runCommand(page, 'View: Close All Editors');
      await page.locator('iframe.webview').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
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
    return [
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
