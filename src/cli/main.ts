import { readFileSync } from 'node:fs';
import { DELEGATE_KEY, DELEGATE_PREFIX, isSecret } from '../core/auth/descriptors';
import type { AuthProvider } from '../core/auth/provider';
import type { AuthProviderRegistry } from '../core/auth/registry';
import type { CatalogClient } from '../core/client';
import type { ConnectionConfig, ConnectionSecrets } from '../core/connection';
import { connectionFieldProblems } from '../core/connectionCheck';
import { CatalogError, errorMessage, isCatalogError } from '../core/errors';
import { columnKeys, columnsJson, jsonValueText, rowJson, rowsCsv } from '../core/arrow/rows';
import type { Identifier, TableAt, TableBranch, TableDetails, TableTag } from '../core/model';
import { allPages } from '../core/paging';
import { toCurl } from '../core/curl';
import { RequestLog } from '../core/records';
import { DEFAULT_PROTOCOL, isProtocolId, protocolFields, unknownProtocolMessage } from '../core/protocols';
import { createRuntime } from '../core/runtime';
import { ChooseCatalogError, IMPORT_FORMAT_LABELS, importConnection, PropertiesError, type ImportResult } from '../core/connectionImport';
import { connectionFromIcebergProperties } from '../core/iceberg/properties';
import { pyicebergCatalog, readPyicebergFile } from '../core/iceberg/pyicebergConfig';
import { secretVariables, settingEnvName } from '../core/connectionExport';
import { pythonSnippet } from '../core/pythonSnippet';
import {
  formatRecord,
  formatRecordUpdate,
  inertJson,
  jsonText,
  printable,
  printableLine,
  renderBranches,
  renderRows,
  renderStats,
  renderTableDetails,
  renderTags,
  renderViewDetails,
} from './format';
import { CLIENT_KEY_PASSPHRASE } from '../core/transport/network';
import type { NetworkHints } from '../core/transport/transport';

/** A TLS failure in nsb names the flag that fixes it. */
const CLI_HINTS: NetworkHints = {
  caBundle: "give the issuing CA's PEM file with --ca-file FILE (or in NODE_EXTRA_CA_CERTS)",
  clientCertificate: 'give the client certificate and key with --client-cert FILE --client-key FILE',
};
import { HELP, parseArgs, UsageError, type CliOptions } from './args';
import { NSB_VERSION } from './version';

/** Exit codes users script against: 0 ok, 1 a catalog said no (not found, forbidden...), 2 usage or connection errors. */
const EXIT_CATALOG = 1;
const EXIT_USAGE = 2;

interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  /** Auth providers besides the built-ins (for programs that embed the CLI, and tests). */
  providers?: readonly AuthProvider[];
}

