// The Catalogs tree: provider, Find Table and the tree's commands, as one disposable.
import type * as vscode from 'vscode';
import type { ConnectionsChange, ConnectionStoreApi, OpenCatalogsApi, PanelsApi, TreeApi } from '../services';
import type { Settings } from '../settings';
import { registerTreeCommands } from './commands';
import { type ExpansionMemento, TreeExpansion } from './expansion';
import type { TableFinder } from './findTableCommand';
import { CatalogTree } from './provider';

export { CatalogTree } from './provider';

/** What the tree needs from the rest of the extension. */
export interface CatalogTreeDeps {
  readonly connections: Pick<ConnectionStoreApi, 'list' | 'get'>;
  readonly catalogs: Pick<OpenCatalogsApi, 'client'>;
  /** Opens details and the inspector; tells the tree what a details panel learned (onDidDescribeTable). */
  readonly panels: PanelsApi;
  readonly output: Pick<vscode.LogOutputChannel, 'warn'>;
  /** Where the tree keeps what was expanded (the workspace's state: each window its own tree). */
  readonly workspaceState: ExpansionMemento;
  settings(): Settings;
}

/** The tree with its finder (the in-host tests reach both). */
export interface CatalogTreeApi extends TreeApi, vscode.Disposable {
  readonly provider: CatalogTree;
  readonly finder: TableFinder;
  /** Connections changed (in this window or another): rows of unchanged connections stay as they are. */
  connectionsChanged(change: ConnectionsChange): void;
}

export function registerCatalogTree(deps: CatalogTreeDeps): CatalogTreeApi {
  const provider = new CatalogTree(deps, new TreeExpansion(deps.workspaceState));
  // Find Table's code loads on demand (scripts/onDemand.mjs), with its first search.
  let finder: TableFinder | undefined;
  const findTables = (): TableFinder => {
    if (!finder) {
      const { TableFinder } = require('./findTableCommand') as typeof import('./findTableCommand');
      finder = new TableFinder(deps, provider);
    }
    return finder;
  };
  const commands = registerTreeCommands(deps, provider, findTables);
  const described = deps.panels.onDidDescribeTable((e) => provider.noteTableDetails(e.connectionId, e.table));
  return {
    provider,
    get finder() {
      return findTables();
    },
    refresh: (connectionId?: string) => provider.refresh(connectionId),
    connectionsChanged: (change) => provider.connectionsChanged(change),
    revealConnection: (connectionId) => provider.revealConnection(connectionId),
    dispose: () => {
      described.dispose();
      for (const c of commands) c.dispose();
      provider.dispose();
    },
  };
}
