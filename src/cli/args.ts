/** Command-line parsing for `nsb`. The commands, flags and exit codes are a contract users script against. */
import type { ProtocolFieldKey } from '../core/protocol';
import { DEFAULT_PROTOCOL, isProtocolId, protocolFields, protocolIds, type CatalogProtocol } from '../core/protocols';

export const COMMANDS = [
  'ls',
  'describe-namespace',
  'describe-table',
  'describe-view',
  'versions',
  'indices',
  'count-rows',
  'head',
  'stats',
  'tags',
  'branches',
  'auth-providers',
] as const;

export interface CliOptions {
  command?: string;
  args: string[];
  connectionFile?: string;
  protocol?: CatalogProtocol;
  /** The protocol fields given by flags (`--uri`, `--warehouse`, ...), by field. */
  fields: Partial<Record<ProtocolFieldKey, string>>;
  pageSize?: number;
  json: boolean;
  explain: boolean;
  /** Print, for every request made, the curl command that reproduces it (secrets as environment references). */
  curl: boolean;
  debug: boolean;
  help: boolean;
  authType?: string;
  authOptions: Record<string, string>;
  headers: Record<string, string>;
  caFile?: string;
  /** mTLS: the client certificate and its key (PEM files); the key's passphrase only from NSB_CLIENT_KEY_PASSPHRASE. */
  clientCertFile?: string;
  clientKeyFile?: string;
  /** Accept any server certificate (warned on every request). */
  insecure: boolean;
  timeoutMs?: number;
  /** `head`: rows to print (default 10). */
  limit?: number;
  /** `head`: rows to skip. */
  offset?: number;
  /** `head`: columns to print, in this order. */
  columns?: string[];
  /** `head`: a Lance SQL filter. */
  filter?: string;
  /** `head`, `describe-table`: read the table at this version (exact). */
  version?: bigint;
  /** `head`, `describe-table`: read the table at this tag's version. */
  tag?: string;
  /** `head`: print CSV. */
  csv: boolean;
}

/** The flags only some commands read; any other command refuses them (a flag nothing reads is an error). */
const COMMAND_FLAGS: Record<string, readonly (keyof CliOptions)[]> = {
  head: ['limit', 'offset', 'columns', 'filter', 'version', 'tag', 'csv'],
  'describe-table': ['version', 'tag'],
};
const FLAG_NAMES: Partial<Record<keyof CliOptions, string>> = {
  limit: '--limit',
  offset: '--offset',
  columns: '--columns',
  filter: '--filter',
  version: '--version',
  tag: '--tag',
  csv: '--csv',
};

export class UsageError extends Error {}

/** The protocol field flags (`--uri`, `--delimiter`, `--warehouse`, `--prefix`), from the protocol registry. */
const FIELD_FLAGS = protocolFields().map(({ field }) => field);

function option(words: string, help: string): string {
  return `  ${words.padEnd(26)} ${help}`;
}

const PROTOCOL_OPTIONS = [
  ...FIELD_FLAGS.filter((f) => f.key === 'uri').map((f) => option(`${f.cli.flag} ${f.cli.metavar}`, f.cli.help)),
  option('--protocol P', `${protocolIds().map((id) => (id === DEFAULT_PROTOCOL ? `${id} (default)` : id)).join(' or ')}`),
  ...FIELD_FLAGS.filter((f) => f.key !== 'uri').map((f) => option(`${f.cli.flag} ${f.cli.metavar}`, f.cli.help)),
].join('\n');

export const HELP = `nsb — list and describe Lance REST Namespace and Iceberg REST catalogs

usage: nsb [OPTIONS] COMMAND [PATH...]

commands:
  ls [NS...]                 child namespaces and tables of a namespace (root if none), every page
  describe-namespace NS...   properties
  describe-table TABLE...    location, version, schema, stats, properties, storage options (redacted)
  describe-view VIEW...      a view's schema, versions and SQL (Iceberg)
  versions TABLE...          versions, newest first
  indices TABLE...           indices with their stats
  count-rows TABLE...        number of rows
  head TABLE...              the first rows (Lance): --limit N (default 10), --offset N, --columns a,b,
                             --filter EXPR (Lance SQL), --version V | --tag T; --json or --csv for every value exact
  stats TABLE...             size, rows, indices and fragments (Lance)
  tags TABLE...              tags and the versions they name (Iceberg: tag refs)
  branches TABLE...          branches and where they start (Iceberg: branch refs)
  auth-providers             the auth types and their settings

describe-table takes --version V or --tag T too: the table as it was then.

Identifier parts are separate arguments: nsb ls sales emea

options:
  --connection FILE          a connection as JSON (protocol, uri, delimiter, auth: {type, settings}, secrets)
${PROTOCOL_OPTIONS}
  --page-size N              page size asked of the server
  --auth TYPE                auth provider: none, bearer, api-key, headers, oauth2, sigv4, google
  --auth-opt KEY=VALUE       a setting of the auth provider (repeatable; a wrapped provider's as delegate.KEY);
                             secrets also from the environment
  --header NAME=VALUE        a static request header (repeatable)
  --ca-file FILE             PEM bundle of CAs trusted besides Node's roots and NODE_EXTRA_CA_CERTS
  --client-cert FILE         PEM client certificate for servers that ask for one (mutual TLS)
  --client-key FILE          its PEM private key; a passphrase from NSB_CLIENT_KEY_PASSPHRASE
  --insecure                 do not check the server's TLS certificate (warns on every request)
  --timeout SECONDS          overall timeout of one request
  --json                     print one JSON document
  --csv                      head: print CSV (RFC 4180)
  --explain                  print every request record (redacted, with what the auth provider did) to stderr
  --curl                     print to stderr, for every request made, a curl command that reproduces it
                             (secrets as environment variables; SigV4 signed by openssl when it runs)
  --debug                    print stack traces
  -h, --help                 this help

exit codes: 0 ok, 1 catalog error (not found, forbidden, ...), 2 usage or connection error
`;