export async function main(argv: string[], io: Io): Promise<number> {
  let options: CliOptions;
  try {
    options = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(usageText(e));
      return EXIT_USAGE;
    }
    throw e;
  }
  if (options.help) {
    io.stdout(HELP);
    return 0;
  }
  if (options.printVersion) {
    io.stdout(`nsb ${NSB_VERSION}\n`);
    return 0;
  }
  if (!options.command) {
    io.stderr(`nsb: no command given\n(see nsb --help)\n`);
    return EXIT_USAGE;
  }
  const log = new RequestLog(10_000);
  const runtime = createRuntime({
    log,
    env: io.env,
    hints: CLI_HINTS,
    logger: (level, message) => {
      if (level === 'warn' || level === 'error') io.stderr(`nsb: ${level === 'warn' ? 'warning' : 'error'}: ${printable(message)}\n`);
      else if (options.debug) io.stderr(`nsb: ${level}: ${printable(message)}\n`);
    },
  });
  const registry = runtime.registry;
  for (const p of io.providers ?? []) registry.register(p);
  if (options.command === 'auth-providers') {
    io.stdout(options.json ? `${JSON.stringify(describeProviders(registry), null, 2)}\n` : listProviders(registry));
    return 0;
  }
  if (options.explain) {
    // A record is printed once it is complete; what is added to it afterwards (a note, a better explained error) is
    // printed as an update, not as the whole record again.
    const shown = new Map<string, { notes: number; error?: string }>();
    log.onRecord((r) => {
      if (r.durationMs === undefined) return;
      const seen = shown.get(r.id);
      shown.set(r.id, { notes: r.notes?.length ?? 0, error: r.error?.message });
      if (!seen) return io.stderr(formatRecord(r));
      const update = formatRecordUpdate(r, seen);
      if (update) io.stderr(update);
    });
  }
  if (options.curl) {
    // The same command the inspector copies, once per request, when it has been sent (or failed).
    const printed = new Set<string>();
    log.onRecord((r) => {
      if (r.durationMs === undefined && r.error === undefined) return;
      if (printed.has(r.id)) return;
      printed.add(r.id);
      io.stderr(printableLine(`# ${r.operation} [${r.id}]\n${toCurl(r)}\n`));
    });
  }
  let client: CatalogClient | undefined;
  try {
    const { connection, secrets } = loadConnection(options, registry, io.env, (text) => io.stderr(`nsb: note: ${printable(text)}\n`));
    if (options.command === 'snippet') {
      io.stdout(snippet(connection, secrets, registry, options));
      return 0;
    }
    client = runtime.open(connection, secrets);
    await client.initialize();
    await run(client, options, io);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(usageText(e));
      return EXIT_USAGE;
    }
    const error = isCatalogError(e) ? e : undefined;
    if (!error) {
      io.stderr(`nsb: internal error: ${errorMessage(e)}\n`);
      if (options.debug) io.stderr(`${(e as Error)?.stack}\n`);
      return EXIT_USAGE;
    }
    io.stderr(`nsb: ${error.kind}: ${printable(error.message)}\n`);
    const record = error.recordId ? log.get(error.recordId) : undefined;
    if (record?.comparisons?.length && !options.explain) io.stderr(formatRecord(record));
    if (options.debug && error.stack) io.stderr(`${error.stack}\n`);
    return exitCodeFor(error);
  } finally {
    client?.dispose();
  }
}

function usageText(e: UsageError): string {
  return `nsb: ${printable(e.message)}\n(see nsb --help)\n`;
}

function exitCodeFor(error: CatalogError): number {
  switch (error.kind) {
    case 'config':
    case 'network':
    case 'timeout':
    case 'cancelled':
      return EXIT_USAGE;
    default:
      return EXIT_CATALOG;
  }
}

