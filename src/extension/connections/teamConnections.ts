// Connections shared in the setting `namespaceBrowser.connections`, read from the user's settings and the open
// workspace's separately (a workspace's entries ask before using the user's credentials). Every entry becomes a
// connection: a valid one, or one whose row says what is wrong with it. Nothing is dropped silently. No `vscode`
// import: store.ts hands in what VS Code's configuration holds.
import { isSecret } from '../../core/auth/descriptors';
import type { AuthProviderRegistry } from '../../core/auth/registry';
import { catalogUriProblem, type ConnectionConfig } from '../../core/connection';
import { DEFAULT_PROTOCOL, isProtocolId, protocolFields, unknownProtocolMessage } from '../../core/protocols';
import { CREDENTIAL_HEADER_ADVICE, credentialHeaderNames, jsonCredentialNames } from '../../core/auth/common/headers';
import type { SettingsScope, StoredConnection } from '../services';

/** What VS Code's configuration holds for the setting, by scope, and what else the entries are checked against. */
export interface TeamSettings {
  /** The value in the user's settings (inspect().globalValue). */
  user: unknown;
  /** The value in the workspace's settings (inspect().workspaceValue). */
  workspace: unknown;
  /** Whether the workspace is trusted; in Restricted Mode its entries are listed but not used. */
  workspaceTrusted: boolean;
  /** The user's own connections by id (a shared entry may not take one of their ids: secrets are kept by id). */
  taken: ReadonlyMap<string, string>;
}

/** The protocol fields (uri, delimiter, warehouse, prefix) and the protocols that read each, from the registry. */
const FIELDS = protocolFields();
/** Network settings a team can share: file paths (each user's machine must have them there) and insecure TLS. */
const NETWORK_KEYS = ['caFile', 'clientCertFile', 'clientKeyFile', 'allowInsecureTls'];
const KEYS = ['id', 'name', 'protocol', ...FIELDS.map((f) => f.field.key), 'headers', ...NETWORK_KEYS, 'auth'];
const AUTH_KEYS = ['type', 'settings'];
const WHERE: Record<SettingsScope, string> = { user: 'your user settings', workspace: "this workspace's settings" };

/** The connections of the setting: the user's entries first, then the workspace's. */
export function teamConnections(input: TeamSettings, registry: AuthProviderRegistry): StoredConnection[] {
  const out: StoredConnection[] = [];
  const ids = new Map<string, string>(input.taken);
  for (const scope of ['user', 'workspace'] as const) {
    const value = input[scope];
    if (value === undefined) continue;
    const setting = `namespaceBrowser.connections in ${WHERE[scope]}`;
    if (!Array.isArray(value)) {
      out.push(invalid(scope, 0, { name: `${setting}`, uri: '' }, [`${setting} must be a list of connections`]));
      continue;
    }
    value.forEach((item, index) => {
      const c = parseEntry(item, scope, index, registry);
      const problems = [...c.problems];
      if (!c.problems.length && ids.has(c.connection.id)) {
        problems.push(`its id "${c.connection.id}" is already the id of the connection "${ids.get(c.connection.id)}"; give it an id of its own`);
      }
      if (problems.length)
        out.push(
          invalid(
            scope,
            index,
            c.connection,
            problems.map((p) => `${setting}, entry ${index + 1}: ${p}`),
          ),
        );
      else {
        ids.set(c.connection.id, c.connection.name);
        const stored: StoredConnection = { ...c.connection, source: 'settings', scope };
        if (scope === 'workspace' && !input.workspaceTrusted) {
          stored.unusable = {
            reason: 'restricted',
            message: `Restricted Mode: connections from ${WHERE.workspace} are not used until you trust this workspace`,
          };
        }
        out.push(stored);
      }
    });
  }
  return out;
}

/** A shared entry that cannot be used: listed under a key of its own, with what is wrong (and none of its settings). */
function invalid(scope: SettingsScope, index: number, c: Partial<ConnectionConfig>, problems: string[]): StoredConnection {
  return {
    id: `settings:${scope}:${index}:invalid`,
    name: c.name || `Entry ${index + 1} of ${WHERE[scope]}`,
    protocol: c.protocol ?? DEFAULT_PROTOCOL,
    uri: c.uri ?? '',
    auth: { type: c.auth?.type ?? 'none' },
    source: 'settings',
    scope,
    unusable: { reason: 'invalid', message: problems.join('; ') },
  };
}

