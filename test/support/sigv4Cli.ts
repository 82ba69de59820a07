/** A connection signed with static SigV4 keys, as the CLI is told it on its command line. */
export interface SigV4CliConnection {
  uri: string;
  region: string;
  accessKeyId: string;
  /** The signing name; left out, the provider's default (execute-api). */
  service?: string;
  /** Left out, the CLI's default protocol. */
  protocol?: string;
  warehouse?: string;
  /** On the command line; left out, the CLI reads it from AWS_SECRET_ACCESS_KEY. */
  secretAccessKey?: string;
}

/** The `nsb` arguments that open such a connection, to be followed by the command and its own arguments. */
export function sigv4CliArgs(c: SigV4CliConnection): string[] {
  return [
    ...(c.protocol === undefined ? [] : ['--protocol', c.protocol]),
    '--uri',
    c.uri,
    ...(c.warehouse === undefined ? [] : ['--warehouse', c.warehouse]),
    '--auth',
    'sigv4',
    '--auth-opt',
    `region=${c.region}`,
    ...(c.service === undefined ? [] : ['--auth-opt', `service=${c.service}`]),
    '--auth-opt',
    'credentials=static',
    '--auth-opt',
    `accessKeyId=${c.accessKeyId}`,
    ...(c.secretAccessKey === undefined ? [] : ['--auth-opt', `secretAccessKey=${c.secretAccessKey}`]),
  ];
}
