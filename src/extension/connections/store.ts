import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AuthProviderRegistry } from '../../core/auth/registry';
import type { ConnectionConfig, ConnectionSecrets } from '../../core/connection';
import type { ConnectionStoreApi, ConnectionsChange, StoredConnection } from '../services';
import { applies, isSecret } from '../../core/auth/descriptors';
import { removeStaleTemps, writeReplacing } from './files';
import { ConnectionRecords, ConnectionRemovedError, type RecordProblem } from './records';
import { RestrictedWorkspaceSettings } from './restrictedSettings';
import { SecretBroker } from './secretBroker';
import { teamConnections } from './teamConnections';
import { SECRET_PREFIX, StorageVault, normalizeSecrets, sameSecrets, type SecretVault } from './vault';

/** Where releases before the file store kept the user's connections: `{version: 1, connections}` in globalState. */
const LEGACY_STATE_KEY = 'namespaceBrowser.connections';
/** Beside the connection files: a hash of the globalState list last imported, so an unchanged list is not re-read. */
const IMPORT_MARKER = '.imported-globalstate';
/**
 * Settings Sync: the user's connection definitions (never secrets) roam in this globalState key
 * (`setKeysForSync`). Each machine writes its list there and adds the connections it has never had, once: a
 * connection removed here (a tombstone) does not come back, and its secrets are asked for on first use here.
 */
const SYNC_KEY = 'namespaceBrowser.sync.connections';
/** A key never stored: reading it is a round trip through the window's secret storage, to see that it answers. */
const PROBE_KEY = 'namespaceBrowser.probe';
/**
 * Test hook: a folder. A save of a new connection then stops between its two writes (the secret is stored, the
 * definition not yet), writes `save-paused-<pid>` there and waits forever, so a test can kill the extension host at
 * exactly that point.
 */
const PAUSE_HOOK = 'NSB_TEST_PAUSE_BETWEEN_WRITES';
/**
 * Test hook: a folder. Each write (save, rename, remove) first writes `waiting-<name>` there (its content says what
 * it is) and waits for `go-<name>`, so a test can release writes of two windows at the same instant.
 */
const GATE_HOOK = 'NSB_TEST_WRITE_GATE';
/** How often a window that writes the secret store cleans up after crashed saves (also after each window leaves). */
const SWEEP_INTERVAL_MS = 30_000;
/** Watch events can be missed (network file systems, an exhausted inotify limit): a poll (a stat per file) backs them up. */
const POLL_MS = 2_000;

/**
 * Connections: the user's own as one file each under the extension's global storage (records.ts: no secrets, safe
 * with several windows, removal final), the team's from the setting `namespaceBrowser.connections` (no secrets
 * either), and every secret in SecretStorage under the connection's id as one JSON object (vault.ts; in a browser
 * through one elected window, secretBroker.ts).
 *
 * A save writes the secret first and the definition second, so a crash leaves nothing or a whole connection: a new
 * connection's save is marked in progress until both are written, and a window that writes the secret store deletes
 * the secret of a save whose process died before its definition landed (and the secrets of removed connections).
 */
