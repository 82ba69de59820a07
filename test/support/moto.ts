// moto (the AWS mock) with IAM signature checking on: a second, independent SigV4 verifier beside botocore, an STS
// that really checks the caller's signature for AssumeRole, and S3 for warehouses (Nessie). See test/servers/moto_server.py.
import { startPythonServer, type RunningServer } from './pyserver';

export interface Moto extends RunningServer {
  region: string;
  /** The IAM user's key: allowed everything, so only the signature decides. */
  accessKeyId: string;
  secretAccessKey: string;
  userArn: string;
  /** A valid key of a user whom a policy denies everything. */
  deniedAccessKeyId: string;
  deniedSecretAccessKey: string;
  /** A role the user may assume (STS AssumeRole), also allowed everything. */
  roleArn: string;
  accountId: string;
}

/** Start moto on a free port; `buckets` are created before authentication is switched on. */
export async function startMoto(opts: { region?: string; buckets?: string[] } = {}): Promise<Moto> {
  const args = ['--region', opts.region ?? 'us-east-1'];
  for (const b of opts.buckets ?? []) args.push('--bucket', b);
  const server = await startPythonServer('moto_server.py', args, 'moto_server');
  const i = server.info;
  return {
    ...server,
    region: String(i['region']),
    accessKeyId: String(i['accessKeyId']),
    secretAccessKey: String(i['secretAccessKey']),
    userArn: String(i['userArn']),
    deniedAccessKeyId: String(i['deniedAccessKeyId']),
    deniedSecretAccessKey: String(i['deniedSecretAccessKey']),
    roleArn: String(i['roleArn']),
    accountId: String(i['accountId']),
  };
}
