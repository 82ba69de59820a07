// The TreeDataProvider of the Catalogs view: connections → namespaces (any depth) → tables and views.
import * as vscode from 'vscode';
import type { CatalogClient } from '../../core/client';
import { plainHttpWarning } from '../../core/credentialUse';
import type { Identifier } from '../../core/model';
import type { ConnectionsChange, TableDescribed, TreeApi } from '../services';
import type { CatalogTreeDeps } from './index';
import type { TreeExpansion } from './expansion';
import { toTreeItem } from './items';
import {
  childRows,
  matches,
  type ChildKind,
  type ConnectionInfo,
  type ConnectionNode,
  type ContainerNode,
  type PageFetcher,
  type TableNode,
  type TreeNode,
  TreeModel,
} from './model';
import { rowFor, type RowContext } from './rows';

/** The Catalogs tree: the provider, its view, and what commands and other modules ask of it. */
export class CatalogTree implements vscode.TreeDataProvider<TreeNode>, TreeApi, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly model: TreeModel;
  readonly view: vscode.TreeView<TreeNode>;
  private roots: ConnectionNode[] | undefined;
  /** Clients seen while listing, only to write identifiers the connection's way in rows and say why views are missing. */
  private readonly clients = new Map<string, CatalogClient>();
  private readonly rowContext: RowContext = {
    display: (connectionId, id) => this.clients.get(connectionId)?.displayIdentifier(id) ?? id.join('.'),
    viewsUnavailable: (connectionId) => this.clients.get(connectionId)?.viewsUnavailable?.(),
    locale: vscode.env.language,
  };

  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly deps: Pick<CatalogTreeDeps, 'connections' | 'catalogs' | 'settings'>,
    /** What the reader had expanded (kept across reloads); absent, the tree starts collapsed. */
    private readonly expansion?: TreeExpansion,
  ) {
    this.model = new TreeModel(
      (connectionId, parent) => this.fetcher(connectionId, parent),
      () => deps.settings().pageSize,
      async (connectionId, namespace, signal) => {
        const client = await deps.catalogs.client(connectionId, signal);
        await client.describeNamespace(namespace, { signal });
      },
    );
    this.view = vscode.window.createTreeView('namespaceBrowser.catalogs', { treeDataProvider: this, showCollapseAll: true });
    this.subscriptions.push(
      this.view,
      this.changed,
      // Errors are not cached: expanding a node that shows an error tries again.
      this.view.onDidExpandElement(({ element }) => {
        if ((element.kind === 'connection' || element.kind === 'namespace') && element.listing.error) this.fire(element);
        if (element.kind === 'connection' || element.kind === 'namespace') this.expansion?.expand(element.connectionId, element.key);
      }),
      this.view.onDidCollapseElement(({ element }) => {
        if (element.kind === 'connection' || element.kind === 'namespace') this.expansion?.collapse(element.connectionId, element.key);
      }),
    );
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    const item = toTreeItem(rowFor(node, this.rowContext), node);
    // Expanded before the window reloaded: VS Code asks for its children at once, which loads them.
    if (item.collapsibleState === vscode.TreeItemCollapsibleState.Collapsed && this.expansion?.isExpanded(node.connectionId, node.key)) {
      item.collapsibleState = vscode.TreeItemCollapsibleState.Expanded;
    }
    return item;
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (!node) return this.connections();
    if (node.kind !== 'connection' && node.kind !== 'namespace') return [];
    const listing = node.listing;
    // First expand, a load in flight (Load more), or an error shown before: wait for (or retry) the page.
    if (!listing.started || listing.loading || listing.error) await listing.loadNext();
    // A refresh while we waited started the listing over: wait for its first page instead of showing it empty.
    // Unless the refresh was of an ancestor, which dropped this node from the tree: loading it again would spend
    // requests (and slots of the connection's limit) on rows nobody can see.
    while ((!listing.started || listing.loading) && this.inTree(node)) await listing.loadNext();
    return childRows(node);
  }

  /** Whether the node is still reachable from the roots (a refresh above it replaces it with a new node). */
  private inTree(node: ContainerNode): boolean {
    if (node.kind === 'connection') return this.roots?.includes(node) ?? false;
    return node.parent.listing.child('namespace', node.name) === node && this.inTree(node.parent);
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return node.kind === 'connection' ? undefined : node.parent;
  }

  /** Connection nodes, sorted by name; built once per refresh so node identity (and expansion) holds. */
  connections(): ConnectionNode[] {
    this.roots ??= this.buildRoots(new Map(), new Set());
    this.setHasConnections(this.roots.length > 0);
    return this.roots;
  }

  private hasConnections: boolean | undefined;

  /**
   * The welcome shows only once the connections are known to be none (`namespaceBrowser.connectionsKnown`): before,
   * it would flash up for a user who has connections, and take focus with it as it went.
   */
  private setHasConnections(has: boolean): void {
    if (this.hasConnections === has) return;
    this.hasConnections = has;
    void vscode.commands.executeCommand('setContext', 'namespaceBrowser.hasConnections', has);
    void vscode.commands.executeCommand('setContext', 'namespaceBrowser.connectionsKnown', true);
  }

  /** Connection nodes for the stored connections, reusing `keep`'s node of each connection not in `stale`. */
  private buildRoots(keep: ReadonlyMap<string, ConnectionNode>, stale: ReadonlySet<string>): ConnectionNode[] {
    return this.deps.connections
      .list()
      .map((c) => {
        const info: ConnectionInfo = {
          id: c.id,
          name: c.name,
          protocol: c.protocol,
          uri: c.uri,
          authType: c.auth.type,
          source: c.source,
          scope: c.scope,
          warning: plainHttpWarning(c),
        };
        const node = keep.get(c.id);
        if (!node || stale.has(c.id) || JSON.stringify({ ...node.connection, name: '' }) !== JSON.stringify({ ...info, name: '' })) {
          return this.model.connection(info);
        }
        node.connection = info;
        return node;
      })
      .sort((a, b) => a.connection.name.localeCompare(b.connection.name) || a.connectionId.localeCompare(b.connectionId));
  }

  /**
   * TreeApi: connections were added, removed, renamed or changed, here or in another window. Only those change:
   * another window adding a connection must not reload (and re-request) every expanded listing here.
   */
  connectionsChanged(change: ConnectionsChange): void {
    if (!this.roots) return this.fire(undefined);
    const before = new Map(this.roots.map((r) => [r.connectionId, r]));
    const roots = this.buildRoots(before, new Set(change.definitions));
    for (const [id, node] of before) {
      if (roots.includes(node)) continue;
      this.resetSubtree(node);
      this.clients.delete(id);
    }
    this.roots = roots;
    this.expansion?.keepOnly(new Set(this.deps.connections.list().map((c) => c.id)));
    this.fire(undefined);
  }

  /**
   * TreeApi: select and focus a connection's row. A connection just saved reaches the tree through the store's change
   * event, which may come a moment after the save: wait for the tree to change (a few times, briefly) until it is there.
   */
  async revealConnection(connectionId: string): Promise<void> {
    for (let i = 0; i < 5 && !this.connectionNode(connectionId); i++) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          sub.dispose();
          resolve();
        }, 1000);
        const sub = this.changed.event(() => {
          clearTimeout(timer);
          sub.dispose();
          resolve();
        });
      });
    }
    const node = this.connectionNode(connectionId);
    if (node) await this.view.reveal(node, { select: true, focus: true, expand: false });
  }

  connectionNode(connectionId: string): ConnectionNode | undefined {
    return this.connections().find((c) => c.connectionId === connectionId);
  }

  /** TreeApi: everything (connections may have changed) or one connection's subtree. */
  refresh(connectionId?: string): void {
    if (connectionId === undefined) {
      for (const root of this.roots ?? []) this.resetSubtree(root);
      this.roots = undefined;
      this.clients.clear();
      this.fire(undefined);
      return;
    }
    const root = this.roots?.find((c) => c.connectionId === connectionId);
    if (!root) return this.refresh();
    this.clients.delete(connectionId);
    this.refreshNode(root);
  }

  /** Drops the node's loaded pages (aborting loads in flight below it) and loads its first page again. */
  refreshNode(node: ContainerNode): void {
    this.resetSubtree(node);
    this.fire(node);
  }

  /** Appends the container's next page; only that node changes, so it stays expanded. */
  loadMore(container: ContainerNode): Promise<void> {
    const load = container.listing.loadNext();
    this.fire(container);
    return load;
  }

  /** Sets (or with undefined clears) a container's filter over the names loaded so far. */
  setFilter(container: ContainerNode, filter: string | undefined): void {
    container.listing.filter = filter === '' ? undefined : filter;
    this.fire(container);
  }

  /** What a details panel (or Copy Location) learned about a table: its row shows the version, Copy Location needs no request. */
  noteTableDetails(connectionId: string, details: TableDescribed['table']): void {
    const node = this.loadedTable(connectionId, details.identifier);
    if (!node) return;
    node.facts = { version: details.version, location: details.location };
    this.fire(node);
  }

  /** The table's node if its namespace path and the table are loaded (O(depth)). */
  loadedTable(connectionId: string, id: Identifier): TableNode | undefined {
    let container: ContainerNode | undefined = this.connectionNode(connectionId);
    for (const name of id.slice(0, -1)) {
      const child: TreeNode | undefined = container?.listing.child('namespace', name);
      container = child?.kind === 'namespace' ? child : undefined;
    }
    const table = container?.listing.child('table', id[id.length - 1]!);
    return table?.kind === 'table' ? table : undefined;
  }

  /**
   * Loads pages along the path as needed (clearing a filter that would hide it) and reveals the table, expanded
   * to it and selected. Undefined when the path is gone or a page failed (the error row then says why).
   */
  async revealTable(connectionId: string, id: Identifier): Promise<TableNode | undefined> {
    const root = this.connectionNode(connectionId);
    if (!root || id.length === 0) return undefined;
    let container: ContainerNode = root;
    for (const name of id.slice(0, -1)) {
      const child = await this.ensureChild(container, 'namespace', name);
      if (child?.kind !== 'namespace') return undefined;
      container = child;
    }
    const table = await this.ensureChild(container, 'table', id[id.length - 1]!);
    if (table?.kind !== 'table') return undefined;
    await this.view.reveal(table, { select: true, focus: true, expand: true });
    return table;
  }

  private async ensureChild(container: ContainerNode, kind: ChildKind, name: string): Promise<TreeNode | undefined> {
    const listing = container.listing;
    let changed = false;
    if (listing.filter !== undefined && !matches(name, listing.filter)) {
      listing.filter = undefined;
      changed = true;
    }
    const maxPages = this.deps.settings().maxPages;
    for (let pages = 0; !listing.child(kind, name) && listing.hasMore && pages < maxPages; pages++) {
      await listing.loadNext();
      changed = true;
      if (listing.error) break;
    }
    if (changed) this.fire(container);
    return listing.child(kind, name);
  }

  fire(node: TreeNode | undefined): void {
    this.changed.fire(node);
  }

  private resetSubtree(container: ContainerNode): void {
    // Aborts loads in flight anywhere below, so a refreshed subtree stops costing requests at once.
    for (const child of container.listing.loaded) if (child.kind === 'namespace' && child.listing.started) this.resetSubtree(child);
    container.listing.reset();
  }

  private fetcher(connectionId: string, parent: Identifier): PageFetcher {
    return async (kind, page, signal) => {
      const client = await this.deps.catalogs.client(connectionId, signal);
      this.clients.set(connectionId, client);
      if (kind === 'namespace') return client.listNamespaces(parent, page, { signal });
      if (kind === 'table') return client.listTables(parent, page, { signal });
      // Views exist only where the protocol has them (Iceberg); elsewhere the listing ends without a request.
      return client.listViews ? client.listViews(parent, page, { signal }) : { items: [] };
    };
  }

  dispose(): void {
    for (const root of this.roots ?? []) this.resetSubtree(root);
    for (const s of this.subscriptions) s.dispose();
  }
}