export class ConnectionStore implements ConnectionStoreApi, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<ConnectionsChange>();
  readonly onDidChange = this.emitter.event;
  /** Settles when connections from an older release are imported (list() is usable before, and fires as they come). */
  readonly ready: Promise<void>;
  private readonly records: ConnectionRecords;
  private readonly vault: SecretVault;
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly reported = new Set<string>();
  /** Removed connections whose secrets are known deleted: a sweep asks the secret store about each only once. */
  private readonly swept = new Set<string>();
  private sweeping: Promise<void> | undefined;
  /** The workspace's entries while it is untrusted (VS Code hides them from inspect() then). */
  private readonly restricted = new RestrictedWorkspaceSettings();

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly registry: AuthProviderRegistry,
    private readonly log: vscode.LogOutputChannel,
  ) {
    if (context.globalStorageUri.scheme !== 'file') {
      throw new Error(`Namespace Browser needs its global storage on disk, got ${context.globalStorageUri.toString()}`);
    }
    this.records = new ConnectionRecords(path.join(context.globalStorageUri.fsPath, 'connections'), (change) => {
      this.reportProblems();
      this.emitter.fire({ definitions: [...change.added, ...change.changed, ...change.removed], renamed: change.renamed, secrets: [], team: false });
    });
    this.records.loadSync();
    this.reportProblems();
    this.vault = this.openVault();
    this.watch();
    this.ready = this.importLegacy()
      .catch((e: unknown) => {
        this.log.error(`could not import the connections of an older release: ${e instanceof Error ? e.message : String(e)}`);
      })
      .then(() => this.importSynced())
      .then(() => this.publishForSync());
    context.globalState.setKeysForSync([SYNC_KEY]);
    const team = () => this.emitter.fire({ definitions: [], renamed: [], secrets: [], team: true });
    this.subscriptions.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('namespaceBrowser.connections')) team();
      }),
      // The workspace's shared connections become usable.
      vscode.workspace.onDidGrantWorkspaceTrust(team),
      this.restricted,
      this.restricted.onDidChange(team),
      this.emitter.event((change) => {
        if (!change.team && (change.definitions.length || change.renamed.length)) void this.publishForSync();
      }),
      // Synced state arrives without an event: a window coming to the front looks for what another machine added.
      vscode.window.onDidChangeWindowState((w) => {
        if (w.focused) void this.importSynced();
      }),
    );
    const sweep = () => void this.sweep();
    if (this.vault.writes) void this.vault.ready.then(sweep);
    const timer = setInterval(sweep, SWEEP_INTERVAL_MS);
    timer.unref?.();
    this.timers.push(timer);
  }

  /**
   * Desktop VS Code keeps each secret under its own key in storage all windows share: SecretStorage directly. A
   * browser-hosted one keeps one blob per window (see secretBroker.ts): through the elected window.
   */
  private openVault(): SecretVault {
    const local = new StorageVault(this.context.secrets);
    if (vscode.env.uiKind !== vscode.UIKind.Web) {
      this.subscriptions.push(this.context.secrets.onDidChange((e) => e.key.startsWith(SECRET_PREFIX) && local.fire(e.key.slice(SECRET_PREFIX.length))));
      local.onDidChange((id) => this.emitter.fire({ definitions: [], renamed: [], secrets: [id], team: false }));
      return local;
    }
    const broker = new SecretBroker({
      dir: this.context.globalStorageUri.fsPath,
      local,
      probe: async () => this.context.secrets.get(PROBE_KEY),
      log: (m) => this.log.info(m),
    });
    broker.onDidChange((id) => this.emitter.fire({ definitions: [], renamed: [], secrets: [id], team: false }));
    broker.onDidLead(() => void this.sweep());
    // A window that left may have died mid-save; its process is gone a moment after its connection closes.
    broker.onDidLoseFollower(() => void setTimeout(() => void this.sweep(), 1_000).unref?.());
    return broker;
  }

  /** Every window shows another's change within moments: a watcher on the folder, and a poll behind it. */
  private watch(): void {
    let debounce: NodeJS.Timeout | undefined;
    const rescan = () => {
      clearTimeout(debounce);
      debounce = setTimeout(() => void this.records.rescan().catch((e: unknown) => this.log.warn(`reading connections failed: ${String(e)}`)), 25);
    };
    try {
      const watcher = fs.watch(this.records.dir, { persistent: false }, rescan);
      watcher.on('error', (e) =>
        this.log.warn(`watching ${this.records.dir} failed (${e.message}); changes from other windows show within ${POLL_MS / 1000} s`),
      );
      this.subscriptions.push({ dispose: () => watcher.close() });
    } catch (e) {
      this.log.warn(`cannot watch ${this.records.dir} (${(e as Error).message}); changes from other windows show within ${POLL_MS / 1000} s`);
    }
    const poll = setInterval(rescan, POLL_MS);
    poll.unref?.();
    this.timers.push(poll);
    this.subscriptions.push({ dispose: () => clearTimeout(debounce) });
  }

  list(): StoredConnection[] {
    const user = this.records.list().map((r) => ({ ...r.connection, source: 'user' as const }));
    return [...user, ...this.teamConnections(user)];
  }

  get(id: string): StoredConnection | undefined {
    return this.list().find((c) => c.id === id);
  }

  /** Ids no new connection may take: the ones in use and those of removed connections. */
  takenIds(): Set<string> {
    const taken = this.records.takenIds();
    for (const c of this.list()) taken.add(c.id);
    return taken;
  }

  async save(connection: ConnectionConfig, secrets?: ConnectionSecrets): Promise<StoredConnection> {
    const clean = this.withoutSecrets(connection);
    await this.gateForTest(`save ${clean.name}`);
    const started = Date.now();
    const existing = this.records.get(clean.id) ?? (this.records.exists(clean.id) ? true : undefined);
    if (!existing) {
      // New: secret first, definition second, marked in progress so a crash in between is undone (see sweep).
      const done = await this.records.beginSave(clean.id);
      if (secrets && Object.keys(normalizeSecrets(secrets)).length) await this.vault.put(clean.id, secrets);
      await this.pauseForTest();
      await this.records.add(clean);
      await done();
    } else if (secrets) {
      // An edit: the old secrets stay next to the new until the new definition is written, so the stored
      // definition always finds the secrets it needs, whenever a crash comes.
      const before = await this.vault.get(clean.id);
      const next = normalizeSecrets(secrets);
      await this.vault.put(clean.id, { ...before, ...next });
      await this.records.replace(clean);
      if (!sameSecrets({ ...before, ...next }, next)) await this.vault.put(clean.id, next);
    } else {
      await this.records.replace(clean);
    }
    this.log.info(`saved connection "${clean.name}" (${clean.id}${secrets ? ', with its secrets' : ''}) in ${Date.now() - started} ms`);
    return { ...clean, source: 'user' };
  }

  /** Renames a user connection: only its definition is written (the secrets are keyed by id and stay). */
  async rename(id: string, name: string): Promise<StoredConnection> {
    await this.gateForTest(`rename ${id}`);
    const record = await this.records.rename(id, name);
    this.log.info(`renamed connection ${id} to "${name}"`);
    return { ...record.connection, source: 'user' };
  }

  async remove(id: string): Promise<void> {
    await this.gateForTest(`remove ${id}`);
    // The tombstone makes the removal final at once; the secrets go next (or, if that fails, at the next sweep).
    await this.records.remove(id);
    this.log.info(`removed connection ${id}`);
    try {
      await this.vault.put(id, {});
      this.swept.add(id);
    } catch (e) {
      this.log.warn(`the secrets of removed connection ${id} are deleted later: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  async secrets(id: string): Promise<ConnectionSecrets> {
    return this.vault.get(id);
  }

  async setSecrets(id: string, secrets: ConnectionSecrets): Promise<void> {
    // A connection removed meanwhile (here or in another window) gets no secrets back.
    if (this.records.isRemoved(id)) throw new ConnectionRemovedError(id);
    await this.vault.put(id, secrets);
  }

  async ensureSecrets(connection: StoredConnection): Promise<ConnectionSecrets | undefined> {
    const secrets = await this.secrets(connection.id);
    const settings = connection.auth.settings ?? {};
    // Includes a wrapped provider's settings (sigv4 `delegate.*`), whose secrets are kept the same way.
    const descriptors = this.registry.descriptors(connection.auth.type, settings);
    if (!descriptors) return secrets;
    const missing = descriptors.filter((d) => isSecret(d) && d.required && !secrets[d.key] && applies(d, descriptors, settings));
    if (missing.length === 0) return secrets;
    for (const d of missing) {
      const value = await vscode.window.showInputBox({
        title: `${connection.name}: ${d.label}`,
        // The host is named: typing a secret here is what lets a workspace's connection send it there.
        prompt: `${d.label} for connection "${connection.name}", sent to ${originOf(connection.uri)} (kept in the OS secret store, asked only once)`,
        password: true,
        ignoreFocusOut: true,
      });
      if (value === undefined) return undefined;
      secrets[d.key] = value;
    }
    await this.setSecrets(connection.id, secrets);
    return secrets;
  }

  /**
   * Cleans up after crashes, in the window that writes the secret store: the secret of a new connection whose save
   * died before its definition was written, the secrets of removed connections, and half-written files.
   */
  sweep(): Promise<void> {
    this.sweeping ??= (async () => {
      try {
        if (!this.vault.writes) return;
        for (const pending of await this.records.abandonedSaves()) {
          if (!this.records.exists(pending.id)) {
            await this.vault.put(pending.id, {});
            this.log.info(`undid an unfinished save of connection ${pending.id} (its window stopped at pid ${pending.pid})`);
          }
          await fs.promises.rm(pending.file, { force: true });
        }
        for (const id of await this.records.removedIds()) {
          if (this.swept.has(id)) continue;
          await this.vault.put(id, {});
          this.swept.add(id);
        }
        await removeStaleTemps(this.records.dir, 60_000);
      } catch (e) {
        this.log.warn(`cleaning up after interrupted saves failed: ${e instanceof Error ? e.message : String(e)}`);
      } finally {
        this.sweeping = undefined;
      }
    })();
    return this.sweeping;
  }

  /** The user's definitions, for Settings Sync to carry to the user's other machines (secrets never leave). */
  private async publishForSync(): Promise<void> {
    const connections = this.records.list().map((r) => this.withoutSecrets(r.connection));
    const value = { version: 1, connections };
    if (JSON.stringify(this.context.globalState.get(SYNC_KEY)) === JSON.stringify(value)) return;
    await this.context.globalState
      .update(SYNC_KEY, value)
      .then(undefined, (e: unknown) => this.log.warn(`could not share connections with Settings Sync: ${String(e)}`));
  }

  /** Adds the connections another machine synced that this one never had (nor removed). */
  async importSynced(): Promise<void> {
    try {
      const synced = legacyConnections(this.context.globalState.get<unknown>(SYNC_KEY)).map((c) => this.withoutSecrets(c));
      const created = await this.records.importMissing(synced);
      if (created.length)
        this.log.info(`added ${created.length} connection(s) from Settings Sync: ${created.join(', ')}; their secrets are asked for on first use`);
    } catch (e) {
      this.log.warn(`could not read the connections from Settings Sync: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** Imports the globalState list of older releases, once per distinct list (it is left in place for a downgrade). */
  async importLegacy(): Promise<void> {
    const legacy = this.context.globalState.get<unknown>(LEGACY_STATE_KEY);
    if (legacy === undefined) return;
    const hash = createHash('sha256').update(JSON.stringify(legacy)).digest('hex');
    const marker = path.join(this.records.dir, IMPORT_MARKER);
    if ((await fs.promises.readFile(marker, 'utf8').catch(() => '')).trim() === hash) return;
    const connections = legacyConnections(legacy).map((c) => this.withoutSecrets(c));
    const created = await this.records.importMissing(connections);
    if (created.length) this.log.info(`imported ${created.length} connection(s) from an older release: ${created.join(', ')}`);
    await writeReplacing(this.records.dir, IMPORT_MARKER, hash + '\n');
  }

  private reportProblems(): void {
    for (const p of this.records.problems()) this.reportProblem(p);
  }

  private reportProblem(p: RecordProblem): void {
    if (this.reported.has(p.message)) return;
    this.reported.add(p.message);
    this.log.error(`a connection file cannot be read: ${p.message} (in ${this.records.dir})`);
    void vscode.window.showWarningMessage(`Namespace Browser: a saved connection cannot be read and is not shown: ${p.message}`, 'Show Log').then((c) => {
      if (c) this.log.show(true);
    });
  }

  private async gateForTest(what: string): Promise<void> {
    const dir = process.env[GATE_HOOK];
    if (!dir) return;
    const name = `${process.pid}-${randomBytes(4).toString('hex')}`;
    const waiting = path.join(dir, `waiting-${name}`);
    const go = path.join(dir, `go-${name}`);
    writeMarker(waiting, what);
    while (!fs.existsSync(go)) await new Promise((r) => setTimeout(r, 2));
    fs.rmSync(go, { force: true });
    fs.rmSync(waiting, { force: true });
  }

  private async pauseForTest(): Promise<void> {
    const dir = process.env[PAUSE_HOOK];
    if (!dir) return;
    writeMarker(path.join(dir, `save-paused-${process.pid}`), String(process.pid));
    await new Promise<never>(() => undefined);
  }

  /**
   * Team connections from the setting, the user's and the workspace's entries apart (inspect, not get: get would
   * hide one behind the other, and tell no workspace entry from a user's). Invalid entries come back as rows that
   * say why; a workspace's are listed but not used in Restricted Mode.
   */
  private teamConnections(user: readonly StoredConnection[]): StoredConnection[] {
    const inspected = vscode.workspace.getConfiguration('namespaceBrowser').inspect<unknown>('connections');
    const trusted = vscode.workspace.isTrusted;
    return teamConnections(
      {
        user: inspected?.globalValue,
        workspace: trusted ? inspected?.workspaceValue : this.restricted.value,
        workspaceTrusted: trusted,
        taken: new Map(user.map((c) => [c.id, c.name])),
      },
      this.registry,
    );
  }

  /** Drop any secret setting before the connection is persisted or shown. */
  private withoutSecrets(connection: ConnectionConfig): ConnectionConfig {
    const settings = { ...(connection.auth.settings ?? {}) };
    for (const d of this.registry.descriptors(connection.auth.type, settings) ?? []) if (isSecret(d)) delete settings[d.key];
    return { ...connection, auth: { type: connection.auth.type, settings } };
  }

  dispose(): void {
    for (const t of this.timers) clearInterval(t);
    for (const s of this.subscriptions) s.dispose();
    this.vault.dispose();
    this.emitter.dispose();
  }
}

function originOf(uri: string): string {
  try {
    return new URL(uri).origin;
  } catch {
    return uri;
  }
}

/** The connections of the globalState list older releases kept (`{version: 1, connections}` or a bare list). */
export function legacyConnections(value: unknown): ConnectionConfig[] {
  if (!value || typeof value !== 'object') return [];
  const o = value as { connections?: unknown };
  const list = Array.isArray(o.connections) ? o.connections : Array.isArray(value) ? (value as unknown[]) : [];
  return list.filter(
    (c): c is ConnectionConfig =>
      !!c && typeof c === 'object' && typeof (c as ConnectionConfig).id === 'string' && typeof (c as ConnectionConfig).uri === 'string',
  );
}

/** A test hook's marker file, written aside and renamed into place: a test polling the folder never reads it half-written. */
function writeMarker(file: string, content: string): void {
  const aside = path.join(path.dirname(file), `.part-${path.basename(file)}`);
  fs.writeFileSync(aside, content);
  fs.renameSync(aside, file);
}