async function run(client: CatalogClient, options: CliOptions, io: Io): Promise<void> {
  const out = (value: unknown) => io.stdout(jsonText(value));
  const args = options.args;
  const limit = options.pageSize;
  switch (options.command) {
    case 'ls': {
      const ns: Identifier = args;
      const what = ns.length ? `namespace ${client.displayIdentifier(ns)}` : 'the root namespace';
      const namespaces = await allPages((p) => client.listNamespaces(ns, p), `namespaces of ${what}`, { limit });
      const tables = await allPages((p) => client.listTables(ns, p), `tables of ${what}`, { limit });
      // Only protocols with views (Iceberg) add a "views" key; Lance output stays as it was.
      const listViews = client.listViews?.bind(client);
      const views = listViews ? await allPages((p) => listViews(ns, p), `views of ${what}`, { limit }) : undefined;
      const noViews = client.viewsUnavailable?.();
      if (noViews && ns.length) io.stderr(`nsb: note: ${noViews}\n`);
      if (options.json) out(views ? { namespaces, tables, views } : { namespaces, tables });
      else {
        for (const n of namespaces) io.stdout(`namespace  ${printable(n)}\n`);
        for (const t of tables) io.stdout(`table      ${printable(t)}\n`);
        for (const v of views ?? []) io.stdout(`view       ${printable(v)}\n`);
      }
      return;
    }
    case 'describe-namespace': {
      requireIdentifier(args, 'describe-namespace NS...');
      const details = await client.describeNamespace(args);
      if (options.json) out(details);
      else {
        io.stdout(`namespace  ${printable(client.displayIdentifier(args))}\n`);
        const props = Object.entries(details.properties);
        io.stdout(props.length ? 'properties\n' : 'properties (none)\n');
        for (const [k, v] of props) io.stdout(`  ${printable(k)} = ${printable(v)}\n`);
      }
      return;
    }
    case 'describe-table': {
      requireIdentifier(args, 'describe-table TABLE...');
      const at = atOf(options);
      let details: TableDetails;
      if (!at) details = await client.describeTable(args);
      else if (client.describeTableAt) details = await client.describeTableAt(args, at);
      else
        throw new CatalogError(
          'config',
          `--version and --tag read Lance tables at a version; for an Iceberg table, describe-table lists its snapshots and refs`,
        );
      if (options.json) out(details);
      else io.stdout(renderTableDetails(client.displayIdentifier(args), details));
      return;
    }
    case 'describe-view': {
      requireIdentifier(args, 'describe-view VIEW...');
      if (!client.describeView) throw new CatalogError('config', `${client.connection.protocol} catalogs have no views`);
      const view = await client.describeView(args);
      if (options.json) out(view);
      else io.stdout(renderViewDetails(client.displayIdentifier(args), view));
      return;
    }
    case 'versions': {
      requireIdentifier(args, 'versions TABLE...');
      const versions = await client.listVersions(args);
      if (options.json) out(versions);
      else for (const v of versions) io.stdout(`${String(v.version).padStart(6)}  ${v.timestamp ?? '-'}${versionNote(v.metadata)}\n`);
      return;
    }
    case 'indices': {
      requireIdentifier(args, 'indices TABLE...');
      const indices = await client.listIndices(args);
      if (options.json) out(indices);
      else if (indices.length === 0) io.stdout('(no indices)\n');
      else
        for (const i of indices) {
          io.stdout(`${printable(i.name)}  ${i.type ?? '?'}  on ${i.columns.map(printable).join(', ')}${i.status ? `  (${i.status})` : ''}\n`);
          for (const [k, v] of Object.entries(i.stats ?? {})) io.stdout(`  ${printable(k)} = ${printable(String(v))}\n`);
        }
      return;
    }
    case 'head': {
      requireIdentifier(args, 'head TABLE...');
      if (!client.queryTable) throw new CatalogError('config', NO_ROWS);
      const limit = options.limit ?? 10;
      const offset = options.offset ?? 0;
      const answer = await client.queryTable(args, { limit, offset, columns: options.columns, filter: options.filter, at: atOf(options) });
      const set = answer.rows;
      const fields = set.fields;
      if (options.json) {
        // One row per line: a 768-dimension vector pretty-printed would be 768 lines.
        const keys = columnKeys(fields);
        const rows: string[] = [];
        for (let i = 0; i < set.length; i++) rows.push(`  ${inertJson(jsonValueText(rowJson(fields, keys, set.row(i))))}`);
        io.stdout(`{"columns": ${inertJson(JSON.stringify(columnsJson(fields)))},\n "rows": [${rows.length ? `\n${rows.join(',\n')}\n ` : ''}]}\n`);
      } else if (options.csv) {
        const rows = function* () {
          for (let i = 0; i < set.length; i++) yield set.row(i);
        };
        io.stdout(rowsCsv(fields, rows()));
      } else {
        io.stdout(
          renderRows(
            fields,
            Array.from({ length: set.length }, (_, i) => set.row(i)),
          ),
        );
        io.stderr(`(${set.length} row${set.length === 1 ? '' : 's'}${set.length === limit ? `; the next from --offset ${offset + limit}` : ''})\n`);
      }
      return;
    }
    case 'stats': {
      requireIdentifier(args, 'stats TABLE...');
      if (!client.tableStats)
        throw new CatalogError(
          'config',
          "GetTableStats is a Lance operation; for an Iceberg table, describe-table shows each snapshot's summary (total-records, total-files-size)",
        );
      const stats = await client.tableStats(args);
      if (options.json) out(stats);
      else io.stdout(renderStats(client.displayIdentifier(args), stats));
      return;
    }
    case 'tags':
    case 'branches': {
      requireIdentifier(args, `${options.command} TABLE...`);
      const list = options.command === 'tags' ? await listTags(client, args) : await listBranches(client, args);
      if (options.json) out(list);
      else io.stdout(options.command === 'tags' ? renderTags(list as TableTag[]) : renderBranches(list as TableBranch[]));
      return;
    }
    case 'count-rows': {
      requireIdentifier(args, 'count-rows TABLE...');
      const n = await client.countRows(args);
      if (options.json) out({ rows: n });
      else io.stdout(`${n}\n`);
      return;
    }
    default:
      throw new CatalogError('config', `unknown command "${options.command}"`);
  }
}

