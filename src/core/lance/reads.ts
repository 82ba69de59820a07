// The Lance REST operations a data browser reads beyond listing and describing: rows (QueryTable), statistics
// (GetTableStats), tags and branches, one version's details, and the version a tag names. The client
// (./client.ts) delegates to these; each takes the few things of the client it needs.
import { readArrowIpc } from '../arrow/decode';
import { CatalogError } from '../errors';
import { int64 } from '../int64';
import type { Identifier, TableAt, TableBranch, TableQuery, TableRows, TableStats, TableTag, TableVersionDetails } from '../model';
import type { Call, Reply } from '../transport/transport';
import { expectObject, isoTime, optionalNumber, optionalString, pageToken, stringRecord } from '../validate';

/** What these operations use of the client: its sending (with the 405 fallback), paths and wording. */
export interface LanceCalls {
  send(call: Call): Promise<Reply>;
  /** The identifier as one path segment. */
  segment(id: Identifier): string;
  /** Query pairs every route takes (the delimiter, when not the default), then `extra`. */
  query(extra?: [string, string][]): [string, string][];
  tableSubject(id: Identifier): string;
}

/** QueryTable answers with Arrow IPC (a file, per the spec; a stream is read too); its errors are JSON. */
const ARROW_ACCEPT = 'application/vnd.apache.arrow.file, application/vnd.apache.arrow.stream, application/json;q=0.5';

/** Every page of a listing, with the paging rules of `allPages` (a repeated token or endless pages stop it). */
async function everyPage(fetch: (token?: string) => Promise<string | undefined>, what: string, signal?: AbortSignal): Promise<void> {
  const seen = new Set<string>();
  let token: string | undefined;
  for (let n = 1; ; n++) {
    if (signal?.aborted) throw new CatalogError('cancelled', `listing ${what} was cancelled`);
    token = await fetch(token);
    if (!token) return;
    if (seen.has(token))
      throw new CatalogError('protocol', `the server repeated a page token while listing ${what} (page ${n + 1}); stopped to avoid looping forever`);
    seen.add(token);
    if (n >= 1000) throw new CatalogError('protocol', `listing ${what} went past 1000 pages; stopped`);
  }
}

/** A whole number the spec types as int64, exact; a missing or malformed one is a protocol error naming the field. */
function requiredInt64(value: unknown, field: string, operation: string, recordId: string): bigint {
  const n = int64(value);
  if (n === undefined)
    throw new CatalogError('protocol', `${operation}: "${field}" should be a whole number, got ${JSON.stringify(value)?.slice(0, 100) ?? 'nothing'}`, {
      recordId,
    });
  return n;
}

/**
 * The version a tag names (GetTableTagVersion), with the branch it lives on. Reads at a tag go through this: the
 * reference server (pylance 14) answers DescribeTable's `tag` with the latest version, and QueryTable has no `tag`.
 */
export async function tagVersion(c: LanceCalls, table: Identifier, tag: string, signal?: AbortSignal): Promise<TableTag & { version: bigint }> {
  const reply = await c.send({
    operation: 'GetTableTagVersion',
    method: 'POST',
    path: `/v1/table/${c.segment(table)}/tags/version`,
    query: c.query(),
    json: { id: [...table], tag },
    subject: `tag ${tag} of ${c.tableSubject(table)}`,
    signal,
  });
  const body = expectObject(reply.json, 'GetTableTagVersion', reply.recordId);
  const branch = optionalString(body['branch']);
  return { name: tag, version: requiredInt64(body['version'], 'version', 'GetTableTagVersion', reply.recordId), ...(branch ? { branch } : {}) };
}

/** A point in history as a version (and branch): a tag is resolved first. */
export async function resolveAt(
  c: LanceCalls,
  table: Identifier,
  at: TableAt,
  signal?: AbortSignal,
): Promise<{ version: bigint; branch?: string; tag?: string }> {
  if ('version' in at) return { version: at.version };
  const t = await tagVersion(c, table, at.tag, signal);
  return { version: t.version, tag: at.tag, ...(t.branch ? { branch: t.branch } : {}) };
}

