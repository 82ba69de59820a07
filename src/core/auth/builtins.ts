import { apiKeyProvider } from './apiKey/provider';
import { bearerProvider } from './bearer/provider';
import { googleProvider, type GoogleProviderOptions } from './google/provider';
import { headersProvider } from './headers/provider';
import { noneProvider } from './none/provider';
import { oauth2Provider, type OAuth2ProviderOptions } from './oauth2/provider';
import type { AuthProviderRegistry } from './registry';
import { sigv4Provider } from './sigv4/provider';
import type { SigV4Options } from './sigv4/session';

/** Test hooks per built-in provider; none of them are user settings. */
export interface BuiltinProviderOptions {
  google?: GoogleProviderOptions;
  oauth2?: OAuth2ProviderOptions;
  sigv4?: SigV4Options;
}

/** Register the providers that ship with the extension and the CLI. */
export function registerBuiltinProviders(registry: AuthProviderRegistry, options: BuiltinProviderOptions = {}): void {
  registry.register(noneProvider());
  registry.register(bearerProvider());
  registry.register(apiKeyProvider());
  registry.register(headersProvider());
  registry.register(oauth2Provider(options.oauth2));
  registry.register(googleProvider(options.google));
  registry.register(sigv4Provider(registry, options.sigv4));
}
