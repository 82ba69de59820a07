// A Lance REST Namespace server that follows the spec to the letter where the reference server is lenient, written
// here to prove paging: ListTableVersions takes `page_token`, `limit` and `descending` in the query and no body (the
// REST binding's rule), DescribeTable reads `with_table_uri` and `load_detailed_metadata` from the query only, and
// versions and indices come in pages of `pageSize` (1 or 2) whatever limit is asked. Every request is recorded.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { stringifyJson } from '../../src/core/int64';
import { listenLoopback, type Loopback } from './loopback';

export interface SpecTable {
  versions: bigint[];
  indices: { name: string; column: string; type: string }[];
  rows: number;
}

export interface SpecRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: string;
}

export interface LanceSpecServer extends Loopback {
  requests: SpecRequest[];
}

/** The catalog it serves: namespace `sales` with a few tables, named by their `$`-joined identifiers. */
export const SPEC_TABLES: Record<string, SpecTable> = {
  sales$orders: {
    versions: [1n, 2n, 3n, 4n, 5n],
    indices: [
      { name: 'order_id_idx', column: 'order_id', type: 'BTREE' },
      { name: 'customer_idx', column: 'customer', type: 'BITMAP' },
      { name: 'amount_idx', column: 'amount', type: 'BTREE' },
      { name: 'ts_idx', column: 'ts', type: 'BTREE' },
      { name: 'tags_idx', column: 'tags', type: 'LABEL_LIST' },
    ],
    rows: 42,
  },
  // Versions beyond 2^53: exact or not at all.
  sales$huge: { versions: [9007199254740993n, 9007199254740995n, 18446744073709551615n], indices: [], rows: 0 },
  sales$empty: { versions: [], indices: [], rows: 0 },
};

export async function startLanceSpecServer(pageSize: number): Promise<LanceSpecServer> {
  const requests: SpecRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: req.method ?? '', path: url.pathname, query: url.searchParams, body });
      try {
        route(req, res, url, body, pageSize);
      } catch (e) {
        send(res, 500, { error: String(e), code: 18 });
      }
    });
  });
  const loop = await listenLoopback(server);
  return { ...loop, requests };
}

function send(res: ServerResponse, status: number, value: unknown): void {
  const text = stringifyJson(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function notFound(res: ServerResponse, what: string): void {
  send(res, 404, { error: `${what} not found`, code: 4 });
}

/** One page of `items` after `token` (the index of the next item, as text), at most `size` long. */
function page<T>(items: T[], token: string | null, size: number): { items: T[]; next?: string } {
  const start = token ? Number(token) : 0;
  const end = Math.min(items.length, start + size);
  return { items: items.slice(start, end), next: end < items.length ? String(end) : undefined };
}

function route(req: IncomingMessage, res: ServerResponse, url: URL, body: string, pageSize: number): void {
  const delimiter = url.searchParams.get('delimiter') ?? '$';
  const m = /^\/v1\/(namespace|table)\/([^/]+)\/(.+)$/.exec(url.pathname);
  if (!m) return notFound(res, 'route');
  const [, object, rawId, action] = m as unknown as [string, string, string, string];
  const id = decodeURIComponent(rawId);
  const key = id.split(delimiter).join('$');
  const limit = (n: string | null | undefined) => Math.min(pageSize, n ? Number(n) : pageSize);

  if (object === 'namespace') {
    if (req.method === 'GET' && action === 'list') {
      const p = page(id === delimiter ? ['sales'] : [], url.searchParams.get('page_token'), limit(url.searchParams.get('limit')));
      return send(res, 200, { namespaces: p.items, page_token: p.next ?? null });
    }
    if (req.method === 'GET' && action === 'table/list') {
      const names = id === 'sales' ? Object.keys(SPEC_TABLES).map((k) => k.split('$')[1]!) : [];
      const p = page(names, url.searchParams.get('page_token'), limit(url.searchParams.get('limit')));
      return send(res, 200, { tables: p.items, page_token: p.next ?? null });
    }
    if (req.method === 'POST' && action === 'describe')
      return id === 'sales' ? send(res, 200, { properties: { owner: 'spec' } }) : notFound(res, `namespace ${id}`);
    return notFound(res, 'route');
  }

  const table = SPEC_TABLES[key];
  if (req.method !== 'POST') return send(res, 405, { error: `${req.method} not allowed`, code: 13 });
  if (!table) return notFound(res, `table ${id}`);
  const json = body ? (JSON.parse(body) as Record<string, unknown>) : {};
  switch (action) {
    case 'describe': {
      // The REST binding passes these flags in the query; a body copy means nothing here.
      const out: Record<string, unknown> = { table: key.split('$')[1], namespace: ['sales'], location: `memory://${key}` };
      if (url.searchParams.get('with_table_uri') === 'true') out['table_uri'] = `memory://${key}`;
      if (url.searchParams.get('load_detailed_metadata') === 'true') {
        out['version'] = table.versions.at(-1) ?? 0n;
        out['schema'] = { fields: [{ name: 'order_id', nullable: false, type: { type: 'int64' } }] };
        out['stats'] = { num_deleted_rows: 0, num_fragments: 1 };
      }
      return send(res, 200, out);
    }
    case 'version/list': {
      // "REST namespace does not use a request body for this operation."
      if (body.trim() !== '')
        return send(res, 400, { error: 'ListTableVersions takes no request body: page_token, limit and descending go in the query', code: 13 });
      const ordered = url.searchParams.get('descending') === 'true' ? [...table.versions].reverse() : table.versions;
      const p = page(ordered, url.searchParams.get('page_token'), limit(url.searchParams.get('limit')));
      return send(res, 200, {
        versions: p.items.map((v) => ({
          version: v,
          manifest_path: `_versions/${v}.manifest`,
          manifest_size: 1000n + v,
          timestamp_millis: 1_700_000_000_000 + Number(v % 1000n) * 1000,
        })),
        page_token: p.next ?? null,
      });
    }
    case 'index/list': {
      const p = page(
        table.indices,
        typeof json['page_token'] === 'string' ? json['page_token'] : null,
        limit(typeof json['limit'] === 'number' ? String(json['limit']) : undefined),
      );
      return send(res, 200, {
        indexes: p.items.map((i) => ({ index_name: i.name, index_uuid: `uuid-${i.name}`, columns: [i.column], status: 'SUCCEEDED', index_type: i.type })),
        page_token: p.next ?? null,
      });
    }
    case 'count_rows':
      return send(res, 200, table.rows);
    default: {
      const stats = /^index\/([^/]+)\/stats$/.exec(action);
      const index = stats && table.indices.find((i) => i.name === decodeURIComponent(stats[1]!));
      if (index) return send(res, 200, { index_type: index.type, num_indexed_rows: table.rows, num_unindexed_rows: 0 });
      return notFound(res, 'route');
    }
  }
}
