// The user's connection definitions (never secrets): one file per connection under the extension's global storage,
// shared by every window's extension host. No `vscode` import here, so the concurrency is unit-tested under Node.
//
// Why files and not globalState: VS Code stores an extension's whole globalState as ONE value and each window
// writes its own in-memory copy of it (extHostMemento: `setValue(shared, extensionId, this._value)`), hearing of
// another window's write ~200 ms later, so two windows saving close together lose one of the saves whatever the
// keys. A file per connection, replaced atomically, means a window only ever writes the connection it changed.
// Removal is a tombstone beside it (`<id>.removed`) that wins over any later write of that id, so a window that
// had not heard of the removal yet cannot bring the connection back.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { CONNECTION_FIELD_TYPES, type ConnectionConfig } from '../../core/connection';
import { FileExistsError, TEMP_PREFIX, processAlive, writeNew, writeReplacing } from './files';

/** The stored shape's version; a newer one is refused by name, never half-read. */
export const RECORD_FORMAT = 1;

/** A user connection as stored: its definition and when it was added and last saved. */
export interface ConnectionRecord {
  readonly connection: ConnectionConfig;
  /** When the connection was added (ISO 8601); kept across edits, so lists keep their order. */
  readonly createdAt: string;
  /** When it was last saved (ISO 8601): of two copies of one connection the later wins (e.g. a Settings Sync merge). */
  readonly savedAt: string;
}

/** A file in the folder that could not be read, with what is wrong with it. */
export interface RecordProblem {
  file: string;
  message: string;
}

/** What a rescan found changed, by connection id. */
export interface RecordsChange {
  added: string[];
  /** Changed in more than the name. */
  changed: string[];
  /** Only the name changed. */
  renamed: string[];
  removed: string[];
}

/** A save in progress (its secret may be stored, its definition not yet), left behind if its process died. */
export interface PendingSave {
  file: string;
  id: string;
  pid: number;
  host: string;
}

/** Thrown when a write targets a connection that was removed (here or in another window). */
export class ConnectionRemovedError extends Error {
  constructor(readonly id: string) {
    super(`the connection ${id} was removed (perhaps in another window)`);
  }
}

/** Thrown when adding a connection whose id is taken. */
export class ConnectionExistsError extends Error {
  constructor(readonly id: string) {
    super(`a connection with the id ${id} exists already`);
  }
}

const RECORD = '.json';
const TOMBSTONE = '.removed';
const PENDING = '.saving';

/** The file name (without extension) of a connection id: the id itself when it is plain, else a hash of it. */
export function fileStem(id: string): string {
  // Plain ids are lowercase (case-insensitive file systems) and not a Windows device name.
  if (/^[a-z0-9][a-z0-9_-]{0,99}$/.test(id) && !/^(con|prn|aux|nul|com\d|lpt\d)$/.test(id)) return id;
  return `_${createHash('sha256').update(id, 'utf8').digest('hex').slice(0, 40)}`;
}

interface Entry {
  record: ConnectionRecord;
  text: string;
}

/** The files' signature at the last scan: a file is read again only when its signature changes. */
interface Seen {
  signature: string;
  parsed: Parsed | undefined;
}

type Parsed = { kind: 'record'; id: string; entry: Entry } | { kind: 'tombstone'; id: string } | { kind: 'problem'; problem: RecordProblem };

export class ConnectionRecords {
  private live = new Map<string, Entry>();
  private tombstones = new Set<string>();
  private seen = new Map<string, Seen>();
  private problemList: RecordProblem[] = [];
  private scanning: Promise<void> | undefined;
  private rescanAgain = false;

  /** `onChange` hears of every change the folder shows, made here or by another process. */
  constructor(
    readonly dir: string,
    private readonly onChange: (change: RecordsChange) => void = () => undefined,
  ) {}

  /** Reads the folder (creating it); synchronous so the first list is there before any view asks. */
  loadSync(): void {
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const files = new Map<string, string>();
    for (const name of fs.readdirSync(this.dir)) {
      if (!isStateFile(name)) continue;
      try {
        files.set(name, fs.readFileSync(path.join(this.dir, name), 'utf8'));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      }
    }
    this.apply(files, new Map());
  }

  /** Reads what changed on disk and reports it; concurrent calls share one scan (and one more if asked meanwhile). */
  rescan(): Promise<void> {
    if (this.scanning) {
      this.rescanAgain = true;
      return this.scanning;
    }
    this.scanning = (async () => {
      try {
        do {
          this.rescanAgain = false;
          await this.scanOnce();
        } while (this.rescanAgain);
      } finally {
        this.scanning = undefined;
      }
    })();
    return this.scanning;
  }

