// One writer of the secret store among the windows of a browser-hosted VS Code. No `vscode` import here.
//
// Why: in code-server, vscode.dev, Codespaces and the like, SecretStorage is a single encrypted blob (code-server:
// localStorage["secrets.provider"]) that each window loads ONCE when its page opens, then serves from memory and
// rewrites whole from that memory on every store or delete (vs/code/browser/workbench/workbench.ts,
// LocalStorageSecretStorageProvider). A window therefore cannot see a secret another window stored after it opened,
// and any write it makes erases every secret stored elsewhere since. Writing less only narrows this; two windows
// that each add a connection lose one secret every time, however far apart. Nothing in the API re-reads the blob.
//
// So the windows (each has its own extension host) elect one leader, and every read and write of our secrets goes
// through the leader's SecretStorage: its memory is the truth and it is the only one that writes. The others keep a
// mirror of what the leader holds (sent when they join, then every change), in memory only. When the leader goes
// away, the next one first writes whatever in its mirror differs from its own (older) memory, then serves.
// Secrets travel only between our own processes, over a local socket in an owner-only folder (a named pipe with a
// random name on Windows) and only after the peer shows the session token from the leader file (owner-only, in the
// extension's global storage); never to disk. A window whose secret storage does not answer (its page is gone but
// the host lingers for reconnection) steps down, and so does a leader that finds the leader file no longer names it.
//
// Measured on code-server 4.100.3 (test/e2e/ui/windows.test.ts): with direct writes every trial of "two windows add
// a connection each" lost a secret; through the broker none did. Desktop VS Code keeps each secret under its own key
// in storage shared by all windows: there the store uses SecretStorage directly (vault.ts) and this is not started.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ConnectionSecrets } from '../../core/connection';
import { FileExistsError, processAlive, writeNew } from './files';
import { normalizeSecrets, sameSecrets, type SecretVault } from './vault';
import { KeyedQueue } from '../../core/keyedQueue';

/** What a window's own secret storage must offer the broker (StorageVault does). */
export interface LocalSecrets {
  get(id: string): Promise<ConnectionSecrets>;
  put(id: string, secrets: ConnectionSecrets): Promise<boolean>;
}

export interface BrokerOptions {
  /** Where the leader file lives: the extension's global storage folder, shared by the windows' hosts. */
  dir: string;
  /** This window's own SecretStorage; written only while this window leads. */
  local: LocalSecrets;
  /** A cheap round trip through this window's secret storage: a window whose storage does not answer may not lead. */
  probe(): Promise<unknown>;
  log(message: string): void;
  /** For tests: this broker's process id and how to tell whether one is alive (default: the real ones). */
  pid?: number;
  alive?: (pid: number) => boolean;
  timeouts?: Partial<Timeouts>;
}

interface Timeouts {
  /** How long a request may wait for an answer, electing included. */
  request: number;
  /** How long the storage probe may take before this window counts as unable to lead. */
  probe: number;
  /** How often a leader checks the leader file and its storage. */
  watch: number;
  /** How long a leader whose process lives may fail to answer before the others take over. */
  unresponsive: number;
}

const DEFAULT_TIMEOUTS: Timeouts = { request: 20_000, probe: 3_000, watch: 1_000, unresponsive: 10_000 };
/** A message longer than this ends the connection (no connection holds anywhere near this many secrets). */
const MAX_MESSAGE = 16 * 1024 * 1024;
const FORMAT = 1;

interface LeaderInfo {
  format: number;
  pid: number;
  host: string;
  address: string;
  token: string;
  startedAt: string;
}

type Request = { type: 'get'; id: string } | { type: 'put'; id: string; secrets: ConnectionSecrets };
type ToLeader = { type: 'hello'; token: string; pid: number } | ({ rid: number } & Request);
type ToFollower =
  | { type: 'welcome'; snapshot: [string, ConnectionSecrets][] }
  | { type: 'changed'; id: string; secrets: ConnectionSecrets }
  | { type: 'reply'; rid: number; secrets?: ConnectionSecrets; written?: boolean; error?: string; retry?: boolean };

