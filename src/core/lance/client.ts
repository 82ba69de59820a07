import type { CallOptions, CatalogAdapter } from '../client';
import { DEFAULT_DELIMITER, type ConnectionConfig } from '../connection';
import { CatalogError, errorMessage, isCatalogError } from '../errors';
import { int64 } from '../int64';
import {
  atLabel,
  type AtOptions,
  type Identifier,
  type NamespaceDetails,
  type Page,
  type PageRequest,
  type TableAt,
  type TableBranch,
  type TableDetails,
  type TableIndex,
  type TableQuery,
  type TableRows,
  type TableStats,
  type TableTag,
  type TableVersion,
  type TableVersionDetails,
} from '../model';
import { allPages } from '../paging';
import { redactMap } from '../redact';
import { encodeRfc3986 } from '../transport/encoding';
import type { Call, Reply, Transport } from '../transport/transport';
import { expectObject, isoTime, optionalNumber, optionalString, pageToken, requiredStringArray, stringRecord, textOf } from '../validate';
import type { components } from './generated/spec';
import { displayLanceIdentifier, identifierPathSegment, joinIdentifier, splitIdentifier } from './identifier';
import { describeVersion, type LanceCalls, listBranches, listTags, queryTable, resolveAt, tableStats, tagVersion } from './reads';
import { parseArrowSchema } from './schema';

type Schemas = components['schemas'];

/** The Lance REST Namespace protocol (`/v1/<object>/{id}/<action>`), over one connection's transport. */
export class LanceRestClient implements CatalogAdapter {
  private readonly delimiter: string;

  constructor(
    readonly connection: ConnectionConfig,
    private readonly transport: Transport,
  ) {
    this.delimiter = connection.delimiter || DEFAULT_DELIMITER;
  }

  private displayIdentifier(id: Identifier): string {
    return displayLanceIdentifier(id, this.delimiter);
  }

  async listNamespaces(parent: Identifier, page: PageRequest = {}, options: CallOptions = {}): Promise<Page> {
    const reply = await this.send({
      operation: 'ListNamespaces',
      method: 'GET',
      path: `/v1/namespace/${this.segment(parent)}/list`,
      query: this.pageQuery(page),
      subject: parent.length ? `namespace ${this.displayIdentifier(parent)}` : 'the root namespace',
      signal: options.signal,
    });
    const body = expectObject(reply.json, 'ListNamespaces', reply.recordId) as Partial<Schemas['ListNamespacesResponse']>;
    const items = requiredStringArray(body.namespaces, 'namespaces', 'ListNamespaces', reply.recordId).map(this.childNameIn(parent));
    return { items, nextPageToken: pageToken(body.page_token, 'ListNamespaces', reply.recordId) };
  }

  async listTables(namespace: Identifier, page: PageRequest = {}, options: CallOptions = {}): Promise<Page> {
    const reply = await this.send({
      operation: 'ListTables',
      method: 'GET',
      path: `/v1/namespace/${this.segment(namespace)}/table/list`,
      query: this.pageQuery(page),
      subject: namespace.length ? `namespace ${this.displayIdentifier(namespace)}` : 'the root namespace',
      signal: options.signal,
    });
    const body = expectObject(reply.json, 'ListTables', reply.recordId) as Partial<Schemas['ListTablesResponse']>;
    const items = requiredStringArray(body.tables, 'tables', 'ListTables', reply.recordId).map(this.childNameIn(namespace));
    return { items, nextPageToken: pageToken(body.page_token, 'ListTables', reply.recordId) };
  }

  async describeNamespace(namespace: Identifier, options: CallOptions = {}): Promise<NamespaceDetails> {
    const request: Schemas['DescribeNamespaceRequest'] = { id: [...namespace] };
    const reply = await this.send({
      operation: 'DescribeNamespace',
      method: 'POST',
      path: `/v1/namespace/${this.segment(namespace)}/describe`,
      query: this.query(),
      json: request,
      subject: `namespace ${this.displayIdentifier(namespace)}`,
      signal: options.signal,
    });
    const body = expectObject(reply.json, 'DescribeNamespace', reply.recordId);
    return { identifier: namespace, properties: redactMap(stringRecord(body['properties'])), raw: body };
  }

  async describeTable(table: Identifier, options: CallOptions = {}): Promise<TableDetails> {
    return this.describe(table, options);
  }

