// The connection store's parts under plain Node: connection files shared by several processes, the secret vault's
// write discipline, and the broker that makes one window the only writer of a browser's secret blob.
import * as assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { promisify } from 'node:util';
import type { ConnectionConfig } from '../../src/core/connection';
import { ConnectionExistsError, ConnectionRecords, ConnectionRemovedError, fileStem, type RecordsChange } from '../../src/extension/connections/records';
import { SecretBroker, leaderFilePath } from '../../src/extension/connections/secretBroker';
import { StorageVault, secretKey, type SecretStorageLike } from '../../src/extension/connections/vault';
import { LocalStorageModel, type BrowserWindowSecrets } from '../support/browserSecrets';

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nsb-store-'));
  dirs.push(dir);
  return dir;
}
after(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

const conn = (id: string, name = id, more: Partial<ConnectionConfig> = {}): ConnectionConfig => ({
  id,
  name,
  protocol: 'lance-rest',
  uri: 'http://127.0.0.1:9',
  auth: { type: 'bearer', settings: {} },
  ...more,
});

const worker = path.join(__dirname, '../support/recordsWorker.ts');
function runWorker(...args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', worker, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`worker ${args.join(' ')} exited ${code}: ${err}`))));
  });
}

describe('connection files', () => {
  test('add, list in order, rename, replace, remove; a removed id stays taken', async () => {
    const records = new ConnectionRecords(tempDir());
    records.loadSync();
    await records.add(conn('b', 'Bravo'), new Date('2025-01-01T00:00:00Z'));
    await records.add(conn('a', 'Alpha'), new Date('2025-01-02T00:00:00Z'));
    assert.deepEqual(
      records.list().map((r) => r.connection.id),
      ['b', 'a'],
      'in the order added',
    );
    await assert.rejects(records.add(conn('a')), ConnectionExistsError);

    await records.rename('a', 'Alpha 2');
    assert.equal(records.get('a')?.connection.name, 'Alpha 2');
    assert.equal(records.get('a')?.createdAt, '2025-01-02T00:00:00.000Z', 'added-at survives edits');
    await records.replace(conn('a', 'Alpha 3', { warehouse: 'w' }));
    assert.equal(records.get('a')?.connection.warehouse, 'w');

    await records.remove('a');
    assert.equal(records.get('a'), undefined);
    assert.ok(records.takenIds().has('a'), 'a removed id is never handed out again');
    await assert.rejects(records.replace(conn('a', 'back')), ConnectionRemovedError);
    await assert.rejects(records.rename('a', 'back'), ConnectionRemovedError);
    await assert.rejects(records.add(conn('a', 'back')), ConnectionRemovedError);
    assert.deepEqual(
      records.list().map((r) => r.connection.id),
      ['b'],
    );
  });

  test('a write that lands after a removal does not bring the connection back', async () => {
    const dir = tempDir();
    const records = new ConnectionRecords(dir);
    records.loadSync();
    await records.add(conn('x', 'X'));
    // Another window, not yet aware of the removal, wrote its copy a moment after the tombstone.
    await records.remove('x');
    fs.writeFileSync(path.join(dir, 'x.json'), fs.readFileSync(path.join(dir, 'x.removed'), 'utf8').replace('"removedAt"', '"ignored"'));
    const recordText = JSON.stringify({
      format: 1,
      id: 'x',
      createdAt: '2025-01-01T00:00:00Z',
      savedAt: '2025-01-01T00:00:00Z',
      connection: conn('x', 'X again'),
    });
    fs.writeFileSync(path.join(dir, 'x.json'), recordText);
    const other = new ConnectionRecords(dir);
    other.loadSync();
    assert.equal(other.get('x'), undefined, 'the tombstone wins');
    assert.deepEqual(await other.removedIds(), ['x']);
    assert.ok(!fs.existsSync(path.join(dir, 'x.json')), 'the stray definition is cleaned up');
  });

  test('five processes adding, renaming and removing at once lose nothing and revive nothing', { timeout: 60_000 }, async () => {
    const dir = tempDir();
    fs.mkdirSync(dir, { recursive: true });
    const workers = ['w1', 'w2', 'w3', 'w4', 'w5'];
    const count = 12;
    await Promise.all(workers.map((w) => runWorker('add', dir, w, String(count))));
    const records = new ConnectionRecords(dir);
    records.loadSync();
    assert.deepEqual(records.problems(), []);
    const expected: string[] = [];
    for (const w of workers) for (let i = 0; i < count; i++) if (i % 3 !== 0) expected.push(`${w}-${i}:${w} ${i}${i % 2 === 0 ? ' renamed' : ''}`);
    const actual = records.list().map((r) => `${r.connection.id}:${r.connection.name}`);
    assert.deepEqual(actual.sort(), expected.sort());
    assert.equal(fs.readdirSync(dir).filter((f) => f.startsWith('.tmp-')).length, 0, 'no temporary file left behind');
  });

  test('a removal racing renames in another process is final', { timeout: 60_000 }, async () => {
    const dir = tempDir();
    const records = new ConnectionRecords(dir);
    records.loadSync();
    const count = 30;
    for (let i = 0; i < count; i++) await records.add(conn(`shared-${i}`));
    await Promise.all([runWorker('rename', dir, String(count)), runWorker('remove', dir, String(count))]);
    await records.rescan();
    assert.deepEqual(records.list(), [], 'every removed connection stays removed');
    await records.removedIds();
    assert.deepEqual(
      fs.readdirSync(dir).filter((f) => f.endsWith('.json')),
      [],
      'no definition outlives its tombstone after a sweep',
    );
  });

  test('another instance (window) hears of adds, renames, changes and removals on rescan', async () => {
    const dir = tempDir();
    const mine = new ConnectionRecords(dir);
    mine.loadSync();
    const heard: RecordsChange[] = [];
    const theirs = new ConnectionRecords(dir, (c) => heard.push(c));
    theirs.loadSync();
    await mine.add(conn('a', 'A'));
    await theirs.rescan();
    await mine.rename('a', 'A2');
    await theirs.rescan();
    await mine.replace(conn('a', 'A2', { uri: 'http://127.0.0.1:10' }));
    await theirs.rescan();
    await mine.remove('a');
    await theirs.rescan();
    assert.deepEqual(heard, [
      { added: ['a'], changed: [], renamed: [], removed: [] },
      { added: [], changed: [], renamed: ['a'], removed: [] },
      { added: [], changed: ['a'], renamed: [], removed: [] },
      { added: [], changed: [], renamed: [], removed: ['a'] },
    ]);
    await theirs.rescan();
    assert.equal(heard.length, 4, 'nothing changed, nothing reported');
  });

  test('a file it cannot read is a problem that names the file and the key, never skipped in silence', () => {
    const dir = tempDir();
    const write = (name: string, body: unknown) => fs.writeFileSync(path.join(dir, name), typeof body === 'string' ? body : JSON.stringify(body));
    const base = { format: 1, createdAt: '2025-01-01T00:00:00Z', savedAt: '2025-01-01T00:00:00Z' };
    write('ok.json', { ...base, id: 'ok', connection: conn('ok') });
    write('extra.json', { ...base, id: 'extra', colour: 'red', connection: conn('extra') });
    write('inner.json', { ...base, id: 'inner', connection: { ...conn('inner'), proxy: 'x' } });
    write('future.json', { ...base, format: 2, id: 'future', connection: conn('future') });
    write('moved.json', { ...base, id: 'elsewhere', connection: conn('elsewhere') });
    write('broken.json', '{"format": 1,');
    const records = new ConnectionRecords(dir);
    records.loadSync();
    assert.deepEqual(
      records.list().map((r) => r.connection.id),
      ['ok'],
    );
    const messages = records
      .problems()
      .map((p) => p.message)
      .sort();
    assert.match(messages.shift()!, /^broken\.json: not valid JSON \(.+\)$/);
    assert.deepEqual(messages, [
      'extra.json: unknown key "colour"',
      'future.json: written by a newer version of Namespace Browser (format 2); update the extension to use it',
      'inner.json: unknown key "connection.proxy"',
      'moved.json: holds the connection "elsewhere", whose file would be elsewhere.json',
    ]);
  });

  test('file names: plain ids as they are, anything else hashed (case, separators, device names)', () => {
    assert.equal(fileStem('analytics-3fa2b1c4'), 'analytics-3fa2b1c4');
    for (const id of ['Analytics', 'a/b', '..', 'con', 'settings:0:x', 'x'.repeat(101), 'naïve']) assert.match(fileStem(id), /^_[0-9a-f]{40}$/, id);
    assert.notEqual(fileStem('A'), fileStem('a'));
  });

  test('importing the old globalState list: once per connection, never over a rename or a removal, safe in parallel', async () => {
    const dir = tempDir();
    const one = new ConnectionRecords(dir);
    const two = new ConnectionRecords(dir);
    one.loadSync();
    two.loadSync();
    const legacy = [conn('old-1', 'Old 1'), conn('old-2', 'Old 2'), conn('old-3', 'Old 3')];
    const [a, b] = await Promise.all([one.importMissing(legacy), two.importMissing(legacy)]);
    assert.deepEqual([...a, ...b].sort(), ['old-1', 'old-2', 'old-3'], 'each created exactly once');
    assert.deepEqual(
      one.list().map((r) => r.connection.id),
      ['old-1', 'old-2', 'old-3'],
      'in the old order',
    );
    await one.rename('old-1', 'Renamed since');
    await one.remove('old-2');
    assert.deepEqual(await one.importMissing(legacy), []);
    assert.deepEqual(
      one.list().map((r) => `${r.connection.id}:${r.connection.name}`),
      ['old-1:Renamed since', 'old-3:Old 3'],
    );
  });

  test('a save marked in progress by a process that died is reported; a live one is not', async () => {
    const dir = tempDir();
    const records = new ConnectionRecords(dir);
    records.loadSync();
    const done = await records.beginSave('mine');
    // A process that marked a save and died before finishing it.
    await promisify(execFile)(process.execPath, [
      '--import',
      'tsx',
      '-e',
      `
      const { ConnectionRecords } = require(${JSON.stringify(path.join(__dirname, '../../src/extension/connections/records.ts'))});
      const r = new ConnectionRecords(${JSON.stringify(dir)}); r.loadSync(); r.beginSave('theirs').then(() => process.exit(0));`,
    ]);
    const abandoned = await records.abandonedSaves();
    assert.deepEqual(
      abandoned.map((p) => p.id),
      ['theirs'],
    );
    await done();
    assert.equal(fs.readdirSync(dir).filter((f) => f.endsWith('.saving')).length, 1, 'the finished save unmarked itself');
  });
});

