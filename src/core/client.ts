import type { ConnectionConfig } from './connection';
import type {
  Identifier,
  NamespaceDetails,
  Page,
  PageRequest,
  TableDetails,
  TableIndex,
  TableVersion,
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
  /** Indices with their stats. */
  listIndices(table: Identifier, options?: CallOptions): Promise<TableIndex[]>;
  countRows(table: Identifier, options?: CallOptions): Promise<number>;
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
