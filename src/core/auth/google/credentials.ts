/**
 * Google credentials through `google-auth-library`: build the library's client for the configured credential
 * type and get one access or ID token from it. Kept apart so that the library is loaded only when used.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type * as GoogleAuthLibrary from 'google-auth-library';
import { CatalogError, errorMessage, kindForStatus } from '../../errors';
import type { SecretScrubber } from '../../redact';
import { jwtExpiry, tokenExpiry, type ExpirySource } from '../common/tokenCache';
import { CLOUD_PLATFORM_SCOPE } from './provider';

export type GoogleLibrary = typeof GoogleAuthLibrary;
/** The HTTP client the library sends token requests with (a Gaxios instance). */
export type GoogleTransporter = NonNullable<GoogleAuthLibrary.OAuth2ClientOptions['transporter']>;

/** The configured credential source, already validated. */
export type GoogleCredentialConfig =
  | { type: 'adc' }
  | { type: 'service-account-key'; key: ServiceAccountKey }
  | { type: 'impersonate'; targetPrincipal: string; delegates: string[]; source: { type: 'adc' } | { type: 'service-account-key'; key: ServiceAccountKey } };

export type GoogleTokenRequest = { tokenType: 'access'; scopes: string[] } | { tokenType: 'id'; audience: string };

/** The fields of a service-account key file that we use. */
export interface ServiceAccountKey {
  client_email: string;
  private_key: string;
  private_key_id?: string;
  project_id?: string;
  quota_project_id?: string;
  universe_domain?: string;
}

/** A token from the library, with what the explanation shows about where it came from. */
export interface GoogleToken {
  value: string;
  expiresAt: number;
  expirySource: ExpirySource;
  /** Service account email, "user (ADC)", ... */
  principal: string;
  /** Human words for the credential type, e.g. "service account key", "ADC: gcloud user credentials". */
  credentialType: string;
  /** Quota project the credentials carry (ADC file's `quota_project_id`), if any. */
  quotaProjectId?: string;
}

/**
 * Parse the `keyJson` secret. Never quotes the input in an error: it holds a private key, and V8's JSON.parse
 * messages include a snippet of the text.
 */
export function parseServiceAccountKey(json: string): ServiceAccountKey {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new CatalogError('config', 'google: the service account key is not valid JSON (paste the whole key file)');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new CatalogError('config', 'google: the service account key must be a JSON object (the whole key file)');
  }
  const k = parsed as Record<string, unknown>;
  if (k['type'] !== undefined && k['type'] !== 'service_account') {
    throw new CatalogError('config', `google: the key file is of type "${String(k['type'])}", expected "service_account"`);
  }
  if (typeof k['client_email'] !== 'string' || !k['client_email']) {
    throw new CatalogError('config', 'google: the service account key has no client_email');
  }
  if (typeof k['private_key'] !== 'string' || !k['private_key'].includes('PRIVATE KEY')) {
    throw new CatalogError('config', 'google: the service account key has no PEM private_key');
  }
  const str = (name: string) => (typeof k[name] === 'string' ? (k[name] as string) : undefined);
  return {
    client_email: k['client_email'],
    private_key: k['private_key'],
    private_key_id: str('private_key_id'),
    project_id: str('project_id'),
    quota_project_id: str('quota_project_id'),
    universe_domain: str('universe_domain'),
  };
}

/** Inputs a token fetch needs beyond the configuration. */
export interface GoogleFetchContext {
  lib: GoogleLibrary;
  transporter?: GoogleTransporter;
  env: Record<string, string | undefined>;
  now: () => number;
  scrubber: SecretScrubber;
}

type Built = { client: GoogleAuthLibrary.AuthClient; principal: string; credentialType: string };