interface Pending {
  request: Request;
  resolve(value: ConnectionSecrets | boolean): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
  sent: boolean;
}

/** A leader that stepped down mid-request: the request goes to the next leader. */
class SteppedDown extends Error {}

type Role =
  | { kind: 'electing' }
  | { kind: 'leader'; server: net.Server; info: LeaderInfo; followers: Set<net.Socket>; cleanup(): void; ready: Promise<void> }
  | { kind: 'follower'; socket: net.Socket; info: LeaderInfo }
  | { kind: 'closed' };

export class SecretBroker implements SecretVault {
  readonly ready: Promise<void>;
  private role: Role = { kind: 'electing' };
  /** What the leader holds, as far as this window knows (the leader's own copy when leading). */
  private readonly mirror = new Map<string, ConnectionSecrets>();
  private readonly pending = new Map<number, Pending>();
  private nextRid = 1;
  private electing: Promise<void> | undefined;
  private watchTimer: NodeJS.Timeout | undefined;
  private ticks = 0;
  private readonly queues = new KeyedQueue();
  private readonly listeners = { change: new Set<(id: string) => void>(), lead: new Set<() => void>(), followerLeft: new Set<() => void>() };
  private readonly t: Timeouts;
  private readonly pid: number;
  private readonly alive: (pid: number) => boolean;
  private readonly leaderFile: string;

  constructor(private readonly o: BrokerOptions) {
    this.t = { ...DEFAULT_TIMEOUTS, ...o.timeouts };
    this.pid = o.pid ?? process.pid;
    this.alive = o.alive ?? processAlive;
    this.leaderFile = leaderFilePath(o.dir);
    this.ready = this.elect();
  }

  /** True while this window leads (and so may clean up after crashed saves). */
  get writes(): boolean {
    return this.role.kind === 'leader';
  }

  /** What this window is now, for logs and tests. */
  get state(): 'electing' | 'leader' | 'follower' | 'closed' {
    return this.role.kind;
  }

  get(id: string): Promise<ConnectionSecrets> {
    if (this.role.kind === 'follower' && this.mirror.has(id)) return Promise.resolve({ ...this.mirror.get(id)! });
    return this.request({ type: 'get', id }) as Promise<ConnectionSecrets>;
  }

  put(id: string, secrets: ConnectionSecrets): Promise<boolean> {
    return this.request({ type: 'put', id, secrets: normalizeSecrets(secrets) }) as Promise<boolean>;
  }

  onDidChange(listener: (id: string) => void): { dispose(): void } {
    return this.listen(this.listeners.change, listener);
  }

  /** Fires when this window becomes the leader. */
  onDidLead(listener: () => void): { dispose(): void } {
    return this.listen(this.listeners.lead, listener);
  }

  /** Fires (on the leader) when a follower's connection ends: its window closed or its host died. */
  onDidLoseFollower(listener: () => void): { dispose(): void } {
    return this.listen(this.listeners.followerLeft, listener);
  }

  private listen<T>(set: Set<T>, listener: T): { dispose(): void } {
    set.add(listener);
    return { dispose: () => set.delete(listener) };
  }

  // ---- requests ------------------------------------------------------------------------------------------------

  private request(request: Request): Promise<ConnectionSecrets | boolean> {
    if (this.role.kind === 'closed') return Promise.reject(new Error('the secret store is closed (the window is closing)'));
    return new Promise((resolve, reject) => {
      const rid = this.nextRid++;
      const timer = setTimeout(() => {
        this.pending.delete(rid);
        reject(new Error(`no answer from the window that keeps this editor's secrets within ${this.t.request / 1000} s; try again, or reload the window`));
      }, this.t.request);
      this.pending.set(rid, { request, resolve, reject, timer, sent: false });
      this.dispatch(rid);
    });
  }

