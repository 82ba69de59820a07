// A Lance REST Namespace listing server that implements ListAllTables, which the reference server does not (pylance
// 14 answers `{"tables": []}`): namespaces n000.. under the root, each with tables t0000.., listed by ListNamespaces,
// ListTables and ListAllTables with `page_token`/`limit` as the spec has them. Written here for Find Table's one
// listing (tests, npm run bench); the listing rules themselves are proven against the reference server.
//
// Run directly (`node --import tsx test/support/lanceListingServer.ts 100 1000 [latency ms]`) it prints {"uri": ...}
// and serves until stdin closes, so that a benchmark can keep the server's CPU out of its own process.
import { createServer } from 'node:http';
import { listenLoopback, type Loopback } from './loopback';

export interface ListingServer extends Loopback {
  /** Requests served, by operation. */
  counts: Record<'ListNamespaces' | 'ListTables' | 'ListAllTables', number>;
}

/** `latencyMs`: time each answer waits, as a real server's work or a network would make it. */
export async function startListingServer(namespaces: number, tablesPer: number, latencyMs = 0): Promise<ListingServer> {
  const ns = Array.from({ length: namespaces }, (_, i) => `n${String(i).padStart(3, '0')}`);
  const tables = Array.from({ length: tablesPer }, (_, i) => `t${String(i).padStart(4, '0')}`);
  const all = ns.flatMap((n) => tables.map((t) => `${n}$${t}`));
  const counts = { ListNamespaces: 0, ListTables: 0, ListAllTables: 0 };
  /** One page of `items` under `key`, from the token (an index) on, at most `limit` (1,000 unless asked). */
  const page = (key: 'namespaces' | 'tables', items: string[], q: URLSearchParams) => {
    const start = Number(q.get('page_token') ?? 0);
    const limit = Math.min(Number(q.get('limit') ?? 1000) || 1000, 10_000);
    const end = Math.min(items.length, start + limit);
    return JSON.stringify({ [key]: items.slice(start, end), page_token: end < items.length ? String(end) : null });
  };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const send = (status: number, text: string) => {
      const answer = () => {
        res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
        res.end(text);
      };
      if (latencyMs > 0) setTimeout(answer, latencyMs);
      else answer();
    };
    const m = /^\/v1\/namespace\/([^/]+)\/(list|table\/list)$/.exec(url.pathname);
    if (req.method === 'GET' && url.pathname === '/v1/table') {
      counts.ListAllTables++;
      return send(200, page('tables', all, url.searchParams));
    }
    if (req.method === 'GET' && m) {
      const id = decodeURIComponent(m[1]!);
      const root = id === '$';
      if (!root && !ns.includes(id)) return send(404, JSON.stringify({ error: `namespace ${id} not found`, code: 1 }));
      if (m[2] === 'list') {
        counts.ListNamespaces++;
        return send(200, page('namespaces', root ? ns : [], url.searchParams));
      }
      counts.ListTables++;
      return send(200, page('tables', root ? [] : tables, url.searchParams));
    }
    send(404, JSON.stringify({ error: `no route ${req.method} ${url.pathname}`, code: 0 }));
  });
  const loop = await listenLoopback(server);
  return { ...loop, counts };
}

if (require.main === module) {
  void (async () => {
    const server = await startListingServer(Number(process.argv[2] ?? 100), Number(process.argv[3] ?? 1000), Number(process.argv[4] ?? 0));
    process.stdout.write(`${JSON.stringify({ uri: server.uri })}\n`);
    process.stdin.resume();
    process.stdin.on('end', () => void server.close().then(() => process.exit(0)));
  })();
}
