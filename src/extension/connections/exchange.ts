// Configurations in and out: Import Connection… (Lance, Iceberg or Spark properties, a pyiceberg YAML), Copy
// Connection As… (the same formats, the team setting, an nsb connection file) and Open in Python (a table's first
// rows with pylance or pyiceberg). Secrets found in an import go to SecretStorage through the wizard's save, never to
// state or logs; an export names environment variables instead of writing a secret.
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ChooseCatalogError, IMPORT_FORMAT_LABELS, importConnection, PropertiesError, type ImportResult } from '../../core/connectionImport';
import { EXPORT_FORMATS, exportConnection, exportFormatsFor, secretVariables, type ExportFormat } from '../../core/connectionExport';
import type { ConnectionConfig } from '../../core/connection';
import type { Identifier } from '../../core/model';
import { pythonSnippet } from '../../core/pythonSnippet';
import type { ConnectionCommandsDeps, ConnectionArg } from './commands';
import type { ConnectionCommands } from './connectionCommands';
import { stateFor } from './wizardPlan';

const FROM_EDITOR = 'From the Active Editor';
const FROM_FILE = 'From a File…';
const FROM_CLIPBOARD = 'From the Clipboard';
const FROM_PYICEBERG = 'From ~/.pyiceberg.yaml';

export class ConnectionExchange {
  constructor(
    private readonly deps: ConnectionCommandsDeps,
    private readonly commands: ConnectionCommands,
  ) {}

  /** Import Connection…: read a text, show what it holds and what is not used, then review it in the wizard. */
  async import(given?: string): Promise<unknown> {
    const source = given !== undefined ? { text: given, label: 'the given text' } : await this.pickSource();
    if (!source) return undefined;
    let result: ImportResult | undefined;
    let catalog: string | undefined;
    for (;;) {
      try {
        result = importConnection(source.text, { env: process.env, catalog });
        break;
      } catch (e) {
        if (e instanceof ChooseCatalogError && catalog === undefined) {
          catalog = await vscode.window.showQuickPick(e.catalogs, {
            title: 'Import Connection',
            placeHolder: `${source.label} holds several catalogs: import which?`,
          });
          if (catalog === undefined) return undefined;
          continue;
        }
        if (e instanceof PropertiesError) {
          void vscode.window.showErrorMessage(`Cannot import ${source.label}: ${e.message}`);
          return undefined;
        }
        throw e;
      }
    }
    // Nothing is dropped without a word: every key not used is listed before the wizard opens.
    const notUsed = [
      ...result.unknown.map((k) => `${k}: not a ${IMPORT_FORMAT_LABELS[result.format]} key this tool knows`),
      ...result.unused.map((u) => `${u.key}: ${u.why}`),
    ];
    if (notUsed.length) {
      const go = await vscode.window.showWarningMessage(
        `${notUsed.length} key${notUsed.length === 1 ? '' : 's'} of ${source.label} ${notUsed.length === 1 ? 'has' : 'have'} no equivalent here and will not be used.`,
        { modal: true, detail: notUsed.join('\n') },
        'Continue',
      );
      if (go !== 'Continue') return undefined;
    }
    const name = this.freeName(result.catalogName ?? hostOf(result.config.uri) ?? 'Imported catalog');
    const settings = result.config.auth.settings ?? {};
    const config: ConnectionConfig = {
      ...result.config,
      id: '',
      name,
      auth: { type: result.config.auth.type, ...(Object.keys(settings).length ? { settings } : {}) },
    };
    const state = stateFor(config, []);
    delete state.id;
    // The secrets ride in the wizard's answers (memory only) until its save puts them in SecretStorage.
    state.auth = { ...settings, ...result.secrets };
    return this.commands.review(state);
  }