  /** Runs a pending request wherever it can run now: here if leading, at the leader if following, later if electing. */
  private dispatch(rid: number): void {
    const p = this.pending.get(rid);
    if (!p || p.sent) return;
    const role = this.role;
    if (role.kind === 'follower') {
      p.sent = true;
      this.send(role.socket, { rid, ...p.request });
    } else if (role.kind === 'leader') {
      p.sent = true;
      void role.ready
        .then(() => this.serve(p.request))
        .then(
          (value) => this.settle(rid, value),
          (e: unknown) => {
            if (e instanceof SteppedDown)
              p.sent = false; // dispatched again after the next election
            else this.fail(rid, e);
          },
        );
    }
  }

  private settle(rid: number, value: ConnectionSecrets | boolean): void {
    const p = this.pending.get(rid);
    if (!p) return;
    this.pending.delete(rid);
    clearTimeout(p.timer);
    p.resolve(value);
  }

  private fail(rid: number, e: unknown): void {
    const p = this.pending.get(rid);
    if (!p) return;
    this.pending.delete(rid);
    clearTimeout(p.timer);
    p.reject(e instanceof Error ? e : new Error(String(e)));
  }

  private redispatch(): void {
    for (const [rid, p] of this.pending) {
      p.sent = false;
      this.dispatch(rid);
    }
  }

  // ---- leading -------------------------------------------------------------------------------------------------

  /** A request served by the leader from its own storage, one at a time per connection. */
  private serve(request: Request): Promise<ConnectionSecrets | boolean> {
    return this.serial(request.id, async () => {
      if (this.role.kind !== 'leader') throw new SteppedDown();
      if (request.type === 'get') {
        if (!this.mirror.has(request.id)) this.mirror.set(request.id, await this.bounded(this.o.local.get(request.id)));
        return { ...this.mirror.get(request.id)! };
      }
      const before = this.mirror.get(request.id);
      const written = await this.bounded(this.o.local.put(request.id, request.secrets));
      this.mirror.set(request.id, request.secrets);
      if (written || !before || !sameSecrets(before, request.secrets)) this.announce(request.id, request.secrets);
      return written;
    });
  }

