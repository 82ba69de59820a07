import { isSecret } from './auth/descriptors';
import type { AuthSession } from './auth/provider';
import type { AuthProviderRegistry } from './auth/registry';
import type { CatalogClient } from './client';
import type { ConnectionConfig, ConnectionSecrets } from './connection';
import { CatalogError } from './errors';
import { LanceRestClient } from './lance/client';
import type { RequestLog } from './records';
import { SecretScrubber } from './redact';
import type { RejectionParser } from './transport/errorBody';
import { Transport } from './transport/transport';

/** What opening a catalog needs besides the connection itself. */
export interface CatalogDependencies {
  registry: AuthProviderRegistry;
  log: RequestLog;
  env?: Record<string, string | undefined>;
  /** The editor's proxy setting, if any. */
  proxy?: string;
  /** Protocol adapters other than Lance (Iceberg), by protocol name. */
  protocols?: Partial<Record<string, (connection: ConnectionConfig, transport: Transport, hooks: ClientHooks) => CatalogClient>>;
  /** Rejection parsers by auth type (e.g. sigv4 → SigV4 mismatch parsing). */
  rejectionParsers?: Partial<Record<string, RejectionParser>>;
  warn?: (message: string) => void;
}

export interface ClientHooks {
  dispose(): void;
  signOut(): void;
  /** Something the user should know that is not an error (e.g. a configuration the client did not follow). */
  warn?: (message: string) => void;
}

/**
 * Open a catalog: pick the connection's auth provider from the registry, create its session with the
 * connection's settings and secrets, and put the protocol adapter on a transport. Call `initialize()` on the
 * result to resolve credentials and fail fast.
 */
export function openCatalog(connection: ConnectionConfig, secrets: ConnectionSecrets, deps: CatalogDependencies): CatalogClient {
  const type = connection.auth.type || 'none';
  const provider = deps.registry.require(type);
  const settings: Record<string, string | undefined> = { ...(connection.auth.settings ?? {}), ...secrets };
  const scrubber = new SecretScrubber();
  // A secret is scrubbed wherever it came from: the secrets, or settings that hold one by mistake (a wrapped
  // provider's `delegate.*` included).
  for (const d of deps.registry.descriptors(type, settings) ?? []) if (isSecret(d)) scrubber.add(settings[d.key]);
  for (const v of Object.values(secrets)) scrubber.add(v);
  let catalogUri: URL;
  try {
    catalogUri = new URL(connection.uri);
  } catch {
    throw new CatalogError('config', `the catalog URI "${connection.uri}" is not a valid URL`);
  }
  let transport: Transport | undefined;
  const session: AuthSession = provider.create(settings, {
    catalogUri,
    connectionId: connection.id,
    env: deps.env ?? process.env,
    fetch: ((input: unknown, init?: unknown) => (transport ? transport.fetch(input as string, init as RequestInit) : fetch(input as string, init as RequestInit))) as typeof fetch,
  });
  transport = new Transport({
    connection,
    auth: session,
    log: deps.log,
    env: deps.env,
    proxy: deps.proxy,
    scrubber,
    rejectionParser: deps.rejectionParsers?.[provider.name],
    warn: deps.warn,
  });
  const t = transport;
  const hooks: ClientHooks = {
    dispose: () => {
      session.dispose?.();
      void t.close();
    },
    signOut: () => session.signOut?.(),
    warn: deps.warn,
  };
  const protocol = connection.protocol ?? 'lance-rest';
  let client: CatalogClient;
  if (protocol === 'lance-rest') client = new LanceRestClient(connection, t, hooks.dispose, hooks.signOut);
  else {
    const make = deps.protocols?.[protocol];
    if (!make) throw new CatalogError('config', `unknown catalog protocol "${protocol}" (known: lance-rest${Object.keys(deps.protocols ?? {}).map((p) => `, ${p}`).join('')})`);
    client = make(connection, t, hooks);
  }
  const initializeProtocol = client.initialize.bind(client);
  let ready: Promise<void> | undefined;
  client.initialize = (options) => {
    ready ??= (async () => {
      await session.initialize(options?.signal);
      await initializeProtocol(options);
    })().catch((e) => {
      ready = undefined; // errors are not cached: the next attempt tries again
      throw e;
    });
    return ready;
  };
  return client;
}
