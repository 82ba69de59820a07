import { isSecret } from './auth/descriptors';
import { CatalogError } from './errors';
import type { AuthSession } from './authContract';
import type { AuthProviderRegistry } from './auth/registry';
import type { CallOptions, CatalogAdapter, CatalogClient, CatalogOperations } from './client';
import { parseCatalogUri, type ConnectionConfig, type ConnectionSecrets } from './connection';
import type { Identifier, NamespaceDetails, Page, PageRequest, TableDetails, TableIndex, TableVersion } from './model';
import type { CatalogProtocolDescriptor } from './protocol';
import { requireProtocol } from './protocols';
import type { RequestLog } from './records';
import { SecretScrubber } from './redact';
import { CLIENT_KEY_PASSPHRASE, type NetworkSettings } from './transport/network';
import { Transport, type NetworkHints } from './transport/transport';

/** Where warnings and the auth session's log lines go: the editor's log, the CLI's stderr. Never given a secret. */
export type CatalogLogger = (level: 'trace' | 'debug' | 'info' | 'warn' | 'error', message: string) => void;

/** What opening a catalog needs besides the connection itself. */
export interface CatalogDependencies {
  registry: AuthProviderRegistry;
  log: RequestLog;
  env?: Record<string, string | undefined>;
  /** What the editor adds to the environment's network settings: VS Code's proxy settings, the OS trust store. */
  network?: NetworkSettings;
  /** How a TLS failure names its fix in this front end (the editor's Network step, the CLI's flags). */
  hints?: NetworkHints;
  logger?: CatalogLogger;
}

/**
 * Open a catalog: check the URI (once), pick the connection's protocol from the protocol registry and its auth
 * provider from the provider registry, create the auth session with the connection's settings and secrets, and put
 * the protocol's adapter on a transport. Nothing is sent until the first call (or `initialize()`).
 */
export function openCatalog(connection: ConnectionConfig, secrets: ConnectionSecrets, deps: CatalogDependencies): CatalogClient {
  const protocol = requireProtocol(connection.protocol);
  const catalogUri = parseCatalogUri(connection.uri);
  const type = connection.auth.type || 'none';
  const provider = deps.registry.require(type);
  // The client key's passphrase is the transport's secret, not the auth provider's.
  const { [CLIENT_KEY_PASSPHRASE]: clientKeyPassphrase, ...authSecrets } = secrets;
  const settings: Record<string, string | undefined> = { ...(connection.auth.settings ?? {}), ...authSecrets };
  const scrubber = new SecretScrubber();
  // A secret is scrubbed wherever it came from: the secrets, or settings that hold one by mistake (a wrapped
  // provider's `delegate.*` included).
  for (const d of deps.registry.descriptors(type, settings) ?? []) if (isSecret(d)) scrubber.add(settings[d.key]);
  for (const v of Object.values(secrets)) scrubber.add(v);
  const logger = deps.logger;
  const warn = logger ? (message: string) => logger('warn', message) : undefined;
  let sideFetch: typeof fetch | undefined;
  const session = provider.create(settings, {
    catalogUri,
    connectionId: connection.id,
    env: deps.env ?? process.env,
    // Side requests (token endpoints, STS, Google) are the connection's own: its proxy, trust, timeouts and records.
    fetch: ((input: Parameters<typeof fetch>[0], init?: RequestInit) => {
      if (!sideFetch) throw new CatalogError('config', `auth type "${type}" sent a request before the connection was open`);
      return sideFetch(input, init);
    }) as typeof fetch,
    log: logger ? (level, message) => logger(level, scrubber.scrub(message)) : undefined,
    secret: (value) => scrubber.add(value),
  });
  const transport = new Transport({
    connection,
    catalogUri,
    auth: session,
    protocol,
    log: deps.log,
    env: deps.env,
    network: deps.network,
    clientKeyPassphrase,
    hints: deps.hints,
    scrubber,
    warn,
  });
  sideFetch = transport.fetchFor(type);
  const adapter = protocol.create(connection, transport, { warn });
  return new Catalog(connection, protocol, session, transport, adapter);
}

/**
 * An open catalog: a protocol adapter, the auth session and the transport under it, with one lifecycle. It
 * initializes once (credentials, then the protocol's first request), shared by every caller, and a failure is not
 * kept; every operation waits for it. Sign Out forgets credentials (the next call resolves them again); dispose
 * closes the session and the connection pool.
 */