/** A SecretStorage that counts what it is asked to do. */
function countingStorage(): SecretStorageLike & { data: Map<string, string>; stores: number; deletes: number } {
  const data = new Map<string, string>();
  return {
    data,
    stores: 0,
    deletes: 0,
    async get(key) {
      return data.get(key);
    },
    async store(key, value) {
      this.stores++;
      data.set(key, value);
    },
    async delete(key) {
      this.deletes++;
      data.delete(key);
    },
  };
}

describe('secret vault (SecretStorage used directly)', () => {
  test('writes only what changed, deletes only what is stored', async () => {
    const storage = countingStorage();
    const vault = new StorageVault(storage);
    assert.equal(await vault.put('c', {}), false, 'nothing to delete');
    assert.equal(storage.deletes, 0, 'a connection that never had a secret causes no delete');
    assert.equal(await vault.put('c', { token: 't1' }), true);
    assert.equal(await vault.put('c', { token: 't1', empty: '' }), false, 'the same secrets: no write');
    assert.equal(storage.stores, 1);
    assert.deepEqual(await vault.get('c'), { token: 't1' });
    assert.equal(await vault.put('c', {}), true);
    assert.equal(storage.deletes, 1);
    assert.equal(storage.data.has(secretKey('c')), false);
  });

  test('a write the storage did not keep is an error, not a silent loss', async () => {
    const storage = countingStorage();
    storage.store = async () => undefined;
    await assert.rejects(new StorageVault(storage).put('c', { token: 't' }), /did not keep the secrets of connection c/);
  });
});

