import { join } from 'node:path';

/** The variables through which the AWS SDK would find this machine's own profiles and keys. */
const AWS_VARIABLES = [
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_PROFILE',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_REGION',
];

/** AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE naming the `config` and `credentials` files in dir. */
export function awsFilesEnv(dir: string): { AWS_CONFIG_FILE: string; AWS_SHARED_CREDENTIALS_FILE: string } {
  return { AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials') };
}

/**
 * Points process.env at the `config` and `credentials` files in dir and away from everything else of the machine's:
 * the SDK's nested STS client reads process.env, not the env a session is given. Returns what puts process.env back.
 */
export function isolateAwsEnv(dir: string): () => void {
  const saved: Record<string, string | undefined> = {};
  for (const k of AWS_VARIABLES) {
    saved[k] = process.env[k];
    delete process.env[k];
  }
  Object.assign(process.env, awsFilesEnv(dir));
  return () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}
