import { CatalogError } from '../errors';
import type { AuthProvider } from './provider';

/** Auth providers by name. Built-ins are registered at start; other extensions add theirs through the API. */
export class AuthProviderRegistry {
  private readonly providers = new Map<string, AuthProvider>();
  private readonly listeners = new Set<() => void>();

  register(provider: AuthProvider): { dispose(): void } {
    if (!provider.name || !/^[a-z0-9][a-z0-9._-]*$/i.test(provider.name)) {
      throw new CatalogError('config', `auth provider name "${provider.name}" is not valid (letters, digits, . _ -)`);
    }
    if (this.providers.has(provider.name)) {
      throw new CatalogError('config', `an auth provider named "${provider.name}" is already registered`);
    }
    this.providers.set(provider.name, provider);
    this.emit();
    return {
      dispose: () => {
        if (this.providers.get(provider.name) === provider) {
          this.providers.delete(provider.name);
          this.emit();
        }
      },
    };
  }

  get(name: string): AuthProvider | undefined {
    return this.providers.get(name);
  }

  require(name: string): AuthProvider {
    const p = this.providers.get(name);
    if (!p) {
      const known = [...this.providers.keys()].join(', ');
      throw new CatalogError('config', `unknown auth type "${name}" (known: ${known})`);
    }
    return p;
  }

  all(): AuthProvider[] {
    return [...this.providers.values()];
  }

  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }
}
