import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { awsFilesEnv } from './awsEnv';
import { startLoopbackSts, type LoopbackSts, type TemporaryCredentials } from './sts-server';

/** A long-term access key: the one the profile `dev` holds and the STS knows. */
export interface AccessKey {
  id: string;
  secret: string;
}

/**
 * A role assumed the way a team connection assumes it: a loopback STS that knows one long-term key and issues the
 * given temporary keys, and an AWS profile `dev` (in its own config and credentials files) holding that key.
 */
export interface AssumeRole {
  sts: LoopbackSts;
  /** AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE naming the profile's files, for the process that signs. */
  env: { AWS_CONFIG_FILE: string; AWS_SHARED_CREDENTIALS_FILE: string };
  /** SigV4 settings that assume arn:aws:iam::123456789012:role/reader from the profile `dev` through this STS. */
  settings: Record<string, string>;
  /** Stops the STS and removes the profile's files. */
  close(): Promise<void>;
}

export async function startAssumeRole(master: AccessKey, issued: TemporaryCredentials): Promise<AssumeRole> {
  const sts = await startLoopbackSts({ [master.id]: master.secret }, issued);
  const dir = mkdtempSync(join(tmpdir(), 'nsb-assume-role-'));
  writeFileSync(join(dir, 'credentials'), `[dev]\naws_access_key_id = ${master.id}\naws_secret_access_key = ${master.secret}\n`);
  writeFileSync(join(dir, 'config'), '[profile dev]\nregion = us-east-1\n');
  return {
    sts,
    env: awsFilesEnv(dir),
    settings: {
      region: 'us-east-1',
      service: 'execute-api',
      credentials: 'assume-role',
      profile: 'dev',
      roleArn: 'arn:aws:iam::123456789012:role/reader',
      stsEndpoint: sts.url,
    },
    close: async () => {
      await sts.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
