// Iceberg REST catalog properties, as pyiceberg and the Java client (Spark, Trino, Flink) read them, to a connection
// and back: `uri`, `warehouse`, `prefix`, `header.*`, `token`, `credential` (`id:secret`) with `oauth2-server-uri`,
// `scope`, `audience`, `resource`; SigV4 as pyiceberg (`rest.sigv4-enabled`, `rest.signing-region|name`,
// `client.*` keys) or Java (`rest.auth.type=sigv4`, `rest.access-key-id`...) spells it; pyiceberg's `auth.*` and
// `ssl.*` sections flattened with dots.
import { PropertiesError, propertyBool, type KeyName, type PropertiesMapping } from '../connectionProperties';
import type { ConnectionConfig } from '../connection';
import { credentialHeaders, type SecretReference } from '../lance/properties';
import { icebergRestProtocol } from './protocol';

/** Keys a catalog's properties may hold that are about reading data files or the client's own tuning, not reaching the catalog. */
const UNUSED_PREFIXES: [string, string][] = [
  ['s3.', 'object storage settings: this tool reads only the catalog'],
  ['gcs.', 'object storage settings: this tool reads only the catalog'],
  ['adls.', 'object storage settings: this tool reads only the catalog'],
  ['hf.', 'object storage settings: this tool reads only the catalog'],
  ['oss.', 'object storage settings: this tool reads only the catalog'],
  ['hive.', 'Hive settings'],
  ['cache.', "the client's table cache"],
  ['metrics-reporter', "the client's metrics"],
];
const UNUSED_KEYS: Record<string, string> = {
  'py-io-impl': 'the FileIO pyiceberg reads data files with',
  'io-impl': 'the FileIO Java reads data files with',
  'catalog-impl': 'the Java catalog class (this is a REST catalog)',
  'snapshot-loading-mode': "the client's snapshot loading: every snapshot is shown",
  'scan-planning-mode': 'scan planning: this tool reads only metadata',
  'rest-page-size': 'the page size: set namespaceBrowser.pageSize or --page-size',
  'rest.page-size': 'the page size: set namespaceBrowser.pageSize or --page-size',
  'namespace-separator': "pyiceberg's separator of nested namespaces in one path segment (the spec's %1F is used)",
  'view-endpoints-supported': 'views are listed when the server lists them',
  'rest.sigv4.max-retries': 'the transport retries by its own policy',
  'cache-enabled': "the client's table cache",
  'token-refresh-enabled': 'tokens are refreshed before they expire',
  'token-exchange-enabled': 'tokens are fetched again, not exchanged',
  'token-expires-in-ms': 'token lifetimes come from the token endpoint',
  'client.region': 'the region of data file access (SigV4 to the catalog uses rest.signing-region, or this when that is missing)',
  'client.profile-name': 'used for SigV4 credentials when rest.sigv4-enabled is true',
  'client.access-key-id': 'used for SigV4 credentials when rest.sigv4-enabled is true',
  'client.secret-access-key': 'used for SigV4 credentials when rest.sigv4-enabled is true',
  'client.session-token': 'used for SigV4 credentials when rest.sigv4-enabled is true',
  'client.role-arn': 'a role for data file access',
  'client.role-session-name': 'a role for data file access',
  'downcast-ns-timestamp-to-us-on-write': 'a write setting',
};
/** Keys read below, by what they set. */
const READ = new Set([
  'type',
  'uri',
  'warehouse',
  'prefix',
  'token',
  'credential',
  'oauth2-server-uri',
  'scope',
  'audience',
  'resource',
  'rest.sigv4-enabled',
  'rest.signing-region',
  'rest.signing-name',
  'rest.auth.type',
  'rest.access-key-id',
  'rest.secret-access-key',
  'rest.session-token',
  'ssl.cabundle',
  'ssl.client.cert',
  'ssl.client.key',
  'auth.type',
  'auth.oauth2.client_id',
  'auth.oauth2.client_secret',
  'auth.oauth2.token_url',
  'auth.oauth2.scope',
  'auth.oauth2.audience',
  'auth.oauth2.resource',
  'auth.google.credentials_path',
  'auth.google.scopes',
]);

