import type { CallOptions, CatalogAdapter } from '../client';
import type { ConnectionConfig } from '../connection';
import { CatalogError, isCatalogError } from '../errors';
import type { Identifier, NamespaceDetails, Page, PageRequest, TableDetails, TableIndex, TableVersion, ViewDetails } from '../model';
import { redactMap } from '../redact';
import { encodeRfc3986 } from '../transport/encoding';
import type { ProtocolContext } from '../protocol';
import type { Call, Reply, Transport } from '../transport/transport';
import { expectObject, optionalNumber, pageToken, stringRecord } from '../validate';
import { ENDPOINTS, parseCatalogConfig, type CatalogConfig } from './config';
import { ICEBERG_ERROR_MODEL } from './errorModel';
import type { components } from './generated/spec';
import { displayIcebergIdentifier, namespaceParam, namespacePathSegment, splitObjectIdentifier } from './identifier';
import { tableDetailsFromLoadResult, versionsFromMetadata } from './tableMetadata';
import { viewDetailsFromLoadResult } from './viewMetadata';

type Schemas = components['schemas'];

/**
 * The Apache Iceberg REST catalog protocol over one connection's transport. `initialize` reads `GET /v1/config`
 * (with the connection's warehouse), which gives the path prefix and the endpoints the server offers; every
 * other call waits for it.
 */
export class IcebergRestClient implements CatalogAdapter {
  private config: CatalogConfig | undefined;
  private configuring: Promise<CatalogConfig> | undefined;
  /** The server's `overrides.uri`, when followed (same origin as the connection URI). */
  private baseUri: string | undefined;

  constructor(
    readonly connection: ConnectionConfig,
    private readonly transport: Transport,
    private readonly context: ProtocolContext = {},
  ) {}

  async initialize(options: CallOptions = {}): Promise<void> {
    await this.catalogConfig(options);
  }

  /** The merged catalog properties (defaults < connection < overrides), once initialized. */
  get properties(): Readonly<Record<string, string>> | undefined {
    return this.config?.properties;
  }

  /** The endpoints in force, once initialized. */
  get endpoints(): CatalogConfig['endpoints'] | undefined {
    return this.config?.endpoints;
  }

  private displayIdentifier(id: Identifier): string {
    return displayIcebergIdentifier(id);
  }

  async listNamespaces(parent: Identifier, page: PageRequest = {}, options: CallOptions = {}): Promise<Page> {
    const config = await this.catalogConfig(options);
    config.endpoints.require(ENDPOINTS.listNamespaces, 'listing namespaces');
    const query = this.pageQuery(page, config);
    if (parent.length) query.unshift(['parent', namespaceParam(parent)]);
    const reply = await this.call(config, {
      operation: 'ListNamespaces',
      method: 'GET',
      path: this.path(config, 'namespaces'),
      query,
      subject: parent.length ? `namespace ${this.displayIdentifier(parent)}` : 'the root namespace',
      signal: options.signal,
    });
    const body = expectObject(reply.json, 'ListNamespaces', reply.recordId) as Partial<Schemas['ListNamespacesResponse']>;
    const namespaces = Array.isArray(body.namespaces) ? body.namespaces : [];
    const items = namespaces.map((ns, i) => {
      // Each entry is the child's full namespace (`["db", "sales"]`); the tree shows its last part.
      if (!Array.isArray(ns) || ns.length === 0 || !ns.every((p) => typeof p === 'string')) {
        throw new CatalogError('protocol', `ListNamespaces: "namespaces[${i}]" should be a list of names, got ${JSON.stringify(ns)?.slice(0, 100)}`, {
          recordId: reply.recordId,
        });
      }
      return ns[ns.length - 1] as string;
    });
    return { items, nextPageToken: pageToken(body['next-page-token'], 'ListNamespaces', reply.recordId) };
  }

  async listTables(namespace: Identifier, page: PageRequest = {}, options: CallOptions = {}): Promise<Page> {
    const config = await this.catalogConfig(options);
    config.endpoints.require(ENDPOINTS.listTables, 'listing tables');
    if (namespace.length === 0) return { items: [] }; // Iceberg tables always live in a namespace
    return this.listIdentifiers('ListTables', 'tables', namespace, page, config, options);
  }

  /** Why views are not listed (the catalog does not advertise them), once initialized; undefined when they are. */
  viewsUnavailable(): string | undefined {
    return this.config?.endpoints.viewsUnavailable();
  }

  /** Views live beside tables; a catalog that does not advertise view endpoints lists none (see `viewsUnavailable`). */
  async listViews(namespace: Identifier, page: PageRequest = {}, options: CallOptions = {}): Promise<Page> {
    const config = await this.catalogConfig(options);
    if (!config.endpoints.supports(ENDPOINTS.listViews) || namespace.length === 0) return { items: [] };
    return this.listIdentifiers('ListViews', 'views', namespace, page, config, options);
  }

