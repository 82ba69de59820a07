import * as vscode from 'vscode';
import { applies, isSecret } from '../../core/auth/descriptors';
import type { AuthProviderRegistry } from '../../core/auth/registry';
import type { ConnectionConfig, ConnectionSecrets } from '../../core/connection';
import type { ConnectionStoreApi, StoredConnection } from '../services';
import { RestrictedWorkspaceSettings } from './restrictedSettings';
import { teamConnections } from './teamConnections';

/** globalState key of the user's connections; the number is the stored shape's version (see `migrate`). */
const STATE_KEY = 'namespaceBrowser.connections';
const STATE_VERSION = 1;
const SECRET_PREFIX = 'namespaceBrowser.connection.';

interface StoredState {
  version: number;
  connections: ConnectionConfig[];
}

/**
 * Connections: the user's own in globalState (non-secret settings only, versioned), the team's from the setting
 * `namespaceBrowser.connections` (no secrets there either), and every secret in SecretStorage under the
 * connection's id as one JSON object.
 */
export class ConnectionStore implements ConnectionStoreApi, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;
  private readonly subscriptions: vscode.Disposable[] = [];
  /** The workspace's entries while it is untrusted (VS Code hides them from inspect() then). */
  private readonly restricted = new RestrictedWorkspaceSettings();

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly registry: AuthProviderRegistry,
  ) {
    this.subscriptions.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('namespaceBrowser.connections')) this.emitter.fire();
      }),
      context.secrets.onDidChange((e) => {
        if (e.key.startsWith(SECRET_PREFIX)) this.emitter.fire();
      }),
      // The workspace's shared connections become usable.
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.emitter.fire()),
      this.restricted,
      this.restricted.onDidChange(() => this.emitter.fire()),
    );
  }

  list(): StoredConnection[] {
    const user = this.readState().connections.map((c) => ({ ...c, source: 'user' as const }));
    return [...user, ...this.teamConnections(user)];
  }

  get(id: string): StoredConnection | undefined {
    return this.list().find((c) => c.id === id);
  }

  async save(connection: ConnectionConfig, secrets: ConnectionSecrets): Promise<StoredConnection> {
    const clean = this.withoutSecrets(connection);
    const state = this.readState();
    const i = state.connections.findIndex((c) => c.id === clean.id);
    if (i >= 0) state.connections[i] = clean;
    else state.connections.push(clean);
    await this.context.globalState.update(STATE_KEY, state);
    await this.setSecrets(clean.id, secrets);
    this.emitter.fire();
    return { ...clean, source: 'user' };
  }

  async remove(id: string): Promise<void> {
    const state = this.readState();
    state.connections = state.connections.filter((c) => c.id !== id);
    await this.context.globalState.update(STATE_KEY, state);
    await this.context.secrets.delete(SECRET_PREFIX + id);
    this.emitter.fire();
  }

  async secrets(id: string): Promise<ConnectionSecrets> {
    const text = await this.context.secrets.get(SECRET_PREFIX + id);
    if (!text) return {};
    try {
      const parsed = JSON.parse(text) as unknown;
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
      const out: ConnectionSecrets = {};
      for (const [k, v] of Object.entries(parsed as Record<string, unknown>)) if (typeof v === 'string') out[k] = v;
      return out;
    } catch {
      return {};
    }
  }

  async setSecrets(id: string, secrets: ConnectionSecrets): Promise<void> {
    const present = Object.fromEntries(Object.entries(secrets).filter(([, v]) => typeof v === 'string' && v !== ''));
    if (Object.keys(present).length === 0) await this.context.secrets.delete(SECRET_PREFIX + id);
    else await this.context.secrets.store(SECRET_PREFIX + id, JSON.stringify(present));
  }

  async ensureSecrets(connection: StoredConnection): Promise<ConnectionSecrets | undefined> {
    const secrets = await this.secrets(connection.id);
    const settings = connection.auth.settings ?? {};
    // Includes a wrapped provider's settings (sigv4 `delegate.*`), whose secrets are kept the same way.
    const descriptors = this.registry.descriptors(connection.auth.type, settings);
    if (!descriptors) return secrets;
    const missing = descriptors.filter((d) => isSecret(d) && d.required && !secrets[d.key] && applies(d, descriptors, settings));
    if (missing.length === 0) return secrets;
    for (const d of missing) {
      const value = await vscode.window.showInputBox({
        title: `${connection.name}: ${d.label}`,
        // The host is named: typing a secret here is what lets a workspace's connection send it there.
        prompt: `${d.label} for connection "${connection.name}", sent to ${originOf(connection.uri)} (kept in the OS secret store, asked only once)`,
        password: true,
        ignoreFocusOut: true,
      });
      if (value === undefined) return undefined;
      secrets[d.key] = value;
    }
    await this.setSecrets(connection.id, secrets);
    return secrets;
  }

  private readState(): StoredState {
    return migrate(this.context.globalState.get<unknown>(STATE_KEY));
  }

  /**
   * Team connections from the setting, the user's and the workspace's entries apart (inspect, not get: get would
   * hide one behind the other, and tell no workspace entry from a user's). Invalid entries come back as rows that
   * say why; a workspace's are listed but not used in Restricted Mode.
   */
  private teamConnections(user: readonly StoredConnection[]): StoredConnection[] {
    const inspected = vscode.workspace.getConfiguration('namespaceBrowser').inspect<unknown>('connections');
    const trusted = vscode.workspace.isTrusted;
    return teamConnections(
      { user: inspected?.globalValue, workspace: trusted ? inspected?.workspaceValue : this.restricted.value, workspaceTrusted: trusted, taken: new Map(user.map((c) => [c.id, c.name])) },
      this.registry,
    );
  }

  /** Drop any secret setting before the connection is persisted or shown. */
  private withoutSecrets(connection: ConnectionConfig): ConnectionConfig {
    const settings = { ...(connection.auth.settings ?? {}) };
    for (const d of this.registry.descriptors(connection.auth.type, settings) ?? []) if (isSecret(d)) delete settings[d.key];
    return { ...connection, auth: { type: connection.auth.type, settings } };
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.emitter.dispose();
  }
}

function originOf(uri: string): string {
  try {
    return new URL(uri).origin;
  } catch {
    return uri;
  }
}

/** Read any stored shape and bring it to the current version. */
export function migrate(value: unknown): StoredState {
  if (!value || typeof value !== 'object') return { version: STATE_VERSION, connections: [] };
  const o = value as { version?: unknown; connections?: unknown };
  const list = Array.isArray(o.connections) ? o.connections : Array.isArray(value) ? (value as unknown[]) : [];
  const connections = list.filter((c): c is ConnectionConfig => !!c && typeof c === 'object' && typeof (c as ConnectionConfig).id === 'string' && typeof (c as ConnectionConfig).uri === 'string');
  return { version: STATE_VERSION, connections };
}