  private async pickSource(): Promise<{ text: string; label: string } | undefined> {
    const editor = vscode.window.activeTextEditor;
    const pyiceberg = path.join(process.env['PYICEBERG_HOME'] ?? os.homedir(), '.pyiceberg.yaml');
    const items: vscode.QuickPickItem[] = [
      ...(editor && editor.document.getText().trim()
        ? [{ label: FROM_EDITOR, description: editor.document.isUntitled ? 'untitled' : path.basename(editor.document.fileName) }]
        : []),
      { label: FROM_CLIPBOARD, description: 'paste: Lance or Iceberg properties, Spark properties, pyiceberg YAML' },
      { label: FROM_FILE },
      { label: FROM_PYICEBERG, description: pyiceberg },
    ];
    const picked = await vscode.window.showQuickPick(items, {
      title: 'Import Connection',
      placeHolder: 'Lance namespace properties, Iceberg or Spark catalog properties (key=value or JSON), or a pyiceberg YAML',
    });
    if (!picked) return undefined;
    if (picked.label === FROM_EDITOR)
      return { text: editor!.document.getText(), label: editor!.document.isUntitled ? 'the editor' : path.basename(editor!.document.fileName) };
    if (picked.label === FROM_CLIPBOARD) {
      const text = await vscode.env.clipboard.readText();
      if (!text.trim()) {
        void vscode.window.showInformationMessage('The clipboard is empty: copy the properties first, or paste them into an editor and import from it.');
        return undefined;
      }
      return { text, label: 'the clipboard' };
    }
    const uri =
      picked.label === FROM_PYICEBERG
        ? vscode.Uri.file(pyiceberg)
        : (await vscode.window.showOpenDialog({ title: 'Import Connection', canSelectMany: false, openLabel: 'Import' }))?.[0];
    if (!uri) return undefined;
    try {
      return { text: new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)), label: path.basename(uri.fsPath) };
    } catch (e) {
      void vscode.window.showErrorMessage(`Cannot read ${uri.fsPath}: ${(e as Error).message}`);
      return undefined;
    }
  }

  private freeName(base: string): string {
    const names = new Set(this.deps.connections.list().map((c) => c.name.toLowerCase()));
    let name = base;
    for (let n = 2; names.has(name.toLowerCase()); n++) name = `${base} (${n})`;
    return name;
  }

  /** Copy Connection As…: the connection in another tool's format on the clipboard, secrets as environment variables. */
  async copyAs(arg: ConnectionArg, given?: ExportFormat): Promise<string | undefined> {
    const c = await this.commands.resolve(arg, 'Copy which connection?');
    if (!c) return undefined;
    const formats = exportFormatsFor(c);
    const format =
      given && formats.includes(given)
        ? given
        : (
            await vscode.window.showQuickPick(
              formats.map((f) => ({ label: EXPORT_FORMATS[f].label, description: EXPORT_FORMATS[f].detail, f })),
              { title: `Copy "${c.name}" As…` },
            )
          )?.f;
    if (!format) return undefined;
    const { source: _s, scope: _scope, unusable: _u, ...config } = c;
    const stored = c.source === 'user' ? await this.deps.connections.secrets(c.id) : {};
    const vars = secretVariables(config, this.deps.runtime.registry, (d) => stored[d.key] !== undefined || !!d.required);
    const text = exportConnection(format, config, vars);
    await vscode.env.clipboard.writeText(text);
    const secrets = vars.size ? ` Secrets are not in it: it reads ${[...new Set(vars.values())].join(', ')} from the environment.` : '';
    void vscode.window.showInformationMessage(`Copied "${c.name}" as ${EXPORT_FORMATS[format].label}.${secrets}`, 'Open in Editor').then(async (open) => {
      if (open) await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ content: text, language: EXPORT_FORMATS[format].language }));
    });
    return text;
  }

  /** Open in Python: a runnable script for the table, in an untitled Python editor. */
  async openInPython(given?: { connectionId?: unknown; id?: unknown }): Promise<string | undefined> {
    // From a table's row, or (the panel's title bar) the table whose details panel is active.
    // (An editor title button passes its editor's resource, which a webview panel does not have: not a node.)
    const node = typeof given?.connectionId === 'string' ? given : this.deps.panels.activeTable();
    const connectionId = typeof node?.connectionId === 'string' ? node.connectionId : undefined;
    const table = Array.isArray(node?.id) && node.id.every((p) => typeof p === 'string') ? (node.id as Identifier) : undefined;
    if (!connectionId || !table) return undefined;
    const c = this.deps.connections.get(connectionId);
    if (!c) return undefined;
    const { source: _s, scope: _scope, unusable: _u, ...config } = c;
    const stored = c.source === 'user' ? await this.deps.connections.secrets(c.id) : {};
    const vars = secretVariables(config, this.deps.runtime.registry, (d) => stored[d.key] !== undefined || !!d.required);
    const script = pythonSnippet(config, table, { limit: 10, secretVars: vars });
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ content: script, language: 'python' }));
    return script;
  }
}

function hostOf(uri: string): string | undefined {
  try {
    return new URL(uri).host || undefined;
  } catch {
    return undefined;
  }
}
