// `oauth2`: the client-credentials grant, described (its settings, what it needs); the session that asks the token
// endpoint is session.ts, loaded on demand.
import type { AuthProvider, AuthSettingDescriptor } from '../provider';

export const S = {
  tokenUrl: {
    key: 'tokenUrl',
    label: 'Token URL',
    kind: 'string',
    required: true,
    description: 'The token endpoint; a relative URL (e.g. "oauth/token") resolves against the catalog URI.',
    placeholder: 'https://auth.example.com/oauth/token',
  },
  clientId: { key: 'clientId', label: 'Client ID', kind: 'string', required: true },
  clientSecret: {
    key: 'clientSecret',
    label: 'Client secret',
    kind: 'secret',
    required: true,
    secret: true,
    env: 'NSB_OAUTH2_CLIENT_SECRET',
  },
  scope: {
    key: 'scope',
    label: 'Scope',
    kind: 'string',
    description: 'Space-separated scopes (Iceberg catalogs commonly expect "catalog").',
  },
  audience: { key: 'audience', label: 'Audience', kind: 'string', description: 'Sent as the "audience" parameter (Auth0, Okta).' },
  resource: { key: 'resource', label: 'Resource', kind: 'string', description: 'Sent as the "resource" parameter (RFC 8707).' },
  clientAuth: {
    key: 'clientAuth',
    label: 'Client authentication',
    kind: 'enum',
    default: 'body',
    options: [
      { value: 'body', label: 'Secret in the request body', description: 'client_secret_post' },
      { value: 'basic', label: 'HTTP Basic', description: 'client_secret_basic' },
    ],
  },
} satisfies Record<string, AuthSettingDescriptor>;

const SETTINGS: readonly AuthSettingDescriptor[] = Object.values(S);

/** Test hooks and injection points that are not user settings. */
export interface OAuth2ProviderOptions {
  /** Clock in ms since the epoch (tests control token expiry with it). */
  now?: () => number;
}

/** `oauth2`: the client credentials grant, Bearer token cached until shortly before it expires. */
export function oauth2Provider(options: OAuth2ProviderOptions = {}): AuthProvider {
  const now = options.now ?? Date.now;
  return {
    name: 'oauth2',
    displayName: 'OAuth2 client credentials',
    description: 'Fetches a Bearer token from a token endpoint with a client id and secret.',
    settings: SETTINGS,
    ambientCredentials: () => undefined,
    create(settings, context) {
      // On demand (scripts/onDemand.mjs): the session loads with the first OAuth2 connection, not at activation.
      const { ClientCredentialsSession } = require('./session') as typeof import('./session');
      return new ClientCredentialsSession(settings, context, now);
    },
  };
}
