// The interfaces editor features know each other by. Each feature is given only the parts it uses (see activate).
import type * as vscode from 'vscode';
import type { CatalogClient } from '../core/client';
import type { ConnectionConfig, ConnectionSecrets } from '../core/connection';
import type { Identifier, TableAt, TableDetails } from '../core/model';

/** Whose settings hold a shared connection: the user's own, or the open workspace's. */
export type SettingsScope = 'user' | 'workspace';

/** A connection as the editor knows it: from the user's own list (globalState) or from the team setting. */
export interface StoredConnection extends ConnectionConfig {
  /** `user`: added in this editor, editable. `settings`: from `namespaceBrowser.connections`, read-only here. */
  source: 'user' | 'settings';
  /** For `settings`: the user's settings or the workspace's (which asks before using the user's credentials). */
  scope?: SettingsScope;
  /** Why it cannot be used here, shown as its row's error: an invalid shared entry, or a workspace's in Restricted Mode. */
  unusable?: { reason: 'invalid' | 'restricted'; message: string };
}

/** Connections: non-secret settings in globalState (versioned), secrets in SecretStorage under the connection's id. */
export interface ConnectionStoreApi {
  list(): StoredConnection[];
  get(id: string): StoredConnection | undefined;
  /** Add or replace a user connection and its secrets (secret keys are never written to globalState). */
  save(connection: ConnectionConfig, secrets: ConnectionSecrets): Promise<StoredConnection>;
  /** Remove a user connection and delete its secrets. */
  remove(id: string): Promise<void>;
  /** The connection's secrets from SecretStorage (empty object if none). */
  secrets(id: string): Promise<ConnectionSecrets>;
  setSecrets(id: string, secrets: ConnectionSecrets): Promise<void>;
  /**
   * The secrets to open the connection with. Asks (once, in password boxes) for required secret settings that are
   * missing, e.g. for a team connection from settings, and stores the answers; undefined if the user cancelled.
   */
  ensureSecrets(connection: StoredConnection): Promise<ConnectionSecrets | undefined>;
  readonly onDidChange: vscode.Event<void>;
}

/** A connection ready to open: as stored, as the client takes it (editor settings applied), and its secrets. */
export interface Prepared {
  stored: StoredConnection;
  connection: ConnectionConfig;
  secrets: ConnectionSecrets;
}

/** Open catalog clients per connection, initialised (credentials resolved) before first use. */
export interface CatalogSessionsApi {
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
  /** The request inspector, optionally filtered to a connection and/or opened on one record. */
  showRequests(filter?: { connectionId?: string; recordId?: string }): Promise<void>;
  readonly onDidDescribeTable: vscode.Event<TableDescribed>;
}

/** The Catalogs tree, as the connection commands know it. */
export interface TreeApi {
  /** Refresh everything (connections list changed) or, with an id, one connection's subtree. */
  refresh(connectionId?: string): void;
}
