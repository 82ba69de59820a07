// The connection commands: add, edit, rename, duplicate, remove, test, sign out, re-authenticate; import, copy as
// and open in Python. Registered at activation; what they run (connectionCommands.ts, exchange.ts: the wizard, the
// import and export formats) loads on demand with the first one used (scripts/onDemand.mjs).
import * as vscode from 'vscode';
import type { CatalogError } from '../../core/errors';
import type { Runtime } from '../../core/runtime';
import type { OpenCatalogsApi, ConnectionStoreApi, PanelsApi, TreeApi } from '../services';
import type { Settings } from '../settings';
import type { ConnectionCommands } from './connectionCommands';
import type { ConnectionExchange } from './exchange';
import type { ExportFormat } from '../../core/connectionExport';

/** What a command gets as its first argument: a tree node (carrying `connectionId`), an id, or nothing (palette). */
export type ConnectionArg = { connectionId?: unknown } | string | undefined;

/** What the connection commands need from the rest of the extension. */
export interface ConnectionCommandsDeps {
  readonly connections: ConnectionStoreApi;
  readonly catalogs: Pick<OpenCatalogsApi, 'prepare' | 'forget' | 'signOut'>;
  readonly runtime: Pick<Runtime, 'open' | 'registry'>;
  readonly output: Pick<vscode.LogOutputChannel, 'warn'>;
  readonly panels: Pick<PanelsApi, 'showRequests' | 'activeTable'>;
  readonly tree: TreeApi;
  settings(): Settings;
}

export function registerConnectionCommands(deps: ConnectionCommandsDeps): vscode.Disposable[] {
  let loaded: { c: ConnectionCommands; x: ConnectionExchange } | undefined;
  const load = () => {
    if (!loaded) {
      // On demand (scripts/onDemand.mjs): the wizard and import/export load with the first connection command.
      const { ConnectionCommands } = require('./connectionCommands') as typeof import('./connectionCommands');
      const { ConnectionExchange } = require('./exchange') as typeof import('./exchange');
      const c = new ConnectionCommands(deps);
      loaded = { c, x: new ConnectionExchange(deps, c) };
    }
    return loaded;
  };
  const register = (id: string, run: (arg: ConnectionArg) => Promise<unknown>) =>
    vscode.commands.registerCommand(`namespaceBrowser.${id}`, (arg: ConnectionArg) => run(arg));
  return [
    register('addConnection', () => load().c.add()),
    register('editConnection', (a) => load().c.edit(a)),
    register('renameConnection', (a) => load().c.rename(a)),
    register('duplicateConnection', (a) => load().c.duplicate(a)),
    register('removeConnection', (a) => load().c.remove(a)),
    register('testConnection', (a) => load().c.test(a)),
    register('signOut', (a) => load().c.signOut(a)),
    register('reauthenticate', (a) => load().c.reauthenticate(a)),
    vscode.commands.registerCommand('namespaceBrowser.importConnection', (text?: unknown) => load().x.import(typeof text === 'string' ? text : undefined)),
    vscode.commands.registerCommand('namespaceBrowser.copyConnectionAs', (arg: ConnectionArg, format?: unknown) =>
      load().x.copyAs(arg, typeof format === 'string' ? (format as ExportFormat) : undefined),
    ),
    vscode.commands.registerCommand('namespaceBrowser.openInPython', (node?: { connectionId?: unknown; id?: unknown }) => load().x.openInPython(node)),
  ];
}

/** The outcome of a connection test. */
export type TestResult = { ok: true; namespaces: number; more: boolean } | { ok: false; error: CatalogError };
