/**
 * Heavy code, loaded when a connection first needs it rather than when the extension activates: the HTTP client,
 * the AWS and Google SDKs, the Arrow reader of table rows and the YAML parser.
 *
 * scripts/build.mjs turns each `require('./x')` below into `require('./lazy/x.js')`, a chunk next to the bundle
 * (dist/lazy/x.js), so that they stay out of dist/extension.js and dist/cli.js. Under tsx, and in a plain
 * esbuild bundle of the sources (test/support/cli.ts), the same line loads the module itself.
 */

/** @smithy/signature-v4, @smithy/protocol-http and @smithy/hash-node (SHA-256 on Node's crypto). */
export type AwsSigning = typeof import('./awsSigning');
/** @aws-sdk/credential-providers. */
export type AwsCredentials = typeof import('./awsCredentials');
/** google-auth-library. */
export type GoogleLibrary = typeof import('./google');
/** undici's agents and errors: the transport's HTTP client. */
export type UndiciDispatch = typeof import('./undiciDispatch');
/** apache-arrow's IPC reader: the rows QueryTable answers with. */
export type ArrowLibrary = typeof import('./arrow');
/** yaml: pyiceberg's configuration file. */
export type YamlLibrary = typeof import('./yaml');

let awsSigning: AwsSigning | undefined;
let awsCredentials: AwsCredentials | undefined;
let google: GoogleLibrary | undefined;
let undiciDispatch: UndiciDispatch | undefined;
let arrow: ArrowLibrary | undefined;
let yaml: YamlLibrary | undefined;

export function loadAwsSigning(): AwsSigning {
  return (awsSigning ??= require('./awsSigning') as AwsSigning);
}

export function loadAwsCredentials(): AwsCredentials {
  return (awsCredentials ??= require('./awsCredentials') as AwsCredentials);
}

export function loadGoogle(): GoogleLibrary {
  return (google ??= require('./google') as GoogleLibrary);
}

export function loadUndiciDispatch(): UndiciDispatch {
  return (undiciDispatch ??= require('./undiciDispatch') as UndiciDispatch);
}

export function loadArrow(): ArrowLibrary {
  return (arrow ??= require('./arrow') as ArrowLibrary);
}

export function loadYaml(): YamlLibrary {
  return (yaml ??= require('./yaml') as YamlLibrary);
}
