import { CatalogError } from '../errors';
import type { AuthContext, AuthExplanation, AuthSession, OutgoingRequest } from '../authContract';
import type { AuthProvider, AuthSettingDescriptor } from './provider';
import { isSecretName, redactHeaderValue } from '../redact';

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

/** A setting's value, else the environment variable its descriptor names (the CLI's fallback), else undefined. */
export function settingOrEnv(
  settings: Readonly<Record<string, string | undefined>>,
  descriptor: AuthSettingDescriptor,
  env: AuthContext['env'],
): string | undefined {
  const given = settings[descriptor.key];
  if (given !== undefined && given !== '') return given;
  const fromEnv = descriptor.env ? env[descriptor.env] : undefined;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  return descriptor.default;
}

/**
 * Parse the `headers` setting: a JSON object of header name → string value. Names are lower-cased;
 * a value is never quoted back in an error, since someone may have put a secret there against advice.
 */
export function parseStaticHeaders(json: string | undefined): Record<string, string> {
  if (json === undefined || json.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new CatalogError('config', 'headers: not valid JSON (expected an object like {"x-goog-user-project": "my-project"})');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new CatalogError('config', 'headers: expected a JSON object of header name to value');
  }
  return normaliseHeaders(parsed as Record<string, unknown>, 'headers');
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
export const CREDENTIAL_HEADER_ADVICE = 'use an auth provider instead (auth.type "bearer", "api-key", "oauth2", ...), which keeps the secret in the OS secret store';

function setsAuthorizationHeader(headers: Readonly<Record<string, string>> | undefined): boolean {
  return !!headers && Object.keys(headers).some((k) => k.toLowerCase() === 'authorization');
}

/**
 * A static `Authorization` header (the connection's `headers`, or the `headers` provider) next to a provider that
 * sets `Authorization` itself is a configuration error: one would silently overwrite the other.
 */
export function checkStaticAuthorization(
  connectionHeaders: Readonly<Record<string, string>> | undefined,
  session: Pick<AuthSession, 'setsAuthorization'>,
  authType = 'the selected one',
): void {
  if (session.setsAuthorization && setsAuthorizationHeader(connectionHeaders)) {
    throw new CatalogError(
      'config',
      `a static Authorization header cannot be combined with auth type ${authType}, which sets Authorization`,
    );
  }
}

/** Explanation line for static headers: names and redacted values (a value may still be secret-looking). */
function describeHeaders(headers: Readonly<Record<string, string>>): { label: string; value: string }[] {
  return Object.entries(headers).map(([name, value]) => ({ label: name, value: redactHeaderValue(name, value) }));
}

/**
 * Combine static headers with another provider's session: the headers are applied first so that a signer (SigV4)
 * covers them, then the inner session authenticates. Refuses a static Authorization next to one that sets it.
 */
export function withStaticHeaders(session: AuthSession, headers: Readonly<Record<string, string>>, authType?: string): AuthSession {
  const normalised = normaliseHeaders(headers, 'headers');
  if (Object.keys(normalised).length === 0) return session;
  checkStaticAuthorization(normalised, session, authType);
  const combined: AuthSession = {
    get setsAuthorization() {
      return session.setsAuthorization || setsAuthorizationHeader(normalised);
    },
    initialize: (signal) => session.initialize(signal),
    async authenticate(request: OutgoingRequest, signal?: AbortSignal): Promise<AuthExplanation | undefined> {
      Object.assign(request.headers, normalised);
      const inner = await session.authenticate(request, signal);
      if (!inner) return { provider: 'headers', summary: `static headers: ${Object.keys(normalised).join(', ')}`, fields: describeHeaders(normalised) };
      return {
        ...inner,
        fields: [...(inner.fields ?? []), ...describeHeaders(normalised).map((f) => ({ label: `static header ${f.label}`, value: f.value }))],
      };
    },
  };
  if (session.refresh) combined.refresh = (signal) => session.refresh!(signal);
  if (session.signOut) combined.signOut = () => session.signOut!();
  if (session.dispose) combined.dispose = () => session.dispose!();
  return combined;
}

const HEADERS_SETTINGS: readonly AuthSettingDescriptor[] = [
  {
    key: 'headers',
    label: 'Headers',
    kind: 'json',
    required: true,
    description: 'A JSON object of static headers sent with every request, e.g. {"x-goog-user-project": "my-project"}.',
    placeholder: '{"x-goog-user-project": "my-project"}',
  },
];

/** `headers`: static headers only (no credentials of its own); also see `withStaticHeaders` to combine. */
export function headersProvider(): AuthProvider {
  return {
    name: 'headers',
    displayName: 'Static headers',
    description: 'Sends fixed headers with every request, e.g. a quota project.',
    settings: HEADERS_SETTINGS,
    ambientCredentials: () => undefined,
    create(settings) {
      // Parsed at create time too, so that setsAuthorization is known before initialize.
      let headers: Record<string, string> | undefined;
      let parseError: unknown;
      try {
        headers = parseStaticHeaders(settings['headers']);
      } catch (e) {
        parseError = e;
      }
      return {
        setsAuthorization: setsAuthorizationHeader(headers),
        async initialize() {
          if (parseError) throw parseError;
        },
        async authenticate(request) {
          if (parseError) throw parseError;
          Object.assign(request.headers, headers);
          return {
            provider: 'headers',
            summary: `static headers: ${Object.keys(headers ?? {}).join(', ') || '(none)'}`,
            fields: describeHeaders(headers ?? {}),
          };
        },
      };
    },
  };
}