/** One entry of the setting, checked against its schema and its provider's descriptors. */
function parseEntry(item: unknown, scope: SettingsScope, index: number, registry: AuthProviderRegistry): { connection: ConnectionConfig; problems: string[] } {
  const problems: string[] = [];
  const o = item && typeof item === 'object' && !Array.isArray(item) ? (item as Record<string, unknown>) : undefined;
  if (!o)
    return {
      connection: { id: '', name: '', protocol: DEFAULT_PROTOCOL, uri: '', auth: { type: 'none' } },
      problems: ['not an object with name, uri and auth'],
    };
  for (const k of Object.keys(o)) if (!KEYS.includes(k)) problems.push(`unknown key "${k}" (known: ${KEYS.join(', ')})`);
  const text = (k: string): string | undefined => {
    const v = o[k];
    if (v === undefined) return undefined;
    if (typeof v !== 'string') problems.push(`"${k}" must be text`);
    return typeof v === 'string' ? v : undefined;
  };
  const uri = text('uri') ?? '';
  const uriProblem = checkUri(uri);
  if (uriProblem) problems.push(uriProblem);
  const name = text('name') || uri;
  const protocolText = text('protocol') ?? DEFAULT_PROTOCOL;
  // An unknown protocol is the entry's problem, named; the row is never silently another protocol's.
  if (!isProtocolId(protocolText)) problems.push(unknownProtocolMessage(protocolText));
  const protocol = isProtocolId(protocolText) ? protocolText : DEFAULT_PROTOCOL;
  const delimiter = text('delimiter');
  if (delimiter === '') problems.push('"delimiter" cannot be empty');
  for (const { field, protocols } of FIELDS) {
    if (o[field.key] !== undefined && isProtocolId(protocolText) && !protocols.includes(protocol)) {
      problems.push(`"${field.key}" is read only by ${protocols.join(', ')} connections, and this one is ${protocol}`);
    }
  }
  const prefix = text('prefix')?.trim() || undefined;
  const headers = parseHeaders(o['headers'], problems);
  const auth = parseAuth(o['auth'], registry, problems);
  const insecure = o['allowInsecureTls'];
  if (insecure !== undefined && typeof insecure !== 'boolean') problems.push('"allowInsecureTls" must be true or false');
  const connection: ConnectionConfig = {
    id: text('id') || (scope === 'user' ? `settings:${index}:${name}` : `settings:workspace:${index}:${name}`),
    name,
    protocol,
    uri,
    delimiter,
    warehouse: text('warehouse'),
    prefix,
    headers,
    auth,
    // Paths on the machine the extension runs on (the remote one, in remote development).
    caFile: text('caFile') || undefined,
    clientCertFile: text('clientCertFile') || undefined,
    clientKeyFile: text('clientKeyFile') || undefined,
    ...(insecure === true ? { allowInsecureTls: true } : {}),
  };
  return { connection, problems };
}

function checkUri(uri: string): string | undefined {
  if (!uri) return '"uri" is missing (the catalog URL)';
  const problem = catalogUriProblem(uri);
  return problem && `"uri": ${problem}`;
}

/**
 * Static headers are shared without secrets: a name that carries credentials (authorization, cookie, x-api-key,
 * x-amz-security-token, anything token-, secret- or password-like) is refused, pointing to an auth provider. Its
 * value is never repeated in the message.
 */
function parseHeaders(value: unknown, problems: string[]): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    problems.push('"headers" must be an object of header name to text');
    return undefined;
  }
  const out: Record<string, string> = {};
  const credentials = new Set(credentialHeaderNames(value as Record<string, unknown>));
  for (const [name, v] of Object.entries(value as Record<string, unknown>)) {
    if (typeof v !== 'string') problems.push(`header "${name}" must be text`);
    else if (credentials.has(name))
      problems.push(`header "${name}" carries credentials, and this setting is shared without secrets: ${CREDENTIAL_HEADER_ADVICE}`);
    else out[name] = v;
  }
  return out;
}

function parseAuth(value: unknown, registry: AuthProviderRegistry, problems: string[]): ConnectionConfig['auth'] {
  if (value === undefined) return { type: 'none', settings: {} };
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    problems.push('"auth" must be an object like { "type": "sigv4", "settings": { ... } }');
    return { type: 'none', settings: {} };
  }
  const a = value as Record<string, unknown>;
  for (const k of Object.keys(a)) if (!AUTH_KEYS.includes(k)) problems.push(`unknown key "auth.${k}" (known: ${AUTH_KEYS.join(', ')})`);
  const type = typeof a['type'] === 'string' && a['type'] ? a['type'] : 'none';
  if (a['type'] !== undefined && typeof a['type'] !== 'string') problems.push('"auth.type" must be text');
  const settings: Record<string, string> = {};
  if (a['settings'] !== undefined) {
    if (!a['settings'] || typeof a['settings'] !== 'object' || Array.isArray(a['settings']))
      problems.push('"auth.settings" must be an object of setting to text');
    else
      for (const [k, v] of Object.entries(a['settings'] as Record<string, unknown>)) {
        if (typeof v === 'string') settings[k] = v;
        else problems.push(`auth setting "${k}" must be text`);
      }
  }
  // Checked against the provider's descriptors when it is registered; one from another extension may come later.
  const descriptors = registry.descriptors(type, settings);
  if (descriptors) {
    for (const k of Object.keys(settings)) {
      const d = descriptors.find((x) => x.key === k);
      if (!d) problems.push(`auth type "${type}" has no setting "${k}" (settings: ${descriptors.map((x) => x.key).join(', ') || 'none'})`);
      else if (isSecret(d)) {
        problems.push(
          `auth setting "${k}" is a secret, and this setting is shared without secrets: remove it; the extension asks for it once and keeps it in the OS secret store`,
        );
        delete settings[k];
      } else {
        // A JSON setting (the headers provider's `headers`) may not smuggle in what a header of its own may not.
        const names = jsonCredentialNames(d.kind, settings[k]!);
        if (names.length) {
          problems.push(
            `auth setting "${k}" names ${names.map((n) => `"${n}"`).join(', ')}, which carr${names.length > 1 ? 'y' : 'ies'} credentials, and this setting is shared without secrets: ${CREDENTIAL_HEADER_ADVICE}`,
          );
          delete settings[k];
        }
      }
    }
  }
  return { type, settings };
}
