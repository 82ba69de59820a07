// Header names and values as every provider and the connection checks see them: valid names, values that cannot
// break the header block, and the names that carry credentials (settings are no place for those).
import { CatalogError } from '../../errors';
import { isSecretName } from '../../redact';

// RFC 9110 `token`: what a header field name may consist of.
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9a-z-]+$/i;
// Field values may not carry CR, LF or NUL: those would split or end the header block.
const FORBIDDEN_IN_VALUE = /[\r\n\0]/;

/** A header name as the transport uses it (lower-case), or a config error naming the offending setting. */
export function headerName(name: string, what: string): string {
  const trimmed = name.trim();
  if (!HEADER_NAME.test(trimmed)) throw new CatalogError('config', `${what}: "${trimmed}" is not a valid HTTP header name`);
  return trimmed.toLowerCase();
}

/** Check a header value without ever echoing it (it may be a secret). */
export function checkHeaderValue(value: string, what: string): string {
  if (FORBIDDEN_IN_VALUE.test(value)) throw new CatalogError('config', `${what} contains a line break or NUL character`);
  return value;
}

/** Lower-case and validate a header map; values must be strings (or numbers/booleans, stringified). */
export function normaliseHeaders(headers: Readonly<Record<string, unknown>>, what: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [rawName, rawValue] of Object.entries(headers)) {
    const name = headerName(rawName, what);
    if (typeof rawValue !== 'string' && typeof rawValue !== 'number' && typeof rawValue !== 'boolean') {
      throw new CatalogError('config', `${what}: the value of "${name}" must be a string`);
    }
    out[name] = checkHeaderValue(String(rawValue), `${what}: the value of "${name}"`);
  }
  return out;
}

/**
 * The names among these that carry credentials (authorization, cookie, x-api-key, x-amz-security-token, anything
 * token-, secret-, password- or key-like). Settings are no place for them: an auth provider keeps the value in the
 * OS secret store instead (see CREDENTIAL_HEADER_ADVICE).
 */
export function credentialHeaderNames(headers: Readonly<Record<string, unknown>>): string[] {
  return Object.keys(headers).filter((name) => isSecretName(name.trim().toLowerCase()));
}

/** Credential-looking keys of a JSON object setting's value (none for other kinds, or when it is not an object). */
export function jsonCredentialNames(kind: string, value: string): string[] {
  if (kind !== 'json') return [];
  try {
    const parsed = JSON.parse(value) as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? credentialHeaderNames(parsed as Record<string, unknown>) : [];
  } catch {
    return [];
  }
}

/** What to do instead of a credential header in settings. */
export const CREDENTIAL_HEADER_ADVICE =
  'use an auth provider instead (auth.type "bearer", "api-key", "oauth2", ...), which keeps the secret in the OS secret store';