  /**
   * The table at a version or a tag: a tag is resolved to its version first (GetTableTagVersion), since the
   * reference server answers DescribeTable's `tag` with the latest version; the answer must be the version asked
   * for, and that version's own details (DescribeTableVersion) come with it.
   */
  async describeTableAt(table: Identifier, at: TableAt, options: CallOptions = {}): Promise<TableDetails> {
    const point = await resolveAt(this.calls, table, at, options.signal);
    const [described, version] = await Promise.allSettled([
      this.describe(table, options, point),
      describeVersion(this.calls, table, point.version, point.branch, options.signal),
    ]);
    // A version that does not exist: DescribeTableVersion says so (404); the reference server's DescribeTable says 500.
    if (version.status === 'rejected' && isCatalogError(version.reason) && version.reason.kind === 'not-found') throw version.reason;
    if (described.status === 'rejected') throw described.reason;
    const details = described.value;
    if (details.version !== undefined && BigInt(details.version) !== point.version) {
      throw new CatalogError(
        'protocol',
        `DescribeTable: asked for ${atLabel(at)} (version ${point.version}) of ${this.tableSubject(table)}, the server described version ${details.version}`,
      );
    }
    return { ...details, at, ...(version.status === 'fulfilled' ? { versionDetails: version.value } : {}) };
  }

  private async describe(table: Identifier, options: CallOptions, at?: { version: bigint; branch?: string }): Promise<TableDetails> {
    // The REST binding takes `with_table_uri` and `load_detailed_metadata` in the query, not the body (spec).
    const request: Omit<Partial<Schemas['DescribeTableRequest']>, 'version'> & { version?: bigint } = {
      id: [...table],
      vend_credentials: false,
      ...(at ? { version: at.version } : {}),
      ...(at?.branch ? { branch: at.branch } : {}),
    };
    // The reference server leaves `stats` out; the row count is worth one more request, and its failure is not the table's.
    const rows = this.countRows(table, { ...options, ...(at ? { at: { version: at.version } } : {}) }).catch(() => undefined);
    const reply = await this.send({
      operation: 'DescribeTable',
      method: 'POST',
      path: `/v1/table/${this.segment(table)}/describe`,
      query: this.query([
        ['with_table_uri', 'true'],
        ['load_detailed_metadata', 'true'],
      ]),
      json: request,
      subject: at ? `version ${at.version} of ${this.tableSubject(table)}` : this.tableSubject(table),
      signal: options.signal,
    });
    const body = expectObject(reply.json, 'DescribeTable', reply.recordId);
    const schema = parseArrowSchema(body['schema']);
    const stats: Record<string, string | number> = {};
    const numRows = await rows;
    if (numRows !== undefined) stats['num_rows'] = numRows;
    for (const [k, v] of Object.entries(stringRecord(body['stats']))) stats[k] = optionalNumber(v) ?? v;
    const storageOptions = redactMap(stringRecord(body['storage_options']));
    const raw = { ...body, ...(body['storage_options'] ? { storage_options: storageOptions } : {}) };
    return {
      identifier: table,
      format: 'lance',
      location: optionalString(body['location']) ?? optionalString(body['table_uri']),
      version: int64(body['version']),
      schema: schema.fields,
      schemaMetadata: schema.metadata,
      stats,
      properties: redactMap({ ...stringRecord(body['metadata']), ...stringRecord(body['properties']) }),
      storageOptions,
      raw,
    };
  }

  /**
   * Every page of versions, newest first. The REST binding sends no body here: `page_token`, `limit` and
   * `descending` go in the query (spec; Lance's own client does the same). No `limit` is sent: the server picks its
   * page size (the reference server cuts the list at `limit` without a page token).
   */
  async listVersions(table: Identifier, options: CallOptions = {}): Promise<TableVersion[]> {
    const versions: TableVersion[] = [];
    await allPages(
      async (page) => {
        const query = this.query([['descending', 'true']]);
        if (page.pageToken) query.push(['page_token', page.pageToken]);
        if (page.limit) query.push(['limit', String(page.limit)]);
        const reply = await this.send({
          operation: 'ListTableVersions',
          method: 'POST',
          path: `/v1/table/${this.segment(table)}/version/list`,
          query,
          subject: this.tableSubject(table),
          signal: options.signal,
        });
        const body = expectObject(reply.json, 'ListTableVersions', reply.recordId);
        const list = Array.isArray(body['versions']) ? body['versions'] : [];
        for (const [i, v] of list.entries()) {
          const o = expectObject(v, 'ListTableVersions', reply.recordId);
          const version = int64(o['version']);
          if (version === undefined) {
            throw new CatalogError(
              'protocol',
              `ListTableVersions: "versions[${i}].version" should be a whole number, got ${JSON.stringify(o['version'])?.slice(0, 100)}`,
              { recordId: reply.recordId },
            );
          }
          const millis = optionalNumber(o['timestamp_millis']);
          const metadata = stringRecord(o['metadata']);
          if (o['manifest_size'] !== undefined) metadata['manifest_size'] = textOf(o['manifest_size']);
          versions.push({ version, timestamp: isoTime(millis), metadata });
        }
        return { items: [], nextPageToken: pageToken(body['page_token'], 'ListTableVersions', reply.recordId) };
      },
      `versions of ${this.tableSubject(table)}`,
      { signal: options.signal },
    );
    return versions.sort((a, b) => (a.version === b.version ? 0 : a.version < b.version ? 1 : -1));
  }

