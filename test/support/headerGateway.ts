import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A gateway that requires a header value (a bearer token, an API key: one value, or any `accepts` takes) and
 * forwards to a real catalog.
 */
export async function startHeaderGateway(
  opts: { upstream: string; header: string; value: string } | { upstream: string; header: string; accepts(value: string | undefined): boolean },
): Promise<{ uri: string; refused: number; close(): Promise<void> }> {
  const accepts = 'accepts' in opts ? opts.accepts : (v: string | undefined) => v === opts.value;
  const state = { refused: 0 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const value = req.headers[opts.header.toLowerCase()];
      if (!accepts(typeof value === 'string' ? value : undefined)) {
        state.refused++;
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: `missing or wrong ${opts.header}`, code: 16 }));
        return;
      }
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers))
        if (typeof v === 'string' && !['host', 'connection', 'content-length', opts.header.toLowerCase()].includes(k)) headers[k] = v;
      fetch(new URL(req.url ?? '/', opts.upstream), { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined })
        .then(async (up) => {
          const bytes = Buffer.from(await up.arrayBuffer());
          res.writeHead(up.status, { 'content-type': up.headers.get('content-type') ?? 'application/json', 'content-length': bytes.length });
          res.end(bytes);
        })
        .catch((e: Error) => {
          res.writeHead(502);
          res.end(e.message);
        });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    uri: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get refused() {
      return state.refused;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
