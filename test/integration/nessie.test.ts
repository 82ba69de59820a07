// Project Nessie as a second Iceberg REST server, seeded by pyiceberg (real data files in moto's S3, random 63-bit
// snapshot ids): branches as prefixes (`main`, `dev`), %1F nesting, Nessie's own page tokens, views it serves without
// advertising them, a 404 that is not the catalog's. Nessie starts once for the whole file (a JVM takes seconds).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseJsonExact } from '../../src/core/int64';
import { runCli } from '../support/cli';
import { listenLoopback, type Loopback } from '../support/loopback';
import { startSeededNessie, type SeededNessie } from '../support/nessie';
import { snapshotIdsNewestFirst } from '../support/pyicebergSeed';

let n: SeededNessie;
let dir: string;
before(async () => {
  n = await startSeededNessie();
  dir = mkdtempSync(join(tmpdir(), 'nsb-nessie-test-'));
});
after(async () => {
  await n?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const nsb = (...args: string[]) => runCli(['--protocol', 'iceberg-rest', '--uri', n.nessie.icebergUri, ...args]);
const lines = (text: string) => text.trim().split('\n').filter(Boolean);

describe('nsb against Project Nessie', () => {
  test('ls on the default branch: the root, nested namespaces (%1F), odd names', async () => {
    const root = await nsb('--json', 'ls');
    assert.equal(root.code, 0, root.stderr);
    const top = n.main.namespaces.filter((ns) => ns.length === 1).map((ns) => ns[0]);
    assert.deepEqual([...JSON.parse(root.stdout).namespaces].sort(), [...top].sort());
    const sales = await nsb('--json', 'ls', 'nsb', 'sales');
    assert.equal(sales.code, 0, sales.stderr);
    const doc = JSON.parse(sales.stdout);
    assert.deepEqual(doc.namespaces, ['emea']);
    assert.deepEqual([...doc.tables].sort(), ['empty', 'orders']);
    const odd = await nsb('ls', 'ünï-cödé');
    assert.deepEqual(lines(odd.stdout), ['table      naïve table']);
  });

  test('--prefix dev lists the dev branch; the default and --prefix main list main', async () => {
    const dev = await nsb('--json', '--prefix', 'dev', 'ls');
    assert.equal(dev.code, 0, dev.stderr);
    assert.ok(JSON.parse(dev.stdout).namespaces.includes('dev_only'), dev.stdout);
    const main = JSON.parse((await nsb('--json', 'ls')).stdout).namespaces;
    assert.ok(!main.includes('dev_only'), 'dev_only exists on dev only');
    assert.deepEqual(JSON.parse((await nsb('--json', '--prefix', 'main', 'ls')).stdout).namespaces, main);
    const explain = await nsb('--explain', '--prefix', 'dev', 'ls', 'dev_only');
    assert.match(explain.stderr, /GET http:\/\/127\.0\.0\.1:\d+\/iceberg\/v1\/dev\/namespaces\?parent=dev_only/);
    assert.match(explain.stderr, /note: prefix "dev" \(from the connection\)/);
    assert.equal((explain.stderr.match(/^--- GetConfig GET /gm) ?? []).length, 1, 'the record is printed once, its note as an update');
    assert.deepEqual(lines(explain.stdout), ['table      experiments']);
  });

  test('versions and --json print the exact 63-bit snapshot ids pyiceberg made, on main and on dev', async () => {
    const seeded = [
      ...Object.values(n.main.tables).map((t) => ({ t, prefix: 'main' })),
      ...Object.values(n.dev.tables).map((t) => ({ t, prefix: 'dev' })),
    ].filter(({ t }) => t.snapshots.length);
    assert.ok(seeded.length >= 4);
    assert.ok(
      seeded.some(({ t }) => BigInt(t.current!) > BigInt(Number.MAX_SAFE_INTEGER)),
      'ids beyond 2^53, as real writers make them',
    );
    for (const { t, prefix } of seeded) {
      const id = [...t.namespace, t.name];
      const json = await nsb('--prefix', prefix, '--json', 'versions', ...id);
      assert.equal(json.code, 0, json.stderr);
      // Nessie keeps one snapshot per commit in the metadata it serves: the current one.
      assert.deepEqual(
        [...json.stdout.matchAll(/"version": (\d+)/g)].map((m) => m[1]),
        [t.current],
        `${id.join('.')} on ${prefix}`,
      );
      const text = await nsb('--prefix', prefix, 'versions', ...id);
      assert.match(text.stdout, new RegExp(`^${t.current}  \\S+  append  branch main  current$`, 'm'));
      const details = parseJsonExact((await nsb('--prefix', prefix, '--json', 'describe-table', ...id)).stdout) as {
        iceberg: { currentSnapshotId: string; snapshots: { snapshotId: string }[] };
      };
      assert.equal(details.iceberg.currentSnapshotId, t.current);
      assert.deepEqual(
        details.iceberg.snapshots.map((s) => s.snapshotId),
        snapshotIdsNewestFirst(t).slice(0, 1),
      );
    }
  });

  test('count-rows and the schema come from the data pyiceberg wrote to moto', async () => {
    const orders = n.main.tables['nsb\u001fsales\u001forders']!;
    assert.equal((await nsb('count-rows', 'nsb', 'sales', 'orders')).stdout, `${orders.rows}\n`);
    const d = await nsb('describe-table', 'nsb', 'sales', 'orders');
    assert.equal(d.code, 0, d.stderr);
    for (const c of orders.columns) assert.match(d.stdout, new RegExp(`^  ${c}: `, 'm'));
    assert.match(d.stdout, /^location {3}s3:\/\/nsb-nessie-warehouse\//m);
    assert.equal((await nsb('count-rows', 'nsb', 'sales', 'empty')).stdout, '0\n');
  });

  test("Nessie's page tokens: page size 1 walks every namespace and table", async () => {
    const r = await nsb('--json', '--page-size', '1', '--explain', 'ls', 'nsb', 'sales');
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual([...JSON.parse(r.stdout).tables].sort(), ['empty', 'orders']);
    assert.ok((r.stderr.match(/ListTables GET .*pageToken=[0-9a-f]+/g) ?? []).length >= 1, "a second page was asked with Nessie's token");
    const root = await nsb('--json', '--page-size', '1', '--prefix', 'dev', 'ls');
    assert.deepEqual([...JSON.parse(root.stdout).namespaces].sort(), ['dev_only', 'nsb', 'odd space', 'ünï-cödé']);
  });

  test('a view Nessie serves without advertising: hidden as the spec says, and the user is told why', async () => {
    const served = await fetch(`${n.nessie.icebergUri}/v1/main/namespaces/nsb%1Fsales/views`);
    assert.deepEqual(
      ((await served.json()) as { identifiers: { name: string }[] }).identifiers.map((i) => i.name),
      ['orders_by_customer'],
      'Nessie serves the view',
    );
    const r = await nsb('--json', 'ls', 'nsb', 'sales');
    assert.deepEqual(JSON.parse(r.stdout).views, []);
    assert.match(r.stderr, /note: this catalog does not advertise view support .*so views are not listed/);
    const v = await nsb('describe-view', 'nsb', 'sales', 'orders_by_customer');
    assert.equal(v.code, 2);
    assert.match(v.stderr, /cannot load view nsb\.sales\.orders_by_customer: this catalog does not advertise view support/);
  });

  test('a connection file with a prefix; a field nothing reads is an error that names it', async () => {
    const file = (name: string, o: unknown) => {
      const p = join(dir, name);
      writeFileSync(p, JSON.stringify(o));
      return p;
    };
    const ok = await runCli(['--json', '--connection', file('dev.json', { protocol: 'iceberg-rest', uri: n.nessie.icebergUri, prefix: 'dev' }), 'ls']);
    assert.equal(ok.code, 0, ok.stderr);
    assert.ok(JSON.parse(ok.stdout).namespaces.includes('dev_only'));
    const typo = await runCli(['--connection', file('typo.json', { protocol: 'iceberg-rest', uri: n.nessie.icebergUri, prefx: 'dev' }), 'ls']);
    assert.equal(typo.code, 2);
    assert.match(typo.stderr, /unknown field "prefx"/);
    const lanceOnly = await runCli(['--connection', file('delim.json', { protocol: 'iceberg-rest', uri: n.nessie.icebergUri, delimiter: '.' }), 'ls']);
    assert.equal(lanceOnly.code, 2);
    assert.match(lanceOnly.stderr, /"delimiter" is read only by lance-rest connections/);
    const flag = await runCli(['--uri', n.nessie.icebergUri, '--prefix', 'dev', 'ls']);
    assert.equal(flag.code, 2, 'a Lance connection (the default protocol) has no prefix');
    assert.match(flag.stderr, /--prefix applies only to iceberg-rest catalogs/);
  });

  test("a URI without /iceberg: a 404 that is not the catalog's, and a hint to check the URI", async () => {
    const r = await runCli(['--protocol', 'iceberg-rest', '--uri', n.nessie.uri, 'ls']);
    assert.equal(r.code, 2);
    assert.match(
      r.stderr,
      /no Iceberg REST catalog at http:\/\/127\.0\.0\.1:\d+: GET .*\/v1\/config answered 404 without Iceberg's error model — check the catalog URI/,
    );
  });

  test("a branch that does not exist: Nessie says so in Iceberg's error model, and we pass it on", async () => {
    const r = await nsb('--prefix', 'no-such-branch', 'ls');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Named reference 'no-such-branch' not found/);
  });
});

describe('a catalog whose /v1/config gives no prefix, though every route needs one', () => {
  let proxy: Loopback;
  before(async () => {
    // Nessie behind a proxy that drops `prefix` (and the `uri` override) from the configuration.
    const upstream = new URL(n.nessie.uri);
    proxy = await listenLoopback(
      createServer((req, res) => {
        const forward = request(
          { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: { ...req.headers, host: upstream.host } },
          (up) => {
            if (!req.url?.startsWith('/iceberg/v1/config')) {
              res.writeHead(up.statusCode ?? 502, up.headers);
              up.pipe(res);
              return;
            }
            const chunks: Buffer[] = [];
            up.on('data', (c: Buffer) => chunks.push(c));
            up.on('end', () => {
              const config = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { defaults: Record<string, string>; overrides: Record<string, string> };
              delete config.defaults['prefix'];
              delete config.overrides['prefix'];
              delete config.overrides['uri'];
              const body = JSON.stringify(config);
              res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
              res.end(body);
            });
          },
        );
        req.pipe(forward);
      }),
    );
  });
  after(async () => proxy?.close());

  test('without --prefix: "the server has no such endpoint", pointing at the prefix; with --prefix main: it works', async () => {
    const uri = `${proxy.uri}/iceberg`;
    const bare = await runCli(['--protocol', 'iceberg-rest', '--uri', uri, 'ls']);
    assert.equal(bare.code, 2);
    assert.match(
      bare.stderr,
      /the server has no such endpoint: GET http:\/\/127\.0\.0\.1:\d+\/iceberg\/v1\/namespaces answered 404 without Iceberg's error model .* check the catalog URI and the prefix \(this catalog gave none in \/v1\/config; some need one, e\.g\. a branch name\)/,
    );
    const withPrefix = await runCli(['--protocol', 'iceberg-rest', '--uri', uri, '--prefix', 'main', '--json', 'ls', 'nsb', 'sales']);
    assert.equal(withPrefix.code, 0, withPrefix.stderr);
    assert.deepEqual([...JSON.parse(withPrefix.stdout).tables].sort(), ['empty', 'orders']);
    const orders = n.main.tables['nsb\u001fsales\u001forders']!;
    const versions = await runCli(['--protocol', 'iceberg-rest', '--uri', uri, '--prefix', 'main', '--json', 'versions', 'nsb', 'sales', 'orders']);
    assert.match(versions.stdout, new RegExp(`"version": ${orders.current}\\b`));
  });
});
