import { CatalogError } from '../../errors';
import type { AuthProvider, AuthSettingDescriptor } from '../provider';
import { redactHeaderValue } from '../../redact';
import { normaliseHeaders } from '../common/headers';

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

function setsAuthorizationHeader(headers: Readonly<Record<string, string>> | undefined): boolean {
  return !!headers && Object.keys(headers).some((k) => k.toLowerCase() === 'authorization');
}

/** Explanation line for static headers: names and redacted values (a value may still be secret-looking). */
function describeHeaders(headers: Readonly<Record<string, string>>): { label: string; value: string }[] {
  return Object.entries(headers).map(([name, value]) => ({ label: name, value: redactHeaderValue(name, value) }));
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

/** `headers`: static headers only (no credentials of its own). */
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
