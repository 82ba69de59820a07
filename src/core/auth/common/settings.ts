import type { AuthContext } from '../../authContract';
import type { AuthSettingDescriptor } from '../provider';

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
