import { registerBuiltinProviders } from './auth/builtins';
import { AuthProviderRegistry } from './auth/registry';
import type { CatalogLogger } from './catalog';
import type { CatalogClient } from './client';
import type { ConnectionConfig, ConnectionSecrets } from './connection';
import { RequestLog } from './records';
import type { NetworkSettings } from './transport/network';
import type { NetworkHints } from './transport/transport';

/** Everything a front end (CLI, extension) needs: the provider registry with built-ins, the request log, and `open`. */
export interface Runtime {
  registry: AuthProviderRegistry;
  log: RequestLog;
  open(connection: ConnectionConfig, secrets: ConnectionSecrets): CatalogClient;
}

export interface RuntimeOptions {
  log?: RequestLog;
  env?: Record<string, string | undefined>;
  /** What the editor adds to the environment's network settings (VS Code's `http.*`, the OS trust store), read at each open. */
  network?: () => NetworkSettings | undefined;
  /** How a TLS failure names its fix in this front end. */
  hints?: NetworkHints;
  /** Hears warnings (a configuration not followed, insecure TLS) and the auth sessions' log lines. */
  logger?: CatalogLogger;
}

export function createRuntime(options: RuntimeOptions = {}): Runtime {
  const registry = new AuthProviderRegistry();
  registerBuiltinProviders(registry);
  const log = options.log ?? new RequestLog();
  return {
    registry,
    log,
    open(connection, secrets) {
      // On demand (scripts/onDemand.mjs): the catalog, its transport and auth sessions load with the first open.
      const { openCatalog } = require('./catalog') as typeof import('./catalog');
      return openCatalog(connection, secrets, { registry, log, env: options.env, network: options.network?.(), hints: options.hints, logger: options.logger });
    },
  };
}