  async describeNamespace(namespace: Identifier, options: CallOptions = {}): Promise<NamespaceDetails> {
    const config = await this.catalogConfig(options);
    config.endpoints.require(ENDPOINTS.loadNamespace, 'loading namespace metadata');
    const reply = await this.call(config, {
      operation: 'LoadNamespaceMetadata',
      method: 'GET',
      path: this.path(config, `namespaces/${namespacePathSegment(namespace)}`),
      subject: `namespace ${this.displayIdentifier(namespace)}`,
      signal: options.signal,
    });
    const body = expectObject(reply.json, 'LoadNamespaceMetadata', reply.recordId);
    return { identifier: namespace, properties: redactMap(stringRecord(body['properties'])), raw: body };
  }

  async describeTable(table: Identifier, options: CallOptions = {}): Promise<TableDetails> {
    const reply = await this.loadTable(table, options);
    return tableDetailsFromLoadResult(table, reply.json, reply.recordId);
  }

  async listVersions(table: Identifier, options: CallOptions = {}): Promise<TableVersion[]> {
    const reply = await this.loadTable(table, options);
    const details = tableDetailsFromLoadResult(table, reply.json, reply.recordId);
    return versionsFromMetadata(details.iceberg!, reply.recordId);
  }

  /** Iceberg tables have no indices. */
  async listIndices(): Promise<TableIndex[]> {
    return [];
  }

  /** From the current snapshot's summary (`total-records`): the catalog never counts rows itself. */
  async countRows(table: Identifier, options: CallOptions = {}): Promise<number> {
    const reply = await this.loadTable(table, options);
    const details = tableDetailsFromLoadResult(table, reply.json, reply.recordId);
    const iceberg = details.iceberg!;
    const subject = this.tableSubject(table);
    if (iceberg.currentSnapshotId === undefined) return 0; // no snapshot yet: an empty table
    const current = iceberg.snapshots.find((s) => s.snapshotId === iceberg.currentSnapshotId);
    const total = optionalNumber(current?.summary['total-records']);
    if (total === undefined) {
      throw new CatalogError(
        'protocol',
        `${subject}: the current snapshot ${iceberg.currentSnapshotId} has no "total-records" in its summary, so the row count is unknown without reading the data files`,
        {
          recordId: reply.recordId,
        },
      );
    }
    return total;
  }

  async describeView(view: Identifier, options: CallOptions = {}): Promise<ViewDetails> {
    const config = await this.catalogConfig(options);
    const views = config.endpoints.supports(ENDPOINTS.loadView)
      ? undefined
      : (config.endpoints.viewsUnavailable() ?? `this catalog does not advertise "${ENDPOINTS.loadView}"`);
    if (views) throw new CatalogError('config', `cannot load view ${this.displayIdentifier(view)}: ${views}`);
    const { namespace, name } = splitObjectIdentifier(view);
    const reply = await this.call(config, {
      operation: 'LoadView',
      method: 'GET',
      path: this.path(config, `namespaces/${namespacePathSegment(namespace)}/views/${encodeRfc3986(name)}`),
      subject: `view ${this.displayIdentifier(view)}`,
      signal: options.signal,
    });
    return viewDetailsFromLoadResult(view, reply.json, reply.recordId);
  }

  private async loadTable(table: Identifier, options: CallOptions): Promise<Reply> {
    const config = await this.catalogConfig(options);
    config.endpoints.require(ENDPOINTS.loadTable, 'loading tables');
    if (table.length < 2)
      throw new CatalogError('invalid-input', `an Iceberg table identifier needs a namespace and a name (got "${this.displayIdentifier(table)}")`);
    const { namespace, name } = splitObjectIdentifier(table);
    return this.call(config, {
      operation: 'LoadTable',
      method: 'GET',
      path: this.path(config, `namespaces/${namespacePathSegment(namespace)}/tables/${encodeRfc3986(name)}`),
      subject: this.tableSubject(table),
      signal: options.signal,
    });
  }

  private async listIdentifiers(
    operation: string,
    kind: 'tables' | 'views',
    namespace: Identifier,
    page: PageRequest,
    config: CatalogConfig,
    options: CallOptions,
  ): Promise<Page> {
    const reply = await this.call(config, {
      operation,
      method: 'GET',
      path: this.path(config, `namespaces/${namespacePathSegment(namespace)}/${kind}`),
      query: this.pageQuery(page, config),
      subject: `namespace ${this.displayIdentifier(namespace)}`,
      signal: options.signal,
    });
    const body = expectObject(reply.json, operation, reply.recordId) as Partial<Schemas['ListTablesResponse']>;
    const identifiers = Array.isArray(body.identifiers) ? body.identifiers : [];
    const items = identifiers.map((id, i) => {
      const name = id && typeof id === 'object' ? (id as { name?: unknown }).name : undefined;
      if (typeof name !== 'string') {
        throw new CatalogError('protocol', `${operation}: "identifiers[${i}]" should be {namespace, name}, got ${JSON.stringify(id)?.slice(0, 100)}`, {
          recordId: reply.recordId,
        });
      }
      return name;
    });
    return { items, nextPageToken: pageToken(body['next-page-token'], operation, reply.recordId) };
  }