  /** Every page of indices (`page_token` and `limit` travel in the body here, as the spec's request has them). */
  async listIndices(table: Identifier, options: AtOptions = {}): Promise<TableIndex[]> {
    const version = options.at ? (await resolveAt(this.calls, table, options.at, options.signal)).version : undefined;
    const indices: TableIndex[] = [];
    await allPages(
      async (page) => {
        const request: Omit<Partial<Schemas['ListTableIndicesRequest']>, 'version'> & { version?: bigint } = {
          id: [...table],
          ...(version !== undefined ? { version } : {}),
        };
        if (page.pageToken) request.page_token = page.pageToken;
        if (page.limit) request.limit = page.limit;
        const reply = await this.send({
          operation: 'ListTableIndices',
          method: 'POST',
          path: `/v1/table/${this.segment(table)}/index/list`,
          query: this.query(),
          json: request,
          subject: this.tableSubject(table),
          signal: options.signal,
        });
        const body = expectObject(reply.json, 'ListTableIndices', reply.recordId);
        const list = Array.isArray(body['indexes']) ? body['indexes'] : Array.isArray(body['indices']) ? body['indices'] : [];
        for (const v of list) indices.push(this.index(v, reply.recordId));
        return { items: [], nextPageToken: pageToken(body['page_token'], 'ListTableIndices', reply.recordId) };
      },
      `indices of ${this.tableSubject(table)}`,
      { signal: options.signal },
    );
    // Stats per index: a failure for one index is shown on that index, not for the whole table.
    await Promise.all(
      indices.map(async (index) => {
        try {
          const stats = await this.indexStats(table, index.name, options);
          index.stats = { ...index.stats, ...stats };
        } catch (e) {
          if (isCatalogError(e) && e.kind === 'cancelled') throw e;
          index.stats = { ...index.stats, error: errorMessage(e) };
        }
      }),
    );
    return indices;
  }

  private index(v: unknown, recordId: string): TableIndex {
    const o = expectObject(v, 'ListTableIndices', recordId) as Partial<Schemas['IndexContent']> & Record<string, unknown>;
    const stats: Record<string, string | number> = {};
    for (const key of ['num_indexed_rows', 'num_unindexed_rows', 'size_bytes', 'num_segments', 'index_version', 'created_at']) {
      const value = o[key];
      if (value !== undefined && value !== null) stats[key] = typeof value === 'number' ? value : textOf(value);
    }
    return {
      name: optionalString(o.index_name) ?? '',
      type: optionalString(o.index_type),
      columns: Array.isArray(o.columns) ? o.columns.map(textOf) : [],
      uuid: optionalString(o.index_uuid),
      status: optionalString(o.status),
      stats,
    };
  }

  private async indexStats(table: Identifier, indexName: string, options: CallOptions): Promise<Record<string, string | number>> {
    const reply = await this.send({
      operation: 'DescribeTableIndexStats',
      method: 'POST',
      path: `/v1/table/${this.segment(table)}/index/${encodeRfc3986(indexName)}/stats`,
      query: this.query(),
      json: { id: [...table], index_name: indexName },
      subject: `index ${indexName} of ${this.tableSubject(table)}`,
      signal: options.signal,
    });
    const body = expectObject(reply.json, 'DescribeTableIndexStats', reply.recordId);
    const out: Record<string, string | number> = {};
    for (const [k, v] of Object.entries(body)) {
      if (v === null || v === undefined || k === 'context') continue;
      out[k] = typeof v === 'number' ? v : typeof v === 'string' ? v : JSON.stringify(v);
    }
    return out;
  }

