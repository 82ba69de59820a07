// Runs a mocha suite inside code-server's real extension host and reports its exit code and output.
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { startCodeServer, type CodeServerOptions } from './codeServer';
import type { Editor } from './editors';
import { launchBrowser } from './workbench';

/** What to load into the extension host. */
export interface InHostOptions {
  /** Which VS Code. */
  editor: Editor;
  /** The extension's folder (holding package.json), loaded as a development extension. */
  extensionPath: string;
  /** The compiled test entry point exporting `run(): Promise<void>`. */
  testsPath: string;
  /** Environment for the extension host. */
  env?: Record<string, string>;
  /** Overall limit for one run; defaults to 5 minutes. */
  timeoutMs?: number;
  /** More for the code-server instance (workspace files, user settings). */
  codeServer?: Omit<CodeServerOptions, 'env' | 'editor'>;
}

/** The suite's exit code (0 when `run()` resolved) and what the extension host logged. */
export interface InHostResult {
  exitCode: number;
  log: string;
}

export async function runInHostTests(options: InHostOptions): Promise<InHostResult> {
  const timeoutMs = options.timeoutMs ?? 5 * 60_000;
  const server = await startCodeServer({ ...options.codeServer, editor: options.editor, env: options.env });
  const browser = await launchBrowser();
  const lines: string[] = [];
  let timer: NodeJS.Timeout | undefined;
  try {
    const page = await browser.newPage();
    let reportExit!: (code: number) => void;
    const exited = new Promise<number>((resolve) => (reportExit = resolve));
    await page.exposeFunction('codeAutomationExit', (code: number) => reportExit(code));
    await page.exposeFunction('codeAutomationLog', (_level: string, message: unknown) => {
      lines.push(Array.isArray(message) ? message.join(' ') : String(message));
    });
    // code-server refuses --extensionDevelopmentPath on its command line; the workbench takes it from the URL,
    // and the paths must be vscode-remote URIs or the host never loads them (and never reports an exit).
    const remote = (p: string) => `vscode-remote://127.0.0.1:${server.port}${path.resolve(p)}`;
    const payload = [
      ['extensionDevelopmentPath', remote(options.extensionPath)],
      ['extensionTestsPath', remote(options.testsPath)],
      ['skipWelcome', 'true'],
    ];
    await allowExtensionDevelopment(page);
    await page.goto(`${server.url}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`in-host tests did not report an exit within ${timeoutMs / 1000} s\n${lines.join('\n')}`)), timeoutMs);
    });
    const exitCode = await Promise.race([exited, timedOut]);
    return { exitCode, log: lines.join('\n') };
  } finally {
    clearTimeout(timer);
    await browser.close();
    await server.stop();
  }
}

/**
 * A built workbench (VS Code 1.139; 1.100 does not check) loads the development extension and its tests named in the
 * page's payload only when its smoke-test driver is on, and code-server has no flag for that. The setting travels in
 * the configuration the page carries (a meta element read by the workbench's module script, which runs once the
 * document is parsed): turn it on there, in the page this test opens and nowhere else.
 */
async function allowExtensionDevelopment(page: Page): Promise<void> {
  await page.addInitScript(() => {
    document.addEventListener('readystatechange', () => {
      const meta = document.readyState === 'interactive' ? document.getElementById('vscode-workbench-web-configuration') : null;
      const settings = meta?.getAttribute('data-settings');
      if (!meta || !settings) return;
      const config = JSON.parse(settings) as { developmentOptions?: Record<string, unknown> };
      config.developmentOptions = { ...config.developmentOptions, enableSmokeTestDriver: true };
      meta.setAttribute('data-settings', JSON.stringify(config));
    });
  });
}
