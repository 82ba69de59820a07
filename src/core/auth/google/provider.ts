import { CatalogError } from '../../errors';
import { redacted, SecretScrubber } from '../../redact';
import { checkHeaderValue } from '../common/headers';
import { settingOrEnv } from '../common/settings';
import {
  CLOUD_PLATFORM_SCOPE,
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
import type { AuthProvider, AuthSettingDescriptor } from '../provider';
import type { AuthContext, AuthExplanation } from '../../authContract';

const KEY_OR_IMPERSONATE = { key: 'credentials', equals: ['service-account-key', 'impersonate'] };

const S = {
  credentials: {
    key: 'credentials',
    label: 'Credentials',
    kind: 'enum',
    default: 'adc',
    options: [
      { value: 'adc', label: 'Application Default Credentials', description: 'GOOGLE_APPLICATION_CREDENTIALS, gcloud, or the metadata server' },
      { value: 'service-account-key', label: 'Service account key', description: 'A key file, kept as a secret' },
      { value: 'impersonate', label: 'Impersonate a service account', description: 'IAM Credentials API, from ADC or a key' },
    ],
  },
  keyJson: {
    key: 'keyJson',
    label: 'Service account key (JSON)',
    kind: 'secret',
    secret: true,
    env: 'NSB_GOOGLE_KEY_JSON',
    description: 'The whole key file. Required for "service-account-key"; for "impersonate" only when the source is a key.',
    when: KEY_OR_IMPERSONATE,
  },
  source: {
    key: 'source',
    label: 'Impersonation source',
    kind: 'enum',
    default: 'adc',
    options: [
      { value: 'adc', label: 'Application Default Credentials' },
      { value: 'service-account-key', label: 'Service account key' },
    ],
    when: { key: 'credentials', equals: ['impersonate'] },
  },
  targetPrincipal: {
    key: 'targetPrincipal',
    label: 'Service account to impersonate',
    kind: 'string',
    placeholder: 'catalog-reader@my-project.iam.gserviceaccount.com',
    when: { key: 'credentials', equals: ['impersonate'] },
  },
  delegates: {
    key: 'delegates',
    label: 'Delegates',
    kind: 'string',
    description: 'Optional delegation chain: service account emails separated by commas.',
    when: { key: 'credentials', equals: ['impersonate'] },
  },
  tokenType: {
    key: 'tokenType',
    label: 'Token type',
    kind: 'enum',
    default: 'access',
    options: [
      { value: 'access', label: 'Access token', description: 'Google APIs such as BigLake' },
      { value: 'id', label: 'ID token', description: 'Cloud Run, IAP: a token for an audience' },
    ],
  },
  scopes: {
    key: 'scopes',
    label: 'Scopes',
    kind: 'string',
    default: CLOUD_PLATFORM_SCOPE,
    description: 'Space- or comma-separated OAuth scopes of the access token.',
    when: { key: 'tokenType', equals: ['access'] },
  },
  audience: {
    key: 'audience',
    label: 'Audience',
    kind: 'string',
    description: 'The ID token audience, e.g. the Cloud Run service URL or the IAP client id.',
    when: { key: 'tokenType', equals: ['id'] },
  },
  quotaProject: {
    key: 'quotaProject',
    label: 'Quota project',
    kind: 'string',
    description: 'Sent as x-goog-user-project (needed with user credentials for BigLake).',
  },
} satisfies Record<string, AuthSettingDescriptor>;

const SETTINGS: readonly AuthSettingDescriptor[] = Object.values(S);

/** Injection points that are not user settings (tests aim the library at a loopback server with `transporter`). */
export interface GoogleProviderOptions {
  /** A Gaxios instance for every token request the library makes. */
  transporter?: GoogleTransporter;
  /** Clock in ms since the epoch for our cache decisions. */
  now?: () => number;
  /** How to load google-auth-library (default: its own chunk, loaded on first use, so that activation does not load it). */
  loadLibrary?: () => Promise<GoogleLibrary>;
}

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
class GoogleSession extends CachedTokenSession {
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

/** `google`: access or ID tokens from Application Default Credentials, a service account key, or impersonation. */
export function googleProvider(options: GoogleProviderOptions = {}): AuthProvider {
  const now = options.now ?? Date.now;
  return {
    name: 'google',
    displayName: 'Google Cloud',
    description: 'Google access or ID tokens (ADC, service account key, or impersonation), e.g. for BigLake.',
    settings: SETTINGS,
    create: (settings, context) => new GoogleSession(settings, context, options, now),
    ambientCredentials(settings) {
      const credentials = settings['credentials'] || S.credentials.default;
      if (credentials === 'adc') return 'your Google credentials (Application Default Credentials)';
      if (credentials === 'impersonate' && (settings['source'] || S.source.default) === 'adc') {
        return `your Google credentials (Application Default Credentials, to impersonate ${settings['targetPrincipal'] || 'a service account'})`;
      }
      return undefined;
    },
  };
}
