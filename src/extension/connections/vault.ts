// Where a connection's secrets are kept: VS Code's SecretStorage, one JSON object per connection, under the key
// `namespaceBrowser.connection.<id>`. No `vscode` import here (the store hands in context.secrets).
import type { ConnectionSecrets } from '../../core/connection';
import { KeyedQueue } from '../../core/keyedQueue';

/** The part of vscode.SecretStorage this module uses. */
export interface SecretStorageLike {
  get(key: string): PromiseLike<string | undefined>;
  store(key: string, value: string): PromiseLike<void>;
  delete(key: string): PromiseLike<void>;
}

/** The key of a connection's secrets (unchanged since the first release, so stored secrets need no migration). */
export const SECRET_PREFIX = 'namespaceBrowser.connection.';
export const secretKey = (id: string): string => SECRET_PREFIX + id;

/** Reads and writes connections' secrets; `{}` means "none" (and writing `{}` deletes what is stored). */
export interface SecretVault {
  /** Settles once the vault can serve requests (a window may first have to find the one that writes). */
  readonly ready: Promise<void>;
  get(id: string): Promise<ConnectionSecrets>;
  /** Stores the secrets if they differ from what is stored; true if something was written. */
  put(id: string, secrets: ConnectionSecrets): Promise<boolean>;
  /** Whether this window may clean up after crashed saves and removals (it writes the secret store). */
  readonly writes: boolean;
  /** Hears of changes to any connection's secrets, made here or, where the vault can tell, in another window. */
  onDidChange(listener: (id: string) => void): { dispose(): void };
  dispose(): void;
}

/** The secrets without empty values, as a plain object with sorted keys (so two equal sets compare equal as text). */
export function normalizeSecrets(secrets: ConnectionSecrets): ConnectionSecrets {
  const out: ConnectionSecrets = {};
  for (const key of Object.keys(secrets).sort()) {
    const value = secrets[key];
    if (typeof value === 'string' && value !== '') out[key] = value;
  }
  return out;
}

export function sameSecrets(a: ConnectionSecrets, b: ConnectionSecrets): boolean {
  return JSON.stringify(normalizeSecrets(a)) === JSON.stringify(normalizeSecrets(b));
}

/** Reads a stored value; anything that is not a JSON object of strings reads as "no secrets". */
export function parseSecrets(text: string | undefined): ConnectionSecrets {
  if (!text) return {};
  try {
    const parsed = JSON.parse(text) as unknown;
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
    const out: ConnectionSecrets = {};
    for (const [k, v] of Object.entries(parsed as Record<string, unknown>)) if (typeof v === 'string') out[k] = v;
    return normalizeSecrets(out);
  } catch {
    return {};
  }
}

/**
 * SecretStorage used directly, with the care every writer needs: a secret is written only when it changed, deleted
 * only when something is stored, and read back after a write. Desktop VS Code keeps each key separately (encrypted
 * in the shared application storage), so there this is all it takes; in a browser see secretBroker.ts.
 */
export class StorageVault implements SecretVault {
  readonly ready = Promise.resolve();
  readonly writes = true;
  private readonly listeners = new Set<(id: string) => void>();
  /** One operation per connection at a time, so a read-compare-write is not interleaved with another. */
  private readonly queues = new KeyedQueue();

  constructor(private readonly storage: SecretStorageLike) {}

  async get(id: string): Promise<ConnectionSecrets> {
    return parseSecrets(await this.storage.get(secretKey(id)));
  }

  put(id: string, secrets: ConnectionSecrets): Promise<boolean> {
    return this.serial(id, async () => {
      const next = normalizeSecrets(secrets);
      const stored = await this.storage.get(secretKey(id));
      if (sameSecrets(parseSecrets(stored), next) && (stored !== undefined || Object.keys(next).length === 0)) return false;
      if (Object.keys(next).length === 0) {
        await this.storage.delete(secretKey(id));
        if ((await this.storage.get(secretKey(id))) !== undefined) throw new Error(`the secret store did not delete the secrets of connection ${id}`);
      } else {
        const text = JSON.stringify(next);
        await this.storage.store(secretKey(id), text);
        if ((await this.storage.get(secretKey(id))) !== text) throw new Error(`the secret store did not keep the secrets of connection ${id}`);
      }
      return true;
    });
  }

  /** Fed by the owner of the storage's change event (context.secrets.onDidChange, which covers our own writes). */
  fire(id: string): void {
    for (const l of this.listeners) l(id);
  }

  onDidChange(listener: (id: string) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private serial<T>(id: string, op: () => Promise<T>): Promise<T> {
    return this.queues.run(id, op);
  }

  dispose(): void {
    this.listeners.clear();
  }
}