export function parseArgs(argv: readonly string[]): CliOptions {
  const o: CliOptions = { args: [], fields: {}, json: false, explain: false, curl: false, debug: false, help: false, authOptions: {}, headers: {}, csv: false, insecure: false };
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const inline = arg.startsWith('--') && eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = (): string => {
      if (inline !== undefined) return inline;
      const next = argv[i + 1];
      if (next === undefined) throw new UsageError(`${name} needs a value`);
      i += 1;
      return next;
    };
    const field = FIELD_FLAGS.find((f) => f.cli.flag === name);
    if (field) {
      const raw = value();
      const v = field.trim ? raw.trim() : raw;
      if (v === '') throw new UsageError(`${name} cannot be empty`);
      const problem = field.validate?.(v);
      if (problem) throw new UsageError(`${name}: ${problem}`);
      o.fields[field.key] = v;
      continue;
    }
    switch (name) {
      case '--connection':
        o.connectionFile = value();
        break;
      case '--protocol': {
        const p = value();
        if (!isProtocolId(p)) throw new UsageError(`--protocol must be ${protocolIds().join(' or ')}, not "${p}"`);
        o.protocol = p;
        break;
      }
      case '--page-size':
        o.pageSize = positiveInt(name, value());
        break;
      case '--timeout':
        o.timeoutMs = positiveInt(name, value()) * 1000;
        break;
      case '--auth':
        o.authType = value();
        break;
      case '--auth-opt':
        Object.assign(o.authOptions, keyValue(name, value()));
        break;
      case '--header':
        Object.assign(o.headers, keyValue(name, value()));
        break;
      case '--ca-file':
        o.caFile = value();
        break;
      case '--client-cert':
        o.clientCertFile = value();
        break;
      case '--client-key':
        o.clientKeyFile = value();
        break;
      case '--insecure':
        o.insecure = true;
        break;
      case '--json':
        o.json = true;
        break;
      case '--csv':
        o.csv = true;
        break;
      case '--limit':
        o.limit = positiveInt(name, value());
        break;
      case '--offset': {
        const text = value();
        o.offset = text === '0' ? 0 : positiveInt(name, text);
        break;
      }
      case '--columns': {
        const names = value().split(',').map((c) => c.trim());
        if (names.some((c) => c === '')) throw new UsageError('--columns takes column names separated by commas, none of them empty');
        o.columns = [...(o.columns ?? []), ...names];
        break;
      }
      case '--filter':
        o.filter = value();
        break;
      case '--version': {
        const text = value();
        if (!/^\d{1,20}$/.test(text) || BigInt(text) > 18446744073709551615n) throw new UsageError(`--version must be a version number (a whole number of at least 0), not "${text}"`);
        o.version = BigInt(text);
        break;
      }
      case '--tag': {
        const tag = value();
        if (tag === '') throw new UsageError('--tag cannot be empty');
        o.tag = tag;
        break;
      }
      case '--explain':
        o.explain = true;
        break;
      case '--curl':
        o.curl = true;
        break;
      case '--debug':
        o.debug = true;
        break;
      case '-h':
      case '--help':
        o.help = true;
        break;
      default:
        throw new UsageError(`unknown option ${name}`);
    }
  }
  const [command, ...rest] = positional;
  if (command !== undefined && !(COMMANDS as readonly string[]).includes(command)) {
    throw new UsageError(`unknown command "${command}" (commands: ${COMMANDS.join(', ')})`);
  }
  o.command = command;
  o.args = rest;
  if (command !== undefined) {
    const allowed = COMMAND_FLAGS[command] ?? [];
    for (const [key, flag] of Object.entries(FLAG_NAMES) as [keyof CliOptions, string][]) {
      const given = key === 'csv' ? o.csv : o[key] !== undefined;
      if (given && !allowed.includes(key)) {
        const users = Object.entries(COMMAND_FLAGS).filter(([, flags]) => flags.includes(key)).map(([c]) => `nsb ${c}`);
        throw new UsageError(`${flag} applies only to ${users.join(' and ')}`);
      }
    }
  }
  if (o.version !== undefined && o.tag !== undefined) throw new UsageError('give --version or --tag, not both');
  if (o.csv && o.json) throw new UsageError('give --json or --csv, not both');
  return o;
}

function positiveInt(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${name} must be a positive whole number, not "${text}"`);
  return n;
}

function keyValue(name: string, text: string): Record<string, string> {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new UsageError(`${name} takes KEY=VALUE, not "${text}"`);
  return { [text.slice(0, eq)]: text.slice(eq + 1) };
}