/** One page of rows: QueryTable with no vector (a plain scan in the table's order), read from its Arrow answer. */
export async function queryTable(c: LanceCalls, table: Identifier, q: TableQuery, signal?: AbortSignal): Promise<TableRows> {
  if (!Number.isSafeInteger(q.limit) || q.limit < 1) throw new CatalogError('config', `a row limit is a whole number of at least 1 (got ${q.limit})`);
  if (q.offset !== undefined && (!Number.isSafeInteger(q.offset) || q.offset < 0))
    throw new CatalogError('config', `an offset is a whole number of at least 0 (got ${q.offset})`);
  const at = q.at ? await resolveAt(c, table, q.at, signal) : undefined;
  // The reference server insists on `vector` being present, even for a scan.
  const request: Record<string, unknown> = { id: [...table], k: q.limit, vector: {} };
  if (q.offset) request['offset'] = q.offset;
  if (q.columns) request['columns'] = { column_names: q.columns };
  if (q.filter !== undefined && q.filter.trim() !== '') request['filter'] = q.filter;
  if (at) request['version'] = at.version;
  if (at?.branch) request['branch'] = at.branch;
  let reply: Reply;
  try {
    reply = await c.send({
      operation: 'QueryTable',
      method: 'POST',
      path: `/v1/table/${c.segment(table)}/query`,
      query: c.query(),
      json: request,
      binary: { accept: ARROW_ACCEPT },
      // A 404 at a version is most likely the version's: say which.
      subject: at ? `version ${at.version}${at.tag ? ` (tag ${at.tag})` : ''} of ${c.tableSubject(table)}` : c.tableSubject(table),
      signal,
    });
  } catch (e) {
    throw filterError(e, q.filter);
  }
  const body = reply.body ?? Buffer.alloc(0);
  const type = (reply.headers['content-type'] ?? '').toLowerCase();
  if (type.includes('json') || type.includes('html') || (type.startsWith('text/') && !type.includes('arrow'))) {
    const head = body.subarray(0, 200).toString('utf8').replace(/\s+/g, ' ');
    throw new CatalogError('protocol', `QueryTable: expected Arrow IPC data, got ${type.split(';')[0]} (${body.byteLength} bytes): ${head}`, {
      recordId: reply.recordId,
    });
  }
  let rows;
  try {
    rows = readArrowIpc(body);
  } catch (e) {
    throw e instanceof CatalogError ? new CatalogError(e.kind, e.message, { ...e.options, recordId: reply.recordId }) : e;
  }
  if (rows.length > q.limit)
    throw new CatalogError('protocol', `QueryTable: asked for ${q.limit} rows, the server sent ${rows.length}`, { recordId: reply.recordId });
  return { rows, version: at?.version, tag: at?.tag, branch: at?.branch, bytes: body.byteLength, recordId: reply.recordId };
}

/**
 * A filter the server cannot parse or run comes back as whatever status the server picks (the reference server:
 * 500, "Internal"); when its words say the filter is at fault, it is the user's input, and says which filter.
 */
function filterError(e: unknown, filter: string | undefined): unknown {
  if (!(e instanceof CatalogError) || !filter?.trim() || e.status === undefined || e.status < 400) return e;
  if (!/sql|pars|filter|InvalidInput|column|field|expression|schema/i.test(e.message)) return e;
  const detail = e.message.replace(/^.*?for QueryTable: /, '');
  return new CatalogError('invalid-input', `the server could not run the filter ${JSON.stringify(filter)} (${e.status}): ${detail}`, e.options);
}

/** GetTableStats: size, rows, indices and fragments of the latest version. */
export async function tableStats(c: LanceCalls, table: Identifier, signal?: AbortSignal): Promise<TableStats> {
  const op = 'GetTableStats';
  const reply = await c.send({
    operation: op,
    method: 'POST',
    path: `/v1/table/${c.segment(table)}/stats`,
    query: c.query(),
    json: { id: [...table] },
    subject: c.tableSubject(table),
    signal,
  });
  const body = expectObject(reply.json, op, reply.recordId);
  const req = (v: unknown, f: string) => requiredInt64(v, f, op, reply.recordId);
  const fragments = expectObject(body['fragment_stats'], op, reply.recordId);
  const lengths = fragments['lengths'] === undefined || fragments['lengths'] === null ? undefined : expectObject(fragments['lengths'], op, reply.recordId);
  return {
    totalBytes: req(body['total_bytes'], 'total_bytes'),
    numRows: req(body['num_rows'], 'num_rows'),
    numIndices: req(body['num_indices'], 'num_indices'),
    fragments: {
      count: req(fragments['num_fragments'], 'fragment_stats.num_fragments'),
      small: req(fragments['num_small_fragments'], 'fragment_stats.num_small_fragments'),
      ...(lengths
        ? {
            lengths: {
              min: req(lengths['min'], 'fragment_stats.lengths.min'),
              max: req(lengths['max'], 'fragment_stats.lengths.max'),
              mean: req(lengths['mean'], 'fragment_stats.lengths.mean'),
              p25: req(lengths['p25'], 'fragment_stats.lengths.p25'),
              p50: req(lengths['p50'], 'fragment_stats.lengths.p50'),
              p75: req(lengths['p75'], 'fragment_stats.lengths.p75'),
              p99: req(lengths['p99'], 'fragment_stats.lengths.p99'),
            },
          }
        : {}),
    },
  };
}

