import { CatalogError } from '../errors';
import { checkDescriptors, expandDescriptors, normalizeDescriptor, type SettingAnswers } from './descriptors';
import type { AuthProvider, AuthSettingDescriptor } from './provider';

/**
 * Auth providers by name. Built-ins are registered at start; other extensions add theirs through the API. What the
 * registry hands out is its own view of each provider: descriptors checked once and normalised on every read (so
 * `kind: 'secret'` and `secret: true` mean the same everywhere), and nothing of the registering object but its
 * methods.
 */
export class AuthProviderRegistry {
  private readonly providers = new Map<string, AuthProvider>();
  private readonly listeners = new Set<(name: string) => void>();

  register(provider: AuthProvider): { dispose(): void } {
    if (!provider || typeof provider.name !== 'string' || !/^[a-z0-9][a-z0-9._-]*$/i.test(provider.name)) {
      throw new CatalogError('config', `auth provider name "${provider?.name}" is not valid (letters, digits, . _ -)`);
    }
    if (this.providers.has(provider.name)) {
      throw new CatalogError('config', `an auth provider named "${provider.name}" is already registered`);
    }
    if (typeof provider.create !== 'function') throw new CatalogError('config', `auth provider "${provider.name}" has no create() method`);
    checkDescriptors(provider.name, provider.settings);
    const view = normalized(provider);
    this.providers.set(provider.name, view);
    this.emit(provider.name);
    return {
      dispose: () => {
        if (this.providers.get(provider.name) === view) {
          this.providers.delete(provider.name);
          this.emit(provider.name);
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

  /**
   * The descriptors a connection of this auth type has given its settings: the provider's own plus a wrapped
   * provider's under `delegate.`. Undefined when no provider of that name is registered.
   */
  descriptors(type: string, settings: SettingAnswers): AuthSettingDescriptor[] | undefined {
    const provider = this.providers.get(type);
    return provider ? expandDescriptors(provider.settings, settings, (n) => this.providers.get(n)) : undefined;
  }

  /** Called with the provider's name when one is registered or removed. */
  onDidChange(listener: (name: string) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private emit(name: string): void {
    for (const l of this.listeners) l(name);
  }
}

/** The registry's view of a provider: the registering object's fields copied, its descriptors normalised on read. */
function normalized(provider: AuthProvider): AuthProvider {
  const { name, displayName, description } = provider;
  const ambient = provider.ambientCredentials;
  return Object.freeze({
    name,
    displayName: typeof displayName === 'string' && displayName ? displayName : name,
    description,
    // Read through on each use: a provider may compute its settings (sigv4 lists the providers it can wrap).
    get settings(): readonly AuthSettingDescriptor[] {
      return provider.settings.map(normalizeDescriptor);
    },
    create: (settings: Readonly<Record<string, string | undefined>>, context: Parameters<AuthProvider['create']>[1]) => provider.create(settings, context),
    ambientCredentials: ambient ? (settings: Readonly<Record<string, string | undefined>>) => ambient.call(provider, settings) : undefined,
  });
}