  async countRows(table: Identifier, options: AtOptions = {}): Promise<number> {
    const version = options.at ? (await resolveAt(this.calls, table, options.at, options.signal)).version : undefined;
    const reply = await this.send({
      operation: 'CountTableRows',
      method: 'POST',
      path: `/v1/table/${this.segment(table)}/count_rows`,
      query: this.query(),
      json: { id: [...table], ...(version !== undefined ? { version } : {}) },
      subject: this.tableSubject(table),
      signal: options.signal,
    });
    // The spec says a bare integer; the reference server may answer {"count": N}.
    const body = reply.json;
    const n = optionalNumber(body) ?? (body && typeof body === 'object' ? optionalNumber((body as Record<string, unknown>)['count']) : undefined);
    if (n === undefined)
      throw new CatalogError('protocol', `CountTableRows: expected a row count, got ${JSON.stringify(body)?.slice(0, 100)}`, { recordId: reply.recordId });
    return n;
  }

  queryTable(table: Identifier, query: TableQuery, options: CallOptions = {}): Promise<TableRows> {
    return queryTable(this.calls, table, query, options.signal);
  }

  tableStats(table: Identifier, options: CallOptions = {}): Promise<TableStats> {
    return tableStats(this.calls, table, options.signal);
  }

  listTags(table: Identifier, options: CallOptions = {}): Promise<TableTag[]> {
    return listTags(this.calls, table, undefined, options.signal);
  }

  tagVersion(table: Identifier, tag: string, options: CallOptions = {}): Promise<TableTag> {
    return tagVersion(this.calls, table, tag, options.signal);
  }

  listBranches(table: Identifier, options: CallOptions = {}): Promise<TableBranch[]> {
    return listBranches(this.calls, table, undefined, options.signal);
  }

  describeVersion(table: Identifier, version: bigint, options: CallOptions = {}): Promise<TableVersionDetails> {
    return describeVersion(this.calls, table, version, undefined, options.signal);
  }

  /**
   * One page of ListAllTables (`GET /v1/table`): every table of the catalog as a full identifier. Whether an
   * answer can be trusted is the caller's call (src/extension/tree/tableSearch.ts): the reference server answers `[]`.
   */
  async listAllTables(page: PageRequest = {}, options: CallOptions = {}): Promise<Page<Identifier>> {
    const reply = await this.send({
      operation: 'ListAllTables',
      method: 'GET',
      path: '/v1/table',
      query: this.pageQuery(page),
      subject: 'every table',
      signal: options.signal,
    });
    const body = expectObject(reply.json, 'ListAllTables', reply.recordId) as Partial<Schemas['ListTablesResponse']>;
    const items = requiredStringArray(body.tables, 'tables', 'ListAllTables', reply.recordId).map((name) => splitIdentifier(name, this.delimiter));
    return { items, nextPageToken: pageToken(body.page_token, 'ListAllTables', reply.recordId) };
  }

  /** Send a call; where the server disagrees with the spec about GET/POST (405), try the other method once. */
  private async send(call: Call): Promise<Reply> {
    try {
      return await this.transport.call(call);
    } catch (e) {
      if (isCatalogError(e) && e.status === 405) {
        const other: Call = call.method === 'POST' ? { ...call, method: 'GET', json: undefined } : { ...call, method: 'POST', json: call.json ?? {} };
        return this.transport.call(other);
      }
      throw e;
    }
  }

  private segment(id: Identifier): string {
    return identifierPathSegment(id, this.delimiter);
  }

  /** Every route takes `delimiter` in the query; it is sent when it is not the default. */
  private query(extra: [string, string][] = []): [string, string][] {
    return this.delimiter === DEFAULT_DELIMITER ? extra : [['delimiter', this.delimiter], ...extra];
  }

  /** What ./reads.ts uses of this client. */
  private readonly calls: LanceCalls = {
    send: (call) => this.send(call),
    segment: (id) => this.segment(id),
    query: (extra = []) => (this.delimiter === DEFAULT_DELIMITER ? extra : [['delimiter', this.delimiter], ...extra]),
    tableSubject: (id) => this.tableSubject(id),
  };

  private pageQuery(page: PageRequest): [string, string][] {
    const q = this.query();
    if (page.pageToken) q.push(['page_token', page.pageToken]);
    if (page.limit) q.push(['limit', String(page.limit)]);
    return q;
  }

  /**
   * Servers may answer child names relative (spec) or as full identifiers; show the child's own name. The prefix is
   * built once per page, not once per name.
   */
  private childNameIn(parent: Identifier): (name: string) => string {
    if (parent.length === 0) return (name) => name;
    const prefix = joinIdentifier(parent, this.delimiter) + this.delimiter;
    return (name) => (name.startsWith(prefix) ? name.slice(prefix.length) : name);
  }

  private tableSubject(table: Identifier): string {
    return `table ${this.displayIdentifier(table)}`;
  }
}
