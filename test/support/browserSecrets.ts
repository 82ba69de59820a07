// A model of how browser-hosted VS Code keeps SecretStorage (code-server 4.100.3, workbench.js:
// LocalStorageSecretStorageProvider): one blob in localStorage["secrets.provider"] that a window reads once when its
// page loads, then serves from memory, and rewrites whole from that memory on every store or delete.
import type { SecretStorageLike } from '../../src/extension/connections/vault';

/** The browser's localStorage, shared by every window (tab) of one origin. */
export class LocalStorageModel {
  blob: string | undefined;
  writes = 0;
  /** Loads a new window's view of the secrets, as a page load does. */
  openWindow(): BrowserWindowSecrets {
    return new BrowserWindowSecrets(this);
  }
  /** What a page opened now would see. */
  read(): Record<string, string> {
    return this.blob ? (JSON.parse(this.blob) as Record<string, string>) : {};
  }
}

/** One window's SecretStorage. `hang()` makes it stop answering, like a host whose page went away. */
export class BrowserWindowSecrets implements SecretStorageLike {
  private readonly memory: Record<string, string>;
  private hung: Promise<never> | undefined;
  constructor(private readonly storage: LocalStorageModel) {
    this.memory = storage.read();
  }
  hang(): void {
    this.hung = new Promise<never>(() => undefined);
  }
  async get(key: string): Promise<string | undefined> {
    if (this.hung) await this.hung;
    return this.memory[key];
  }
  async store(key: string, value: string): Promise<void> {
    if (this.hung) await this.hung;
    this.memory[key] = value;
    this.flush();
  }
  async delete(key: string): Promise<void> {
    if (this.hung) await this.hung;
    delete this.memory[key];
    this.flush();
  }
  private flush(): void {
    this.storage.blob = JSON.stringify(this.memory);
    this.storage.writes++;
  }
}