const SIGV4_CLIENT = ['client.access-key-id', 'client.secret-access-key', 'client.session-token', 'client.profile-name', 'client.region'];

export function connectionFromIcebergProperties(props: Record<string, string>, keyName: KeyName = (k) => k): PropertiesMapping {
  const mapping: PropertiesMapping = { config: { protocol: icebergRestProtocol.id, uri: '', auth: { type: 'none' } }, secrets: {}, unused: [], unknown: [] };
  const { config, secrets } = mapping;
  const p = new Map<string, string>();
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(props)) {
    const lower = key.toLowerCase();
    if (lower.startsWith('header.')) headers[key.slice('header.'.length)] = value;
    else if (READ.has(lower)) p.set(lower, value);
    else if (UNUSED_KEYS[lower]) {
      p.set(lower, value);
      if (!SIGV4_CLIENT.includes(lower)) mapping.unused.push({ key: keyName(key), why: UNUSED_KEYS[lower]! });
    } else {
      const prefix = UNUSED_PREFIXES.find(([pre]) => lower.startsWith(pre));
      if (prefix) mapping.unused.push({ key: keyName(key), why: prefix[1] });
      else mapping.unknown.push(keyName(key));
    }
  }
  const type = p.get('type')?.trim().toLowerCase();
  if (type !== undefined && type !== 'rest')
    throw new PropertiesError(`${keyName('type')} is "${type}": only REST catalogs are reached over HTTP (type: rest)`);
  const uri = p.get('uri')?.trim();
  if (!uri) throw new PropertiesError(`${keyName('uri')} is missing: the Iceberg REST catalog's URL`);
  config.uri = uri;
  if (p.get('warehouse')) config.warehouse = p.get('warehouse')!;
  if (p.get('prefix')) config.prefix = p.get('prefix')!;
  if (p.get('ssl.cabundle')) config.caFile = p.get('ssl.cabundle')!;
  if (p.get('ssl.client.cert')) config.clientCertFile = p.get('ssl.client.cert')!;
  if (p.get('ssl.client.key')) config.clientKeyFile = p.get('ssl.client.key')!;

  // Which auth: Java's rest.auth.type or pyiceberg's auth.type when given, else what the keys imply (as both do).
  const restAuth = p.get('rest.auth.type')?.trim().toLowerCase();
  const pyAuth = p.get('auth.type')?.trim().toLowerCase();
  const sigv4 = restAuth === 'sigv4' || (p.has('rest.sigv4-enabled') && propertyBool(p.get('rest.sigv4-enabled')!, keyName('rest.sigv4-enabled')));
  if (restAuth !== undefined && !['sigv4', 'oauth2', 'none'].includes(restAuth))
    throw new PropertiesError(`${keyName('rest.auth.type')} "${restAuth}" has no equivalent here (sigv4, oauth2 or none)`);
  if (pyAuth !== undefined && !['noop', 'oauth2', 'google', 'legacyoauth2'].includes(pyAuth))
    throw new PropertiesError(`${keyName('auth.type')} "${pyAuth}" has no equivalent here (noop, oauth2, legacyoauth2 or google)`);

  let inner: { type: string; settings: Record<string, string>; secrets: Record<string, string> } | undefined;
  if (pyAuth === 'oauth2') {
    const tokenUrl = p.get('auth.oauth2.token_url');
    const clientId = p.get('auth.oauth2.client_id');
    if (!tokenUrl || !clientId) throw new PropertiesError(`auth type oauth2 needs ${keyName('auth.oauth2.token_url')} and ${keyName('auth.oauth2.client_id')}`);
    inner = {
      type: 'oauth2',
      settings: { tokenUrl, clientId, ...optional(p, { scope: 'auth.oauth2.scope', audience: 'auth.oauth2.audience', resource: 'auth.oauth2.resource' }) },
      secrets: {},
    };
    if (p.get('auth.oauth2.client_secret')) inner.secrets['clientSecret'] = p.get('auth.oauth2.client_secret')!;
  } else if (pyAuth === 'google') {
    inner = { type: 'google', settings: {}, secrets: {} };
    if (p.get('auth.google.credentials_path'))
      throw new PropertiesError(
        `${keyName('auth.google.credentials_path')}: a key file is entered as the Google provider's service account key (its JSON is kept as a secret), not read from a path`,
      );
    if (p.get('auth.google.scopes')) inner.settings['scopes'] = p.get('auth.google.scopes')!;
  } else if (p.get('credential') && pyAuth !== 'noop' && restAuth !== 'none') {
    const credential = p.get('credential')!;
    const colon = credential.indexOf(':');
    if (colon <= 0) throw new PropertiesError(`${keyName('credential')} must be CLIENT_ID:CLIENT_SECRET (a secret alone has no client id to send)`);
    // As pyiceberg and Java do: the token endpoint is the catalog's own (deprecated) unless oauth2-server-uri says.
    const tokenUrl = p.get('oauth2-server-uri') || `${uri.replace(/\/+$/, '')}/v1/oauth/tokens`;
    inner = {
      type: 'oauth2',
      settings: {
        tokenUrl,
        clientId: credential.slice(0, colon),
        scope: p.get('scope') || 'catalog',
        ...optional(p, { audience: 'audience', resource: 'resource' }),
      },
      secrets: { clientSecret: credential.slice(colon + 1) },
    };
  } else if (p.get('token') && pyAuth !== 'noop' && restAuth !== 'none') {
    inner = { type: 'bearer', settings: {}, secrets: { token: p.get('token')! } };
  }
  for (const key of ['oauth2-server-uri', 'scope', 'audience', 'resource']) {
    if (p.has(key) && inner?.type !== 'oauth2')
      mapping.unused.push({ key: keyName(key), why: `read only with ${keyName('credential')} (OAuth2 client credentials)` });
  }
  if (p.get('token') && inner?.type === 'oauth2') mapping.unused.push({ key: keyName('token'), why: 'a token is fetched with the client credentials instead' });

  if (sigv4) {
    const region = p.get('rest.signing-region') ?? p.get('client.region');
    if (!region) throw new PropertiesError(`${keyName('rest.signing-region')} is missing: the region requests are signed for`);
    const settings: Record<string, string> = { region, service: p.get('rest.signing-name') || 'execute-api' };
    const accessKeyId = p.get('rest.access-key-id') ?? p.get('client.access-key-id');
    const secretAccessKey = p.get('rest.secret-access-key') ?? p.get('client.secret-access-key');
    const sessionToken = p.get('rest.session-token') ?? p.get('client.session-token');
    if (accessKeyId || secretAccessKey) {
      if (!accessKeyId || !secretAccessKey)
        throw new PropertiesError('give both an access key id and a secret access key for SigV4, or neither (the default AWS chain)');
      settings['credentials'] = 'static';
      settings['accessKeyId'] = accessKeyId;
      secrets['secretAccessKey'] = secretAccessKey;
      if (sessionToken) secrets['sessionToken'] = sessionToken;
    } else if (p.get('client.profile-name')) {
      settings['credentials'] = 'profile';
      settings['profile'] = p.get('client.profile-name')!;
    } else settings['credentials'] = 'default';
    if (inner) {
      settings['delegate'] = inner.type;
      for (const [k, v] of Object.entries(inner.settings)) settings[`delegate.${k}`] = v;
      for (const [k, v] of Object.entries(inner.secrets)) secrets[`delegate.${k}`] = v;
    }
    config.auth = { type: 'sigv4', settings };
  } else {
    for (const key of ['rest.signing-region', 'rest.signing-name', 'rest.access-key-id', 'rest.secret-access-key', 'rest.session-token']) {
      if (p.has(key)) mapping.unused.push({ key: keyName(key), why: `read only when SigV4 is on (${keyName('rest.sigv4-enabled')}: true)` });
    }
    for (const key of SIGV4_CLIENT)
      if (p.has(key)) mapping.unused.push({ key: keyName(key), why: 'data file access settings: this tool reads only the catalog' });
    if (inner) {
      config.auth = Object.keys(inner.settings).length ? { type: inner.type, settings: inner.settings } : { type: inner.type };
      Object.assign(secrets, inner.secrets);
    }
  }
  config.headers = credentialHeaders(headers, mapping, keyName);
  return mapping;
}

