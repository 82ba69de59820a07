import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real HTTP proxy on loopback: the npm `proxy` package (TooTallNate's), not one written here. We only count what
 * it carries: plain proxied requests (absolute URLs) and CONNECT tunnels, each with its target.
 */
export interface CountingProxy {
  url: string;
  /** Targets seen, e.g. `CONNECT 127.0.0.1:2333` or `GET http://127.0.0.1:2333/v1/...`. */
  seen: string[];
  /** Targets refused for want of the right Proxy-Authorization (407). */
  refused: string[];
  close(): Promise<void>;
}

export interface ProxyOptions {
  /** The Proxy-Authorization the proxy requires (e.g. `Basic dXNlcjpwYXNz`); without it, it asks for none. */
  authorization?: string;
  /**
   * Where CONNECT targets really go, as a proxy's own DNS would send them: `oauth2.googleapis.com:443` to a loopback
   * port that answers for that name. The target as asked is what `seen` records.
   */
  routes?: Record<string, string>;
}

export async function startProxy(options: ProxyOptions = {}): Promise<CountingProxy> {
  // `proxy` is an ES module; a dynamic import loads it from this CommonJS test code.
  const { createProxy } = (await import('proxy')) as { createProxy: (server: Server) => Server & { authenticate?: (req: IncomingMessage) => boolean } };
  const seen: string[] = [];
  const refused: string[] = [];
  const base = createServer();
  const allowed = (req: IncomingMessage, target: string) => {
    if (options.authorization === undefined || req.headers['proxy-authorization'] === options.authorization) return true;
    refused.push(target);
    return false;
  };
  // Registered before the proxy's own listeners, so every request is counted (and routed) before it is carried.
  base.on('request', (req) => seen.push(`${req.method} ${req.url}`));
  base.on('connect', (req) => {
    seen.push(`CONNECT ${req.url}`);
    const route = options.routes?.[req.url ?? ''];
    if (route) req.url = route;
  });
  const server = createProxy(base);
  if (options.authorization !== undefined) server.authenticate = (req) => allowed(req, `${req.method} ${req.url}`);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    refused,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
