// Several VS Code windows on one code-server: each browser page is a window with its own extension host, and the
// pages of one browser context share localStorage (where code-server keeps SecretStorage), as tabs do.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { quickInput } from './quickInput';
import type { CodeServer } from './codeServer';
import { adoptPage, launchBrowser, openNamespaceBrowser, runCommand } from './workbench';

/** Opens `count` windows on the server in one browser context, each with the Namespace Browser view open. */
export async function openWindows(server: CodeServer, count: number): Promise<{ browser: Browser; pages: Page[] }> {
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const pages: Page[] = [];
    for (let i = 0; i < count; i++) {
      const page = await context.newPage();
      adoptPage(page, server.editor);
      await page.goto(server.url);
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      await openNamespaceBrowser(page);
      await viewReady(page);
      pages.push(page);
    }
    return { browser, pages };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

/**
 * Waits until the Catalogs view shows what the extension gave it (its welcome, or connection rows): the window's
 * extension host is up and the extension active, so the first command does not also wait for all of that.
 */
async function viewReady(page: Page): Promise<void> {
  const sidebar = page.locator('#workbench\\.parts\\.sidebar');
  await sidebar
    .getByText('No catalog connections yet.')
    .or(sidebar.locator('.monaco-list-row[aria-label*=", connection"]'))
    .first()
    .waitFor({ timeout: 120_000 });
}

/** Reloads a window (a new page load: a new extension host, and SecretStorage read again from localStorage). */
export async function reloadWindow(page: Page): Promise<void> {
  await page.reload();
  await viewAfterReload(page);
}

/**
 * Reloads a window as a user does, with "Developer: Reload Window": the workbench shuts down properly first and
 * saves its state (open editors, webview state), which a bare page reload may cut short.
 */
export async function reloadWindowByCommand(page: Page): Promise<void> {
  const loaded = page.waitForEvent('load', { timeout: 60_000 });
  await runCommand(page, 'Developer: Reload Window');
  await loaded;
  await viewAfterReload(page);
}

/** After a reload: the workbench, and the Catalogs view open and ready. */
async function viewAfterReload(page: Page): Promise<void> {
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await openNamespaceBrowser(page); // the view usually comes back open by itself; this leaves it so
  await viewReady(page);
}

/** The Catalogs tree row of a connection, by its exact name (the row's accessible label starts with it). */
export function connectionRow(page: Page, name: string): Locator {
  return page.locator(`#workbench\\.parts\\.sidebar .monaco-list-row[aria-label^=${JSON.stringify(`${name}, `)}][aria-label*=", connection"]`);
}

/** Connection names the window's tree shows now. */
export async function connectionNames(page: Page): Promise<string[]> {
  const labels = await page
    .locator('#workbench\\.parts\\.sidebar .monaco-list-row[aria-label*=", connection"]')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label') ?? ''));
  return labels.map((l) => l.replace(/, (unencrypted · )?(Lance REST|Iceberg REST) · .*$/, '')).sort();
}

/** Milliseconds until the connection row appears (`present`) or disappears in the window, or undefined if not within `ms`. */
export async function rowChange(page: Page, name: string, present: boolean, ms: number): Promise<number | undefined> {
  const started = Date.now();
  try {
    await connectionRow(page, name)
      .first()
      .waitFor({ state: present ? 'visible' : 'detached', timeout: ms });
    return Date.now() - started;
  } catch {
    return undefined;
  }
}

async function clearNotifications(page: Page): Promise<void> {
  await ensureFocus(page);
  await runCommand(page, 'Notifications: Clear All Notifications');
  await page.locator('.notification-toast').first().waitFor({ state: 'detached' });
}

/**
 * Gives the page keyboard focus: with several pages in one browser, a page that has not been clicked yet may not get
 * the F1 that opens the command palette (the palette then closes at once on blur).
 */
async function ensureFocus(page: Page): Promise<void> {
  await page.bringToFront();
  await page.locator('.statusbar').click({ position: { x: 640, y: 10 } });
}

/** Walks Add Connection for a Lance connection with a bearer token, up to the last Enter (which the caller presses). */
export async function prepareAdd(page: Page, c: { name: string; uri: string; token: string }): Promise<void> {
  const qi = quickInput(page);
  await clearNotifications(page);
  await runCommand(page, 'Namespace Browser: Add Connection…');
  await qi.choose('What kind of catalog?', 'Lance REST Namespace');
  await qi.answer('A name for the connection', c.name);
  await qi.answer('The Lance REST Namespace server URL', c.uri);
  await qi.choose('How does the catalog authenticate requests?', 'Bearer token');
  await qi.answer('Sent as "Authorization: Bearer', c.token);
  await qi.atStep('Change an optional setting, or continue');
  await qi.input().fill('Continue');
  await qi.widget().locator('.quick-input-list .monaco-list-row.focused', { hasText: 'Continue' }).first().waitFor();
}

/** Waits for the toast that says the connection was tested and saved. */
export async function connected(page: Page, name: string): Promise<void> {
  await page.locator('.notification-toast', { hasText: `Connected to "${name}"` }).waitFor({ timeout: 60_000 });
}

/** Runs a command from the connection row's context menu (right click), as a user would. */
async function fromContextMenu(page: Page, name: string, command: string): Promise<void> {
  await clearNotifications(page);
  await connectionRow(page, name).click({ button: 'right' });
  // Hovering focuses the item; Enter runs it (a click can land while the menu is still settling and be lost).
  const item = page.locator('.monaco-menu .action-item', { hasText: command }).first();
  await item.hover();
  await page.locator('.monaco-menu .action-item.focused', { hasText: command }).first().waitFor();
  await page.keyboard.press('Enter');
}

/** Walks Rename Connection (from the row's context menu) up to the last Enter. */
export async function prepareRename(page: Page, from: string, to: string): Promise<void> {
  const qi = quickInput(page);
  await fromContextMenu(page, from, 'Rename Connection…');
  await qi.atStep('The new name');
  await qi.input().fill(to);
}

/** Walks Remove Connection (from the row's context menu) up to the dialog's Remove button, which the caller clicks. */
export async function prepareRemove(page: Page, name: string): Promise<Locator> {
  await fromContextMenu(page, name, 'Remove Connection…');
  const button = page.locator('.monaco-dialog-box').getByRole('button', { name: 'Remove', exact: true });
  await button.waitFor();
  return button;
}

/**
 * Releases writes held at the store's test gate (NSB_TEST_WRITE_GATE) all at once, when `count` of them wait: the
 * windows then write at the same instant. Returns what the writes said they were.
 */
export async function releaseWrites(gate: string, count: number, timeoutMs = 60_000): Promise<string[]> {
  const end = Date.now() + timeoutMs;
  let waiting: string[] = [];
  while ((waiting = fs.readdirSync(gate).filter((f) => f.startsWith('waiting-'))).length < count) {
    if (Date.now() > end)
      throw new Error(`only ${waiting.length} of ${count} writes reached the gate: ${waiting.map((w) => fs.readFileSync(path.join(gate, w), 'utf8'))}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  const what = waiting.map((w) => fs.readFileSync(path.join(gate, w), 'utf8'));
  for (const w of waiting) fs.writeFileSync(path.join(gate, w.replace(/^waiting-/, 'go-')), '');
  return what;
}

/**
 * When each named connection's save started and ended (the store's log line "saved connection … in N ms"), waiting
 * for the lines: the log reaches its file a moment after the save that wrote it.
 */
export async function saveTimes(userDataDir: string, names: readonly string[], timeoutMs = 15_000): Promise<Map<string, { start: number; end: number }>> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const saved = savesLogged(userDataDir);
    const missing = names.filter((n) => !saved.has(n));
    if (!missing.length) return saved;
    if (Date.now() > end) throw new Error(`no "saved connection" log line for ${missing.join(', ')} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function savesLogged(userDataDir: string): Map<string, { start: number; end: number }> {
  const out = new Map<string, { start: number; end: number }>();
  for (const file of walk(path.join(userDataDir, 'logs'))) {
    if (!file.endsWith('Namespace Browser.log')) continue;
    for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
      const m = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d\.\d{3}) \[info\] saved connection "(.*)" \(.*\) in (\d+) ms$/.exec(line);
      if (!m) continue;
      const end = Date.parse(`${m[1]}T${m[2]}`);
      out.set(m[3]!, { start: end - Number(m[4]), end });
    }
  }
  return out;
}

function walk(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}