  private async scanOnce(): Promise<void> {
    const names = (await fs.promises.readdir(this.dir).catch(() => [] as string[])).filter(isStateFile);
    const texts = new Map<string, string>();
    const signatures = new Map<string, string>();
    await Promise.all(
      names.map(async (name) => {
        const file = path.join(this.dir, name);
        const stat = await fs.promises.stat(file).catch(() => undefined);
        if (!stat) return;
        const signature = `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
        signatures.set(name, signature);
        if (this.seen.get(name)?.signature === signature) return;
        const text = await fs.promises.readFile(file, 'utf8').catch(() => undefined);
        if (text !== undefined) texts.set(name, text);
      }),
    );
    this.apply(texts, signatures, true);
  }

  /** Folds freshly read files (and, on a rescan, the signatures of unchanged ones) into the cache; reports changes. */
  private apply(texts: Map<string, string>, signatures: Map<string, string>, incremental = false): void {
    const seen = new Map<string, Seen>();
    for (const [name, text] of texts) seen.set(name, { signature: signatures.get(name) ?? '', parsed: parseFile(name, text) });
    if (incremental) for (const [name, signature] of signatures) if (!seen.has(name)) seen.set(name, { signature, parsed: this.seen.get(name)?.parsed });
    this.seen = seen;

    const live = new Map<string, Entry>();
    const tombstones = new Set<string>();
    const problems: RecordProblem[] = [];
    for (const { parsed } of seen.values()) {
      if (parsed?.kind === 'tombstone') tombstones.add(parsed.id);
      else if (parsed?.kind === 'record') live.set(parsed.id, parsed.entry);
      else if (parsed?.kind === 'problem') problems.push(parsed.problem);
    }
    for (const id of tombstones) live.delete(id);
    this.problemList = problems;
    this.commit(live, tombstones);
  }

  private commit(live: Map<string, Entry>, tombstones: Set<string>): void {
    const change: RecordsChange = { added: [], changed: [], renamed: [], removed: [] };
    for (const [id, entry] of live) {
      const before = this.live.get(id);
      if (!before) change.added.push(id);
      else if (before.text !== entry.text) (sameButName(before.record.connection, entry.record.connection) ? change.renamed : change.changed).push(id);
    }
    for (const id of this.live.keys()) if (!live.has(id)) change.removed.push(id);
    this.live = live;
    this.tombstones = tombstones;
    if (change.added.length || change.changed.length || change.renamed.length || change.removed.length) this.onChange(change);
  }

  /** Live connections, in the order they were added. */
  list(): ConnectionRecord[] {
    return [...this.live.values()]
      .map((e) => e.record)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.connection.id.localeCompare(b.connection.id));
  }

  get(id: string): ConnectionRecord | undefined {
    return this.live.get(id)?.record;
  }

  /** Ids in use or used before (removed ones stay taken: a new connection never inherits an old one's tombstone). */
  takenIds(): Set<string> {
    return new Set([...this.live.keys(), ...this.tombstones]);
  }

  /** Files that could not be read as of the last scan. */
  problems(): readonly RecordProblem[] {
    return this.problemList;
  }

  /** Adds a new connection; fails if the id is in use or was used by a removed connection. */
  async add(connection: ConnectionConfig, now = new Date()): Promise<ConnectionRecord> {
    const stem = fileStem(connection.id);
    if (this.tombstones.has(connection.id) || fs.existsSync(path.join(this.dir, stem + TOMBSTONE))) throw new ConnectionRemovedError(connection.id);
    const record: ConnectionRecord = { connection, createdAt: now.toISOString(), savedAt: now.toISOString() };
    try {
      await writeNew(this.dir, stem + RECORD, recordText(record));
    } catch (e) {
      if (e instanceof FileExistsError) throw new ConnectionExistsError(connection.id);
      throw e;
    }
    await this.rescan();
    return record;
  }

  /** Replaces an existing connection's definition; fails if it was removed, before or while writing. */
  async replace(connection: ConnectionConfig, now = new Date()): Promise<ConnectionRecord> {
    const stem = fileStem(connection.id);
    const tombstone = path.join(this.dir, stem + TOMBSTONE);
    // Fresh from disk, not the cache: another window may have removed or edited it a moment ago.
    const current = readRecord(path.join(this.dir, stem + RECORD));
    if (fs.existsSync(tombstone) || !current) throw new ConnectionRemovedError(connection.id);
    const record: ConnectionRecord = { connection, createdAt: current.createdAt, savedAt: laterThan(now, current.savedAt) };
    await writeReplacing(this.dir, stem + RECORD, recordText(record));
    // A removal that landed while we wrote wins: take our file back out and say so.
    if (fs.existsSync(tombstone)) {
      await fs.promises.rm(path.join(this.dir, stem + RECORD), { force: true });
      await this.rescan();
      throw new ConnectionRemovedError(connection.id);
    }
    await this.rescan();
    return record;
  }

  /** Renames a connection, keeping whatever else the file holds now (another window may have edited it). */
  async rename(id: string, name: string, now = new Date()): Promise<ConnectionRecord> {
    const current = readRecord(path.join(this.dir, fileStem(id) + RECORD));
    if (!current) throw new ConnectionRemovedError(id);
    return this.replace({ ...current.connection, name }, now);
  }

  /** Removes a connection for good: the tombstone first (final from that moment), then the definition. */
  async remove(id: string, now = new Date()): Promise<void> {
    const stem = fileStem(id);
    await writeReplacing(this.dir, stem + TOMBSTONE, JSON.stringify({ format: RECORD_FORMAT, id, removedAt: now.toISOString() }) + '\n');
    await fs.promises.rm(path.join(this.dir, stem + RECORD), { force: true });
    await this.rescan();
  }

  /** Whether the connection is removed, asked of the disk (not the cache). */
  isRemoved(id: string): boolean {
    return fs.existsSync(path.join(this.dir, fileStem(id) + TOMBSTONE));
  }

  /** Deletes definition files a tombstone outlived (a write that raced a removal); returns the removed ids. */
  async removedIds(): Promise<string[]> {
    const out: string[] = [];
    for (const name of await fs.promises.readdir(this.dir).catch(() => [] as string[])) {
      if (!name.endsWith(TOMBSTONE)) continue;
      const parsed = parseFile(name, await fs.promises.readFile(path.join(this.dir, name), 'utf8').catch(() => ''));
      if (parsed?.kind !== 'tombstone') continue;
      out.push(parsed.id);
      await fs.promises.rm(path.join(this.dir, fileStem(parsed.id) + RECORD), { force: true });
    }
    return out;
  }

  /**
   * Marks a save of `id` as in progress (by this process) until the returned function is called. If the process dies
   * in between, `pendingSaves` reports it so a survivor can undo a half-done add.
   */
  async beginSave(id: string): Promise<() => Promise<void>> {
    const name = `${fileStem(id)}.${process.pid}-${randomBytes(4).toString('hex')}${PENDING}`;
    const body = { format: RECORD_FORMAT, id, pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString() };
    await writeNew(this.dir, name, JSON.stringify(body) + '\n');
    return () => fs.promises.rm(path.join(this.dir, name), { force: true });
  }

  /** Saves in progress whose process is gone (on this machine). */
  async abandonedSaves(): Promise<PendingSave[]> {
    const out: PendingSave[] = [];
    const host = os.hostname();
    for (const name of await fs.promises.readdir(this.dir).catch(() => [] as string[])) {
      if (!name.endsWith(PENDING)) continue;
      const file = path.join(this.dir, name);
      let o: Record<string, unknown>;
      try {
        o = JSON.parse(await fs.promises.readFile(file, 'utf8')) as Record<string, unknown>;
      } catch {
        continue; // being written or deleted right now (writeNew links complete files only, so not a torn one)
      }
      if (typeof o['id'] !== 'string' || typeof o['pid'] !== 'number' || o['host'] !== host) continue;
      if (!processAlive(o['pid'])) out.push({ file, id: o['id'], pid: o['pid'], host });
    }
    return out;
  }

  /** Whether a definition file for the id exists on disk now. */
  exists(id: string): boolean {
    return fs.existsSync(path.join(this.dir, fileStem(id) + RECORD));
  }

  /**
   * Copies connections from an older store (the globalState list) into files, each only if the folder has neither
   * a definition nor a tombstone for it: idempotent, safe to run in several windows at once, and never undoes a
   * rename or removal made since. Returns the ids it created.
   */
  async importMissing(connections: readonly ConnectionConfig[]): Promise<string[]> {
    const created: string[] = [];
    for (const [i, connection] of connections.entries()) {
      const stem = fileStem(connection.id);
      if (fs.existsSync(path.join(this.dir, stem + TOMBSTONE)) || fs.existsSync(path.join(this.dir, stem + RECORD))) continue;
      // When they were added is not known; the old order is, and every window importing must write the same.
      const at = new Date(i).toISOString();
      try {
        await writeNew(this.dir, stem + RECORD, recordText({ connection, createdAt: at, savedAt: at }));
        created.push(connection.id);
      } catch (e) {
        if (!(e instanceof FileExistsError)) throw e;
      }
    }
    // Also when another window created them all: this one shows them at once.
    await this.rescan();
    return created;
  }
}

function sameButName(a: ConnectionConfig, b: ConnectionConfig): boolean {
  return JSON.stringify({ ...a, name: '' }) === JSON.stringify({ ...b, name: '' });
}

function isStateFile(name: string): boolean {
  return !name.startsWith(TEMP_PREFIX) && (name.endsWith(RECORD) || name.endsWith(TOMBSTONE));
}

/** ISO time of `now`, or just after `previous` if the clock says otherwise (two machines, a clock step). */
function laterThan(now: Date, previous: string): string {
  const prev = Date.parse(previous);
  return Number.isFinite(prev) && prev >= now.getTime() ? new Date(prev + 1).toISOString() : now.toISOString();
}

function recordText(record: ConnectionRecord): string {
  return (
    JSON.stringify(
      { format: RECORD_FORMAT, id: record.connection.id, createdAt: record.createdAt, savedAt: record.savedAt, connection: record.connection },
      null,
      2,
    ) + '\n'
  );
}

function readRecord(file: string): ConnectionRecord | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  const parsed = parseFile(path.basename(file), text);
  if (parsed?.kind === 'record') return parsed.entry.record;
  if (parsed?.kind === 'problem') throw new Error(parsed.problem.message);
  return undefined;
}

const RECORD_KEYS = ['format', 'id', 'createdAt', 'savedAt', 'connection'];
const TOMBSTONE_KEYS = ['format', 'id', 'removedAt'];

/**
 * Every key a stored connection may have: core's CONNECTION_FIELD_TYPES. Not core's connectionFieldProblems: that one
 * also refuses a field the protocol does not read (right for a file written by hand), and a stored connection with
 * such a field must still be shown, not hidden.
 */
const CONNECTION_KEYS = CONNECTION_FIELD_TYPES;

/** Reads one file of the folder strictly: an unknown key or a wrong type is a problem naming it, never skipped. */
export function parseFile(name: string, text: string): Parsed | undefined {
  const problem = (message: string): Parsed => ({ kind: 'problem', problem: { file: name, message: `${name}: ${message}` } });
  let o: unknown;
  try {
    o = JSON.parse(text);
  } catch (e) {
    return problem(`not valid JSON (${(e as Error).message})`);
  }
  if (!isObject(o)) return problem('expected a JSON object');
  if (typeof o['format'] !== 'number') return problem('has no "format" number');
  if (o['format'] > RECORD_FORMAT) return problem(`written by a newer version of Namespace Browser (format ${o['format']}); update the extension to use it`);
  if (typeof o['id'] !== 'string' || !o['id']) return problem('has no "id"');
  const id = o['id'];
  const tombstone = name.endsWith(TOMBSTONE);
  if (`${fileStem(id)}${tombstone ? TOMBSTONE : RECORD}` !== name)
    return problem(`holds the connection "${id}", whose file would be ${fileStem(id)}${tombstone ? TOMBSTONE : RECORD}`);
  const unknown = Object.keys(o).filter((k) => !(tombstone ? TOMBSTONE_KEYS : RECORD_KEYS).includes(k));
  if (unknown.length) return problem(`unknown key${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')}`);
  if (tombstone) return { kind: 'tombstone', id };
  for (const k of ['createdAt', 'savedAt'])
    if (typeof o[k] !== 'string' || !Number.isFinite(Date.parse(o[k] as string))) return problem(`"${k}" should be an ISO date`);
  const connection = o['connection'];
  if (!isObject(connection)) return problem('"connection" should be an object');
  const wrong = checkConnection(connection);
  if (wrong) return problem(wrong);
  if (connection['id'] !== id) return problem(`"connection.id" is "${String(connection['id'])}", not "${id}"`);
  const record: ConnectionRecord = {
    connection: connection as unknown as ConnectionConfig,
    createdAt: o['createdAt'] as string,
    savedAt: o['savedAt'] as string,
  };
  return { kind: 'record', id, entry: { record, text } };
}

function checkConnection(c: Record<string, unknown>): string | undefined {
  for (const [key, value] of Object.entries(c)) {
    const kind = (CONNECTION_KEYS as Record<string, string>)[key];
    if (!kind) return `unknown key "connection.${key}"`;
    if (value === undefined) continue;
    if (kind === 'auth') {
      if (!isObject(value) || typeof value['type'] !== 'string') return '"connection.auth" should be {"type": ..., "settings": {...}}';
      const extra = Object.keys(value).filter((k) => k !== 'type' && k !== 'settings');
      if (extra.length) return `unknown key "connection.auth.${extra[0]}"`;
      if (value['settings'] !== undefined && !isStringMap(value['settings'])) return '"connection.auth.settings" should map names to strings';
    } else if (kind === 'map') {
      if (!isStringMap(value)) return `"connection.${key}" should map names to strings`;
    } else if (typeof value !== kind) {
      return `"connection.${key}" should be a ${kind}`;
    }
  }
  for (const key of ['id', 'name', 'protocol', 'uri'] as const) if (typeof c[key] !== 'string') return `"connection.${key}" is missing`;
  if (!isObject(c['auth'])) return '"connection.auth" is missing';
  return undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

function isStringMap(v: unknown): v is Record<string, string> {
  return isObject(v) && Object.values(v).every((x) => typeof x === 'string');
}
