// `google`: Google tokens, described (its settings, the ambient credentials it uses); the session that fetches them
// is session.ts, loaded on demand.
import type { GoogleLibrary, GoogleTransporter } from './credentials';

/** The scope of an access token when the connection names none. */
export const CLOUD_PLATFORM_SCOPE = 'https://www.googleapis.com/auth/cloud-platform';
import type { AuthProvider, AuthSettingDescriptor } from '../provider';

const KEY_OR_IMPERSONATE = { key: 'credentials', equals: ['service-account-key', 'impersonate'] };

export const S = {
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

/** `google`: access or ID tokens from Application Default Credentials, a service account key, or impersonation. */
export function googleProvider(options: GoogleProviderOptions = {}): AuthProvider {
  const now = options.now ?? Date.now;
  return {
    name: 'google',
    displayName: 'Google Cloud',
    description: 'Google access or ID tokens (ADC, service account key, or impersonation), e.g. for BigLake.',
    settings: SETTINGS,
    create(settings, context) {
      // On demand (scripts/onDemand.mjs): the session loads with the first Google connection, not at activation.
      const { GoogleSession } = require('./session') as typeof import('./session');
      return new GoogleSession(settings, context, options, now);
    },
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
