// The Catalogs tree: provider, Find Table and the tree's commands, as one disposable.
import type * as vscode from 'vscode';
import type { Services, TreeApi } from '../services';
import { registerTreeCommands } from './commands';
import { TableFinder } from './findTable';
import { CatalogTree } from './provider';

export { CatalogTree } from './provider';

/** The tree with its finder: in-host tests reach both through `services.tree`. */
export interface CatalogTreeApi extends TreeApi, vscode.Disposable {
  readonly provider: CatalogTree;
  readonly finder: TableFinder;
}

export function registerCatalogTree(services: Services): CatalogTreeApi {
  const provider = new CatalogTree(services);
  const finder = new TableFinder(services, provider);
  const commands = registerTreeCommands(services, provider, finder);
  return {
    provider,
    finder,
    refresh: (connectionId?: string) => provider.refresh(connectionId),
    noteTableDetails: (connectionId, details) => provider.noteTableDetails(connectionId, details),
    dispose: () => {
      for (const c of commands) c.dispose();
      provider.dispose();
    },
  };
}
