import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAwsProfiles } from './settingsSteps';

/**
 * The profile names in the user's shared AWS files, honouring AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE.
 * Only section names are read; nothing else of the files is kept.
 */
export async function readAwsProfiles(env: Record<string, string | undefined> = process.env): Promise<string[]> {
  const home = os.homedir();
  const configFile = env['AWS_CONFIG_FILE'] || path.join(home, '.aws', 'config');
  const credentialsFile = env['AWS_SHARED_CREDENTIALS_FILE'] || path.join(home, '.aws', 'credentials');
  const read = (f: string) => fs.readFile(f, 'utf8').catch(() => undefined);
  const [config, credentials] = await Promise.all([read(configFile), read(credentialsFile)]);
  return parseAwsProfiles(config, credentials);
}
