import type * as vscode from 'vscode';
import type { CatalogClient } from '../core/client';
import { plainHttpWarning } from '../core/credentialUse';
import { CatalogError } from '../core/errors';
import type { Runtime } from '../core/runtime';
import { ConnectionBlocked } from './connections/blocked';
import type { ConsentApi } from './connections/consent';
import type { OpenCatalogsApi, ConnectionStoreApi, Prepared } from './services';
import type { Settings } from './settings';

/**
 * What opening a catalog takes: the stored connection and its secrets, the registered providers, what the user
 * allowed a workspace's connections, the runtime, the settings, a log.
 */
export interface OpenCatalogsDeps {
  readonly connections: Pick<ConnectionStoreApi, 'get' | 'secrets' | 'ensureSecrets'>;
  readonly consent: Pick<ConsentApi, 'check' | 'allowTyped'>;
  readonly runtime: Pick<Runtime, 'open' | 'registry'>;
  readonly output: Pick<vscode.LogOutputChannel, 'info' | 'warn'>;
  settings(): Settings;
}

/**
 * One open catalog client per connection, created on first use with the connection's secrets and initialised
 * (credentials resolved) once. A failed open is not cached: the next use tries again.
 */
export class OpenCatalogs implements OpenCatalogsApi {
  private readonly open = new Map<string, Promise<CatalogClient>>();
  /** Connections whose plain-http warning was logged (once per connection). */
  private readonly warned = new Set<string>();

  constructor(private readonly deps: OpenCatalogsDeps) {}

  client(connectionId: string, signal?: AbortSignal): Promise<CatalogClient> {
    let p = this.open.get(connectionId);
    if (!p) {
      p = this.create(connectionId, signal);
      this.open.set(connectionId, p);
      p.catch(() => {
        if (this.open.get(connectionId) === p) this.open.delete(connectionId);
      });
    }
    return p;
  }

  async prepare(connectionId: string): Promise<Prepared | undefined> {
    const { connections, runtime, output, settings, consent } = this.deps;
    const stored = connections.get(connectionId);
    if (!stored) throw new CatalogError('config', `the connection ${connectionId} no longer exists`);
    if (stored.unusable) throw new ConnectionBlocked(stored.unusable.reason, stored.unusable.message);
    const type = stored.auth.type || 'none';
    if (!runtime.registry.get(type)) {
      throw new ConnectionBlocked(
        'provider-missing',
        `the auth provider "${type}" is not registered: install or enable the extension that provides it; the connection opens when it registers`,
        type,
      );
    }
    const before = await connections.secrets(stored.id);
    await consent.check(stored, Object.keys(before).length > 0);
    const secrets = await connections.ensureSecrets(stored);
    if (!secrets) return undefined;
    // Typed just now, in a prompt that named the connection and its host: that is the user's answer.
    if (Object.keys(secrets).some((k) => before[k] !== secrets[k])) await consent.allowTyped(stored);
    const warning = plainHttpWarning(stored);
    if (warning && !this.warned.has(stored.id)) {
      this.warned.add(stored.id);
      output.warn(`connection "${stored.name}": ${warning}`);
    }
    const s = settings();
    const { source: _source, scope: _scope, unusable: _unusable, ...config } = stored;
    const connection = {
      ...config,
      requestTimeoutMs: stored.requestTimeoutMs ?? s.requestTimeoutSeconds * 1000,
      maxConcurrentRequests: stored.maxConcurrentRequests ?? s.maxConcurrentRequests,
    };
    return { stored, connection, secrets };
  }

  private async create(connectionId: string, signal?: AbortSignal): Promise<CatalogClient> {
    const { runtime, output } = this.deps;
    const prepared = await this.prepare(connectionId);
    if (!prepared)
      throw new CatalogError('config', `the secrets of connection "${this.deps.connections.get(connectionId)?.name ?? connectionId}" were not entered`);
    const { stored, connection, secrets } = prepared;
    const client = runtime.open(connection, secrets);
    try {
      await client.initialize({ signal });
    } catch (e) {
      client.dispose();
      throw e;
    }
    output.info(`connected to "${stored.name}" (${stored.protocol}, auth ${stored.auth.type})`);
    return client;
  }

  forget(connectionId: string): void {
    const p = this.open.get(connectionId);
    this.open.delete(connectionId);
    p?.then(
      (c) => c.dispose(),
      () => undefined,
    );
  }

  signOut(connectionId: string): void {
    const p = this.open.get(connectionId);
    p?.then(
      (c) => c.signOut(),
      () => undefined,
    );
    this.forget(connectionId);
  }

  dispose(): void {
    for (const id of [...this.open.keys()]) this.forget(id);
  }
}
