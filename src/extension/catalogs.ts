import type * as vscode from 'vscode';
import type { CatalogClient } from '../core/client';
import { CatalogError } from '../core/errors';
import type { Runtime } from '../core/runtime';
import type { CatalogSessionsApi, ConnectionStoreApi } from './services';
import type { Settings } from './settings';

/** What opening a catalog takes: the stored connection and its secrets, the runtime, the settings, a log. */
export interface CatalogSessionsDeps {
  readonly connections: Pick<ConnectionStoreApi, 'get' | 'ensureSecrets'>;
  readonly runtime: Pick<Runtime, 'open'>;
  readonly output: Pick<vscode.LogOutputChannel, 'info' | 'warn'>;
  settings(): Settings;
}

/**
 * One open catalog client per connection, created on first use with the connection's secrets and initialised
 * (credentials resolved) once. A failed open is not cached: the next use tries again.
 */
export class CatalogSessions implements CatalogSessionsApi {
  private readonly open = new Map<string, Promise<CatalogClient>>();

  constructor(private readonly deps: CatalogSessionsDeps) {}

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

  private async create(connectionId: string, signal?: AbortSignal): Promise<CatalogClient> {
    const { connections, runtime, output } = this.deps;
    const stored = connections.get(connectionId);
    if (!stored) throw new CatalogError('config', `the connection ${connectionId} no longer exists`);
    const secrets = await connections.ensureSecrets(stored);
    if (!secrets) throw new CatalogError('config', `the secrets of connection "${stored.name}" were not entered`);
    const s = this.deps.settings();
    const connection = {
      ...stored,
      requestTimeoutMs: stored.requestTimeoutMs ?? s.requestTimeoutSeconds * 1000,
      maxConcurrentRequests: stored.maxConcurrentRequests ?? s.maxConcurrentRequests,
    };
    const client = runtime.open(connection, secrets, (m) => output.warn(m));
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
    p?.then((c) => c.dispose(), () => undefined);
  }

  signOut(connectionId: string): void {
    const p = this.open.get(connectionId);
    p?.then((c) => c.signOut(), () => undefined);
    this.forget(connectionId);
  }

  dispose(): void {
    for (const id of [...this.open.keys()]) this.forget(id);
  }
}