/** What an Iceberg snapshot adds to its line: the operation, its refs, and whether it is current. */
function versionNote(metadata: Record<string, string> | undefined): string {
  if (!metadata?.['snapshot-id']) return '';
  const parts = [metadata['operation'], metadata['refs'], metadata['current'] === 'true' ? 'current' : undefined].filter((p): p is string => !!p);
  return parts.length ? `  ${parts.map(printable).join('  ')}` : '';
}

/** Why there are no rows for Iceberg tables: the catalog serves metadata; the rows are in files this tool does not read. */
const NO_ROWS =
  "nsb head reads rows through Lance's QueryTable; an Iceberg catalog serves only metadata, and the rows are in data files (Parquet) in object storage, " +
  'which nsb does not read (it would need the storage credentials the catalog vends). Read them with pyiceberg: ' +
  'load_catalog("rest", uri=...).load_table("ns.table").scan(limit=10).to_arrow()';

/** --version or --tag, if given. */
function atOf(options: CliOptions): TableAt | undefined {
  if (options.version !== undefined) return { version: options.version };
  if (options.tag !== undefined) return { tag: options.tag };
  return undefined;
}

/** Lance tags (ListTableTags), or an Iceberg table's tag refs. */
async function listTags(client: CatalogClient, table: Identifier): Promise<TableTag[]> {
  if (client.listTags) return client.listTags(table);
  const refs = (await client.describeTable(table)).iceberg?.refs ?? [];
  return refs.filter((r) => r.type === 'tag').map((r) => ({ name: r.name, snapshotId: r.snapshotId }));
}

/** Lance branches (ListTableBranches), or an Iceberg table's branch refs. */
async function listBranches(client: CatalogClient, table: Identifier): Promise<TableBranch[]> {
  if (client.listBranches) return client.listBranches(table);
  const refs = (await client.describeTable(table)).iceberg?.refs ?? [];
  return refs.filter((r) => r.type === 'branch').map((r) => ({ name: r.name, snapshotId: r.snapshotId, metadata: {} }));
}

/** `nsb snippet python TABLE...`: offline, from the connection alone; a secret is named by its variable, never written. */
function snippet(connection: ConnectionConfig, secrets: ConnectionSecrets, registry: AuthProviderRegistry, options: CliOptions): string {
  const [language, ...table] = options.args;
  if (language !== 'python') throw new UsageError(`nsb snippet takes a language and a table: nsb snippet python TABLE... (not "${language ?? ''}")`);
  requireIdentifier(table, 'snippet python TABLE...');
  const secretVars = secretVariables(connection, registry, (d) => secrets[d.key] !== undefined || !!d.required);
  return pythonSnippet(connection, table, { limit: options.limit ?? 10, secretVars });
}

function requireIdentifier(args: string[], usage: string): void {
  if (args.length === 0) throw new UsageError(`missing identifier: nsb ${usage}`);
}

