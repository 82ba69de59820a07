import { registerBuiltinProviders } from './auth/builtins';
import { AuthProviderRegistry } from './auth/registry';
import type { CatalogClient } from './client';
import { openCatalog } from './catalog';
import type { ConnectionConfig, ConnectionSecrets } from './connection';
import { RequestLog } from './records';
import { sigv4RejectionParser } from './auth/sigv4Rejection';
import { createIcebergRestClient } from './iceberg/client';

/** Everything a front end (CLI, extension) needs: the provider registry with built-ins, the request log, and `open`. */
export interface Runtime {
  registry: AuthProviderRegistry;
  log: RequestLog;
  open(connection: ConnectionConfig, secrets: ConnectionSecrets, warn?: (message: string) => void): CatalogClient;
}

export function createRuntime(options: { log?: RequestLog; env?: Record<string, string | undefined>; proxy?: () => string | undefined } = {}): Runtime {
  const registry = new AuthProviderRegistry();
  registerBuiltinProviders(registry);
  const log = options.log ?? new RequestLog();
  return {
    registry,
    log,
    open(connection, secrets, warn) {
      return openCatalog(connection, secrets, {
        registry,
        log,
        env: options.env,
        proxy: options.proxy?.(),
        protocols: { 'iceberg-rest': createIcebergRestClient },
        rejectionParsers: { sigv4: sigv4RejectionParser },
        warn,
      });
    },
  };
}
