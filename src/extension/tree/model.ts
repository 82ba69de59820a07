// The Catalogs tree as plain data: nodes and the paged listing behind every connection and namespace.
// No `vscode` import here, so the paging, appending and filtering are unit-tested under plain Node.
import { CatalogError } from '../../core/errors';
import { PageCursor } from '../../core/paging';
import type { Identifier, Page, PageRequest } from '../../core/model';
import { type ErrorInfo, toErrorInfo } from '../errorView';

/** What a listing lists, in the order a node shows them: child namespaces first, then tables, then views. */
export type ChildKind = 'namespace' | 'table' | 'view';
export const LISTING_ORDER: readonly ChildKind[] = ['namespace', 'table', 'view'];

/** The connection as its row needs it. */
export interface ConnectionInfo {
  id: string;
  name: string;
  protocol: string;
  uri: string;
  authType: string;
  source: 'user' | 'settings';
  /** For `settings`: the user's or the workspace's settings. */
  scope?: 'user' | 'workspace';
  /** Said on the row and logged once: e.g. credentials over plain http:// to another machine. */
  warning?: string;
}

/** What is known about a table once its details were loaded (never fetched just to draw a row). */
export interface TableFacts {
  version?: bigint;
  location?: string;
}

interface NodeBase {
  /** Unique in the tree and stable across refreshes: also the TreeItem id, so expansion survives a refresh. */
  readonly key: string;
  /** Every node carries its connection's id: commands implemented elsewhere (Re-authenticate) read it. */
  readonly connectionId: string;
}

export interface ConnectionNode extends NodeBase {
  readonly kind: 'connection';
  /** Replaced in place when the connection is renamed (in any window), so its loaded rows stay. */
  connection: ConnectionInfo;
  readonly id: Identifier;
  readonly parent?: undefined;
  readonly listing: Listing;
}

export interface NamespaceNode extends NodeBase {
  readonly kind: 'namespace';
  readonly name: string;
  readonly id: Identifier;
  readonly parent: ContainerNode;
  readonly listing: Listing;
}

export interface TableNode extends NodeBase {
  readonly kind: 'table';
  readonly name: string;
  readonly id: Identifier;
  readonly parent: ContainerNode;
  facts?: TableFacts;
}

export interface ViewNode extends NodeBase {
  readonly kind: 'view';
  readonly name: string;
  readonly id: Identifier;
  readonly parent: ContainerNode;
}

/** The "Load more…" row: an ordinary row whose command appends the container's next page. */
export interface LoadMoreNode extends NodeBase {
  readonly kind: 'loadMore';
  readonly parent: ContainerNode;
}

/** A failed load, shown where its rows would have been. */
export interface ErrorNode extends NodeBase {
  readonly kind: 'error';
  readonly parent: ContainerNode;
  readonly error: ErrorInfo;
}

/** "No namespaces or tables", "No loaded names match". */
export interface EmptyNode extends NodeBase {
  readonly kind: 'empty';
  readonly parent: ContainerNode;
}

export type ContainerNode = ConnectionNode | NamespaceNode;
export type ChildNode = NamespaceNode | TableNode | ViewNode;
export type TreeNode = ContainerNode | TableNode | ViewNode | LoadMoreNode | ErrorNode | EmptyNode;

/** Fetches one page of one kind of child; the tree binds it to the connection's client. */
export type PageFetcher = (kind: ChildKind, page: PageRequest, signal: AbortSignal) => Promise<Page>;

/** How many names each page asks for; read on every page so a changed setting applies at once. */
export type PageSize = () => number;

/**
 * The children of one connection or namespace, loaded one page at a time. Pages are appended (earlier ones are
 * never fetched again), so showing N rows costs O(N) however large the namespace is. At most one load runs at a
 * time; `reset` aborts it. A failure is kept only until the next attempt: errors are never cached.
 */
export class Listing {
  private entries: ChildNode[] = [];
  /** One map per kind, keyed by the name itself (no composed key string per row). */
  private readonly byName: Record<ChildKind, Map<string, ChildNode>> = { namespace: new Map(), table: new Map(), view: new Map() };
  private phase = 0;
  /** Where the listing of the current kind is. */
  private cursor = new PageCursor(`${LISTING_ORDER[0]}s`);
  private inflight: { promise: Promise<void>; controller: AbortController } | undefined;
  private generation = 0;
  private loads = 0;
  /** Names the server sent twice (skipped: a duplicate row id would break the tree). */
  duplicates = 0;
  /** The failure of the last load, if it failed; cleared when the next load starts. */
  error: ErrorInfo | undefined;
  /** Case-insensitive substring over the names loaded so far; undefined when no filter is set. */
  filter: string | undefined;

