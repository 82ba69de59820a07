// An OAuth2 client-credentials session: a token from the token endpoint, cached until it expires. Loaded on demand
// (scripts/onDemand.mjs) with the first OAuth2 connection; provider.ts describes the settings.
import { CatalogError } from '../../errors';
import { redacted } from '../../redact';
import { checkHeaderValue } from '../common/headers';
import { settingOrEnv } from '../common/settings';
import type { CachedToken } from '../common/tokenCache';
import { CachedTokenSession } from '../common/cachedTokenSession';
import { describeTokenRequest, requestClientCredentialsToken, type ClientAuthMethod, type ClientCredentialsRequest } from './tokenEndpoint';
import type { AuthSettingDescriptor } from '../provider';
import type { AuthContext, AuthExplanation } from '../../authContract';
import { S } from './provider';

const CLIENT_AUTH_NAMES: Record<ClientAuthMethod, string> = {
  body: 'client_secret_post (secret in the request body)',
  basic: 'client_secret_basic (HTTP Basic)',
};

/** Resolve a possibly relative token URL against the catalog URI, the way the Lance spec's `tokenUrl` is meant. */
export function resolveTokenUrl(tokenUrl: string, catalogUri: URL): URL {
  let base = catalogUri;
  // Without a trailing slash the last path segment would be replaced ("…/v1" + "token" → "…/token").
  if (!base.pathname.endsWith('/')) {
    base = new URL(catalogUri.toString());
    base.pathname += '/';
  }
  let url: URL;
  try {
    url = new URL(tokenUrl, base);
  } catch {
    throw new CatalogError('config', `oauth2: token URL "${tokenUrl}" is not a valid URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new CatalogError('config', `oauth2: token URL must be http(s), not ${url.protocol}`);
  }
  if (url.username || url.password) throw new CatalogError('config', 'oauth2: token URL must not contain credentials');
  return url;
}

function readRequest(settings: Readonly<Record<string, string | undefined>>, context: AuthContext): ClientCredentialsRequest {
  const get = (d: AuthSettingDescriptor) => settingOrEnv(settings, d, context.env)?.trim() || undefined;
  const required: AuthSettingDescriptor[] = [S.tokenUrl, S.clientId, S.clientSecret];
  const missing = required.filter((d) => !get(d)).map((d) => (d.env ? `${d.key} (or ${d.env})` : d.key));
  if (missing.length) throw new CatalogError('config', `oauth2 auth needs ${missing.join(', ')}`);
  const clientAuth = get(S.clientAuth) ?? 'body';
  if (clientAuth !== 'body' && clientAuth !== 'basic') {
    throw new CatalogError('config', `oauth2: clientAuth must be "body" or "basic", not "${clientAuth}"`);
  }
  return {
    tokenUrl: resolveTokenUrl(get(S.tokenUrl)!, context.catalogUri),
    clientId: get(S.clientId)!,
    clientSecret: get(S.clientSecret)!,
    clientAuth,
    scope: get(S.scope),
    audience: get(S.audience),
    resource: get(S.resource),
  };
}

/** One connection's client-credentials state: the request it makes and the token it holds. */
export class ClientCredentialsSession extends CachedTokenSession {
  private request: ClientCredentialsRequest | undefined;

  constructor(
    private readonly settings: Readonly<Record<string, string | undefined>>,
    context: AuthContext,
    now: () => number,
  ) {
    super(context, now, 'oauth2');
  }

  async initialize(signal?: AbortSignal): Promise<void> {
    this.tokenRequest();
    // Fail fast: a wrong secret shows at connect time rather than on the first browse.
    await this.cache.get(signal);
  }

  async authenticate(request: { headers: Record<string, string> }, signal?: AbortSignal): Promise<AuthExplanation> {
    const { token, fromCache } = await this.cache.get(signal);
    request.headers['authorization'] = `Bearer ${checkHeaderValue(token.value, 'access token')}`;
    return this.explain(token, fromCache);
  }

  private tokenRequest(): ClientCredentialsRequest {
    this.request ??= readRequest(this.settings, this.context);
    return this.request;
  }

  protected async fetchToken(): Promise<CachedToken> {
    const req = this.tokenRequest();
    const fetchImpl = this.context.fetch ?? globalThis.fetch;
    const token = await requestClientCredentialsToken(req, fetchImpl, this.now);
    if (token.tokenType.toLowerCase() !== 'bearer') {
      this.context.log?.('warn', `oauth2: token endpoint returned token_type "${token.tokenType}"; sending it as a Bearer token`);
    }
    this.context.log?.(
      'debug',
      `oauth2: new token for ${this.context.connectionId}, expires ${new Date(token.expiresAt).toISOString()} (${token.expirySource})`,
    );
    return token;
  }

  private explain(token: CachedToken, fromCache: boolean): AuthExplanation {
    const req = this.tokenRequest();
    const fields = [
      { label: 'Token URL', value: req.tokenUrl.toString() },
      { label: 'Grant type', value: 'client_credentials' },
      { label: 'Client ID', value: req.clientId },
      { label: 'Client authentication', value: CLIENT_AUTH_NAMES[req.clientAuth] },
    ];
    if (req.scope) fields.push({ label: 'Scope', value: req.scope });
    if (req.audience) fields.push({ label: 'Audience', value: req.audience });
    if (req.resource) fields.push({ label: 'Resource', value: req.resource });
    fields.push(
      { label: 'Token', value: fromCache ? 'from cache' : 'fetched for this request' },
      { label: 'Token expires', value: `${new Date(token.expiresAt).toISOString()} (from ${token.expirySource})` },
      { label: 'Authorization', value: `Bearer ${redacted(token.value)}` },
    );
    return {
      provider: 'oauth2',
      summary: `OAuth2 client credentials as ${req.clientId} (${fromCache ? 'cached token' : 'new token'}, expires ${new Date(token.expiresAt).toISOString()})`,
      fields,
      blocks: [{ label: 'Token request', text: describeTokenRequest(req) }],
    };
  }
}