export class Catalog implements CatalogClient {
  private ready: Promise<void> | undefined;
  readonly describeTableAt?: CatalogOperations['describeTableAt'];
  readonly queryTable?: CatalogOperations['queryTable'];
  readonly tableStats?: CatalogOperations['tableStats'];
  readonly listTags?: CatalogOperations['listTags'];
  readonly tagVersion?: CatalogOperations['tagVersion'];
  readonly listBranches?: CatalogOperations['listBranches'];
  readonly describeVersion?: CatalogOperations['describeVersion'];
  readonly listAllTables?: CatalogOperations['listAllTables'];
  readonly listViews?: CatalogOperations['listViews'];
  readonly describeView?: CatalogOperations['describeView'];
  readonly viewsUnavailable?: CatalogOperations['viewsUnavailable'];

  constructor(
    readonly connection: ConnectionConfig,
    private readonly protocol: CatalogProtocolDescriptor,
    private readonly session: AuthSession,
    private readonly transport: Transport,
    private readonly adapter: CatalogAdapter,
  ) {
    // Present exactly where the protocol has them: callers test for them. Each waits for initialize first.
    const a = adapter;
    const ready = (options?: CallOptions) => this.initialize(options);
    if (a.describeTableAt) this.describeTableAt = async (table, at, o) => (await ready(o), a.describeTableAt!(table, at, o));
    if (a.queryTable) this.queryTable = async (table, query, o) => (await ready(o), a.queryTable!(table, query, o));
    if (a.tableStats) this.tableStats = async (table, o) => (await ready(o), a.tableStats!(table, o));
    if (a.listTags) this.listTags = async (table, o) => (await ready(o), a.listTags!(table, o));
    if (a.tagVersion) this.tagVersion = async (table, tag, o) => (await ready(o), a.tagVersion!(table, tag, o));
    if (a.listBranches) this.listBranches = async (table, o) => (await ready(o), a.listBranches!(table, o));
    if (a.describeVersion) this.describeVersion = async (table, version, o) => (await ready(o), a.describeVersion!(table, version, o));
    if (a.listAllTables) this.listAllTables = async (page, o) => (await ready(o), a.listAllTables!(page, o));
    if (a.listViews) this.listViews = async (namespace, page, o) => (await ready(o), a.listViews!(namespace, page, o));
    if (a.describeView) this.describeView = async (view, o) => (await ready(o), a.describeView!(view, o));
    if (a.viewsUnavailable) this.viewsUnavailable = () => a.viewsUnavailable!();
  }

  initialize(options: CallOptions = {}): Promise<void> {
    this.ready ??= (async () => {
      await this.session.initialize(options.signal);
      await this.adapter.initialize?.(options);
    })().catch((e: unknown) => {
      this.ready = undefined; // not kept: the next call tries again
      throw e;
    });
    return this.ready;
  }

  async listNamespaces(parent: Identifier, page?: PageRequest, options?: CallOptions): Promise<Page> {
    await this.initialize(options);
    return this.adapter.listNamespaces(parent, page, options);
  }

  async listTables(namespace: Identifier, page?: PageRequest, options?: CallOptions): Promise<Page> {
    await this.initialize(options);
    return this.adapter.listTables(namespace, page, options);
  }

  async describeNamespace(namespace: Identifier, options?: CallOptions): Promise<NamespaceDetails> {
    await this.initialize(options);
    return this.adapter.describeNamespace(namespace, options);
  }

  async describeTable(table: Identifier, options?: CallOptions): Promise<TableDetails> {
    await this.initialize(options);
    return this.adapter.describeTable(table, options);
  }

  async listVersions(table: Identifier, options?: CallOptions): Promise<TableVersion[]> {
    await this.initialize(options);
    return this.adapter.listVersions(table, options);
  }

  async listIndices(table: Identifier, options?: CallOptions): Promise<TableIndex[]> {
    await this.initialize(options);
    return this.adapter.listIndices(table, options);
  }

  async countRows(table: Identifier, options?: CallOptions): Promise<number> {
    await this.initialize(options);
    return this.adapter.countRows(table, options);
  }

  displayIdentifier(id: Identifier): string {
    return this.protocol.identifiers.display(id, this.connection);
  }

  copyIdentifier(id: Identifier): string {
    return this.protocol.identifiers.display(id, this.connection);
  }

  signOut(): void {
    this.session.signOut?.();
    this.ready = undefined;
  }

  dispose(): void {
    this.session.dispose?.();
    void this.transport.close();
  }
}