function jwtFromKey(ctx: GoogleFetchContext, key: ServiceAccountKey, scopes: string[] | undefined): Built {
  // Scopes are always passed for access tokens: without them the JWT client sends a self-signed JWT instead.
  const client = new ctx.lib.JWT({
    email: key.client_email,
    key: key.private_key,
    keyId: key.private_key_id,
    scopes,
    transporter: ctx.transporter,
  });
  if (key.quota_project_id) client.quotaProjectId = key.quota_project_id;
  return { client, principal: key.client_email, credentialType: 'service account key' };
}

/**
 * Where Application Default Credentials come from, found in the given environment as the library would look in
 * process.env: GOOGLE_APPLICATION_CREDENTIALS, else the file `gcloud auth application-default login` writes (in
 * CLOUDSDK_CONFIG, or gcloud's config folder in the home directory), else nothing (the library then asks the
 * metadata server). The CLI and tests pass their own environment; the library itself only reads process.env.
 */
export function adcSource(env: Readonly<Record<string, string | undefined>>): { keyFilename?: string; from: string } {
  const explicit = env['GOOGLE_APPLICATION_CREDENTIALS'];
  if (explicit) return { keyFilename: explicit, from: `ADC (GOOGLE_APPLICATION_CREDENTIALS ${explicit})` };
  const folder =
    env['CLOUDSDK_CONFIG'] ||
    (process.platform === 'win32' ? env['APPDATA'] && join(env['APPDATA'], 'gcloud') : env['HOME'] && join(env['HOME'], '.config', 'gcloud'));
  const wellKnown = folder ? join(folder, 'application_default_credentials.json') : undefined;
  if (wellKnown && existsSync(wellKnown)) return { keyFilename: wellKnown, from: `ADC (gcloud ${wellKnown})` };
  return { from: 'ADC' };
}

async function adcClient(ctx: GoogleFetchContext, scopes: string[] | undefined): Promise<Built> {
  const { keyFilename, from } = adcSource(ctx.env);
  const auth = new ctx.lib.GoogleAuth({ keyFilename, scopes, clientOptions: ctx.transporter ? { transporter: ctx.transporter } : {} });
  let client: GoogleAuthLibrary.AuthClient;
  try {
    client = (await auth.getClient()) as GoogleAuthLibrary.AuthClient;
  } catch (e) {
    const msg = errorMessage(e);
    if (/default credentials/i.test(msg)) {
      throw new CatalogError(
        'unauthenticated',
        'google: no Application Default Credentials found: run "gcloud auth application-default login", or set GOOGLE_APPLICATION_CREDENTIALS to a key file',
      );
    }
    throw libraryError(e, 'google: could not load Application Default Credentials', ctx.scrubber);
  }
  const { JWT, UserRefreshClient, Compute, Impersonated, BaseExternalAccountClient } = ctx.lib;
  if (client instanceof JWT) return { client, principal: client.email ?? 'service account', credentialType: `${from}: service account key` };
  if (client instanceof UserRefreshClient) return { client, principal: 'user (ADC)', credentialType: `${from}: gcloud user credentials` };
  if (client instanceof Compute) return { client, principal: 'default service account (metadata server)', credentialType: `${from}: metadata server` };
  if (client instanceof Impersonated) return { client, principal: client.getTargetPrincipal(), credentialType: `${from}: impersonated service account` };
  if (client instanceof BaseExternalAccountClient) {
    return { client, principal: client.getServiceAccountEmail() ?? 'external identity', credentialType: `${from}: workload identity federation` };
  }
  return { client, principal: 'unknown (ADC)', credentialType: `${from}: ${client.constructor.name}` };
}

async function sourceClient(ctx: GoogleFetchContext, source: Extract<GoogleCredentialConfig, { type: 'impersonate' }>['source']): Promise<Built> {
  // The source must hold cloud-platform to call the IAM Credentials API, whatever the target's scopes.
  return source.type === 'adc' ? adcClient(ctx, [CLOUD_PLATFORM_SCOPE]) : jwtFromKey(ctx, source.key, [CLOUD_PLATFORM_SCOPE]);
}

