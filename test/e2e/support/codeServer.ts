// Starts an isolated code-server (VS Code in the browser, with a real Node extension host) for e2e tests, in one of
// the editors of support/editors.ts.
// Recipe and reasons: shared/docs/testing-in-vscode.md.
import { execFile, execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { Editor } from './editors';

/** Root of this repository. */
export const repoRoot = path.resolve(__dirname, '../../..');

/** How to start a code-server instance. */
export interface CodeServerOptions {
  /** Which VS Code. */
  editor: Editor;
  /** Extra environment for the code-server process; the extension host inherits it. */
  env?: Record<string, string>;
  /** .vsix files installed into the instance's fresh extensions folder before it starts, in this order. */
  vsix?: string | readonly string[];
  /** User settings, merged over quiet defaults. */
  settings?: Record<string, unknown>;
  /** A fixed port (the demo); a free one otherwise. */
  port?: number;
  /**
   * Keep VS Code's workspace trust on (default off: every other suite runs in a trusted workspace). The folder is
   * then in Restricted Mode until trusted; set `security.workspace.trust.startupPrompt` to decide whether it asks.
   */
  workspaceTrust?: boolean;
  /** Files to create in the workspace folder before start, by path relative to it (e.g. `.vscode/settings.json`). */
  workspaceFiles?: Record<string, string>;
}

/** A running code-server instance. */
export interface CodeServer {
  editor: Editor;
  /** The workbench URL with the workspace folder open. */
  url: string;
  port: number;
  userDataDir: string;
  workspace: string;
  /** Stops the whole process group and removes the instance's folders. */
  stop(): Promise<void>;
}

const quietSettings = {
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'workbench.enableExperiments': false,
  // Newer releases open a chat side bar and start AI features on first launch; a user of this extension may
  // have them, but they would cover the views under test and cost CPU the tests need. (Unknown to 1.100.)
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

const codeServerBins = new Map<string, string>();

/** Path of the editor's code-server executable; installs it on first use (a warm check takes milliseconds). */
export function codeServerPath(editor: Editor): string {
  let bin = codeServerBins.get(editor.name);
  if (!bin) {
    const out = execFileSync('bash', [path.join(repoRoot, 'scripts/ensure-code-server.sh'), editor.name], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    bin = out.trim().split('\n').pop()!;
    codeServerBins.set(editor.name, bin);
  }
  return bin;
}

export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const bin = codeServerPath(options.editor);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'nsb-code-server-'));
  const userDataDir = path.join(root, 'user');
  const extensionsDir = path.join(root, 'exts');
  const workspace = path.join(root, 'workspace');
  for (const dir of [path.join(userDataDir, 'User'), extensionsDir, workspace]) fs.mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(options.workspaceFiles ?? {})) {
    const target = path.join(workspace, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, text);
  }
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...quietSettings, ...options.settings }, null, 2));
  // Own XDG folders, or code-server writes a password file into the real ~/.config.
  const env = {
    ...process.env,
    XDG_CONFIG_HOME: path.join(root, 'xdg-config'),
    XDG_DATA_HOME: path.join(root, 'xdg-data'),
    ...options.env,
  };
  const dirArgs = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];

  // One at a time, in order: an extension that depends on another is installed after it.
  for (const vsix of typeof options.vsix === 'string' ? [options.vsix] : (options.vsix ?? [])) {
    await promisify(execFile)(bin, [...dirArgs, '--install-extension', path.resolve(vsix)], { env });
  }

  const port = options.port ?? (await freePort());
  const logFile = path.join(root, 'code-server.log');
  const logFd = fs.openSync(logFile, 'a');
  // detached = setsid: the process gets its own group, so stop() can kill its watcher and extension hosts too.
  const child = spawn(
    bin,
    [
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
      '--disable-getting-started-override',
      ...dirArgs,
      workspace,
    ],
    { env, detached: true, stdio: ['ignore', logFd, logFd] },
  );
  fs.closeSync(logFd);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let running = true;
  void exited.then(() => (running = false));

  const stop = async (): Promise<void> => {
    if (running) {
      killGroup(child.pid!, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child.pid!, 'SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    if (!process.env.NSB_KEEP_CODE_SERVER_DIR) fs.rmSync(root, { recursive: true, force: true });
  };

  try {
    await waitForHealth(port, () => running);
  } catch (error) {
    const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '';
    await stop();
    throw new Error(`${(error as Error).message}\n--- code-server log ---\n${log}`);
  }
  const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`;
  return { editor: options.editor, url, port, userDataDir, workspace, stop };
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealth(port: number, isRunning: () => boolean): Promise<void> {
  const attempts = 120;
  for (let i = 0; i < attempts; i++) {
    if (!isRunning()) throw new Error('code-server exited before it became healthy');
    try {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`code-server on port ${port} was not healthy after ${attempts} attempts`);
}