/** A map of name → contents (tags, branches), as the spec's list answers have them. */
function namedEntries(value: unknown, field: string, operation: string, recordId: string): [string, Record<string, unknown>][] {
  if (value === undefined || value === null) throw new CatalogError('protocol', `${operation}: the server's answer has no "${field}"`, { recordId });
  const map = expectObject(value, operation, recordId);
  return Object.entries(map).map(([name, v]) => [name, expectObject(v, operation, recordId)]);
}

/** ListTableTags, every page (`page_token`/`limit` in the query, no body, per the spec); sorted by name. */
export async function listTags(c: LanceCalls, table: Identifier, limit: number | undefined, signal?: AbortSignal): Promise<TableTag[]> {
  const op = 'ListTableTags';
  const tags: TableTag[] = [];
  await everyPage(
    async (token) => {
      const query = c.query();
      if (token) query.push(['page_token', token]);
      if (limit) query.push(['limit', String(limit)]);
      const reply = await c.send({
        operation: op,
        method: 'POST',
        path: `/v1/table/${c.segment(table)}/tags/list`,
        query,
        subject: c.tableSubject(table),
        signal,
      });
      const body = expectObject(reply.json, op, reply.recordId);
      for (const [name, o] of namedEntries(body['tags'], 'tags', op, reply.recordId)) {
        const branch = optionalString(o['branch']);
        const manifestSize = int64(o['manifestSize'] ?? o['manifest_size']);
        tags.push({
          name,
          version: requiredInt64(o['version'], `tags.${name}.version`, op, reply.recordId),
          ...(branch ? { branch } : {}),
          ...(manifestSize !== undefined ? { manifestSize } : {}),
        });
      }
      return pageToken(body['page_token'], op, reply.recordId);
    },
    `tags of ${c.tableSubject(table)}`,
    signal,
  );
  return tags.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** ListTableBranches, every page; sorted by name. */
export async function listBranches(c: LanceCalls, table: Identifier, limit: number | undefined, signal?: AbortSignal): Promise<TableBranch[]> {
  const op = 'ListTableBranches';
  const branches: TableBranch[] = [];
  await everyPage(
    async (token) => {
      const query = c.query();
      if (token) query.push(['page_token', token]);
      if (limit) query.push(['limit', String(limit)]);
      const reply = await c.send({
        operation: op,
        method: 'POST',
        path: `/v1/table/${c.segment(table)}/branches/list`,
        query,
        subject: c.tableSubject(table),
        signal,
      });
      const body = expectObject(reply.json, op, reply.recordId);
      for (const [name, o] of namedEntries(body['branches'], 'branches', op, reply.recordId)) {
        const parentBranch = optionalString(o['parentBranch'] ?? o['parent_branch']);
        const seconds = optionalNumber(o['createAt'] ?? o['create_at']);
        const manifestSize = int64(o['manifestSize'] ?? o['manifest_size']);
        branches.push({
          name,
          ...(parentBranch ? { parentBranch } : {}),
          parentVersion: requiredInt64(o['parentVersion'] ?? o['parent_version'], `branches.${name}.parentVersion`, op, reply.recordId),
          ...(seconds !== undefined ? { createdAt: isoTime(seconds * 1000) } : {}),
          ...(manifestSize !== undefined ? { manifestSize } : {}),
          metadata: stringRecord(o['metadata']),
        });
      }
      return pageToken(body['page_token'], op, reply.recordId);
    },
    `branches of ${c.tableSubject(table)}`,
    signal,
  );
  return branches.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** DescribeTableVersion: one version's manifest, size and time. */
export async function describeVersion(
  c: LanceCalls,
  table: Identifier,
  version: bigint,
  branch: string | undefined,
  signal?: AbortSignal,
): Promise<TableVersionDetails> {
  const op = 'DescribeTableVersion';
  const reply = await c.send({
    operation: op,
    method: 'POST',
    path: `/v1/table/${c.segment(table)}/version/describe`,
    query: c.query(),
    json: { id: [...table], version, ...(branch ? { branch } : {}) },
    subject: `version ${version} of ${c.tableSubject(table)}`,
    signal,
  });
  const body = expectObject(reply.json, op, reply.recordId);
  const v = expectObject(body['version'], op, reply.recordId);
  const manifestSize = int64(v['manifest_size']);
  const eTag = optionalString(v['e_tag']);
  const manifestPath = optionalString(v['manifest_path']);
  const timestamp = isoTime(optionalNumber(v['timestamp_millis']));
  return {
    version: requiredInt64(v['version'], 'version.version', op, reply.recordId),
    ...(manifestPath ? { manifestPath } : {}),
    ...(manifestSize !== undefined ? { manifestSize } : {}),
    ...(eTag ? { eTag } : {}),
    ...(timestamp ? { timestamp } : {}),
    metadata: stringRecord(v['metadata']),
  };
}
