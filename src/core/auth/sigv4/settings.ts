import { CatalogError } from '../../errors';
import { unprefixed } from '../descriptors';
import type { AuthSettingDescriptor } from '../provider';
import { awsProfiles } from './profiles';

/** Where the signing credentials come from (the `credentials` setting). */
export type CredentialSourceKind = 'default' | 'profile' | 'env' | 'static' | 'assume-role';

/** The sigv4 settings of one connection, validated. Secrets stay in this object only; never log it. */
export interface SigV4Config {
  region: string;
  /** Signing name, e.g. `execute-api`, `s3tables`, `glue`. */
  service: string;
  credentials: CredentialSourceKind;
  profile?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  sessionToken?: string;
  roleArn?: string;
  externalId?: string;
  roleSessionName?: string;
  stsEndpoint?: string;
  /** Name of the provider whose Authorization header SigV4 wraps, or undefined for none. */
  delegate?: string;
  /** The delegate's own settings, with the `delegate.` prefix removed. */
  delegateSettings: Record<string, string | undefined>;
}

const SOURCES: readonly CredentialSourceKind[] = ['default', 'profile', 'env', 'static', 'assume-role'];

export const SIGV4_SETTINGS: readonly AuthSettingDescriptor[] = [
  { key: 'region', label: 'Region', kind: 'string', required: true, placeholder: 'us-east-1', description: 'Signing region.' },
  {
    key: 'service',
    label: 'Signing name',
    // Suggestions, not a closed list: any signing name is accepted (lambda, vpc-lattice-svcs, ...); the wizard offers "Other…".
    kind: 'string',
    default: 'execute-api',
    description: 'The service name in the credential scope; any value is accepted (s3 signs the path as S3 does, encoded once).',
    options: [
      { value: 'execute-api', label: 'execute-api', description: 'API Gateway' },
      { value: 's3tables', label: 's3tables', description: 'S3 Tables Iceberg endpoint (warehouse = table bucket ARN)' },
      { value: 'glue', label: 'glue', description: 'Glue Iceberg endpoint (warehouse = account ID)' },
    ],
  },
  {
    key: 'credentials',
    label: 'Credentials',
    kind: 'enum',
    default: 'default',
    options: [
      { value: 'default', label: 'Default chain', description: 'Environment, shared config/credentials, SSO, process, container, instance metadata' },
      { value: 'profile', label: 'Named profile', description: 'A profile of ~/.aws/config (SSO, credential_process and role_arn included)' },
      { value: 'env', label: 'Environment', description: 'AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN' },
      { value: 'static', label: 'Static keys', description: 'Access key id and secret kept in SecretStorage' },
      { value: 'assume-role', label: 'Assume role', description: 'STS AssumeRole from a profile or the default chain' },
    ],
  },
  {
    key: 'profile',
    label: 'Profile',
    kind: 'string',
    when: { key: 'credentials', equals: ['profile', 'assume-role'] },
    env: 'AWS_PROFILE',
    description: 'A profile of your AWS config or credentials file (~/.aws/config, ~/.aws/credentials).',
    choices: (context) => awsProfiles(context.env),
  },
  {
    key: 'accessKeyId',
    label: 'Access key ID',
    kind: 'string',
    required: true,
    when: { key: 'credentials', equals: ['static'] },
    env: 'AWS_ACCESS_KEY_ID',
    description:
      'Not secret, but shown masked. Given with the secret access key, these keys are used instead of the default chain (credentials "static" need not be said).',
  },
  {
    key: 'secretAccessKey',
    label: 'Secret access key',
    kind: 'secret',
    secret: true,
    required: true,
    when: { key: 'credentials', equals: ['static'] },
    env: 'AWS_SECRET_ACCESS_KEY',
  },
  { key: 'sessionToken', label: 'Session token', kind: 'secret', secret: true, when: { key: 'credentials', equals: ['static'] }, env: 'AWS_SESSION_TOKEN' },
  {
    key: 'roleArn',
    label: 'Role ARN',
    kind: 'string',
    when: { key: 'credentials', equals: ['assume-role'] },
    placeholder: 'arn:aws:iam::123456789012:role/catalog-reader',
  },
  { key: 'externalId', label: 'External ID', kind: 'string', when: { key: 'credentials', equals: ['assume-role'] } },
  { key: 'roleSessionName', label: 'Role session name', kind: 'string', when: { key: 'credentials', equals: ['assume-role'] }, default: 'namespace-browser' },
  { key: 'stsEndpoint', label: 'STS endpoint', kind: 'string', description: 'Override the STS endpoint used to assume roles (VPC endpoints, tests).' },
  {
    key: 'delegate',
    label: 'Wrapped auth',
    kind: 'string',
    default: 'none',
    description:
      'Another provider (bearer, oauth2, ...) whose Authorization header is moved to Original-Authorization and signed. Its settings use the prefix "delegate." (e.g. delegate.token).',
    options: [
      { value: 'none', label: 'None' },
      { value: 'bearer', label: 'Bearer token' },
      { value: 'oauth2', label: 'OAuth2 client credentials' },
    ],
  },
];