  /** A leader whose storage stops answering steps down, so the others can elect one whose storage works. */
  private async bounded<T>(op: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), this.t.request / 2)));
    try {
      const result = await Promise.race([op, timeout]);
      if (result === 'timeout') {
        this.stepDown('its secret storage did not answer', { unhealthy: true });
        throw new SteppedDown();
      }
      return result;
    } finally {
      clearTimeout(timer);
    }
  }

  private announce(id: string, secrets: ConnectionSecrets): void {
    if (this.role.kind === 'leader') for (const f of this.role.followers) this.send(f, { type: 'changed', id, secrets });
    for (const l of this.listeners.change) l(id);
  }

  private async tryLead(): Promise<boolean> {
    const { address, cleanup } = newAddress();
    const server = net.createServer((socket) => this.accept(socket));
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(address, () => resolve());
      });
      if (process.platform !== 'win32') await fs.promises.chmod(address, 0o600);
    } catch (e) {
      server.close();
      cleanup();
      throw e;
    }
    const info: LeaderInfo = {
      format: FORMAT,
      pid: this.pid,
      host: os.hostname(),
      address,
      token: randomBytes(32).toString('hex'),
      startedAt: new Date().toISOString(),
    };
    try {
      await writeNew(path.dirname(this.leaderFile), path.basename(this.leaderFile), JSON.stringify(info) + '\n');
    } catch (e) {
      server.close();
      cleanup();
      if (e instanceof FileExistsError) return false;
      throw e;
    }
    let markReady!: () => void;
    const ready = new Promise<void>((resolve) => (markReady = resolve));
    this.role = { kind: 'leader', server, info, followers: new Set(), cleanup, ready };
    this.o.log(`secret store: this window leads (pid ${this.pid})`);
    // The mirror is what the last leader held; this window's storage may be older: bring it up to date first.
    for (const [id, secrets] of this.mirror) {
      try {
        await this.bounded(this.o.local.put(id, secrets));
      } catch (e) {
        if (e instanceof SteppedDown) return true;
        this.o.log(`secret store: could not bring the secrets of ${id} up to date: ${(e as Error).message}`);
      }
    }
    markReady();
    this.watchTimer = setInterval(() => void this.watch(), this.t.watch);
    this.watchTimer.unref?.();
    for (const l of this.listeners.lead) l();
    return true;
  }

  private accept(socket: net.Socket): void {
    let joined = false;
    readMessages(socket, (message: ToLeader) => {
      const role = this.role;
      if (role.kind !== 'leader') return socket.destroy();
      if (!joined) {
        if (message.type !== 'hello' || !sameToken(message.token, role.info.token)) return socket.destroy();
        joined = true;
        role.followers.add(socket);
        void role.ready.then(() => this.send(socket, { type: 'welcome', snapshot: [...this.mirror] }));
        return;
      }
      if (!isRequest(message)) return socket.destroy();
      const { rid, ...request } = message;
      this.serve(request).then(
        (value) => this.send(socket, typeof value === 'boolean' ? { type: 'reply', rid, written: value } : { type: 'reply', rid, secrets: value }),
        (e: unknown) => this.send(socket, { type: 'reply', rid, error: e instanceof Error ? e.message : String(e), retry: e instanceof SteppedDown }),
      );
    });
    socket.on('close', () => {
      if (this.role.kind === 'leader' && this.role.followers.delete(socket)) for (const l of this.listeners.followerLeft) l();
    });
    socket.on('error', () => socket.destroy());
  }

  /** The leader's watch: the leader file must still name it (every tick), and its storage must answer (every 5th). */
  private async watch(): Promise<void> {
    const role = this.role;
    if (role.kind !== 'leader') return;
    const info = await this.readLeader();
    if (this.role !== role) return;
    if (info?.token !== role.info.token) return this.stepDown('the leader file no longer names this window', { removeFile: false });
    if (++this.ticks % 5 !== 0) return;
    const answered = await Promise.race([
      this.o.probe().then(
        () => true,
        () => true,
      ),
      sleep(this.t.probe).then(() => false),
    ]);
    if (!answered && this.role === role) this.stepDown('its secret storage did not answer', { unhealthy: true });
  }

  private stepDown(reason: string, { unhealthy = false, removeFile = true }: { unhealthy?: boolean; removeFile?: boolean }): void {
    const role = this.role;
    if (role.kind !== 'leader') return;
    this.o.log(`secret store: this window stops leading: ${reason}`);
    clearInterval(this.watchTimer);
    this.role = { kind: 'electing' };
    this.closeLeader(role);
    if (removeFile) void this.removeLeaderFile(role.info);
    // An unhealthy window waits so that a healthy one can take over first.
    void (unhealthy ? sleep(this.t.probe) : Promise.resolve()).then(() => this.elect());
    this.ticks = 0;
  }

  private closeLeader(role: Extract<Role, { kind: 'leader' }>): void {
    for (const f of role.followers) f.destroy();
    role.server.close();
    role.cleanup();
  }

  // ---- following and electing ----------------------------------------------------------------------------------

  /** Runs an election unless one runs; it goes on until this window leads or follows (again after a step-down). */
  private elect(): Promise<void> {
    this.electing ??= (async () => {
      try {
        while (this.role.kind === 'electing') await this.runElection();
      } finally {
        this.electing = undefined;
        this.redispatch();
      }
    })();
    return this.electing;
  }

  private async runElection(): Promise<void> {
    let silent: { token: string; since: number } | undefined;
    for (let attempt = 0; this.role.kind === 'electing'; attempt++) {
      try {
        const info = await this.readLeader();
        if (info) {
          if (await this.tryFollow(info)) continue;
          if (silent?.token !== info.token) silent = { token: info.token, since: Date.now() };
          const gone = info.host !== os.hostname() || !this.alive(info.pid) || Date.now() - silent.since > this.t.unresponsive;
          if (gone) {
            this.o.log(`secret store: the leading window (pid ${info.pid}) is gone; taking over`);
            await this.removeLeaderFile(info);
            removeStaleAddress(info.address);
          } else {
            await sleep(Math.min(50 * 2 ** attempt, 1_000));
          }
          continue;
        }
        const healthy = await Promise.race([
          this.o.probe().then(
            () => true,
            () => true,
          ),
          sleep(this.t.probe).then(() => false),
        ]);
        if (!healthy) {
          await sleep(this.t.probe);
          continue;
        }
        if (await this.tryLead()) continue;
      } catch (e) {
        this.o.log(`secret store: electing a leader failed (${(e as Error).message}); trying again`);
        await sleep(Math.min(100 * 2 ** attempt, 2_000));
      }
    }
  }

  private async tryFollow(info: LeaderInfo): Promise<boolean> {
    const socket = net.connect(info.address);
    socket.on('error', () => undefined);
    // Changes the leader sends right behind its welcome arrive before this window counts as following: keep them.
    const early: ToFollower[] = [];
    let welcomed = false;
    const welcome = await new Promise<ToFollower | undefined>((resolve) => {
      const timer = setTimeout(() => finish(undefined), 3_000);
      const finish = (m: ToFollower | undefined) => {
        clearTimeout(timer);
        resolve(m);
      };
      socket.once('connect', () => this.send(socket, { type: 'hello', token: info.token, pid: this.pid }));
      socket.once('close', () => finish(undefined));
      readMessages(socket, (message: ToFollower) => {
        if (this.role.kind === 'follower' && this.role.socket === socket) return this.onLeaderMessage(message);
        if (welcomed) return void early.push(message);
        if (message.type === 'welcome') {
          welcomed = true;
          finish(message);
        }
      });
    });
    if (welcome?.type !== 'welcome' || this.role.kind !== 'electing' || socket.destroyed) {
      socket.destroy();
      return false;
    }
    for (const [id, secrets] of welcome.snapshot) this.mirror.set(id, secrets);
    this.role = { kind: 'follower', socket, info };
    for (const message of early) this.onLeaderMessage(message);
    socket.on('close', () => {
      if (this.role.kind !== 'follower' || this.role.socket !== socket) return;
      this.o.log('secret store: the leading window went away; electing another');
      this.role = { kind: 'electing' };
      void this.elect();
    });
    return true;
  }

  private onLeaderMessage(message: ToFollower): void {
    if (message.type === 'changed') {
      this.mirror.set(message.id, message.secrets);
      for (const l of this.listeners.change) l(message.id);
    } else if (message.type === 'reply') {
      const p = this.pending.get(message.rid);
      if (!p) return;
      if (message.error !== undefined) {
        if (message.retry)
          p.sent = false; // the leader stepped down; the next one gets it
        else this.fail(message.rid, new Error(message.error));
        return;
      }
      if (p.request.type === 'get' && message.secrets) this.mirror.set(p.request.id, message.secrets);
      if (p.request.type === 'put') this.mirror.set(p.request.id, p.request.secrets);
      this.settle(message.rid, message.secrets ?? message.written ?? false);
    }
  }

  private async readLeader(): Promise<LeaderInfo | undefined> {
    let text: string;
    try {
      text = await fs.promises.readFile(this.leaderFile, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
    try {
      const o = JSON.parse(text) as Partial<LeaderInfo>;
      if (typeof o.pid === 'number' && typeof o.address === 'string' && typeof o.token === 'string' && typeof o.host === 'string') return o as LeaderInfo;
    } catch {
      // fall through: unreadable
    }
    // Written whole by a link, so never torn: unreadable means a foreign or broken file. Out of the way with it.
    await fs.promises.rm(this.leaderFile, { force: true });
    return undefined;
  }

  /**
   * Removes the leader file if it still is the one described by `info`. Moved aside first, then checked: a file
   * published meanwhile by a new leader is put back, so a slow contender never unseats a fresh leader for long (and
   * if it did, that leader's watch notices within a second and steps down).
   */
  private async removeLeaderFile(info: LeaderInfo): Promise<void> {
    const aside = `${this.leaderFile}.${randomBytes(4).toString('hex')}.old`;
    try {
      await fs.promises.rename(this.leaderFile, aside);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw e;
    }
    try {
      const moved = JSON.parse(await fs.promises.readFile(aside, 'utf8')) as Partial<LeaderInfo>;
      if (moved.token !== info.token) await fs.promises.link(aside, this.leaderFile).catch(() => undefined);
    } catch {
      // unreadable: it goes
    } finally {
      await fs.promises.rm(aside, { force: true });
    }
  }

  // ---- plumbing ------------------------------------------------------------------------------------------------

  private send(socket: net.Socket, message: ToLeader | ToFollower): void {
    if (!socket.destroyed) socket.write(JSON.stringify(message) + '\n');
  }

  private serial<T>(id: string, op: () => Promise<T>): Promise<T> {
    return this.queues.run(id, op);
  }

  /** For tests: dies like a killed process would (no goodbye, the leader file stays behind). */
  crashForTest(): void {
    const role = this.role;
    this.role = { kind: 'closed' };
    clearInterval(this.watchTimer);
    if (role.kind === 'leader') this.closeLeader(role);
    if (role.kind === 'follower') role.socket.destroy();
  }

  dispose(): void {
    const role = this.role;
    this.role = { kind: 'closed' };
    clearInterval(this.watchTimer);
    if (role.kind === 'leader') {
      this.closeLeader(role);
      // Synchronously: the host may exit right after deactivate. Only our own file goes (a successor's stays).
      try {
        if ((JSON.parse(fs.readFileSync(this.leaderFile, 'utf8')) as Partial<LeaderInfo>).token === role.info.token)
          fs.rmSync(this.leaderFile, { force: true });
      } catch {
        // already gone or replaced
      }
    }
    if (role.kind === 'follower') role.socket.destroy();
    for (const rid of [...this.pending.keys()]) this.fail(rid, new Error('the secret store is closed (the window is closing)'));
    for (const set of Object.values(this.listeners)) set.clear();
  }
}

/** The leader file: one per machine, so a home folder shared by several machines does not join their windows. */
export function leaderFilePath(dir: string): string {
  return path.join(dir, `secrets-leader-${createHash('sha256').update(os.hostname()).digest('hex').slice(0, 12)}.json`);
}

/** A fresh address to listen on: a socket in a new owner-only folder, or a randomly named pipe on Windows. */
function newAddress(): { address: string; cleanup(): void } {
  if (process.platform === 'win32') return { address: `\\\\.\\pipe\\nsb-secrets-${randomBytes(16).toString('hex')}`, cleanup: () => undefined };
  // mkdtemp makes the folder 0700. Socket paths are limited to ~104 bytes, hence the short temporary folder.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nsb-'));
  return { address: path.join(dir, 's'), cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** The socket folder a crashed leader left in the temporary folder (only ever one of ours: nsb-XXXXXX/s). */
function removeStaleAddress(address: string): void {
  const dir = path.dirname(address);
  if (process.platform !== 'win32' && path.basename(address) === 's' && path.dirname(dir) === os.tmpdir() && /^nsb-[A-Za-z0-9]{6}$/.test(path.basename(dir))) {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function readMessages<T>(socket: net.Socket, onMessage: (message: T) => void): void {
  let buffer = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    if (buffer.length > MAX_MESSAGE) return socket.destroy();
    for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      let message: T;
      try {
        message = JSON.parse(line) as T;
      } catch {
        return socket.destroy();
      }
      onMessage(message);
    }
  });
}

function isRequest(m: ToLeader): m is { rid: number } & Request {
  const o = m as unknown as Record<string, unknown>;
  if (typeof o['rid'] !== 'number' || typeof o['id'] !== 'string') return false;
  if (o['type'] === 'get') return true;
  const secrets = o['secrets'];
  return o['type'] === 'put' && !!secrets && typeof secrets === 'object' && Object.values(secrets).every((v) => typeof v === 'string');
}

function sameToken(a: unknown, b: string): boolean {
  if (typeof a !== 'string' || a.length !== b.length) return false;
  return timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref?.());
}
