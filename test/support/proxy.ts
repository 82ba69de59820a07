import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real HTTP proxy on loopback: the npm `proxy` package (TooTallNate's), not one written here. We only count what
 * it carries: plain proxied requests (absolute URLs) and CONNECT tunnels, each with its target.
 */
export interface CountingProxy {
  url: string;
  /** Targets seen, e.g. `CONNECT 127.0.0.1:2333` or `GET http://127.0.0.1:2333/v1/...`. */
  seen: string[];
  close(): Promise<void>;
}

export async function startProxy(): Promise<CountingProxy> {
  // `proxy` is an ES module; a dynamic import loads it from this CommonJS test code.
  const { createProxy } = (await import('proxy')) as { createProxy: (server: Server) => Server };
  const seen: string[] = [];
  const base = createServer();
  // Registered before the proxy's own listeners, so every request is counted before it is carried.
  base.on('request', (req) => seen.push(`${req.method} ${req.url}`));
  base.on('connect', (req) => seen.push(`CONNECT ${req.url}`));
  const server = createProxy(base);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
