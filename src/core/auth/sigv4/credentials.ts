import type { AwsCredentialIdentity } from '@smithy/types';
import { CatalogError, errorMessage } from '../../errors';
import { SecretScrubber } from '../../redact';
import { loadAwsCredentials } from '../../lazy/load';
import { fetchRequestHandler } from './requestHandler';
import type { SigV4Config } from './settings';

/** Resolved credentials and a non-secret description of where they came from. */
export interface ResolvedCredentials {
  identity: AwsCredentialIdentity;
  /** e.g. "profile dev", "environment", "static keys", "default chain (environment)". */
  source: string;
}

/** Something that resolves credentials each time it is called; the cache decides when to call it. */
export type CredentialResolver = () => Promise<ResolvedCredentials>;

/**
 * Builds the resolver for a config. Tests replace it to count resolutions. `fetch` is the connection's: the SDK's
 * STS and SSO clients send through it.
 */
export type CredentialResolverFactory = (
  config: SigV4Config,
  env: Record<string, string | undefined>,
  fetch?: typeof globalThis.fetch,
) => Promise<CredentialResolver>;

/** Refresh this long before `expiration`, as the AWS SDKs do, so that a request is never signed with a key about to expire. */
export const REFRESH_MARGIN_MS = 5 * 60 * 1000;

/** `$source` feature flags the AWS SDK puts on credentials, mapped to words a user recognises. */
const FEATURE_WORDS: [string, string][] = [
  ['CREDENTIALS_PROFILE_SOURCE_PROFILE', 'role_arn'],
  ['CREDENTIALS_PROFILE_PROCESS', 'credential_process'],
  ['CREDENTIALS_PROFILE_SSO', 'SSO'],
  ['CREDENTIALS_PROFILE_SSO_LEGACY', 'SSO'],
  ['CREDENTIALS_PROFILE_STS_WEB_ID_TOKEN', 'web identity'],
  ['CREDENTIALS_PROFILE_LOGIN', 'aws login'],
  ['CREDENTIALS_ENV_VARS_STS_WEB_ID_TOKEN', 'web identity token from environment'],
  ['CREDENTIALS_ENV_VARS', 'environment'],
  ['CREDENTIALS_SSO', 'SSO'],
  ['CREDENTIALS_SSO_LEGACY', 'SSO'],
  ['CREDENTIALS_PROCESS', 'credential_process'],
  ['CREDENTIALS_HTTP', 'container credentials'],
  ['CREDENTIALS_IMDS', 'instance metadata'],
  ['CREDENTIALS_LOGIN', 'aws login'],
  ['CREDENTIALS_PROFILE', 'shared config/credentials file'],
];

function features(identity: AwsCredentialIdentity): string | undefined {
  const source = (identity as { $source?: Record<string, unknown> }).$source;
  if (!source) return undefined;
  const words = FEATURE_WORDS.filter(([flag]) => flag in source).map(([, w]) => w);
  return words.length ? [...new Set(words)].join(', ') : undefined;
}

/** The shared config and credentials files the SDK reads for this environment (its defaults when unset). */
export function sharedFileOptions(env: Readonly<Record<string, string | undefined>>): { filepath?: string; configFilepath?: string } {
  // The SDK reads process.env; the connection's environment (CLI, tests) may point elsewhere.
  return {
    ...(env.AWS_SHARED_CREDENTIALS_FILE ? { filepath: env.AWS_SHARED_CREDENTIALS_FILE } : {}),
    ...(env.AWS_CONFIG_FILE ? { configFilepath: env.AWS_CONFIG_FILE } : {}),
  };
}

/** The real resolvers, on @aws-sdk/credential-providers, loaded only when a SigV4 connection initialises. */
export const defaultCredentialResolverFactory: CredentialResolverFactory = async (config, env, fetch) => {
  const clientConfig = {
    region: config.region,
    ...(config.stsEndpoint ? { endpoint: config.stsEndpoint } : {}),
    ...(fetch ? { requestHandler: fetchRequestHandler(fetch) } : {}),
  };
  switch (config.credentials) {
    case 'static': {
      const identity: AwsCredentialIdentity = {
        accessKeyId: config.accessKeyId ?? '',
        secretAccessKey: config.secretAccessKey ?? '',
        ...(config.sessionToken ? { sessionToken: config.sessionToken } : {}),
      };
      return async () => ({ identity, source: 'static keys' });
    }
    case 'env':
      // Read the connection's environment rather than fromEnv(), which only sees process.env.
      return async () => {
        const accessKeyId = env.AWS_ACCESS_KEY_ID;
        const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
        if (!accessKeyId || !secretAccessKey) {
          throw new CatalogError('config', 'sigv4: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not both set in the environment');
        }
        const expiration = env.AWS_CREDENTIAL_EXPIRATION ? new Date(env.AWS_CREDENTIAL_EXPIRATION) : undefined;
        return {
          identity: {
            accessKeyId,
            secretAccessKey,
            ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
            ...(expiration ? { expiration } : {}),
          },
          source: 'environment',
        };
      };
    case 'profile': {
      const { fromIni } = loadAwsCredentials();
      const profile = config.profile ?? 'default';
      // ignoreCache: a refresh re-reads the files (the user may have run `aws sso login` meanwhile).
      const provider = fromIni({ profile, clientConfig, ignoreCache: true, ...sharedFileOptions(env) });
      return async () => {
        const identity = await provider();
        const how = features(identity);
        return { identity, source: `profile ${profile}${how && how !== 'shared config/credentials file' ? ` (${how})` : ''}` };
      };
    }
    case 'assume-role': {
      const { fromIni, fromNodeProviderChain, fromTemporaryCredentials } = loadAwsCredentials();
      const master = config.profile
        ? fromIni({ profile: config.profile, clientConfig, ignoreCache: true, ...sharedFileOptions(env) })
        : fromNodeProviderChain({ clientConfig });
      const provider = fromTemporaryCredentials({
        params: {
          RoleArn: config.roleArn,
          RoleSessionName: config.roleSessionName ?? 'namespace-browser',
          ...(config.externalId ? { ExternalId: config.externalId } : {}),
        },
        masterCredentials: master,
        clientConfig,
      });
      const source = `assume-role ${config.roleArn} via ${config.profile ? `profile ${config.profile}` : 'default chain'}`;
      return async () => ({ identity: await provider(), source });
    }
    case 'default':
    default: {
      const { fromNodeProviderChain } = loadAwsCredentials();
      const provider = fromNodeProviderChain({ clientConfig, ...sharedFileOptions(env) });
      return async () => {
        const identity = await provider();
        return { identity, source: `default chain (${features(identity) ?? 'provider not reported'})` };
      };
    }
  }
};

