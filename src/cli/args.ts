/** Command-line parsing for `nsb`. The commands, flags and exit codes are a contract users script against. */
import { parseArgs as nodeParseArgs } from 'node:util';
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
  'snippet',
] as const;

export interface CliOptions {
  command?: string;
  args: string[];
  connectionFile?: string;
  /** `--properties FILE`: Lance, Iceberg or Spark catalog properties, or a pyiceberg YAML (`-`: stdin). */
  propertiesFile?: string;
  /** `--pyiceberg-catalog NAME`: a catalog of pyiceberg's own configuration. */
  pyicebergCatalog?: string;
  /** `--catalog NAME`: which catalog of a --properties file that holds several. */
  catalog?: string;
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
  /** `nsb --version`: print nsb's version. */
  printVersion: boolean;
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
  snippet: ['limit'],
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
  option(
    '--protocol P',
    `${protocolIds()
      .map((id) => (id === DEFAULT_PROTOCOL ? `${id} (default)` : id))
      .join(' or ')}`,
  ),
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
  snippet python TABLE...    a Python script that reads the table's first rows (--limit N, default 10) with
                             pylance or pyiceberg, secrets from the environment variables nsb reads

describe-table takes --version V or --tag T too: the table as it was then.

Identifier parts are separate arguments: nsb ls sales emea

options:
  --connection FILE          a connection as JSON (protocol, uri, delimiter, auth: {type, settings}, secrets)
  --properties FILE          the catalog from properties you already have (- reads stdin): Lance namespace
                             properties, Iceberg or Spark catalog properties (key=value lines or JSON), or a
                             pyiceberg YAML; \${env:NAME} in a value is read from the environment
  --catalog NAME             which catalog of a --properties file holding several (pyiceberg, Spark)
  --pyiceberg-catalog NAME   a catalog of pyiceberg's configuration ($PYICEBERG_HOME/.pyiceberg.yaml or
                             ~/.pyiceberg.yaml, and PYICEBERG_CATALOG__NAME__KEY variables), as pyiceberg reads it
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
  --version                  print nsb's version (alone; after head or describe-table, --version V is a table version)
  -h, --help                 this help

