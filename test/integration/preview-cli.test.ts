// nsb head, stats, tags, branches and describe-table --version/--tag against the Lance reference server, seeded with
// every Arrow type Lance stores (namespace `preview`). `nsb head --json` must equal what pylance's own
// `dataset.to_table(...)` returns for the same rows, written as exact JSON by test/servers/lance_rows.py.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import * as path from 'node:path';
import { pythonPath, startLanceCatalog, type RunningServer } from '../support/pyserver';
import { lanceStandard } from '../support/lanceSeed';
import { cliPath, runCli } from '../support/cli';

const ROWS_SCRIPT = path.resolve(__dirname, '..', 'servers', 'lance_rows.py');

interface RowsDocument {
  columns: { name: string; type: string; nullable?: boolean }[];
  rows: Record<string, unknown>[];
}

/** What pylance reads for the same request, as JSON (to_table with limit, offset, columns, filter, version or tag). */
async function pylanceRows(location: string, args: string[]): Promise<RowsDocument> {
  const python = await pythonPath();
  const stdout = await new Promise<string>((resolve, reject) =>
    execFile(python, [ROWS_SCRIPT, location, ...args], { maxBuffer: 256 * 1024 * 1024 }, (err, out, errText) =>
      err ? reject(new Error(`${err.message}\n${errText}`)) : resolve(out),
    ),
  );
  return JSON.parse(stdout) as RowsDocument;
}

