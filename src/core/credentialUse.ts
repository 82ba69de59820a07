// What a connection would send where: the hosts it talks to and the user's own credentials it would use there.
// The editor asks before a workspace's connection uses them, and warns when credentials would cross the network
// unencrypted. No `vscode` import.
import type { AuthProviderRegistry } from './auth/registry';
import type { ConnectionConfig } from './connection';

/** Who would receive a connection's requests, and with what of the user's. */
export interface CredentialUse {
  /** Origins the connection sends requests to: the catalog's, then any a setting names (token URL, STS endpoint). */
  origins: string[];
  /**
   * The credentials it would take from the user's machine rather than from the connection (words that complete
   * "will send … to https://host"), or undefined. A provider that does not say is assumed to take some.
   */
  ambient?: string;
}

export function credentialUse(connection: Pick<ConnectionConfig, 'uri' | 'auth'>, registry: AuthProviderRegistry): CredentialUse {
  const origins: string[] = [];
  const add = (text: string | undefined) => {
    const origin = httpOrigin(text);
    if (origin && !origins.includes(origin)) origins.push(origin);
  };
  add(connection.uri);
  const settings = connection.auth.settings ?? {};
  // Any setting that holds an absolute URL is a host the provider talks to (relative ones resolve to the catalog).
  for (const v of Object.values(settings)) add(v);
  const type = connection.auth.type || 'none';
  const provider = registry.get(type);
  const ambient = provider
    ? provider.ambientCredentials
      ? provider.ambientCredentials(settings)
      : `the credentials of the "${provider.displayName}" provider`
    : `the credentials of the "${type}" provider`;
  return { origins, ambient };
}

function httpOrigin(text: string | undefined): string | undefined {
  if (!text || !/^https?:\/\//i.test(text.trim())) return undefined;
  try {
    return new URL(text.trim()).origin;
  } catch {
    return undefined;
  }
}

/** Whether a host name is this machine: localhost, 127.0.0.0/8 or ::1. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

const NOTHING_TO_EXPOSE = new Set(['none', 'headers']);

/**
 * Why the connection's credentials would travel unencrypted, or undefined: plain http:// to a host other than this
 * machine, with an auth provider that sends something (a token, a key, a signature).
 */
export function plainHttpWarning(connection: Pick<ConnectionConfig, 'uri' | 'auth'>): string | undefined {
  // `none` sends nothing and `headers` only non-secret headers (its setting is not secret).
  if (NOTHING_TO_EXPOSE.has(connection.auth.type || 'none')) return undefined;
  let url: URL;
  try {
    url = new URL(connection.uri);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' || isLoopbackHost(url.hostname)) return undefined;
  return `requests to ${url.host} use plain http://: its ${connection.auth.type} credentials (a token, key or signature) travel unencrypted; use https://`;
}
