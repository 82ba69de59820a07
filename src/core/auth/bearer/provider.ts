import { CatalogError } from '../../errors';
import { redacted } from '../../redact';
import { checkHeaderValue } from '../common/headers';
import { settingOrEnv } from '../common/settings';
import type { AuthProvider, AuthSettingDescriptor } from '../provider';

const TOKEN: AuthSettingDescriptor = {
  key: 'token',
  label: 'Token',
  kind: 'secret',
  required: true,
  secret: true,
  env: 'NSB_TOKEN',
  description: 'Sent as "Authorization: Bearer <token>".',
};

/** `bearer`: a static token in `Authorization: Bearer`. */
export function bearerProvider(): AuthProvider {
  return {
    name: 'bearer',
    displayName: 'Bearer token',
    description: 'A static token sent as Authorization: Bearer.',
    settings: [TOKEN],
    ambientCredentials: () => undefined,
    create(settings, context) {
      const resolve = (): string => {
        const raw = settingOrEnv(settings, TOKEN, context.env)?.trim();
        if (!raw) throw new CatalogError('config', 'bearer auth needs a token (setting "token" or environment variable NSB_TOKEN)');
        // Users paste "Bearer abc" as often as "abc"; sending "Bearer Bearer abc" would be a silent 401.
        const token = raw.replace(/^bearer\s+/i, '');
        return checkHeaderValue(token, 'bearer token');
      };
      return {
        setsAuthorization: true,
        async initialize() {
          resolve();
        },
        async authenticate(request) {
          const token = resolve();
          request.headers['authorization'] = `Bearer ${token}`;
          return {
            provider: 'bearer',
            summary: 'static bearer token',
            fields: [{ label: 'Authorization', value: `Bearer ${redacted(token)}` }],
          };
        },
      };
    },
  };
}
