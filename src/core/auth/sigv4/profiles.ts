// The profiles of the user's shared AWS files, read by the SDK's own loader (the one fromIni resolves them with),
// so that the wizard offers exactly the names a connection can use: the `profile` setting's choices.
import { loadAwsCredentials } from '../../lazy/load';
import type { SettingOption } from '../provider';
import { sharedFileOptions } from './credentials';

/** Sections of the config file that are not profiles, as the SDK keys them (`[sso-session corp]` → `sso-session.corp`). */
const NOT_PROFILES = /^(sso-session|services)\./;

type Section = Readonly<Record<string, string | undefined>>;

/**
 * The profiles of the config file (`[default]`, `[profile x]`), then those only in the credentials file (`[x]`),
 * each described by where it is and what it resolves with. Values that could be secret are never read into the
 * description: only the kind of source, a role ARN and a region. Missing or unreadable files give no profiles.
 */
export async function awsProfiles(env: Readonly<Record<string, string | undefined>>): Promise<SettingOption[]> {
  const { loadSharedConfigFiles } = loadAwsCredentials();
  // Read afresh each time: the user may have run `aws configure` since the wizard last asked.
  const { configFile, credentialsFile } = await loadSharedConfigFiles({ ...sharedFileOptions(env), ignoreCache: true });
  const names = [...Object.keys(configFile).filter((n) => !NOT_PROFILES.test(n)), ...Object.keys(credentialsFile)];
  return [...new Set(names)].map((name) => ({ value: name, label: name, description: describe(configFile[name], credentialsFile[name]) }));
}

function describe(config: Section | undefined, credentials: Section | undefined): string {
  const merged = { ...config, ...credentials };
  const how: string[] = [];
  if (merged['sso_session'] || merged['sso_start_url']) how.push('SSO');
  if (merged['role_arn']) how.push(`assumes ${merged['role_arn']}`);
  if (merged['credential_process']) how.push('credential_process');
  if (merged['web_identity_token_file']) how.push('web identity');
  if (merged['aws_access_key_id']) how.push('access keys');
  if (merged['region']) how.push(`region ${merged['region']}`);
  const where = config && credentials ? 'config and credentials' : config ? 'config' : 'credentials';
  return [where, ...how].join(' · ');
}
