import * as vscode from 'vscode';
import { createRuntime, type Runtime } from '../core/runtime';
import { createApi, TEST_SERVICES_COMMAND, type NamespaceBrowserApi } from './api';
import { OpenCatalogs } from './openCatalogs';
import { registerConnectionCommands } from './connections/commands';
import { WorkspaceConsent } from './connections/consent';
import { ConnectionStore } from './connections/store';
import { registerWorkspaceCommands } from './connections/workspaceCommands';
import { Panels } from './panels';
import { EDITOR_HINTS, EditorNetwork, NETWORK_SETTINGS } from './network';
import { readSettings, type Settings } from './settings';
import { type CatalogTreeApi, registerCatalogTree } from './tree';

/**
 * The objects behind the UI, for the in-host tests only: a test extension host (ExtensionMode.Test) hands them out
 * through TEST_SERVICES_COMMAND. They are not part of what activate() returns.
 */
export interface ExtensionInternals {
  readonly context: vscode.ExtensionContext;
  readonly runtime: Runtime;
  readonly output: vscode.LogOutputChannel;
  readonly settings: () => Settings;
  readonly connections: ConnectionStore;
  readonly consent: WorkspaceConsent;
  readonly catalogs: OpenCatalogs;
  readonly panels: Panels;
  readonly tree: CatalogTreeApi;
}

export function activate(context: vscode.ExtensionContext): NamespaceBrowserApi {
  const output = vscode.window.createOutputChannel('Namespace Browser', { log: true });
  const settings = readSettings;
  const network = new EditorNetwork((m) => output.info(m));
  const runtime = createRuntime({ network: () => network.settings(), hints: EDITOR_HINTS, logger: (level, message) => output[level](message) });
  runtime.log.setCapacity(settings().inspectorMaxRecords);
  // Each feature gets what it uses, built before it: the tree hears from the panels by event, not by reference.
  const connections = new ConnectionStore(context, runtime.registry, output);
  const consent = new WorkspaceConsent(context.workspaceState, runtime.registry, (m) => output.info(m));
  const catalogs = new OpenCatalogs({ connections, consent, runtime, output, settings });
  const panels = new Panels({
    extensionUri: context.extensionUri,
    output,
    catalogs,
    connections,
    log: runtime.log,
    inspectorMaxRecords: () => settings().inspectorMaxRecords,
    previewRows: () => settings().previewRows,
    testMode: context.extensionMode === vscode.ExtensionMode.Test,
  });
  const tree = registerCatalogTree({ connections, catalogs, panels, output, settings, workspaceState: context.workspaceState });

  context.subscriptions.push(
    output,
    connections,
    catalogs,
    panels,
    tree,
    ...registerConnectionCommands({ connections, catalogs, runtime, output, panels, tree, settings }),
    ...registerWorkspaceCommands({ connections, consent, catalogs, tree }),
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
      const reopen = [
        ...NETWORK_SETTINGS,
        'namespaceBrowser.connections',
        'namespaceBrowser.requestTimeoutSeconds',
        'namespaceBrowser.maxConcurrentRequests',
      ].some((k) => e.affectsConfiguration(k));
      if (reopen) for (const c of connections.list()) catalogs.forget(c.id);
      if (reopen || e.affectsConfiguration('namespaceBrowser.pageSize') || e.affectsConfiguration('namespaceBrowser.maxPages')) tree.refresh();
    }),
    connections.onDidChange((change) => {
      // Clients opened with an old definition or old secrets must not serve again; a rename keeps its client.
      for (const id of [...change.definitions, ...change.secrets]) catalogs.forget(id);
      // The team's connections (a setting, or workspace trust granted): rebuilt whole. The user's: what changed.
      if (change.team) tree.refresh();
      else tree.connectionsChanged(change);
    }),
    // A provider registered (or removed) after the tree loaded: the connections that use it open again.
    runtime.registry.onDidChange((name) => {
      for (const c of connections.list()) {
        if (c.auth.type !== name && c.auth.settings?.['delegate'] !== name) continue;
        catalogs.forget(c.id);
        tree.refresh(c.id);
      }
    }),
  );
  if (context.extensionMode === vscode.ExtensionMode.Test) {
    const internals: ExtensionInternals = { context, runtime, output, settings, connections, consent, catalogs, panels, tree };
    context.subscriptions.push(vscode.commands.registerCommand(TEST_SERVICES_COMMAND, () => internals));
  }

  return createApi(runtime.registry, (m) => output.info(m));
}

export function deactivate(): void {}
