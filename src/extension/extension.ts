import * as vscode from 'vscode';
import type { AuthProvider } from '../core/auth/provider';
import { createRuntime, type Runtime } from '../core/runtime';
import { CatalogSessions } from './catalogs';
import { registerConnectionCommands } from './connections/commands';
import { ConnectionStore } from './connections/store';
import { Panels } from './panels';
import { editorProxy, readSettings, type Settings } from './settings';
import { type CatalogTreeApi, registerCatalogTree } from './tree';

/** The objects behind the UI, for the in-host tests. */
export interface ExtensionInternals {
  readonly context: vscode.ExtensionContext;
  readonly runtime: Runtime;
  readonly output: vscode.LogOutputChannel;
  readonly settings: () => Settings;
  readonly connections: ConnectionStore;
  readonly catalogs: CatalogSessions;
  readonly panels: Panels;
  readonly tree: CatalogTreeApi;
}

/** What `activate` returns: the API other extensions (and the in-host tests) use. */
export interface NamespaceBrowserApi {
  readonly apiVersion: 1;
  /** Add an auth provider; connections can then select it by name as `auth.type`. */
  registerAuthProvider(provider: AuthProvider): vscode.Disposable;
  /** For tests and integrations: the services behind the UI. */
  readonly services: ExtensionInternals;
}

export function activate(context: vscode.ExtensionContext): NamespaceBrowserApi {
  const output = vscode.window.createOutputChannel('Namespace Browser', { log: true });
  const settings = readSettings;
  const runtime = createRuntime({ proxy: editorProxy });
  runtime.log.setCapacity(settings().inspectorMaxRecords);
  // Each feature gets what it uses, built before it: the tree hears from the panels by event, not by reference.
  const connections = new ConnectionStore(context, runtime.registry);
  const catalogs = new CatalogSessions({ connections, runtime, output, settings });
  const panels = new Panels({
    extensionUri: context.extensionUri,
    output,
    catalogs,
    connections,
    log: runtime.log,
    inspectorMaxRecords: () => settings().inspectorMaxRecords,
    testMode: context.extensionMode === vscode.ExtensionMode.Test,
  });
  const tree = registerCatalogTree({ connections, catalogs, panels, output, settings });

  context.subscriptions.push(
    output,
    connections,
    catalogs,
    panels,
    tree,
    ...registerConnectionCommands({ connections, catalogs, runtime, output, panels, tree, settings }),
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
      if (e.affectsConfiguration('namespaceBrowser.inspector.maxRecords')) runtime.log.setCapacity(settings().inspectorMaxRecords);
      // Open clients keep their transport settings; only a change to those (or to the team's connections) reopens them.
      const reopen = ['http.proxy', 'namespaceBrowser.connections', 'namespaceBrowser.requestTimeoutSeconds', 'namespaceBrowser.maxConcurrentRequests'].some((k) =>
        e.affectsConfiguration(k),
      );
      if (reopen) for (const c of connections.list()) catalogs.forget(c.id);
      if (reopen || e.affectsConfiguration('namespaceBrowser.pageSize') || e.affectsConfiguration('namespaceBrowser.maxPages')) tree.refresh();
    }),
    connections.onDidChange(() => tree.refresh()),
  );

  return {
    apiVersion: 1,
    registerAuthProvider(provider: AuthProvider): vscode.Disposable {
      const registration = runtime.registry.register(provider);
      output.info(`auth provider "${provider.name}" registered by another extension`);
      return new vscode.Disposable(() => registration.dispose());
    },
    services: { context, runtime, output, settings, connections, catalogs, panels, tree },
  };
}

export function deactivate(): void {}
