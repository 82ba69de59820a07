/**
 * The real `oauth2-mock-server` on 127.0.0.1, taught through its hooks to check client credentials (it accepts
 * any by itself) and to issue tokens whose lifetime follows the test's clock.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export interface TokenIssuer {
  /** Issuer URL (also the `iss` of its tokens). */
  issuer: string;
  tokenUrl: string;
  jwksUrl: string;
  /** Token requests answered, and how each client authenticated. */
  hits: { clientId: string | undefined; method: 'body' | 'basic' | 'none'; ok: boolean }[];
  /** Token lifetime in seconds (JWT `exp`), and the `expires_in` to announce (default: the same). */
  lifetimeSeconds: number;
  announcedExpiresIn: number | undefined;
  stop(): Promise<void>;
}

type ParsedRequest = IncomingMessage & { body?: Record<string, string> };

function clientOf(req: ParsedRequest): { clientId?: string; secret?: string; method: 'body' | 'basic' | 'none' } {
  const basic = /^Basic (.+)$/i.exec(req.headers.authorization ?? '');
  if (basic) {
    const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
    const i = decoded.indexOf(':');
    // RFC 6749 §2.3.1: both halves are form-urlencoded.
    const dec = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
    return { clientId: dec(decoded.slice(0, i)), secret: dec(decoded.slice(i + 1)), method: 'basic' };
  }
  if (req.body?.['client_secret'] !== undefined) return { clientId: req.body['client_id'], secret: req.body['client_secret'], method: 'body' };
  return { clientId: req.body?.['client_id'], method: 'none' };
}

/** Start the server with one key and the given registered clients (id → secret). */
export async function startTokenIssuer(clients: Record<string, string>, now: () => number): Promise<TokenIssuer> {
  const { OAuth2Server } = await import('oauth2-mock-server');
  const server = new OAuth2Server();
  await server.issuer.keys.generate('RS256');
  await server.start(0, '127.0.0.1');
  const issuer = server.issuer.url!;
  const state: TokenIssuer = {
    issuer,
    tokenUrl: `${issuer}/token`,
    jwksUrl: `${issuer}/jwks`,
    hits: [],
    lifetimeSeconds: 2,
    announcedExpiresIn: undefined,
    stop: () => server.stop(),
  };
  server.service.on('beforeTokenSigning', (token: { payload: Record<string, unknown> }) => {
    const iat = Math.floor(now() / 1000);
    token.payload['iat'] = iat;
    token.payload['nbf'] = iat;
    token.payload['exp'] = iat + state.lifetimeSeconds;
    // Without a jti, two tokens issued in the same second would be byte-identical (RS256 is deterministic).
    token.payload['jti'] = randomUUID();
  });
  server.service.on('beforeResponse', (response: { body: Record<string, unknown>; statusCode: number }, req: ParsedRequest) => {
    const c = clientOf(req);
    const ok = c.clientId !== undefined && clients[c.clientId] !== undefined && clients[c.clientId] === c.secret;
    state.hits.push({ clientId: c.clientId, method: c.method, ok });
    if (!ok) {
      response.statusCode = 401;
      response.body = { error: 'invalid_client', error_description: 'Client authentication failed' };
      return;
    }
    response.body['expires_in'] = state.announcedExpiresIn ?? state.lifetimeSeconds;
  });
  return state;
}
