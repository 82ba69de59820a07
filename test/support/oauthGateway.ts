/**
 * A resource server for tests that accepts only Bearer JWTs issued by one OAuth2 server: it fetches the issuer's
 * JWKS, verifies RS256 signatures with node:crypto, and checks `iss` and `exp` against a clock the test controls.
 */
import { createPublicKey, verify, type JsonWebKey, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface OAuthGateway {
  url: string;
  /** Requests answered 200 / 401. */
  accepted: number;
  rejected: { reason: string }[];
  /** Tokens to refuse even though valid (as after a server-side revocation). */
  revoked: Set<string>;
  /** Refuse every token accepted so far. */
  revokeAll(): void;
  close(): Promise<void>;
}

function b64json(part: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}

async function loadJwks(jwksUrl: string): Promise<Map<string, KeyObject>> {
  const res = await fetch(jwksUrl);
  const { keys } = (await res.json()) as { keys: (JsonWebKey & { kid: string })[] };
  return new Map(keys.map((k) => [k.kid, createPublicKey({ key: k, format: 'jwk' })]));
}

/** Why a token is refused, or undefined when it is good. */
function checkToken(token: string, keys: Map<string, KeyObject>, issuer: string, nowSeconds: number): string | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return 'not a JWT';
  const [h, p, s] = parts as [string, string, string];
  const header = b64json(h);
  if (header['alg'] !== 'RS256') return `alg ${String(header['alg'])}`;
  const key = keys.get(String(header['kid']));
  if (!key) return 'unknown kid';
  if (!verify('RSA-SHA256', Buffer.from(`${h}.${p}`), key, Buffer.from(s, 'base64url'))) return 'bad signature';
  const payload = b64json(p);
  if (payload['iss'] !== issuer) return 'wrong issuer';
  if (typeof payload['exp'] !== 'number' || payload['exp'] <= nowSeconds) return 'expired';
  return undefined;
}

/** Start the gateway on 127.0.0.1 with a free port; answers `{"ok":true}` to good tokens, 401 otherwise. */
export async function startOAuthGateway(opts: { issuer: string; jwksUrl: string; now: () => number; upstream?: string }): Promise<OAuthGateway> {
  const keys = await loadJwks(opts.jwksUrl);
  const state = { accepted: 0, rejected: [] as { reason: string }[], revoked: new Set<string>() };
  const seen = new Set<string>();
  const server: Server = createServer((req, res) => {
    const m = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
    const token = m?.[1];
    const reason = !token ? 'no bearer token' : state.revoked.has(token) ? 'revoked' : checkToken(token, keys, opts.issuer, Math.floor(opts.now() / 1000));
    if (reason) {
      req.resume();
      state.rejected.push({ reason });
      res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': `Bearer error="invalid_token", error_description="${reason}"` });
      res.end(JSON.stringify({ error: { code: 401, message: reason, type: 'NotAuthorizedException' } }));
      return;
    }
    state.accepted++;
    if (token) seen.add(token);
    if (!opts.upstream) {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
      return;
    }
    // In front of a real catalog: forward the request without the bearer token.
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers))
        if (typeof v === 'string' && !['authorization', 'host', 'connection', 'content-length'].includes(k)) headers[k] = v;
      const body = chunks.length ? Buffer.concat(chunks) : undefined;
      fetch(new URL(req.url ?? '/', opts.upstream), { method: req.method, headers, body })
        .then(async (up) => {
          const bytes = Buffer.from(await up.arrayBuffer());
          res.writeHead(up.status, { 'content-type': up.headers.get('content-type') ?? 'application/json', 'content-length': bytes.length });
          res.end(bytes);
        })
        .catch((e: Error) => {
          res.writeHead(502, { 'content-type': 'text/plain' });
          res.end(`upstream failed: ${e.message}`);
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get accepted() {
      return state.accepted;
    },
    rejected: state.rejected,
    revoked: state.revoked,
    revokeAll: () => {
      for (const t of seen) state.revoked.add(t);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
