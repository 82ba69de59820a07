// In Restricted Mode VS Code hides a workspace's value of a restricted setting even from inspect(), so the
// extension could not say which of the workspace's connections it is not using. This reads the workspace's settings
// file (through VS Code's file system, so virtual workspaces work too) only while the workspace is untrusted, only to
// list those connections as rows that are not used; nothing in it is ever sent anywhere.
// The ESM build: esbuild cannot bundle the UMD one (its requires are resolved at run time), and only parse is taken.
import { parse, type ParseError } from 'jsonc-parser/lib/esm/main.js';
import * as vscode from 'vscode';

const SETTING = 'namespaceBrowser.connections';

/** The workspace's value of `namespaceBrowser.connections` while the workspace is untrusted. */
export class RestrictedWorkspaceSettings implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  /** Fires when the value read changes (the file was edited, or trust was granted and the value dropped). */
  readonly onDidChange = this.emitter.event;
  private current: unknown;
  private readonly subscriptions: vscode.Disposable[] = [this.emitter];

  constructor() {
    if (vscode.workspace.isTrusted) return;
    const file = settingsFile();
    if (!file) return;
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.joinPath(file, '..'), file.path.split('/').pop()!));
    this.subscriptions.push(
      watcher,
      watcher.onDidChange(() => void this.read(file)),
      watcher.onDidCreate(() => void this.read(file)),
      watcher.onDidDelete(() => this.set(undefined)),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.set(undefined)),
    );
    void this.read(file);
  }

  /** The entries of the setting in the workspace's settings file, undefined when trusted or when there are none. */
  get value(): unknown {
    return vscode.workspace.isTrusted ? undefined : this.current;
  }

  private async read(file: vscode.Uri): Promise<void> {
    let text: string;
    try {
      text = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
    } catch {
      return this.set(undefined);
    }
    const errors: ParseError[] = [];
    const json = parse(text, errors, { allowTrailingComma: true, disallowComments: false }) as Record<string, unknown> | undefined;
    // A workspace file keeps its settings under "settings"; a folder's settings.json is the settings object.
    const settings = vscode.workspace.workspaceFile ? (json?.['settings'] as Record<string, unknown> | undefined) : json;
    this.set(settings && typeof settings === 'object' ? settings[SETTING] : undefined);
  }

  private set(value: unknown): void {
    if (JSON.stringify(value) === JSON.stringify(this.current)) return;
    this.current = value;
    this.emitter.fire();
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}

/** Where the workspace's settings live: the .code-workspace file, or the one folder's .vscode/settings.json. */
function settingsFile(): vscode.Uri | undefined {
  const workspaceFile = vscode.workspace.workspaceFile;
  if (workspaceFile && workspaceFile.scheme !== 'untitled') return workspaceFile;
  const folders = vscode.workspace.workspaceFolders ?? [];
  return folders.length === 1 ? vscode.Uri.joinPath(folders[0]!.uri, '.vscode', 'settings.json') : undefined;
}
