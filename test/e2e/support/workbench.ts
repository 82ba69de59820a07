// Playwright helpers for driving the code-server workbench in Debian's Chromium.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type FrameLocator, type Locator, type Page } from 'playwright-core';
import { repoRoot, type CodeServer } from './codeServer';
import type { Editor } from './editors';
import { quickInput } from './quickInput';

/** Where screenshots go, one folder per editor (vscode-1.100.3/…); CI keeps test-results/ as an artifact. */
export const screenshotDir = path.join(repoRoot, 'test-results', 'screenshots');

/** Which editor each open page shows, so its screenshots land in that editor's folder. */
const editorOf = new WeakMap<Page, Editor>();

/** Marks a page opened elsewhere (a second window) as showing `editor`, so that its screenshots land in that editor's folder. */
export function adoptPage(page: Page, editor: Editor): void {
  editorOf.set(page, editor);
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.NSB_CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/**
 * Opens the Namespace Browser view from its activity bar icon, and leaves it open if it is already. The icon toggles:
 * a window that restores the view as it loads (a reload, a second window) may show it just before or after the click,
 * so it clicks only while the icon is not checked and checks again until the view's title is there.
 */
export async function openNamespaceBrowser(page: Page, timeoutMs = 60_000): Promise<void> {
  const icon = page.locator('.activitybar li.action-item:has(> a[aria-label^="Namespace Browser"])');
  const title = page.locator('#workbench\\.parts\\.sidebar .title-label', { hasText: /Namespace Brow/i });
  const end = Date.now() + timeoutMs;
  // Checked for three looks in a row without the view showing: the click is due after all.
  for (let checkedLooks = 0; !(await title.isVisible());) {
    if (Date.now() > end) throw new Error(`the Namespace Browser view did not open within ${timeoutMs} ms`);
    const checked = await icon.evaluate((li) => li.classList.contains('checked'));
    checkedLooks = checked ? checkedLooks + 1 : 0;
    if (!checked || checkedLooks >= 3) {
      await icon.locator('a').click();
      checkedLooks = 0;
    }
    await title.waitFor({ timeout: 2_000 }).catch(() => undefined);
  }
}

/** Opens the server's workbench in a fresh browser and waits until it is rendered; close it with closeWorkbench. */
export async function openWorkbench(server: CodeServer): Promise<Page> {
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    editorOf.set(page, server.editor);
    await page.goto(server.url);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    return page;
  } catch (error) {
    await browser.close();
    throw error;
  }
}

/** Closes the browser that openWorkbench launched. */
export async function closeWorkbench(page: Page): Promise<void> {
  await page.context().browser()?.close();
}

/** Runs a command from the palette by its title, e.g. "Namespace Browser: Add Connection". */
export async function runCommand(page: Page, title: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  // Right after load the workbench may not handle keys yet (its keybindings come up after the DOM): F1 again then.
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('F1');
    const opened = await input.waitFor({ timeout: 5_000 }).then(
      () => true,
      () => false,
    );
    if (opened) break;
    if (attempt === 6) throw new Error('the command palette did not open on F1');
  }
  // Something took the palette away (a modal, a focus change), or it does not offer the title: keep what it showed.
  const failed = async (e: unknown): Promise<never> => {
    await screenshot(page, 'palette-failure').catch(() => undefined);
    throw e;
  };
  await input.fill(`>${title}`).catch(failed);
  // Enter runs the focused match. Wait until the exact title is among the matches, then move the focus down to it as a
  // user would, when fuzzy matching ranks a neighbour first ("Browse Color Themes in Marketplace" over "Color Theme"),
  // so a neighbour is never run.
  const exact = new RegExp(`^\\s*${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
  const rows = page.locator('.quick-input-list .monaco-list-row');
  await rows.locator('.label-name', { hasText: exact }).first().waitFor().catch(failed);
  for (let moves = 0; ; moves++) {
    if ((await page.locator('.quick-input-list .monaco-list-row.focused .label-name', { hasText: exact }).count()) > 0) break;
    if (moves === 20) await failed(new Error(`the palette never focused "${title}"`));
    await page.keyboard.press('ArrowDown');
  }
  await page.keyboard.press('Enter');
}

/**
 * Picks a colour theme the way a user does (Preferences: Color Theme), by its label in the theme picker, and waits until
 * the workbench wears it (`workbenchClass`: vs, vs-dark, hc-black, hc-light). From the palette rather than its chord
 * (Ctrl+K Ctrl+T): a chord pressed while a webview has focus can be lost on the way to the workbench.
 */
export async function colorTheme(page: Page, label: string, workbenchClass: string): Promise<void> {
  await page.keyboard.press('Escape');
  await runCommand(page, 'Preferences: Color Theme');
  await quickInput(page).choose('Select Color Theme', label);
  await page.locator(`.monaco-workbench.${workbenchClass}`).waitFor({ timeout: 30_000 });
}

/**
 * Waits for a notification that carries every one of `texts` and returns its text: as a toast, or in the notification
 * center when the workbench did not raise a toast for it (VS Code 1.139 at times files an information message that
 * follows a progress notification straight into the center; a user sees it under the bell).
 */
export async function waitForNotification(page: Page, texts: readonly string[], timeout = 30_000): Promise<string> {
  const matching = (base: Locator) => texts.reduce((l, text) => l.filter({ hasText: text }), base).first();
  const toast = matching(page.locator('.notification-toast'));
  const deadline = Date.now() + timeout;
  if (
    await toast.waitFor({ timeout: Math.min(timeout, 10_000) }).then(
      () => true,
      () => false,
    )
  )
    return (await toast.textContent()) ?? '';
  await runCommand(page, 'Notifications: Show Notifications');
  const listed = matching(page.locator('.notifications-center .notification-list-item'));
  await listed.waitFor({ timeout: Math.max(1_000, deadline - Date.now()) });
  const text = (await listed.textContent()) ?? '';
  await runCommand(page, 'Notifications: Hide Notifications');
  return text;
}

/** The content frame of the active webview (webviews are two iframes deep). */
export function webviewFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
}

/** Saves a full-page screenshot as test-results/screenshots/vscode-VERSION/NAME.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const editor = editorOf.get(page);
  if (!editor) throw new Error('screenshot: the page was not opened by openWorkbench (or adopted with adoptPage)');
  const dir = path.join(screenshotDir, `vscode-${editor.vscode}`);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/**
 * A Catalogs tree row by what it shows and what it is, as a screen reader says it: `treeItem(page, 'orders',
 * 'table in namespace sales$emea')` is the row spoken "orders, [v3, ]table in namespace sales$emea". Rows are
 * spoken label first (WCAG 2.5.3), so the kind and place come after the visible text.
 */
export function treeItem(page: Page, name: string, about: string): Locator {
  return page
    .locator(`#workbench\\.parts\\.sidebar .monaco-list-row[aria-label^=${JSON.stringify(`${name}, `)}][aria-label*=${JSON.stringify(`, ${about}`)}]`)
    .first();
}
