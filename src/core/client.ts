import type { ConnectionConfig } from './connection';
import type {
  AtOptions,
  Identifier,
  NamespaceDetails,
  Page,
  PageRequest,
  TableAt,
  TableBranch,
  TableDetails,
  TableIndex,
  TableQuery,
  TableRows,
  TableStats,
  TableTag,
  TableVersion,
  TableVersionDetails,
  ViewDetails,
} from './model';

/** Options every call takes. */
export interface CallOptions {
  signal?: AbortSignal;
}

/**
 * What the tree, the panels and the CLI ask of a catalog, whatever its protocol. Every method fails with a
 * CatalogError.
 */
export interface CatalogOperations {
  /** One page of child namespace names of `parent` (`[]` for the root). */
  listNamespaces(parent: Identifier, page?: PageRequest, options?: CallOptions): Promise<Page>;
  /** One page of table names in `namespace`. */
  listTables(namespace: Identifier, page?: PageRequest, options?: CallOptions): Promise<Page>;
  describeNamespace(namespace: Identifier, options?: CallOptions): Promise<NamespaceDetails>;
  describeTable(table: Identifier, options?: CallOptions): Promise<TableDetails>;
  /** Newest first. */
  listVersions(table: Identifier, options?: CallOptions): Promise<TableVersion[]>;
  /** Indices with their stats; `at` only where `describeTableAt` exists. */
  listIndices(table: Identifier, options?: AtOptions): Promise<TableIndex[]>;
  /** Rows of the table; `at` only where `describeTableAt` exists. */
  countRows(table: Identifier, options?: AtOptions): Promise<number>;
  /**
   * The rest of the read API a data browser needs, present where the protocol has it (Lance; absent for Iceberg,
   * whose rows live in data files this client does not read).
   */
  /** The table at a version or a tag (time travel). */
  describeTableAt?(table: Identifier, at: TableAt, options?: CallOptions): Promise<TableDetails>;
  /** One page of rows, read from the server's Arrow answer. */
  queryTable?(table: Identifier, query: TableQuery, options?: CallOptions): Promise<TableRows>;
  /** Size, rows, indices and fragments of the latest version. */
  tableStats?(table: Identifier, options?: CallOptions): Promise<TableStats>;
  /** Every tag, by name. */
  listTags?(table: Identifier, options?: CallOptions): Promise<TableTag[]>;
  /** The version a tag names. */
  tagVersion?(table: Identifier, tag: string, options?: CallOptions): Promise<TableTag>;
  /** Every branch, by name. */
  listBranches?(table: Identifier, options?: CallOptions): Promise<TableBranch[]>;
  /** One version's manifest, size, time and metadata. */
  describeVersion?(table: Identifier, version: bigint, options?: CallOptions): Promise<TableVersionDetails>;
  /** One page of every table in the catalog, as full identifiers (see src/extension/tree/tableSearch.ts on trusting it). */
  listAllTables?(page?: PageRequest, options?: CallOptions): Promise<Page<Identifier>>;
  /** One page of view names in `namespace`; absent where the protocol has no views (Lance). */
  listViews?(namespace: Identifier, page?: PageRequest, options?: CallOptions): Promise<Page>;
  /** A view's schema, versions and SQL; present exactly when `listViews` is. */
  describeView?(view: Identifier, options?: CallOptions): Promise<ViewDetails>;
  /**
   * Once initialized: why `listViews` lists nothing whatever the catalog holds (it does not advertise views), or
   * undefined when views are listed. Shown to the user instead of silence.
   */
  viewsUnavailable?(): string | undefined;
}

/**
 * Every operation by name, once. TypeScript insists the list is complete, and a unit test checks that an open catalog
 * forwards each one its protocol's adapter has: a new operation cannot be forgotten in catalog.ts.
 */
export const CATALOG_OPERATIONS = Object.keys({
  listNamespaces: true,
  listTables: true,
  describeNamespace: true,
  describeTable: true,
  listVersions: true,
  listIndices: true,
  countRows: true,
  describeTableAt: true,
  queryTable: true,
  tableStats: true,
  listTags: true,
  tagVersion: true,
  listBranches: true,
  describeVersion: true,
  listAllTables: true,
  listViews: true,
  describeView: true,
  viewsUnavailable: true,
} satisfies Record<keyof CatalogOperations, true>) as (keyof CatalogOperations)[];

/** What a protocol implements over one connection's transport (see protocol.ts); the catalog adds the lifecycle. */
export interface CatalogAdapter extends CatalogOperations {
  /** What the protocol needs before anything else (Iceberg: GET /v1/config), once credentials are resolved. */
  initialize?(options?: CallOptions): Promise<void>;
}

/** An open catalog: its operations, and a lifecycle it owns (catalog.ts). */
export interface CatalogClient extends CatalogOperations {
  readonly connection: ConnectionConfig;
  /**
   * Resolve credentials and whatever the protocol needs first, once; callers share it. A failure is not kept: the next
   * call tries again. Every operation waits for it.
   */
  initialize(options?: CallOptions): Promise<void>;
  /** How an identifier is shown, e.g. `sales$emea$orders` or `sales.emea.orders`. */
  displayIdentifier(id: Identifier): string;
  /** What Copy Identifier puts on the clipboard. */
  copyIdentifier(id: Identifier): string;
  /** Forget cached credentials (Sign Out). */
  signOut(): void;
  dispose(): void;
}