const quick = { request: 4_000, probe: 300, watch: 100, unresponsive: 1_500 };

/** A window: its own view of the browser's secret blob, and a broker over it. */
function openWindow(storage: LocalStorageModel, dir: string, pid: number, dead: Set<number>) {
  const secrets = storage.openWindow();
  const broker = new SecretBroker({
    dir,
    local: new StorageVault(secrets),
    probe: () => secrets.get('probe'),
    log: () => undefined,
    pid,
    alive: (p) => !dead.has(p),
    timeouts: quick,
  });
  return { secrets, broker };
}

async function until<T>(what: string, check: () => T | undefined | false, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const blobSecrets = (storage: LocalStorageModel) =>
  Object.fromEntries(Object.entries(storage.read()).map(([k, v]) => [k.replace('namespaceBrowser.connection.', ''), JSON.parse(v) as unknown]));

describe('secret broker (one writer for a browser’s secret blob)', () => {
  test('the model reproduces the loss: two windows writing directly lose a secret', async () => {
    const storage = new LocalStorageModel();
    const a = new StorageVault(storage.openWindow());
    const b = new StorageVault(storage.openWindow());
    await Promise.all([a.put('from-a', { token: 'a' }), b.put('from-b', { token: 'b' })]);
    assert.equal(Object.keys(storage.read()).length, 1, 'one of the two secrets is gone, as in code-server');
  });

  test('four windows writing at once through the broker keep every secret; a new leader after a crash keeps them too', { timeout: 60_000 }, async () => {
    const storage = new LocalStorageModel();
    const dir = tempDir();
    const dead = new Set<number>();
    // All four pages load before anything is written: each window's memory starts empty.
    const windows = [101, 102, 103, 104].map((pid) => openWindow(storage, dir, pid, dead));
    await Promise.all(windows.map((w) => w.broker.ready));
    const leaders = windows.filter((w) => w.broker.state === 'leader');
    assert.equal(leaders.length, 1, 'exactly one leader');

    await Promise.all(windows.map((w, i) => w.broker.put(`c${i}`, { token: `t${i}` })));
    assert.deepEqual(blobSecrets(storage), { c0: { token: 't0' }, c1: { token: 't1' }, c2: { token: 't2' }, c3: { token: 't3' } });
    for (const w of windows) assert.deepEqual(await w.broker.get('c2'), { token: 't2' }, 'every window reads what another wrote after it loaded');

    // The leader dies without a goodbye (its leader file stays behind); the others elect a new one, whose memory
    // is as old as its page: it must first write what the old leader held.
    const old = leaders[0]!;
    old.broker.crashForTest();
    dead.add(windows.indexOf(old) + 101);
    const rest = windows.filter((w) => w !== old);
    await until('a new leader', () => rest.find((w) => w.broker.state === 'leader'));
    await Promise.all(rest.map((w, i) => w.broker.put(`d${i}`, { token: `u${i}` })));
    await Promise.all(rest.map((w) => w.broker.put('c0', {})));
    const expected = { c1: { token: 't1' }, c2: { token: 't2' }, c3: { token: 't3' }, d0: { token: 'u0' }, d1: { token: 'u1' }, d2: { token: 'u2' } };
    assert.deepEqual(blobSecrets(storage), expected, 'nothing written under the old leader is lost, the removal holds');
    for (const w of rest) w.broker.dispose();
  });

  test('a leader whose secret storage stops answering steps down and the request goes to the next', { timeout: 60_000 }, async () => {
    const storage = new LocalStorageModel();
    const dir = tempDir();
    const dead = new Set<number>();
    const first = openWindow(storage, dir, 201, dead);
    await first.broker.ready;
    assert.equal(first.broker.state, 'leader');
    const second = openWindow(storage, dir, 202, dead);
    await second.broker.ready;
    assert.equal(second.broker.state, 'follower');
    (first.secrets as BrowserWindowSecrets).hang(); // its page went away; the host lingers for a reconnection
    assert.equal(await second.broker.put('c', { token: 't' }), true);
    assert.equal(second.broker.state, 'leader');
    assert.deepEqual(blobSecrets(storage), { c: { token: 't' } });
    first.broker.dispose();
    second.broker.dispose();
  });

  test('followers hear of every change; a stranger without the token gets nothing', { timeout: 30_000 }, async () => {
    const storage = new LocalStorageModel();
    const dir = tempDir();
    const dead = new Set<number>();
    const a = openWindow(storage, dir, 301, dead);
    await a.broker.ready;
    const b = openWindow(storage, dir, 302, dead);
    await b.broker.ready;
    const heard: string[] = [];
    b.broker.onDidChange((id) => heard.push(id));
    await a.broker.put('x', { token: 'secret-x' });
    await until('the change to reach the follower', () => heard.includes('x'));
    assert.deepEqual(await b.broker.get('x'), { token: 'secret-x' });

    assert.equal(fs.statSync(leaderFilePath(dir)).mode & 0o077, 0, 'the leader file is the owner’s only');
    const { address } = JSON.parse(fs.readFileSync(leaderFilePath(dir), 'utf8')) as { address: string };
    const received = await new Promise<string>((resolve) => {
      let text = '';
      const s = net.connect(address, () =>
        s.write(JSON.stringify({ type: 'hello', token: 'guess', pid: 1 }) + '\n' + JSON.stringify({ type: 'get', rid: 1, id: 'x' }) + '\n'),
      );
      s.on('data', (c) => (text += c.toString()));
      s.on('close', () => resolve(text));
      s.on('error', () => resolve(text));
    });
    assert.equal(received, '', 'a wrong token is disconnected without an answer');
    a.broker.dispose();
    b.broker.dispose();
  });

  test('a leader file left by a process that no longer runs is taken over at once (real process id)', { timeout: 30_000 }, async () => {
    const dir = tempDir();
    const child = spawn(process.execPath, ['-e', '']);
    await new Promise((r) => child.on('exit', r));
    // Published by a window whose process is gone: its socket file is left behind, nobody listens on it.
    const stale = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nsb-')), 's');
    fs.writeFileSync(stale, '');
    fs.writeFileSync(leaderFilePath(dir), JSON.stringify({ format: 1, pid: child.pid, host: os.hostname(), address: stale, token: 'old', startedAt: '' }));
    const started = Date.now();
    const broker = new SecretBroker({
      dir,
      local: new StorageVault(new LocalStorageModel().openWindow()),
      probe: async () => undefined,
      log: () => undefined,
      timeouts: quick,
    });
    await broker.ready;
    assert.equal(broker.state, 'leader');
    assert.ok(Date.now() - started < quick.unresponsive, 'a dead process is seen at once, without waiting for it to answer');
    assert.ok(!fs.existsSync(path.dirname(stale)), 'the dead leader’s socket folder is removed');
    broker.dispose();
    assert.ok(!fs.existsSync(leaderFilePath(dir)), 'a leader that leaves removes its leader file');
  });
});