/** The connection from --connection FILE and the flags (flags win); secrets from the file, flags or environment. */
function loadConnection(
  options: CliOptions,
  registry: AuthProviderRegistry,
  env: Record<string, string | undefined>,
  notes: (text: string) => void,
): { connection: ConnectionConfig; secrets: ConnectionSecrets } {
  let fromFile: Partial<ConnectionConfig> & { secrets?: Record<string, string> } = {};
  if (options.connectionFile) {
    let text: string;
    try {
      text = readFileSync(options.connectionFile, 'utf8');
    } catch (e) {
      throw new CatalogError('config', `cannot read the connection file ${options.connectionFile}: ${(e as NodeJS.ErrnoException).code ?? errorMessage(e)}`);
    }
    try {
      fromFile = JSON.parse(text);
    } catch (e) {
      throw new CatalogError('config', `the connection file ${options.connectionFile} is not valid JSON: ${errorMessage(e)}`);
    }
    if (!fromFile || typeof fromFile !== 'object' || Array.isArray(fromFile))
      throw new CatalogError('config', `the connection file ${options.connectionFile} must hold a JSON object`);
  }
  if (options.propertiesFile || options.pyicebergCatalog) fromFile = importedConnection(options, env, notes);
  const protocol = options.protocol ?? fromFile.protocol ?? DEFAULT_PROTOCOL;
  if (!isProtocolId(protocol)) throw new CatalogError('config', `the connection file ${options.connectionFile}: ${unknownProtocolMessage(protocol)}`);
  if (options.connectionFile) {
    const problems = connectionFieldProblems(fromFile as Record<string, unknown>, protocol, ['secrets']);
    if (problems.length) throw new CatalogError('config', `the connection file ${options.connectionFile}: ${problems.join('; ')}`);
  }
  // A flag nothing reads is an error, as a connection file's field is.
  for (const { field, protocols } of protocolFields()) {
    if (options.fields[field.key] !== undefined && !protocols.includes(protocol)) {
      const only = protocols.join(' or ');
      throw new UsageError(`${field.cli.flag} applies only to ${only} catalogs (this one is ${protocol}; set --protocol ${protocols[0]})`);
    }
  }
  const uri = options.fields.uri ?? fromFile.uri ?? env['NSB_URI'];
  if (!uri) throw new UsageError('no catalog: give --uri URL or --connection FILE (or set NSB_URI)');
  const authType = options.authType ?? fromFile.auth?.type ?? 'none';
  registry.require(authType);
  const { settings, secrets } = authValues(registry, authType, fromFile.auth?.settings ?? {}, fromFile.secrets ?? {}, options.authOptions, env);
  const connection: ConnectionConfig = {
    ...fromFile,
    id: fromFile.id ?? 'cli',
    name: fromFile.name ?? 'nsb',
    protocol,
    ...options.fields,
    uri,
    auth: { type: authType, settings },
    headers: { ...(fromFile.headers ?? {}), ...options.headers },
    caFile: options.caFile ?? fromFile.caFile,
    clientCertFile: options.clientCertFile ?? fromFile.clientCertFile,
    clientKeyFile: options.clientKeyFile ?? fromFile.clientKeyFile,
    ...(options.insecure || fromFile.allowInsecureTls ? { allowInsecureTls: true } : {}),
    requestTimeoutMs: options.timeoutMs ?? fromFile.requestTimeoutMs,
  };
  delete (connection as { secrets?: unknown }).secrets;
  // The client key's passphrase, like every secret, from the environment (or the file's secrets), never a flag.
  const passphrase = env['NSB_CLIENT_KEY_PASSPHRASE'] ?? fromFile.secrets?.[CLIENT_KEY_PASSPHRASE];
  return { connection, secrets: passphrase ? { ...secrets, [CLIENT_KEY_PASSPHRASE]: passphrase } : secrets };
}

/**
 * The connection in `--properties FILE` or pyiceberg's configuration (`--pyiceberg-catalog`), as a connection file
 * would give it. A key nobody reads is a usage error naming it; one read but with no equivalent here is a note.
 */
function importedConnection(
  options: CliOptions,
  env: Record<string, string | undefined>,
  notes: (text: string) => void,
): Partial<ConnectionConfig> & { secrets?: Record<string, string> } {
  let result: ImportResult;
  const source =
    options.propertiesFile !== undefined
      ? `--properties ${options.propertiesFile === '-' ? '- (stdin)' : options.propertiesFile}`
      : `--pyiceberg-catalog ${options.pyicebergCatalog}`;
  try {
    if (options.propertiesFile !== undefined) {
      let text: string;
      try {
        text = readFileSync(options.propertiesFile === '-' ? 0 : options.propertiesFile, 'utf8');
      } catch (e) {
        throw new CatalogError('config', `cannot read ${options.propertiesFile}: ${(e as NodeJS.ErrnoException).code ?? errorMessage(e)}`);
      }
      result = importConnection(text, { env, catalog: options.catalog });
    } else {
      const found = readPyicebergFile(env);
      const chosen = pyicebergCatalog(found?.text, options.pyicebergCatalog, env);
      const where = found ? found.file : 'PYICEBERG_CATALOG__* variables (no .pyiceberg.yaml found)';
      result = {
        ...connectionFromIcebergProperties(chosen.properties, (k) => `catalog.${chosen.name}.${k} (${where})`),
        format: 'pyiceberg-yaml',
        catalogName: chosen.name,
      };
    }
  } catch (e) {
    if (e instanceof ChooseCatalogError) throw new UsageError(`${source}: ${e.message} with --catalog NAME`);
    if (e instanceof PropertiesError) throw new CatalogError('config', `${source}: ${e.message}`);
    throw e;
  }
  if (result.unknown.length) {
    throw new UsageError(
      `${source}: unknown key${result.unknown.length > 1 ? 's' : ''} ${result.unknown.map((k) => `"${k}"`).join(', ')} (no ${IMPORT_FORMAT_LABELS[result.format]} key by that name)`,
    );
  }
  for (const { key, why } of result.unused) notes(`${key} is not used: ${why}`);
  const { auth, ...rest } = result.config;
  return { ...rest, name: result.catalogName ?? 'nsb', auth: { type: auth.type, settings: auth.settings ?? {} }, secrets: result.secrets };
}

