// The interfaces editor features know each other by. Each feature is given only the parts it uses (see activate).
import type * as vscode from 'vscode';
import type { CatalogClient } from '../core/client';
import type { ConnectionConfig, ConnectionSecrets } from '../core/connection';
import type { Identifier, TableAt, TableDetails } from '../core/model';

/** Whose settings hold a shared connection: the user's own, or the open workspace's. */
export type SettingsScope = 'user' | 'workspace';

/** A connection as the editor knows it: the user's own (a file per connection) or from the team setting. */
export interface StoredConnection extends ConnectionConfig {
  /** `user`: added in this editor, editable. `settings`: from `namespaceBrowser.connections`, read-only here. */
  source: 'user' | 'settings';
  /** For `settings`: the user's settings or the workspace's (which asks before using the user's credentials). */
  scope?: SettingsScope;
  /** Why it cannot be used here, shown as its row's error: an invalid shared entry, or a workspace's in Restricted Mode. */
  unusable?: { reason: 'invalid' | 'restricted'; message: string };
}

/** What changed among the connections, here or in another window (ids only: no definitions, never a secret). */
export interface ConnectionsChange {
  /** Added, removed, or changed in more than the name: open clients and loaded rows of these are stale. */
  readonly definitions: readonly string[];
  /** Only the name changed. */
  readonly renamed: readonly string[];
  /** The secrets changed (open clients were made with the old ones). */
  readonly secrets: readonly string[];
  /** The team's connections in settings changed. */
  readonly team: boolean;
}

/**
 * Connections: non-secret settings in a file per connection under the extension's global storage, secrets in
 * SecretStorage under the connection's id. Safe with several windows open: each window writes only what it changed,
 * removal is final, and every window hears of the others' changes (`onDidChange`).
 */
export interface ConnectionStoreApi {
  list(): StoredConnection[];
  get(id: string): StoredConnection | undefined;
  /** Ids a new connection must not take: those in use, and those of removed connections. */
  takenIds(): Set<string>;
  /**
   * Adds or replaces a user connection (secret settings are dropped from the definition) and, when given, replaces
   * its secrets. Secrets are written first, the definition second, so a crash leaves nothing or a whole connection.
   * Fails with ConnectionRemovedError if the connection was removed meanwhile (in any window).
   */
  save(connection: ConnectionConfig, secrets?: ConnectionSecrets): Promise<StoredConnection>;
  /** Renames a user connection; only its definition is written. */
  rename(id: string, name: string): Promise<StoredConnection>;
  /** Removes a user connection for good, and deletes its secrets. */
  remove(id: string): Promise<void>;
  /** The connection's secrets from SecretStorage (empty object if none). */
  secrets(id: string): Promise<ConnectionSecrets>;
  /** Replaces the connection's secrets (written only if they differ; `{}` deletes them). */
  setSecrets(id: string, secrets: ConnectionSecrets): Promise<void>;
  /**
   * The secrets to open the connection with. Asks (once, in password boxes) for required secret settings that are
   * missing, e.g. for a team connection from settings, and stores the answers; undefined if the user cancelled.
   */
  ensureSecrets(connection: StoredConnection): Promise<ConnectionSecrets | undefined>;
  readonly onDidChange: vscode.Event<ConnectionsChange>;
}

/** A connection ready to open: as stored, as the client takes it (editor settings applied), and its secrets. */
export interface Prepared {
  stored: StoredConnection;
  connection: ConnectionConfig;
  secrets: ConnectionSecrets;
}

/** Open catalog clients per connection, initialised (credentials resolved) before first use. */
export interface OpenCatalogsApi {
  /**
   * What opening the connection takes, checked in order: it is usable here (valid, not a workspace's in Restricted
   * Mode), its provider is registered, the user allowed a workspace's connection what it would send, and its
   * secrets (asked for when missing; undefined when the user cancelled). Throws ConnectionBlocked or a CatalogError
   * saying which check failed.
   */
  prepare(connectionId: string): Promise<Prepared | undefined>;
  /** The connection's client, opened on first use; fails with a CatalogError (e.g. kind `config` when cancelled). */
  client(connectionId: string, signal?: AbortSignal): Promise<CatalogClient>;
  /** Close the connection's client so the next use opens it again (after an edit, re-authentication, removal). */
  forget(connectionId: string): void;
  /** Forget cached tokens and credentials of the connection's auth session. */
  signOut(connectionId: string): void;
}

/** A details panel loaded a table's details: the tree shows the version from them and copies the location. */
export interface TableDescribed {
  readonly connectionId: string;
  readonly table: Pick<TableDetails, 'identifier' | 'version' | 'location'>;
}

/** The webview panels, as the tree and the commands know them. */
export interface PanelsApi {
  /** A table's panel; with `at`, the table at that version or tag, in a panel of its own. */
  showTable(connectionId: string, table: Identifier, at?: TableAt): Promise<void>;
  showNamespace(connectionId: string, namespace: Identifier): Promise<void>;
  showView(connectionId: string, view: Identifier): Promise<void>;
  /**
   * Open an object's panel as the Explorer opens files: `preview` reuses the one preview panel (the next preview
   * replaces it) until it is pinned; `preserveFocus` leaves the keyboard where it is (in the tree).
   */
  openDetails(
    kind: 'table' | 'namespace' | 'view',
    connectionId: string,
    identifier: Identifier,
    mode: { preview: boolean; preserveFocus: boolean },
  ): Promise<void>;
  /** The request inspector, optionally filtered to a connection and/or opened on one record. */
  showRequests(filter?: { connectionId?: string; recordId?: string }): Promise<void>;
  readonly onDidDescribeTable: vscode.Event<TableDescribed>;
  /** The table whose details panel is the active editor, if one is. */
  activeTable(): { connectionId: string; id: Identifier } | undefined;
}

/** The Catalogs tree, as the connection commands know it. */
export interface TreeApi {
  /** Refresh everything or, with an id, one connection's subtree. */
  refresh(connectionId?: string): void;
  /** Show the Catalogs view with the connection selected and focused (after Add Connection, say). */
  revealConnection(connectionId: string): Promise<void>;
}