exit codes: 0 ok, 1 catalog error (not found, forbidden, ...), 2 usage or connection error
`;

/** One flag: its value's kind, and what it sets. Adding a flag is a line here (and its line in HELP). */
interface Flag {
  type: 'string' | 'boolean';
  short?: string;
  apply(o: CliOptions, value: string, name: string): void;
}

const FLAGS: Record<string, Flag> = {
  connection: { type: 'string', apply: (o, v) => (o.connectionFile = v) },
  properties: { type: 'string', apply: (o, v) => (o.propertiesFile = v) },
  'pyiceberg-catalog': { type: 'string', apply: (o, v) => (o.pyicebergCatalog = v) },
  catalog: { type: 'string', apply: (o, v) => (o.catalog = v) },
  protocol: {
    type: 'string',
    apply: (o, p) => {
      if (!isProtocolId(p)) throw new UsageError(`--protocol must be ${protocolIds().join(' or ')}, not "${p}"`);
      o.protocol = p;
    },
  },
  'page-size': { type: 'string', apply: (o, v, n) => (o.pageSize = positiveInt(n, v)) },
  timeout: { type: 'string', apply: (o, v, n) => (o.timeoutMs = positiveInt(n, v) * 1000) },
  auth: { type: 'string', apply: (o, v) => (o.authType = v) },
  'auth-opt': { type: 'string', apply: (o, v, n) => Object.assign(o.authOptions, keyValue(n, v)) },
  header: { type: 'string', apply: (o, v, n) => Object.assign(o.headers, keyValue(n, v)) },
  'ca-file': { type: 'string', apply: (o, v) => (o.caFile = v) },
  'client-cert': { type: 'string', apply: (o, v) => (o.clientCertFile = v) },
  'client-key': { type: 'string', apply: (o, v) => (o.clientKeyFile = v) },
  insecure: { type: 'boolean', apply: (o) => (o.insecure = true) },
  json: { type: 'boolean', apply: (o) => (o.json = true) },
  csv: { type: 'boolean', apply: (o) => (o.csv = true) },
  limit: { type: 'string', apply: (o, v, n) => (o.limit = positiveInt(n, v)) },
  offset: { type: 'string', apply: (o, v, n) => (o.offset = v === '0' ? 0 : positiveInt(n, v)) },
  columns: {
    type: 'string',
    apply: (o, v) => {
      const names = v.split(',').map((c) => c.trim());
      if (names.some((c) => c === '')) throw new UsageError('--columns takes column names separated by commas, none of them empty');
      o.columns = [...(o.columns ?? []), ...names];
    },
  },
  filter: { type: 'string', apply: (o, v) => (o.filter = v) },
  version: {
    type: 'string',
    apply: (o, text) => {
      if (!/^\d{1,20}$/.test(text) || BigInt(text) > 18446744073709551615n)
        throw new UsageError(`--version must be a version number (a whole number of at least 0), not "${text}"`);
      o.version = BigInt(text);
    },
  },
  tag: {
    type: 'string',
    apply: (o, tag) => {
      if (tag === '') throw new UsageError('--tag cannot be empty');
      o.tag = tag;
    },
  },
  explain: { type: 'boolean', apply: (o) => (o.explain = true) },
  curl: { type: 'boolean', apply: (o) => (o.curl = true) },
  debug: { type: 'boolean', apply: (o) => (o.debug = true) },
  help: { type: 'boolean', short: 'h', apply: (o) => (o.help = true) },
};

for (const { field } of protocolFields()) {
  FLAGS[field.cli.flag.slice(2)] = {
    type: 'string',
    apply: (o, raw, name) => {
      const v = field.trim ? raw.trim() : raw;
      if (v === '') throw new UsageError(`${name} cannot be empty`);
      const problem = field.validate?.(v);
      if (problem) throw new UsageError(`${name}: ${problem}`);
      o.fields[field.key] = v;
    },
  };
}

/**
 * `--version` alone asks for nsb's version; `--version V` after a command is a table version (the older contract).
 * A `--version` with no value after it (the end, or another option; `-1` is a bad value, not an option) is the first.
 */
function bareVersion(argv: readonly string[], i: number): boolean {
  const next = argv[i + 1];
  return argv[i] === '--version' && (next === undefined || (next.startsWith('-') && !/^-\d/.test(next)));
}

export function parseArgs(argv: readonly string[]): CliOptions {
  const o: CliOptions = {
    args: [],
    fields: {},
    json: false,
    explain: false,
    curl: false,
    debug: false,
    help: false,
    printVersion: false,
    authOptions: {},
    headers: {},
    csv: false,
    insecure: false,
  };
  const end = argv.indexOf('--');
  const words = argv.filter((a, i) => (end >= 0 && i >= end) || !bareVersion(argv, i));
  o.printVersion = words.length !== argv.length;
  // Not strict: strict mode refuses a value that starts with a dash (`--filter "-x > 1"`, a secret), which the
  // contract takes; the unknown options and missing values strict mode would catch are refused below, by name.
  const { tokens } = nodeParseArgs({
    args: [...words],
    options: Object.fromEntries(Object.entries(FLAGS).map(([name, f]) => [name, f.short ? { type: f.type, short: f.short } : { type: f.type }])),
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const positional: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'positional') positional.push(token.value);
    if (token.kind !== 'option') continue;
    const flag = FLAGS[token.name];
    if (!Object.hasOwn(FLAGS, token.name) || !flag) throw new UsageError(`unknown option ${token.rawName}`);
    if (flag.type === 'boolean') {
      if (token.value !== undefined) throw new UsageError(`${token.rawName} takes no value`);
      flag.apply(o, '', token.rawName);
    } else {
      if (token.value === undefined) throw new UsageError(`${token.rawName} needs a value`);
      flag.apply(o, token.value, token.rawName);
    }
  }
  const [command, ...rest] = positional;
  if (command !== undefined && !(COMMANDS as readonly string[]).includes(command)) {
    throw new UsageError(`unknown command "${command}" (commands: ${COMMANDS.join(', ')})`);
  }
  if (o.printVersion && command !== undefined)
    throw new UsageError("--version after a command needs a value (a table version); nsb --version alone prints nsb's version");
  o.command = command;
  o.args = rest;
  if (command !== undefined) {
    const allowed = COMMAND_FLAGS[command] ?? [];
    for (const [key, flag] of Object.entries(FLAG_NAMES) as [keyof CliOptions, string][]) {
      const given = key === 'csv' ? o.csv : o[key] !== undefined;
      if (given && !allowed.includes(key)) {
        const users = Object.entries(COMMAND_FLAGS)
          .filter(([, flags]) => flags.includes(key))
          .map(([c]) => `nsb ${c}`);
        throw new UsageError(`${flag} applies only to ${users.join(' and ')}`);
      }
    }
  }
  if (o.version !== undefined && o.tag !== undefined) throw new UsageError('give --version or --tag, not both');
  if (o.csv && o.json) throw new UsageError('give --json or --csv, not both');
  const sources = [o.connectionFile && '--connection', o.propertiesFile && '--properties', o.pyicebergCatalog && '--pyiceberg-catalog'].filter(Boolean);
  if (sources.length > 1) throw new UsageError(`give one of ${sources.join(', ')}`);
  if (o.catalog !== undefined && !o.propertiesFile) throw new UsageError('--catalog chooses a catalog of a --properties file');
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