  constructor(
    private readonly fetch: PageFetcher,
    private readonly pageSize: PageSize,
    private readonly makeChild: (kind: ChildKind, name: string) => ChildNode,
    /**
     * Called when a listing ended with nothing in it; fails when the container itself is gone. Some servers (the
     * Lance reference server) list a missing namespace as empty, which would show a dropped namespace as empty.
     */
    private readonly confirmEmpty?: (signal: AbortSignal) => Promise<void>,
  ) {}

  /** Whether a first page was ever asked for (since the last reset). */
  get started(): boolean {
    return this.loads > 0;
  }
  get loading(): boolean {
    return this.inflight !== undefined;
  }
  /** Whether the server has more pages (of this kind or of a kind not listed yet). */
  get hasMore(): boolean {
    return this.phase < LISTING_ORDER.length;
  }
  /** Everything loaded so far, in server order (namespaces, then tables, then views). */
  get loaded(): readonly ChildNode[] {
    return this.entries;
  }
  get loadedCount(): number {
    return this.entries.length;
  }

  /**
   * What the listing knows of its size without asking anything more: per kind listed so far, how many, and whether
   * that kind was listed to its end (a kind still paging is a lower bound). Kinds not reached yet are absent.
   */
  tally(): { kind: ChildKind; count: number; complete: boolean }[] {
    if (!this.started || this.loading || this.error) return [];
    const reached = Math.min(this.phase, LISTING_ORDER.length - 1);
    return LISTING_ORDER.slice(0, reached + 1).map((kind, i) => ({ kind, count: this.byName[kind].size, complete: i < this.phase }));
  }

  /** The loaded child of that kind and name, if loaded. */
  child(kind: ChildKind, name: string): ChildNode | undefined {
    return this.byName[kind].get(name);
  }

  /** The loaded children that pass the filter. */
  visible(): ChildNode[] {
    const f = this.filter?.toLowerCase();
    if (!f) return this.entries.slice();
    return this.entries.filter((c) => c.name.toLowerCase().includes(f));
  }

  /**
   * Loads the next page (or joins the load in flight). Never rejects: a failure lands in `error`. When a page ends
   * one kind, the first page of the next kind follows in the same step, so a namespace without child namespaces
   * shows its tables at once instead of a "Load more…" row for a kind that has not started.
   */
  loadNext(): Promise<void> {
    if (this.inflight) return this.inflight.promise;
    if (!this.hasMore) return Promise.resolve();
    const controller = new AbortController();
    const generation = this.generation;
    this.error = undefined;
    this.loads += 1;
    const promise = this.fetchStep(controller.signal, generation)
      .catch((e: unknown) => {
        // A superseded load (refresh, reset) is not a failure the user needs to see.
        if (generation === this.generation && !controller.signal.aborted) this.error = toErrorInfo(e);
      })
      .finally(() => {
        if (this.inflight?.controller === controller) this.inflight = undefined;
      });
    this.inflight = { promise, controller };
    return promise;
  }

  /** Drops every loaded page (and so the subtree below), aborting a load in flight. The filter stays. */
  reset(): void {
    this.inflight?.controller.abort();
    this.inflight = undefined;
    this.generation += 1;
    this.entries = [];
    for (const kind of LISTING_ORDER) this.byName[kind].clear();
    this.phase = 0;
    this.cursor = new PageCursor(`${LISTING_ORDER[0]}s`);
    this.loads = 0;
    this.duplicates = 0;
    this.error = undefined;
  }

  private async fetchStep(signal: AbortSignal, generation: number): Promise<void> {
    while (this.phase < LISTING_ORDER.length) {
      const kind = LISTING_ORDER[this.phase]!;
      const page = await this.fetch(kind, this.cursor.next(this.pageSize()), signal);
      if (signal.aborted || generation !== this.generation) throw new CatalogError('cancelled', 'the listing was refreshed');
      const names = this.byName[kind];
      for (const name of page.items) {
        if (names.has(name)) {
          this.duplicates += 1;
          continue;
        }
        const node = this.makeChild(kind, name);
        names.set(name, node);
        this.entries.push(node);
      }
      if (this.cursor.advance(page)) return;
      this.phase += 1;
      if (this.phase < LISTING_ORDER.length) this.cursor = new PageCursor(`${LISTING_ORDER[this.phase]}s`);
    }
    if (this.entries.length === 0 && this.confirmEmpty) {
      try {
        await this.confirmEmpty(signal);
      } catch (e) {
        // Listed as empty but gone: show why, and ask again next time (nothing of this listing is kept).
        this.phase = 0;
        throw e;
      }
    }
  }
}

