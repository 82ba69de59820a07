// A Google session: tokens from ADC, a service account key or impersonation, cached until they expire. Loaded on
// demand (scripts/onDemand.mjs) with the first Google connection; provider.ts describes the settings.
import { CatalogError } from '../../errors';
import { redacted, SecretScrubber } from '../../redact';
import { checkHeaderValue } from '../common/headers';
import { settingOrEnv } from '../common/settings';
import {
  fetchGoogleToken,
  parseServiceAccountKey,
  type GoogleCredentialConfig,
  type GoogleLibrary,
  type GoogleToken,
  type GoogleTokenRequest,
  type GoogleTransporter,
} from './credentials';
import { loadGoogle } from '../../lazy/load';
import type { CachedToken } from '../common/tokenCache';
import { CachedTokenSession } from '../common/cachedTokenSession';
import type { AuthSettingDescriptor } from '../provider';
import type { AuthContext, AuthExplanation } from '../../authContract';
import { CLOUD_PLATFORM_SCOPE, S, type GoogleProviderOptions } from './provider';

interface GoogleConfig {
  credentials: GoogleCredentialConfig;
  request: GoogleTokenRequest;
  quotaProject?: string;
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

function readConfig(settings: Readonly<Record<string, string | undefined>>, context: AuthContext): GoogleConfig {
  const get = (d: AuthSettingDescriptor) => settingOrEnv(settings, d, context.env)?.trim() || undefined;
  const oneOf = <T extends string>(d: AuthSettingDescriptor, allowed: readonly T[]): T => {
    const v = get(d) ?? d.default!;
    if (!(allowed as readonly string[]).includes(v)) throw new CatalogError('config', `google: ${d.key} must be one of ${allowed.join(', ')}, not "${v}"`);
    return v as T;
  };
  const key = () => {
    const json = get(S.keyJson);
    if (!json) throw new CatalogError('config', 'google: a service account key is needed (setting "keyJson" or NSB_GOOGLE_KEY_JSON)');
    return parseServiceAccountKey(json);
  };

  const type = oneOf(S.credentials, ['adc', 'service-account-key', 'impersonate'] as const);
  let credentials: GoogleCredentialConfig;
  if (type === 'adc') credentials = { type };
  else if (type === 'service-account-key') credentials = { type, key: key() };
  else {
    const targetPrincipal = get(S.targetPrincipal);
    if (!targetPrincipal) throw new CatalogError('config', 'google: impersonation needs targetPrincipal (the service account email)');
    const source = oneOf(S.source, ['adc', 'service-account-key'] as const);
    credentials = {
      type,
      targetPrincipal,
      delegates: list(get(S.delegates)),
      source: source === 'adc' ? { type: 'adc' } : { type: 'service-account-key', key: key() },
    };
  }

  const tokenType = oneOf(S.tokenType, ['access', 'id'] as const);
  let request: GoogleTokenRequest;
  if (tokenType === 'access') {
    const scopes = list(get(S.scopes));
    request = { tokenType, scopes: scopes.length ? scopes : [CLOUD_PLATFORM_SCOPE] };
  } else {
    const audience = get(S.audience);
    if (!audience) throw new CatalogError('config', 'google: an ID token needs an audience');
    request = { tokenType, audience };
  }
  const quotaProject = get(S.quotaProject);
  return { credentials, request, quotaProject: quotaProject ? checkHeaderValue(quotaProject, 'google: quotaProject') : undefined };
}

type CachedGoogleToken = CachedToken & { info: GoogleToken };

/** One connection's Google credentials and the token they last produced. */
export class GoogleSession extends CachedTokenSession {
  private config: GoogleConfig | undefined;
  private lib: GoogleLibrary | undefined;
  private transporter: GoogleTransporter | undefined;
  private readonly scrubber = new SecretScrubber();

  constructor(
    private readonly settings: Readonly<Record<string, string | undefined>>,
    context: AuthContext,
    private readonly options: GoogleProviderOptions,
    now: () => number,
  ) {
    super(context, now, 'google');
  }

  async initialize(signal?: AbortSignal): Promise<void> {
    this.readConfig();
    await this.load();
    await this.cache.get(signal);
  }

  async authenticate(request: { headers: Record<string, string> }, signal?: AbortSignal): Promise<AuthExplanation> {
    const { token, fromCache } = await this.cache.get(signal);
    const info = (token as CachedGoogleToken).info;
    request.headers['authorization'] = `Bearer ${checkHeaderValue(token.value, 'Google token')}`;
    const quotaProject = this.readConfig().quotaProject ?? info.quotaProjectId;
    if (quotaProject) request.headers['x-goog-user-project'] = quotaProject;
    return this.explain(token as CachedGoogleToken, fromCache, quotaProject);
  }

  private readConfig(): GoogleConfig {
    if (!this.config) {
      this.config = readConfig(this.settings, this.context);
      const creds = this.config.credentials;
      const key =
        creds.type === 'service-account-key'
          ? creds.key
          : creds.type === 'impersonate' && creds.source.type === 'service-account-key'
            ? creds.source.key
            : undefined;
      this.scrubber.add(key?.private_key);
    }
    return this.config;
  }

  private async load(): Promise<GoogleLibrary> {
    if (!this.lib) {
      // Loaded here, not at the top: google-auth-library (and gaxios) cost startup time nobody without Google pays.
      const lib = await (this.options.loadLibrary ?? (async () => loadGoogle()))();
      this.lib = lib;
      if (this.options.transporter) this.transporter = this.options.transporter;
      else if (this.context.fetch) {
        // Token requests go through the connection's fetch, so its proxy and CA apply to them too.
        this.transporter = new lib.gaxios.Gaxios({ fetchImplementation: this.context.fetch });
      }
    }
    return this.lib;
  }

  protected async fetchToken(): Promise<CachedGoogleToken> {
    const config = this.readConfig();
    const lib = await this.load();
    const started = this.now();
    const info = await fetchGoogleToken(
      { lib, transporter: this.transporter, env: this.context.env, now: this.now, scrubber: this.scrubber },
      config.credentials,
      config.request,
    );
    this.context.log?.('debug', `google: new ${config.request.tokenType} token for ${info.principal}, expires ${new Date(info.expiresAt).toISOString()}`);
    return { value: info.value, obtainedAt: started, expiresAt: info.expiresAt, expirySource: info.expirySource, info };
  }

  private explain(token: CachedGoogleToken, fromCache: boolean, quotaProject: string | undefined): AuthExplanation {
    const { request } = this.readConfig();
    const info = token.info;
    const tokenWords = request.tokenType === 'access' ? 'access token' : `ID token for ${request.audience}`;
    const fields = [
      { label: 'Credential type', value: info.credentialType },
      { label: 'Principal', value: info.principal },
      { label: 'Token type', value: tokenWords },
    ];
    if (request.tokenType === 'access') fields.push({ label: 'Scopes', value: request.scopes.join(' ') });
    fields.push(
      { label: 'Token', value: fromCache ? 'from cache' : 'fetched for this request' },
      { label: 'Token expires', value: `${new Date(token.expiresAt).toISOString()} (from ${token.expirySource})` },
      { label: 'Quota project', value: quotaProject ?? '‹none›' },
      { label: 'Authorization', value: `Bearer ${redacted(token.value)}` },
    );
    return {
      provider: 'google',
      summary: `Google ${tokenWords} as ${info.principal} (${fromCache ? 'cached' : 'new'}, expires ${new Date(token.expiresAt).toISOString()})`,
      fields,
    };
  }
}