function optional(p: Map<string, string>, keys: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(keys).flatMap(([setting, key]) => (p.get(key) ? [[setting, p.get(key)!]] : [])));
}

/** How a secret is written in an export: `${env:NAME}`, or by a convention of the format (pyiceberg's env variables). */
export interface IcebergExport {
  properties: [string, string][];
  /** Secrets left out, as (property, environment variable the user sets). */
  fromEnvironment: [string, string][];
  notes: string[];
}

/** Iceberg REST catalog properties (pyiceberg's and Java's common keys) of an Iceberg connection; secrets by `secretRef`. */
export function icebergPropertiesOf(connection: ConnectionConfig, secretRef: SecretReference): IcebergExport {
  const out: IcebergExport = {
    properties: [
      ['type', 'rest'],
      ['uri', connection.uri],
    ],
    fromEnvironment: [],
    notes: [],
  };
  const put = (k: string, v: string | undefined) => v !== undefined && v !== '' && out.properties.push([k, v]);
  put('warehouse', connection.warehouse);
  put('prefix', connection.prefix);
  for (const [name, value] of Object.entries(connection.headers ?? {})) put(`header.${name}`, value);
  put('ssl.cabundle', connection.caFile);
  put('ssl.client.cert', connection.clientCertFile);
  put('ssl.client.key', connection.clientKeyFile);
  const settings = connection.auth.settings ?? {};
  const auth = (type: string, s: Record<string, string>, secretPrefix: string) => {
    switch (type) {
      case 'none':
        return;
      case 'bearer':
        put('token', secretRef(`${secretPrefix}token`));
        return;
      case 'oauth2': {
        const secret = secretRef(`${secretPrefix}clientSecret`);
        put('credential', secret ? `${s['clientId'] ?? ''}:${secret}` : undefined);
        put('oauth2-server-uri', s['tokenUrl']);
        put('scope', s['scope']);
        put('audience', s['audience']);
        put('resource', s['resource']);
        return;
      }
      case 'api-key': {
        put(`header.${s['header'] || 'x-api-key'}`, secretRef(`${secretPrefix}key`));
        return;
      }
      default:
        out.notes.push(`${type} auth has no Iceberg catalog property`);
    }
  };
  if (connection.auth.type === 'sigv4') {
    put('rest.sigv4-enabled', 'true');
    put('rest.signing-region', settings['region']);
    put('rest.signing-name', settings['service'] || 'execute-api');
    const credentials = settings['credentials'] || 'default';
    if (credentials === 'static') {
      put('client.access-key-id', settings['accessKeyId']);
      put('client.secret-access-key', secretRef('secretAccessKey'));
      put('client.session-token', secretRef('sessionToken'));
    } else if (credentials === 'profile') put('client.profile-name', settings['profile']);
    else if (credentials !== 'default') out.notes.push(`${credentials} credentials have no Iceberg property: the default AWS chain is used`);
    const delegate = settings['delegate'];
    if (delegate && delegate !== 'none') {
      const inner = Object.fromEntries(
        Object.entries(settings)
          .filter(([k]) => k.startsWith('delegate.'))
          .map(([k, v]) => [k.slice('delegate.'.length), v]),
      );
      auth(delegate, inner, 'delegate.');
    }
  } else auth(connection.auth.type, settings, '');
  return out;
}