  /** GET /v1/config once (retried after a failure), with the connection's warehouse. */
  private catalogConfig(options: CallOptions): Promise<CatalogConfig> {
    if (this.config) return Promise.resolve(this.config);
    this.configuring ??= (async () => {
      const warehouse = this.connection.warehouse?.trim();
      const call: Call = {
        operation: 'GetConfig',
        method: 'GET',
        path: '/v1/config',
        query: warehouse ? [['warehouse', warehouse]] : [],
        subject: warehouse ? `warehouse ${warehouse}` : 'the catalog configuration',
        signal: options.signal,
      };
      const reply = await this.call(undefined, call);
      const own: Record<string, string> = {};
      if (warehouse) own['warehouse'] = warehouse;
      const prefix = this.connection.prefix?.trim();
      if (prefix) own['prefix'] = prefix;
      const config = parseCatalogConfig(reply.json, own, reply.recordId);
      this.baseUri = this.followUriOverride(config, reply.recordId);
      if (config.prefix)
        this.transport.note(reply.recordId, `prefix "${config.prefix}" (from the ${config.prefixSource}) is used in every path: /v1/${config.prefix}/…`);
      const views = config.endpoints.viewsUnavailable();
      if (views) this.transport.note(reply.recordId, views);
      this.config = config;
      return config;
    })().finally(() => {
      this.configuring = undefined;
    });
    return this.configuring;
  }

  /**
   * Every request of this catalog. A 404 whose body is not Iceberg's error model did not come from the catalog's
   * route (a proxy's page, a framework's `{"detail":"Not Found"}`): the URI or the prefix points where no catalog is.
   */
  private async call(config: CatalogConfig | undefined, call: Call): Promise<Reply> {
    try {
      return await this.transport.call(this.baseUri ? { ...call, baseUri: this.baseUri } : call);
    } catch (e) {
      if (!isCatalogError(e) || e.status !== 404 || e.options.data?.['errorModel'] === ICEBERG_ERROR_MODEL) throw e;
      const where = `${call.method} ${this.baseUri ?? this.connection.uri.replace(/\/+$/, '')}${call.path}`;
      const prefix = config?.prefix
        ? `the prefix "${config.prefix}" (from the ${config.prefixSource})`
        : 'the prefix (this catalog gave none in /v1/config; some need one, e.g. a branch name)';
      const message =
        call.operation === 'GetConfig'
          ? `no Iceberg REST catalog at ${this.connection.uri}: ${where} answered 404 without Iceberg's error model — check the catalog URI (it is the part before /v1/config)`
          : `the server has no such endpoint: ${where} answered 404 without Iceberg's error model (not "${call.subject ?? call.operation} not found") — check the catalog URI and ${prefix}`;
      throw this.transport.explainFailure(new CatalogError('config', message, { ...e.options }));
    }
  }

  /**
   * `overrides.uri` moves the client to another base URI (pyiceberg and the Java client follow it). It is followed
   * when it is on the same origin as the connection URI; another origin is not followed, so credentials never travel
   * to a server the user did not name, and the user is told how to opt in.
   */
  private followUriOverride(config: CatalogConfig, recordId: string): string | undefined {
    const target = config.uriOverride;
    if (!target) return undefined;
    const current = new URL(this.connection.uri);
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      this.transport.note(recordId, `overrides.uri "${target}" is not a URL; not followed`);
      return undefined;
    }
    const base = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
    if (base === `${current.origin}${current.pathname.replace(/\/+$/, '')}`) return undefined;
    if (url.origin === current.origin && !url.search && !url.hash) {
      this.transport.note(recordId, `overrides.uri: following ${base} (same server as the connection URI) for every later request`);
      return base;
    }
    const why = `the catalog's configuration says to use ${base} (overrides.uri), on another server than ${current.origin}; not followed, so credentials stay with the connection's URI — make it the connection's URI if you trust it`;
    this.transport.note(recordId, why);
    this.context.warn?.(why);
    return undefined;
  }

  /** `/v1/{prefix}/…`; the prefix is used as given (see `pathPrefix`). */
  private path(config: CatalogConfig, rest: string): string {
    return `/v1/${config.prefix ? `${config.prefix}/` : ''}${rest}`;
  }

  /**
   * The spec: a server that pages returns everything at once when `pageToken` is absent, so the first page of a
   * paged listing sends an empty `pageToken`. The page size is the caller's, else the catalog's `rest-page-size`.
   */
  private pageQuery(page: PageRequest, config: CatalogConfig): [string, string][] {
    const size = page.limit ?? optionalNumber(config.properties['rest-page-size']);
    const q: [string, string][] = [];
    if (page.pageToken !== undefined || size !== undefined) q.push(['pageToken', page.pageToken ?? '']);
    if (size !== undefined) q.push(['pageSize', String(size)]);
    return q;
  }

  private tableSubject(table: Identifier): string {
    return `table ${this.displayIdentifier(table)}`;
  }
}
