import * as vscode from 'vscode';
import type { AuthProvider } from '../core/auth/provider';
import { createRuntime } from '../core/runtime';
import { CatalogSessions } from './catalogs';
import { registerConnectionCommands } from './connections/commands';
import { ConnectionStore } from './connections/store';
import { createPanels } from './panels';
import type { Services } from './services';
import { editorProxy, readSettings } from './settings';
import { registerCatalogTree } from './tree';

/** What `activate` returns: the API other extensions (and the in-host tests) use. */
export interface NamespaceBrowserApi {
  readonly apiVersion: 1;
  /** Add an auth provider; connections can then select it by name as `auth.type`. */
  registerAuthProvider(provider: AuthProvider): vscode.Disposable;
  /** For tests and integrations: the services behind the UI. */
  readonly services: Services;
}

export function activate(context: vscode.ExtensionContext): NamespaceBrowserApi {
  const output = vscode.window.createOutputChannel('Namespace Browser', { log: true });
  const runtime = createRuntime({ proxy: editorProxy });
  runtime.log.setCapacity(readSettings().inspectorMaxRecords);
  const connections = new ConnectionStore(context, runtime.registry);
  const base = { context, runtime, output, settings: readSettings, connections };
  const catalogs = new CatalogSessions(base);
  // Panels and the tree reach each other through `services`; both are filled in before any command can run.
  const partial: Omit<Services, 'panels' | 'tree'> & Partial<Pick<Services, 'panels' | 'tree'>> = { ...base, catalogs };
  const services = partial as Services;
  const panels = createPanels(services);
  services.panels = panels;
  const tree = registerCatalogTree(services);
  services.tree = tree;

  context.subscriptions.push(
    output,
    connections,
    catalogs,
    panels,
    tree,
    ...registerConnectionCommands(services),
    vscode.commands.registerCommand('namespaceBrowser.showLog', () => output.show(true)),
    runtime.log.onRecord((r) => {
      if (r.durationMs === undefined) return;
      // Lines are built only at a level that shows them: a listing sends hundreds of requests.
      const level = output.logLevel;
      const debug = level === vscode.LogLevel.Trace || level === vscode.LogLevel.Debug;
      if (!r.error && !debug) return;
      const line = `${r.operation} ${r.method} ${r.url} → ${r.status ?? 'no answer'} in ${r.durationMs} ms${r.error ? ` (${r.error.kind}: ${r.error.message})` : ''} [${r.id}]`;
      if (r.error) output.warn(line);
      else output.debug(line);
      if (r.auth && level === vscode.LogLevel.Trace) output.trace(`  auth: ${r.auth.summary}`);
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('namespaceBrowser.inspector.maxRecords')) runtime.log.setCapacity(readSettings().inspectorMaxRecords);
      // Open clients keep their transport settings; only a change to those (or to the team's connections) reopens them.
      const reopen = ['http.proxy', 'namespaceBrowser.connections', 'namespaceBrowser.requestTimeoutSeconds', 'namespaceBrowser.maxConcurrentRequests'].some((k) =>
        e.affectsConfiguration(k),
      );
      if (reopen) for (const c of connections.list()) catalogs.forget(c.id);
      if (reopen || e.affectsConfiguration('namespaceBrowser.pageSize') || e.affectsConfiguration('namespaceBrowser.maxPages')) services.tree.refresh();
    }),
    connections.onDidChange(() => services.tree.refresh()),
  );

  return {
    apiVersion: 1,
    registerAuthProvider(provider: AuthProvider): vscode.Disposable {
      const registration = runtime.registry.register(provider);
      output.info(`auth provider "${provider.name}" registered by another extension`);
      return new vscode.Disposable(() => registration.dispose());
    },
    services,
  };
}

export function deactivate(): void {}