function text(settings: Readonly<Record<string, string | undefined>>, key: string): string | undefined {
  const v = settings[key]?.trim();
  return v ? v : undefined;
}

/** Validate the settings; throws CatalogError('config') naming the missing setting (never a value). */
export function parseSigV4Settings(settings: Readonly<Record<string, string | undefined>>): SigV4Config {
  const region = text(settings, 'region');
  if (!region) throw new CatalogError('config', 'sigv4: the signing region is required (setting "region", e.g. us-east-1)');
  const chosen = text(settings, 'credentials');
  // As Lance's REST client (PR 7099): static keys given explicitly win over the default chain, without also having
  // to say credentials=static. Another explicit source (a profile, a role) is the user's choice and stays.
  const keysGiven = text(settings, 'accessKeyId') !== undefined && !!settings.secretAccessKey;
  const credentials = (chosen === undefined || chosen === 'default') && keysGiven ? 'static' : ((chosen ?? 'default') as CredentialSourceKind);
  if (!SOURCES.includes(credentials)) {
    throw new CatalogError('config', `sigv4: credentials "${credentials}" is not one of ${SOURCES.join(', ')}`);
  }
  const delegateSettings = unprefixed(settings);
  const delegate = text(settings, 'delegate');
  const config: SigV4Config = {
    region,
    service: text(settings, 'service') ?? 'execute-api',
    credentials,
    profile: text(settings, 'profile'),
    accessKeyId: text(settings, 'accessKeyId'),
    // Secrets are not trimmed: a key with a stray space should fail visibly, not be silently altered.
    secretAccessKey: settings.secretAccessKey || undefined,
    sessionToken: settings.sessionToken || undefined,
    roleArn: text(settings, 'roleArn'),
    externalId: text(settings, 'externalId'),
    roleSessionName: text(settings, 'roleSessionName'),
    stsEndpoint: text(settings, 'stsEndpoint'),
    delegate: delegate && delegate !== 'none' ? delegate : undefined,
    delegateSettings,
  };
  if (credentials === 'static' && (!config.accessKeyId || !config.secretAccessKey)) {
    throw new CatalogError('config', 'sigv4: static credentials need both "accessKeyId" and "secretAccessKey" (AWS_SECRET_ACCESS_KEY for the CLI)');
  }
  if (credentials === 'profile' && !config.profile) {
    throw new CatalogError('config', 'sigv4: credentials "profile" needs the setting "profile" (a profile name of ~/.aws/config)');
  }
  if (credentials === 'assume-role' && !config.roleArn) {
    throw new CatalogError('config', 'sigv4: credentials "assume-role" needs the setting "roleArn"');
  }
  if (config.stsEndpoint) {
    try {
      new URL(config.stsEndpoint);
    } catch {
      throw new CatalogError('config', `sigv4: stsEndpoint "${config.stsEndpoint}" is not a URL`);
    }
  }
  return config;
}