/**
 * Fetch one token with a freshly built client. Fresh each time on purpose: the library's clients cache tokens by
 * their own clock and offer no way to force a new one, while we decide ourselves when a token is due (and after a
 * 401, must really get a new one).
 */
export async function fetchGoogleToken(ctx: GoogleFetchContext, config: GoogleCredentialConfig, request: GoogleTokenRequest): Promise<GoogleToken> {
  const started = ctx.now();
  const scopes = request.tokenType === 'access' ? request.scopes : undefined;
  let built: Built;
  if (config.type === 'service-account-key') built = jwtFromKey(ctx, config.key, scopes);
  else if (config.type === 'adc') built = await adcClient(ctx, scopes);
  else {
    const source = await sourceClient(ctx, config.source);
    const client = new ctx.lib.Impersonated({
      sourceClient: source.client as GoogleAuthLibrary.OAuth2Client,
      targetPrincipal: config.targetPrincipal,
      delegates: config.delegates,
      targetScopes: scopes ?? [CLOUD_PLATFORM_SCOPE],
      transporter: ctx.transporter,
    });
    built = {
      client,
      principal: config.targetPrincipal,
      credentialType: `impersonation of ${config.targetPrincipal} via ${source.credentialType} (${source.principal})`,
    };
  }
  const quotaProjectId = built.client.quotaProjectId || undefined;
  try {
    if (request.tokenType === 'access') {
      const { token } = await built.client.getAccessToken();
      if (!token) throw new CatalogError('unauthenticated', `google: ${built.credentialType} produced no access token`);
      ctx.scrubber.add(token);
      const expiryDate = (built.client as { credentials?: { expiry_date?: number | null } }).credentials?.expiry_date ?? undefined;
      const expiry = expiryDate && expiryDate > 1 ? { expiresAt: expiryDate, expirySource: 'issuer' as const } : tokenExpiry(token, undefined, started);
      return { value: token, ...expiry, principal: built.principal, credentialType: built.credentialType, quotaProjectId };
    }
    const idProvider = built.client as Partial<GoogleAuthLibrary.IdTokenProvider>;
    if (typeof idProvider.fetchIdToken !== 'function') {
      throw new CatalogError(
        'config',
        `google: ID tokens need a service account (key, impersonation or the metadata server); ${built.credentialType} cannot mint them. Use impersonation with these credentials as the source.`,
      );
    }
    const token = await idProvider.fetchIdToken(request.audience);
    ctx.scrubber.add(token);
    const exp = jwtExpiry(token);
    const expiry = exp !== undefined ? { expiresAt: exp * 1000, expirySource: 'jwt exp' as const } : tokenExpiry(token, undefined, started);
    return { value: token, ...expiry, principal: built.principal, credentialType: built.credentialType, quotaProjectId };
  } catch (e) {
    if (e instanceof CatalogError) throw e;
    throw libraryError(e, `google: could not get ${request.tokenType === 'id' ? 'an ID' : 'an access'} token with ${built.credentialType}`, ctx.scrubber);
  }
}

/**
 * Words for a library failure. Only the message is kept (scrubbed): a GaxiosError's `config` holds the signed JWT
 * assertion or the source token, so the error object itself is never attached as a cause.
 */
function libraryError(e: unknown, what: string, scrubber: SecretScrubber): CatalogError {
  const err = e as { message?: string; status?: number; response?: { status?: number }; code?: string };
  const status = err.response?.status ?? (typeof err.status === 'number' ? err.status : undefined);
  const message = scrubber.scrub(errorMessage(e));
  if (status === undefined) {
    const networkish = /ECONNREFUSED|ENOTFOUND|ETIMEDOUT|ECONNRESET|fetch failed|network/i.test(`${err.code ?? ''} ${message}`);
    return new CatalogError(networkish ? 'network' : 'unauthenticated', `${what}: ${message}`);
  }
  const kind = status === 400 || status === 401 ? 'unauthenticated' : kindForStatus(status);
  return new CatalogError(kind, `${what}: ${message}`, { status });
}
