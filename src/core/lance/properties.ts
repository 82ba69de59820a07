// Lance namespace properties (what `lance.namespace.connect("rest", {...})` and lance-spark take) to a connection
// and back. Keys: `uri`, `delimiter`, `header.*` (`headers.*` too, as the context providers write them), `tls.*`,
// and Lance PR 7099's `rest.auth.type=sigv4` with `rest.auth.sigv4.region|service|access-key-id|secret-access-key|
// session-token`.
import { API_KEY_HEADERS, PropertiesError, withPrefix, type KeyName, type PropertiesMapping } from '../connectionProperties';
import type { ConnectionConfig } from '../connection';
import { lanceRestProtocol } from './protocol';

const SIGV4 = 'rest.auth.sigv4.';
const SIGV4_KEYS = ['region', 'service', 'access-key-id', 'secret-access-key', 'session-token'];
const TLS_UNUSED: Record<string, string> = {
  assert_hostname: 'hostname checks cannot be turned off for one CA here; trust the CA with tls.ssl_ca_cert',
  reload_interval_seconds: 'the CA file is read when the connection opens',
};

export function connectionFromLanceProperties(
  props: Record<string, string>,
  env: Record<string, string | undefined>,
  keyName: KeyName = (k) => k,
): PropertiesMapping {
  const mapping: PropertiesMapping = { config: { protocol: lanceRestProtocol.id, uri: '', auth: { type: 'none' } }, secrets: {}, unused: [], unknown: [] };
  const { config, secrets } = mapping;
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(props)) {
    const lower = key.toLowerCase();
    if (lower === 'uri') config.uri = value.trim();
    else if (lower === 'delimiter') config.delimiter = value;
    else if (lower.startsWith('header.') || lower.startsWith('headers.')) headers[key.slice(key.indexOf('.') + 1)] = value;
    else if (lower === 'tls.ssl_ca_cert') config.caFile = value;
    else if (lower === 'tls.cert_file') config.clientCertFile = value;
    else if (lower === 'tls.key_file') config.clientKeyFile = value;
    else if (lower.startsWith('tls.') && TLS_UNUSED[lower.slice(4)]) mapping.unused.push({ key: keyName(key), why: TLS_UNUSED[lower.slice(4)]! });
    else if (lower === 'rest.auth.type' || (lower.startsWith(SIGV4) && SIGV4_KEYS.includes(lower.slice(SIGV4.length)))) continue;
    else if (lower === 'ops_metrics_enabled') mapping.unused.push({ key: keyName(key), why: 'request metrics are in the inspector' });
    else if (lower.startsWith('dynamic_context_provider.'))
      mapping.unused.push({ key: keyName(key), why: 'a Python context provider runs only in Python; use an auth provider here' });
    else mapping.unknown.push(keyName(key));
  }
  if (!config.uri) throw new PropertiesError(`${keyName('uri')} is missing: the Lance REST Namespace server's URL`);
  const authType = Object.entries(props)
    .find(([k]) => k.toLowerCase() === 'rest.auth.type')?.[1]
    ?.trim()
    .toLowerCase();
  const sigv4 = Object.fromEntries(withPrefix(props, SIGV4).map(([k, v]) => [k.toLowerCase(), v]));
  if (authType !== undefined && authType !== 'sigv4' && authType !== 'none')
    throw new PropertiesError(`${keyName('rest.auth.type')} "${authType}" is not one this tool knows (sigv4 or none)`);
  if (authType !== 'sigv4' && Object.keys(sigv4).length) {
    throw new PropertiesError(`${keyName(`${SIGV4}${Object.keys(sigv4)[0]}`)} is set but ${keyName('rest.auth.type')} is not sigv4: Lance would not sign`);
  }
  if (authType === 'sigv4') {
    const region = sigv4['region'] ?? env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION'];
    if (!region) throw new PropertiesError(`${keyName(`${SIGV4}region`)} is missing (nor is AWS_REGION set): the region requests are signed for`);
    const settings: Record<string, string> = { region, service: sigv4['service'] ?? 'execute-api' };
    if (sigv4['access-key-id'] || sigv4['secret-access-key']) {
      if (!sigv4['access-key-id'] || !sigv4['secret-access-key'])
        throw new PropertiesError(
          `give both ${keyName(`${SIGV4}access-key-id`)} and ${keyName(`${SIGV4}secret-access-key`)}, or neither (the default AWS chain)`,
        );
      settings['credentials'] = 'static';
      settings['accessKeyId'] = sigv4['access-key-id'];
      secrets['secretAccessKey'] = sigv4['secret-access-key'];
      if (sigv4['session-token']) secrets['sessionToken'] = sigv4['session-token'];
    } else if (sigv4['session-token']) {
      throw new PropertiesError(`${keyName(`${SIGV4}session-token`)} needs ${keyName(`${SIGV4}access-key-id`)} and ${keyName(`${SIGV4}secret-access-key`)}`);
    } else settings['credentials'] = 'default';
    config.auth = { type: 'sigv4', settings };
  }
  config.headers = credentialHeaders(headers, mapping, keyName);
  return mapping;
}

