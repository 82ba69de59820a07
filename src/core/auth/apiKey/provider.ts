import { CatalogError } from '../../errors';
import { redacted } from '../../redact';
import { checkHeaderValue, headerName } from '../common/headers';
import { settingOrEnv } from '../common/settings';
import type { AuthProvider, AuthSettingDescriptor } from '../provider';

const KEY: AuthSettingDescriptor = {
  key: 'key',
  label: 'API key',
  kind: 'secret',
  required: true,
  secret: true,
  env: 'NSB_API_KEY',
};

const HEADER: AuthSettingDescriptor = {
  key: 'header',
  label: 'Header name',
  kind: 'string',
  default: 'x-api-key',
  description: 'The header that carries the key (the Lance spec uses x-api-key).',
};

/** `api-key`: a static key in a header, `x-api-key` unless configured otherwise. */
export function apiKeyProvider(): AuthProvider {
  return {
    name: 'api-key',
    displayName: 'API key',
    description: 'A static key sent in a header (x-api-key by default).',
    settings: [KEY, HEADER],
    ambientCredentials: () => undefined,
    create(settings, context) {
      const rawHeader = settingOrEnv(settings, HEADER, context.env)?.trim() || 'x-api-key';
      // A bad header name is reported from initialize, where the transport expects connect-time failures.
      const header = rawHeader.toLowerCase();
      const resolve = (): string => {
        headerName(rawHeader, 'api-key header');
        const key = settingOrEnv(settings, KEY, context.env)?.trim();
        if (!key) throw new CatalogError('config', 'api-key auth needs a key (setting "key" or environment variable NSB_API_KEY)');
        return checkHeaderValue(key, 'API key');
      };
      return {
        setsAuthorization: header === 'authorization',
        async initialize() {
          resolve();
        },
        async authenticate(request) {
          const key = resolve();
          request.headers[header] = key;
          return {
            provider: 'api-key',
            summary: `static API key in ${header}`,
            fields: [{ label: header, value: redacted(key) }],
          };
        },
      };
    },
  };
}