/** Stable keys: the TreeItem id of each node. */
/** Case-insensitive substring match: the tree's filter and Find Table's rule. */
export function matches(name: string, fragment: string): boolean {
  return name.toLowerCase().includes(fragment.toLowerCase());
}

export function connectionKey(connectionId: string): string {
  return `c:${encodeURIComponent(connectionId)}`;
}
export function childKey(parent: ContainerNode, kind: ChildKind, name: string): string {
  return `${parent.key}/${kind[0]}:${encodeURIComponent(name)}`;
}

/**
 * A table or view row. A namespace can hold 100,000 of them, so a row keeps only its name and parent: its kind is
 * its class's, and its key, identifier and connection are derived from the parent when asked for (the tree asks
 * for the rows on screen).
 */
abstract class LeafRow {
  abstract readonly kind: 'table' | 'view';

  constructor(
    readonly name: string,
    readonly parent: ContainerNode,
  ) {}

  get key(): string {
    return childKey(this.parent, this.kind, this.name);
  }

  get id(): Identifier {
    return [...this.parent.id, this.name];
  }

  get connectionId(): string {
    return this.parent.connectionId;
  }
}

class TableRow extends LeafRow implements TableNode {
  facts?: TableFacts;
  get kind(): 'table' {
    return 'table';
  }
}

class ViewRow extends LeafRow implements ViewNode {
  get kind(): 'view' {
    return 'view';
  }
}

/** Builds connection nodes whose listings create their child nodes (and their listings) on demand. */
export class TreeModel {
  constructor(
    private readonly fetcher: (connectionId: string, parent: Identifier) => PageFetcher,
    private readonly pageSize: PageSize,
    /** Fails when the namespace does not exist (asked only when its listing came back empty). */
    private readonly namespaceExists?: (connectionId: string, namespace: Identifier, signal: AbortSignal) => Promise<void>,
  ) {}

  connection(info: ConnectionInfo): ConnectionNode {
    const node: ConnectionNode = {
      kind: 'connection',
      key: connectionKey(info.id),
      connectionId: info.id,
      connection: info,
      id: [],
      listing: undefined as unknown as Listing,
    };
    (node as { listing: Listing }).listing = this.listingFor(node);
    return node;
  }

  /** A namespace node under `parent` that need not be loaded there (Find Table, tests of a missing namespace). */
  namespace(parent: ContainerNode, name: string): NamespaceNode {
    const existing = parent.listing.child('namespace', name);
    if (existing?.kind === 'namespace') return existing;
    return this.makeChild(parent, 'namespace', name) as NamespaceNode;
  }

  private listingFor(container: ContainerNode): Listing {
    const exists = this.namespaceExists;
    return new Listing(
      this.fetcher(container.connectionId, container.id),
      this.pageSize,
      (kind, name) => this.makeChild(container, kind, name),
      exists && container.id.length > 0 ? (signal) => exists(container.connectionId, container.id, signal) : undefined,
    );
  }

  private makeChild(parent: ContainerNode, kind: ChildKind, name: string): ChildNode {
    if (kind === 'table') return new TableRow(name, parent);
    if (kind === 'view') return new ViewRow(name, parent);
    const base = { key: childKey(parent, kind, name), connectionId: parent.connectionId, name, id: [...parent.id, name], parent };
    const node: NamespaceNode = { kind: 'namespace', ...base, listing: undefined as unknown as Listing };
    (node as { listing: Listing }).listing = this.listingFor(node);
    return node;
  }
}

/**
 * The rows under a container: the loaded children that pass the filter, then one action row: the error of the
 * last load, "Load more…", or a note that nothing is (or matches) there. Error, Load more and empty rows keep
 * stable keys so the tree updates them in place.
 */
export function childRows(container: ContainerNode): TreeNode[] {
  const listing = container.listing;
  const rows: TreeNode[] = listing.visible();
  const base = { connectionId: container.connectionId, parent: container };
  if (listing.error) rows.push({ kind: 'error', key: `${container.key}/!error`, ...base, error: listing.error });
  else if (listing.hasMore) rows.push({ kind: 'loadMore', key: `${container.key}/!more`, ...base });
  else if (rows.length === 0) rows.push({ kind: 'empty', key: `${container.key}/!empty`, ...base });
  return rows;
}