/**
 * Headers that carry a credential become an auth provider (their value a secret): `Authorization: Bearer T` a bearer
 * token, an API-key header an API key. Under SigV4 a bearer token is the wrapped provider, as Lance sends both.
 */
export function credentialHeaders(headers: Record<string, string>, mapping: PropertiesMapping, keyName: KeyName, prefix = 'header.'): Record<string, string> {
  const plain: Record<string, string> = {};
  const { config, secrets } = mapping;
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    const bearer = /^bearer\s+(\S.*)$/i.exec(value.trim());
    if (lower === 'authorization' && bearer) {
      if (config.auth.type === 'none') {
        config.auth = { type: 'bearer' };
        secrets['token'] = bearer[1]!;
      } else if (config.auth.type === 'sigv4' && !config.auth.settings?.['delegate']) {
        config.auth.settings = { ...config.auth.settings, delegate: 'bearer' };
        secrets['delegate.token'] = bearer[1]!;
      } else throw new PropertiesError(`${keyName(`${prefix}${name}`)}: a second credential next to ${config.auth.type} auth`);
    } else if (lower === 'authorization') {
      throw new PropertiesError(
        `${keyName(`${prefix}${name}`)}: only "Bearer TOKEN" can be kept as a secret here; a static Authorization header would be stored in plain settings`,
      );
    } else if (API_KEY_HEADERS.includes(lower) && config.auth.type === 'none') {
      config.auth = { type: 'api-key', settings: { header: name } };
      secrets['key'] = value;
    } else plain[name] = value;
  }
  return plain;
}

/**
 * `${env:NAME}` for a secret the connection has, undefined for one it has not: exported properties never hold a
 * secret's value.
 */
export type SecretReference = (settingKey: string) => string | undefined;

/** Lance namespace properties for a Lance connection, secrets as `${env:NAME}`; `notes` says what has no equivalent. */
export function lancePropertiesOf(connection: ConnectionConfig, secretRef: SecretReference): { properties: [string, string][]; notes: string[] } {
  const properties: [string, string][] = [['uri', connection.uri]];
  const notes: string[] = [];
  if (connection.delimiter) properties.push(['delimiter', connection.delimiter]);
  for (const [name, value] of Object.entries(connection.headers ?? {})) properties.push([`header.${name}`, value]);
  if (connection.caFile) properties.push(['tls.ssl_ca_cert', connection.caFile]);
  if (connection.clientCertFile) properties.push(['tls.cert_file', connection.clientCertFile]);
  if (connection.clientKeyFile) properties.push(['tls.key_file', connection.clientKeyFile]);
  const settings = connection.auth.settings ?? {};
  const secret = (key: string, property: string, value = (ref: string) => ref) => {
    const ref = secretRef(key);
    if (ref) properties.push([property, value(ref)]);
  };
  const bearer = (key: string) => secret(key, 'header.Authorization', (ref) => `Bearer ${ref}`);
  switch (connection.auth.type) {
    case 'none':
      break;
    case 'bearer':
      bearer('token');
      break;
    case 'api-key':
      secret('key', `header.${settings['header'] || 'x-api-key'}`);
      break;
    case 'sigv4': {
      properties.push(['rest.auth.type', 'sigv4'], [`${SIGV4}region`, settings['region'] ?? ''], [`${SIGV4}service`, settings['service'] || 'execute-api']);
      const credentials = settings['credentials'] || 'default';
      if (credentials === 'static') {
        properties.push([`${SIGV4}access-key-id`, settings['accessKeyId'] ?? '']);
        secret('secretAccessKey', `${SIGV4}secret-access-key`);
        secret('sessionToken', `${SIGV4}session-token`);
      } else if (credentials === 'profile') notes.push(`credentials from the default AWS chain: set AWS_PROFILE=${settings['profile'] ?? 'default'}`);
      else if (credentials !== 'default') notes.push(`${credentials} credentials have no Lance property: Lance uses the default AWS chain`);
      if (settings['delegate'] === 'bearer') bearer('delegate.token');
      else if (settings['delegate'] && settings['delegate'] !== 'none') notes.push(`the wrapped ${settings['delegate']} auth has no Lance property`);
      break;
    }
    default:
      notes.push(`${connection.auth.type} auth has no Lance property: add what it sends as header.NAME=VALUE`);
  }
  return { properties, notes };
}