/**
 * The auth settings and secrets of a connection, by the provider's descriptors (a wrapped provider's `delegate.*`
 * included): values from the file, then `--auth-opt`, then the environment (the descriptor's variable or
 * NSB_AUTH_<KEY>). Whatever a descriptor calls secret goes to the secrets, wherever it was given.
 */
function authValues(
  registry: AuthProviderRegistry,
  authType: string,
  fileSettings: Record<string, string>,
  fileSecrets: Record<string, string>,
  authOptions: Record<string, string>,
  env: Record<string, string | undefined>,
): { settings: Record<string, string>; secrets: ConnectionSecrets } {
  const given = { ...fileSettings, ...authOptions };
  const descriptors = registry.descriptors(authType, given) ?? [];
  const byKey = new Map(descriptors.map((d) => [d.key, d]));
  for (const k of Object.keys(authOptions)) {
    if (byKey.has(k)) continue;
    const hint = k.startsWith(DELEGATE_PREFIX) && byKey.has(DELEGATE_KEY) ? ` (choose the wrapped provider first: --auth-opt ${DELEGATE_KEY}=NAME)` : '';
    throw new UsageError(`auth type "${authType}" has no setting "${k}"${hint} (settings: ${descriptors.map((d) => d.key).join(', ') || 'none'})`);
  }
  const settings: Record<string, string> = {};
  const secrets: ConnectionSecrets = { ...fileSecrets };
  for (const [k, v] of Object.entries(fileSettings)) {
    if (!byKey.has(k))
      throw new CatalogError(
        'config',
        `the connection file's auth setting "${k}" is not a setting of auth type "${authType}" (settings: ${descriptors.map((d) => d.key).join(', ') || 'none'})`,
      );
    if (isSecret(byKey.get(k)!)) secrets[k] ??= v;
    else settings[k] = v;
  }
  for (const [k, v] of Object.entries(authOptions)) {
    if (isSecret(byKey.get(k)!)) secrets[k] = v;
    else settings[k] = v;
  }
  for (const d of descriptors) {
    const target = isSecret(d) ? secrets : settings;
    if (target[d.key] !== undefined) continue;
    const fromEnv = (d.env ? env[d.env] : undefined) ?? env[settingEnvName({ key: d.key })];
    if (fromEnv !== undefined && fromEnv !== '') target[d.key] = fromEnv;
  }
  return { settings, secrets };
}

function listProviders(registry: AuthProviderRegistry): string {
  const lines: string[] = [];
  for (const p of registry.all()) {
    lines.push(`${p.name}  ${p.displayName}${p.description ? ` — ${p.description}` : ''}`);
    for (const s of p.settings) {
      const flags = [
        s.required ? 'required' : '',
        isSecret(s) ? 'secret' : '',
        s.default !== undefined ? `default ${s.default}` : '',
        s.env ? `env ${s.env}` : '',
      ]
        .filter(Boolean)
        .join(', ');
      lines.push(`    --auth-opt ${s.key}=…  ${s.label}${flags ? ` (${flags})` : ''}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function describeProviders(registry: AuthProviderRegistry): unknown {
  return registry.all().map((p) => ({ name: p.name, displayName: p.displayName, description: p.description, settings: p.settings }));
}

if (require.main === module) {
  // `nsb ls | head`: the reader has all it wanted; stop quietly, as Unix tools do, rather than print EPIPE's stack.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
  main(process.argv.slice(2), {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    env: process.env,
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`nsb: internal error: ${errorMessage(e)}\n`);
      process.exitCode = 2;
    },
  );
}