/** Turn an SDK failure into a message that says what to do, with every secret we hold scrubbed out. */
export function credentialError(err: unknown, config: SigV4Config, env: Record<string, string | undefined>): CatalogError {
  if (err instanceof CatalogError) return err;
  const scrubber = new SecretScrubber();
  scrubber.add(config.secretAccessKey);
  scrubber.add(config.sessionToken);
  scrubber.add(env.AWS_SECRET_ACCESS_KEY);
  scrubber.add(env.AWS_SESSION_TOKEN);
  const e = err as { name?: string; message?: string; Code?: string };
  const raw = scrubber.scrub(errorMessage(err)).trim();
  const profile = config.profile ?? env.AWS_PROFILE ?? 'default';
  const configFile = env.AWS_CONFIG_FILE ?? '~/.aws/config';
  const credentialsFile = env.AWS_SHARED_CREDENTIALS_FILE ?? '~/.aws/credentials';
  const options = { cause: undefined, detail: raw };

  const missing = /Could not resolve credentials using profile: \[([^\]]*)\]|Profile (\S+) could not be found/.exec(raw);
  if (missing) {
    const name = missing[1] ?? missing[2] ?? profile;
    return new CatalogError(
      'config',
      `AWS profile '${name}' not found in ${configFile} or ${credentialsFile} (add it with \`aws configure --profile ${name}\` or pick another profile)`,
      options,
    );
  }
  if (/credential_process/i.test(raw) || /Command failed/i.test(raw)) {
    return new CatalogError('unauthenticated', `credential_process for profile '${profile}' failed: ${raw}`, options);
  }
  if (/sso/i.test(raw) && /token|expired|refresh/i.test(raw)) {
    return new CatalogError(
      'unauthenticated',
      `AWS SSO session for profile '${profile}' is not usable: ${raw} (run \`aws sso login --profile ${profile}\`)`,
      options,
    );
  }
  const code = e?.Code ?? e?.name;
  const isServiceError = typeof (err as { $metadata?: unknown })?.$metadata === 'object';
  if (config.credentials === 'assume-role') {
    return new CatalogError('unauthenticated', `could not assume role ${config.roleArn}: ${code && code !== 'Error' ? `${code} ` : ''}${raw}`, options);
  }
  if (isServiceError) {
    return new CatalogError('unauthenticated', `could not assume the role of profile '${profile}': ${code ? `${code} ` : ''}${raw}`, options);
  }
  if (/Could not load credentials from any providers/i.test(raw)) {
    return new CatalogError(
      'config',
      'no AWS credentials found by the default chain (environment, shared config/credentials files, SSO, container, instance metadata): choose a profile, set AWS_PROFILE or enter static keys',
      options,
    );
  }
  return new CatalogError('unauthenticated', `could not resolve AWS credentials (${config.credentials}): ${raw}`, options);
}

/** Credentials resolved once and reused until REFRESH_MARGIN_MS before they expire; concurrent callers share one resolution. */
export class CredentialCache {
  private current?: ResolvedCredentials;
  private pending?: Promise<ResolvedCredentials>;

  constructor(
    private readonly resolve: CredentialResolver,
    private readonly now: () => Date,
    private readonly toError: (err: unknown) => CatalogError,
  ) {}

  /** Current credentials, resolving again only when missing, near expiry, or `force`d (after a 401/403). */
  get(force = false): Promise<ResolvedCredentials> {
    if (!force && this.current && !this.nearExpiry(this.current)) return Promise.resolve(this.current);
    if (!this.pending) {
      this.pending = this.resolve()
        .then((resolved) => {
          if (!resolved.identity?.accessKeyId || !resolved.identity.secretAccessKey) {
            throw new CatalogError('unauthenticated', `AWS credentials from ${resolved.source} have no access key id or secret`);
          }
          this.current = resolved;
          return resolved;
        })
        .catch((err: unknown) => {
          throw this.toError(err);
        })
        .finally(() => {
          this.pending = undefined;
        });
    }
    return this.pending;
  }

  /** The current credentials when they need no refresh (no promise, for the per-request path). */
  fresh(): ResolvedCredentials | undefined {
    return this.current && !this.nearExpiry(this.current) ? this.current : undefined;
  }

  clear(): void {
    this.current = undefined;
  }

  private nearExpiry(c: ResolvedCredentials): boolean {
    const exp = c.identity.expiration;
    return exp !== undefined && exp.getTime() - REFRESH_MARGIN_MS <= this.now().getTime();
  }
}
