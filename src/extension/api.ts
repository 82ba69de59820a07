// What `activate()` returns to other extensions: apiVersion and registerAuthProvider, nothing else. The published
// types are api/namespace-browser.d.ts; test/unit/api-types.test.ts keeps the two equal.
import * as vscode from 'vscode';
import type { AuthProvider } from '../core/auth/provider';
import type { AuthProviderRegistry } from '../core/auth/registry';

/** The public API (see api/namespace-browser.d.ts for the contract and its compatibility policy). */
export interface NamespaceBrowserApi {
  readonly apiVersion: 1;
  registerAuthProvider(provider: AuthProvider): { dispose(): void };
}

/**
 * The API object: frozen, holding no reference to anything but the registry's register function, so no caller can
 * reach connections, secrets or internal services through it.
 */
export function createApi(registry: AuthProviderRegistry, log: (message: string) => void): NamespaceBrowserApi {
  return Object.freeze({
    apiVersion: 1 as const,
    registerAuthProvider(provider: AuthProvider): vscode.Disposable {
      const registration = registry.register(provider);
      log(`auth provider "${provider.name}" registered by another extension`);
      return new vscode.Disposable(() => registration.dispose());
    },
  });
}

/**
 * The command through which the in-host tests reach the services behind the UI. It is registered only when the
 * extension host runs tests (ExtensionMode.Test); an installed extension never has it.
 */
export const TEST_SERVICES_COMMAND = '_namespaceBrowser.testServices';