describe('nsb and the rest of the Lance read API, against the reference RestAdapter', () => {
  let server: RunningServer;
  const locations = new Map<string, string>();
  before(async () => {
    server = await startLanceCatalog({ seed: 'standard' });
  });
  after(async () => server?.stop());
  const nsb = (...args: string[]) => runCli(['--uri', server.uri, ...args]);

  async function location(...table: string[]): Promise<string> {
    const key = table.join('$');
    if (!locations.has(key)) {
      const r = await nsb('--json', 'describe-table', ...table);
      assert.equal(r.code, 0, r.stderr);
      locations.set(key, (JSON.parse(r.stdout) as { location: string }).location);
    }
    return locations.get(key)!;
  }

  /** nsb head --json and lance_rows.py with the same request: the same columns and types, the same values. */
  async function sameAsPylance(table: string[], nsbArgs: string[], pyArgs: string[]): Promise<RowsDocument> {
    const r = await nsb('head', ...table, '--json', ...nsbArgs);
    assert.equal(r.code, 0, r.stderr);
    const ours = JSON.parse(r.stdout) as RowsDocument;
    const theirs = await pylanceRows(await location(...table), pyArgs);
    assert.deepEqual(
      ours.columns.map((c) => [c.name, c.type]),
      theirs.columns.map((c) => [c.name, c.type]),
    );
    assert.equal(ours.rows.length, theirs.rows.length);
    for (let i = 0; i < theirs.rows.length; i++) assert.deepEqual(ours.rows[i], theirs.rows[i], `row ${i}`);
    return ours;
  }

  test('the seed holds every Arrow type the preview shows (Lance refused none of them)', () => {
    assert.deepEqual(lanceStandard.preview?.all_types_dropped, {});
    assert.equal(lanceStandard.tables['preview$all_types']!.columns.length, 40);
  });

  test('head --json of every Arrow type equals pylance to_table(limit=120): int64 beyond 2^53, decimals, zones, nested', { timeout: 120_000 }, async () => {
    const doc = await sameAsPylance(['preview', 'all_types'], ['--limit', '120'], ['--limit', '120']);
    // What the comparison covers, spelled out: exact values a JS number could not hold, and every kind of value.
    assert.equal(doc.rows[0]!['big'], '9223372036854775807');
    assert.equal(doc.rows[2]!['big'], '9007199254740993');
    assert.equal(doc.rows[0]!['u64'], '18446744073709551615');
    assert.equal(doc.rows[6]!['big'], null);
    assert.equal(doc.rows[0]!['name'], '');
    assert.equal(doc.rows[0]!['amount'], '9999999999999999999999999999.9999999999');
    assert.equal(doc.rows[1]!['ts_ns_tokyo'], '1970-01-01T08:59:59.999999999+09:00');
    assert.equal((doc.rows[0]!['embedding'] as number[]).length, 768);
    assert.deepEqual(
      doc.columns.filter((c) => /^timestamp/.test(c.type)).map((c) => c.type),
      ['timestamp[s]', 'timestamp[ms, tz=UTC]', 'timestamp[us, tz=America/New_York]', 'timestamp[ns, tz=Asia/Tokyo]', 'timestamp[us, tz=+05:30]'],
    );
    const types = doc.columns.map((c) => c.type).join(' ');
    for (const t of [
      'large_string',
      'large_binary',
      'fixed_size_binary[16]',
      'decimal256(76, 30)',
      'large_list<item: int64>',
      'map<string, int64>',
      'struct<',
      'dictionary<values=string',
      'halffloat',
      'null',
    ]) {
      assert.ok(types.includes(t), `a ${t} column`);
    }
  });

  test('head --json with --offset, --columns and --filter equals pylance with the same', { timeout: 60_000 }, async () => {
    await sameAsPylance(['preview', 'all_types'], ['--offset', '7', '--limit', '30'], ['--offset', '7', '--limit', '30']);
    await sameAsPylance(['preview', 'all_types'], ['--columns', 'address,id,props', '--limit', '5'], ['--columns', 'address,id,props', '--limit', '5']);
    const filtered = await sameAsPylance(
      ['preview', 'all_types'],
      ['--filter', 'id >= 100 AND flag', '--limit', '50'],
      ['--filter', 'id >= 100 AND flag', '--limit', '50'],
    );
    assert.deepEqual(
      filtered.rows.map((r) => r['id']),
      ['100', '102', '106', '108', '110', '112', '116', '118'],
    );
  });

  test('head --version and --tag read the table as it was (pylance at the same version and tag)', { timeout: 60_000 }, async () => {
    const v2 = await sameAsPylance(['preview', 'tagged'], ['--version', '2'], ['--version', '2']);
    assert.equal(v2.rows.length, 4);
    const gold = await sameAsPylance(['preview', 'tagged'], ['--tag', 'gold'], ['--tag', 'gold']);
    assert.equal(gold.rows.length, 2);
    const latest = await sameAsPylance(['preview', 'tagged'], [], []);
    assert.equal(latest.rows.length, 6);
  });

  test('head prints an aligned table, CSV, and the count on stderr', async () => {
    const text = await nsb('head', 'preview', 'tagged', '--limit', '3');
    assert.equal(text.code, 0, text.stderr);
    assert.deepEqual(text.stdout.split('\n').slice(0, 3), ['n  label', '-  -----', '0  row 0']);
    assert.equal(text.stderr, '(3 rows; the next from --offset 3)\n');
    const csv = await nsb('head', 'preview', 'all_types', '--columns', 'id,name,payload,amount', '--limit', '3', '--csv');
    assert.equal(csv.code, 0, csv.stderr);
    const lines = csv.stdout.split('\r\n');
    assert.equal(lines[0], 'id,name,payload,amount');
    // Row 0: the empty string is "", an empty payload (binary) is "" too; the amount keeps every digit.
    assert.equal(lines[1], '0,"","",9999999999999999999999999999.9999999999');
  });

  test('a filter the server cannot run: its words, exit code 1', async () => {
    const r = await nsb('head', 'preview', 'all_types', '--filter', 'nonsense(((');
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^nsb: invalid-input: the server could not run the filter "nonsense\(\(\(" \(500\): .*sql parser error/);
  });

  test('stats: bytes, rows, indices, fragments', async () => {
    const r = await nsb('--json', 'stats', 'sales', 'emea', 'orders');
    assert.equal(r.code, 0, r.stderr);
    const stats = JSON.parse(r.stdout) as {
      numRows: number;
      numIndices: number;
      totalBytes: number;
      fragments: { count: number; lengths: { min: number; max: number } };
    };
    assert.equal(stats.numRows, lanceStandard.tables['sales$emea$orders']!.rows);
    assert.equal(stats.numIndices, 1);
    assert.ok(stats.totalBytes > 0);
    assert.equal(stats.fragments.count, 2); // created with 3 rows, then 2 appended
    assert.deepEqual([stats.fragments.lengths.min, stats.fragments.lengths.max], [2, 3]);
    const text = await nsb('stats', 'preview', 'all_types');
    assert.match(text.stdout, /^rows {7}120$/m);
    assert.match(text.stdout, /^fragments {2}1 \(\d+ small\)$/m);
  });

  test('tags: the two tags with their versions; --json exact', async () => {
    const r = await nsb('tags', 'preview', 'tagged');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'gold    version 1\nsilver  version 2\n');
    const j = JSON.parse((await nsb('--json', 'tags', 'preview', 'tagged')).stdout) as { name: string; version: number }[];
    assert.deepEqual(
      j.map((t) => [t.name, t.version]),
      Object.entries(lanceStandard.tables['preview$tagged']!.tags!),
    );
    assert.equal((await nsb('tags', 'sales', 'emea', 'orders')).stdout, '(no tags)\n');
  });

  test('branches: pylance 14 has them; dev starts from main at version 2', async () => {
    const seeded = lanceStandard.tables['preview$tagged']!;
    assert.equal(seeded.branches_unsupported, undefined, 'pylance 14 creates branches');
    const r = await nsb('--json', 'branches', 'preview', 'tagged');
    assert.equal(r.code, 0, r.stderr);
    const [dev, ...rest] = JSON.parse(r.stdout) as { name: string; parentVersion: number; createdAt: string }[];
    assert.equal(rest.length, 0);
    assert.equal(dev!.name, 'dev');
    assert.equal(dev!.parentVersion, seeded.branches!['dev']!.parent_version);
    assert.match(dev!.createdAt, /^\d{4}-\d\d-\d\dT/);
    assert.match((await nsb('branches', 'preview', 'tagged')).stdout, /^dev {2}from main at version 2 {2}created /);
  });

  test('describe-table --tag and --version: that version, its row count and its commit', async () => {
    const gold = await nsb('describe-table', 'preview', 'tagged', '--tag', 'gold');
    assert.equal(gold.code, 0, gold.stderr);
    assert.match(gold.stdout, /^version {4}1 {2}\(tag gold\)$/m);
    assert.match(gold.stdout, /^as of {6}gold, not the latest version$/m);
    assert.match(gold.stdout, /^ {2}num_rows = 2$/m);
    assert.match(gold.stdout, /^committed {2}\d{4}-/m);
    const v2 = JSON.parse((await nsb('--json', 'describe-table', 'preview', 'tagged', '--version', '2')).stdout) as {
      version: number;
      stats: { num_rows: number };
      at: { version: number };
      versionDetails: { version: number; manifestSize: number };
    };
    assert.equal(v2.version, 2);
    assert.equal(v2.stats.num_rows, 4);
    assert.deepEqual(v2.at, { version: 2 });
    assert.equal(v2.versionDetails.version, 2);
    assert.ok(v2.versionDetails.manifestSize > 0);
    const latest = JSON.parse((await nsb('--json', 'describe-table', 'preview', 'tagged')).stdout) as { version: number; at?: unknown };
    assert.equal(latest.version, 3);
    assert.equal(latest.at, undefined);
  });

  test("a tag or version that does not exist: the server's answer, exit code 1", async () => {
    const tag = await nsb('describe-table', 'preview', 'tagged', '--tag', 'nope');
    assert.equal(tag.code, 1);
    assert.match(tag.stderr, /^nsb: not-found: tag nope of table preview\$tagged not found/);
    const version = await nsb('head', 'preview', 'tagged', '--version', '99');
    assert.equal(version.code, 1);
    assert.match(version.stderr, /^nsb: not-found: version 99 of table preview\$tagged not found/);
    const described = await nsb('describe-table', 'preview', 'tagged', '--version', '99');
    assert.equal(described.code, 1);
    assert.match(described.stderr, /^nsb: not-found: version 99 of table preview\$tagged not found/);
  });

  test('flags are checked: where they apply, and with each other', async () => {
    const cases: [string[], RegExp][] = [
      [['ls', '--limit', '3'], /^nsb: --limit applies only to nsb head and nsb snippet$/m],
      [['versions', 'preview', 'tagged', '--tag', 'gold'], /^nsb: --tag applies only to nsb head and nsb describe-table$/m],
      [['head', 'preview', 'tagged', '--tag', 'gold', '--version', '1'], /^nsb: give --version or --tag, not both$/m],
      [['head', 'preview', 'tagged', '--json', '--csv'], /^nsb: give --json or --csv, not both$/m],
      [['head', 'preview', 'tagged', '--limit', '0'], /^nsb: --limit must be a positive whole number, not "0"$/m],
      [['head', 'preview', 'tagged', '--version', '-1'], /^nsb: --version must be a version number/m],
      [['head', 'preview', 'tagged', '--columns', 'n,,label'], /^nsb: --columns takes column names separated by commas, none of them empty$/m],
    ];
    for (const [args, message] of cases) {
      const r = await nsb(...args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, message);
    }
  });

  test('a reader that stops early (nsb head | head -1): nsb ends quietly, no EPIPE stack', async () => {
    // Megabytes of rows: far more than a pipe holds, so nsb is still writing when the reader goes away.
    const child = spawn(process.execPath, [cliPath(), '--uri', server.uri, 'head', 'preview', 'wide', '--limit', '1500'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    assert.equal(code, 0, stderr);
    assert.doesNotMatch(stderr, /EPIPE|Error|\n\s+at /);
  });
});
