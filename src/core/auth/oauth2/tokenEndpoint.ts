/** The OAuth2 client credentials token request (RFC 6749 §4.4) and its answer, as plain functions. */
import { CatalogError, errorMessage, kindForStatus } from '../../errors';
import { redacted, SecretScrubber } from '../../redact';
import { tokenExpiry, type CachedToken } from '../common/tokenCache';

/** How the client proves its identity to the token endpoint (RFC 6749 §2.3.1). */
export type ClientAuthMethod = 'body' | 'basic';

/** Everything needed to ask for a token. */
export interface ClientCredentialsRequest {
  tokenUrl: URL;
  clientId: string;
  clientSecret: string;
  clientAuth: ClientAuthMethod;
  scope?: string;
  audience?: string;
  resource?: string;
}

/** Error codes that mean "these client credentials are not accepted" (RFC 6749 §5.2). */
const CLIENT_REJECTED = new Set(['invalid_client', 'unauthorized_client', 'invalid_grant', 'access_denied']);

// RFC 6749 §2.3.1 / Appendix B: id and secret are form-urlencoded before being joined for HTTP Basic.
function formEncode(value: string): string {
  return new URLSearchParams({ v: value }).toString().slice(2);
}

/** The form parameters, with or without the secret (the explanation shows them without). */
export function tokenRequestForm(req: ClientCredentialsRequest, includeSecret: boolean): URLSearchParams {
  const form = new URLSearchParams({ grant_type: 'client_credentials' });
  if (req.scope) form.set('scope', req.scope);
  if (req.audience) form.set('audience', req.audience);
  if (req.resource) form.set('resource', req.resource);
  if (req.clientAuth === 'body') {
    form.set('client_id', req.clientId);
    form.set('client_secret', includeSecret ? req.clientSecret : redacted(req.clientSecret));
  }
  return form;
}

/** The token request as text for the inspector: the secret replaced, Basic credentials shown only by name. */
export function describeTokenRequest(req: ClientCredentialsRequest): string {
  const lines = [`POST ${req.tokenUrl.toString()}`, 'content-type: application/x-www-form-urlencoded', 'accept: application/json'];
  if (req.clientAuth === 'basic') lines.push(`authorization: Basic ‹client id "${req.clientId}" and secret, redacted›`);
  lines.push('', decodeURIComponent(tokenRequestForm(req, false).toString().replace(/\+/g, ' ')));
  return lines.join('\n');
}

interface TokenResponse {
  access_token: string;
  token_type?: string;
  expires_in?: number;
}

/** Ask the token endpoint for a token; every failure is a CatalogError whose text holds no secret. */
export async function requestClientCredentialsToken(
  req: ClientCredentialsRequest,
  fetchImpl: typeof globalThis.fetch,
  now: () => number,
  signal?: AbortSignal,
): Promise<CachedToken & { tokenType: string }> {
  const scrubber = new SecretScrubber();
  scrubber.add(req.clientSecret);
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
  };
  if (req.clientAuth === 'basic') {
    const basic = Buffer.from(`${formEncode(req.clientId)}:${formEncode(req.clientSecret)}`).toString('base64');
    scrubber.add(basic);
    headers['authorization'] = `Basic ${basic}`;
  }
  const where = `OAuth2 token endpoint ${req.tokenUrl.origin}${req.tokenUrl.pathname}`;
  const started = now();
  let res: Response;
  try {
    res = await fetchImpl(req.tokenUrl, { method: 'POST', headers, body: tokenRequestForm(req, true).toString(), signal, redirect: 'error' });
  } catch (e) {
    if (signal?.aborted) throw new CatalogError('cancelled', `token request to ${where} was cancelled`);
    // fetch() says only "fetch failed"; the cause says why (refused, DNS, TLS).
    const reason = errorMessage(e instanceof Error && e.cause instanceof Error ? e.cause : e);
    throw new CatalogError('network', `could not reach the ${where}: ${scrubber.scrub(reason)}`);
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!res.ok) throw tokenEndpointError(res.status, body, where, scrubber);
  const token = parseTokenResponse(body, where, res.status);
  scrubber.add(token.access_token);
  const { expiresAt, expirySource } = tokenExpiry(token.access_token, token.expires_in, started);
  return { value: token.access_token, obtainedAt: started, expiresAt, expirySource, tokenType: token.token_type ?? 'Bearer' };
}

function parseTokenResponse(body: unknown, where: string, status: number): TokenResponse {
  if (!body || typeof body !== 'object') {
    throw new CatalogError('protocol', `the ${where} answered HTTP ${status} without a JSON token response`, { status });
  }
  const b = body as Record<string, unknown>;
  if (typeof b['access_token'] !== 'string' || b['access_token'] === '') {
    throw new CatalogError('protocol', `the ${where} answered without an access_token`, { status });
  }
  // Some servers send expires_in as a string; RFC 6749 says number.
  const rawExpires = b['expires_in'];
  const expiresIn = typeof rawExpires === 'number' ? rawExpires : typeof rawExpires === 'string' && rawExpires.trim() !== '' ? Number(rawExpires) : undefined;
  return {
    access_token: b['access_token'],
    token_type: typeof b['token_type'] === 'string' ? b['token_type'] : undefined,
    expires_in: expiresIn !== undefined && Number.isFinite(expiresIn) ? expiresIn : undefined,
  };
}

/** Turn an RFC 6749 §5.2 error answer into words; the description is scrubbed since servers may echo input. */
export function tokenEndpointError(status: number, body: unknown, where: string, scrubber: SecretScrubber): CatalogError {
  const b = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const code = typeof b['error'] === 'string' ? b['error'] : undefined;
  const description = typeof b['error_description'] === 'string' ? scrubber.scrub(b['error_description']) : undefined;
  if (!code) {
    return new CatalogError(status >= 500 ? kindForStatus(status) : 'unauthenticated', `the ${where} answered HTTP ${status}`, { status });
  }
  const detail = `${scrubber.scrub(code)}${description ? ` (${description})` : ''}`;
  if (CLIENT_REJECTED.has(code) || status === 401) {
    return new CatalogError('unauthenticated', `OAuth2 token endpoint rejected the client: ${detail}`, { status, detail });
  }
  // invalid_scope, invalid_request, unsupported_grant_type, invalid_target: the settings need changing.
  return new CatalogError(status >= 500 ? kindForStatus(status) : 'config', `OAuth2 token endpoint rejected the token request: ${detail}`, {
    status,
    detail,
  });
}
