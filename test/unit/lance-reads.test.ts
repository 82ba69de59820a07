// The Lance read operations against a loopback server that records what it is sent and answers as the spec says
// (or as a broken server would): what goes on the wire for QueryTable, tags and time travel, and what comes back.
// The real answers are proven against the reference server in test/integration/preview-cli.test.ts.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { makeVector, Table, tableToIPC } from 'apache-arrow';
import { CatalogError } from '../../src/core/errors';
import { createRuntime } from '../../src/core/runtime';
import type { CatalogClient } from '../../src/core/client';
import { listenLoopback, type Loopback } from '../support/loopback';

interface Seen {
  method: string;
  path: string;
  query: URLSearchParams;
  body: string;
  accept: string;
}

describe('Lance reads on the wire', () => {
  let server: Loopback;
  let client: CatalogClient;
  const seen: Seen[] = [];
  /** The next answer for a path (status, content type, body). */
  const answers = new Map<string, { status: number; type: string; body: Buffer | string }>();
  const ipc = (format: 'file' | 'stream') => Buffer.from(tableToIPC(new Table({ n: makeVector(BigInt64Array.of(1n, 2n)) } as never), format));

  before(async () => {
    server = await listenLoopback(
      createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          const url = new URL(req.url ?? '/', 'http://x');
          seen.push({
            method: req.method ?? '',
            path: url.pathname,
            query: url.searchParams,
            body: Buffer.concat(chunks).toString('utf8'),
            accept: String(req.headers['accept']),
          });
          const a = answers.get(url.pathname) ?? { status: 404, type: 'application/json', body: '{"error":"no route","code":4}' };
          res.writeHead(a.status, { 'content-type': a.type });
          res.end(a.body);
        });
      }),
    );
    client = createRuntime().open({ id: 'c', name: 'c', protocol: 'lance-rest', uri: server.uri, auth: { type: 'none', settings: {} } }, {});
  });
  after(async () => {
    client?.dispose();
    await server?.close();
  });
  const last = () => seen[seen.length - 1]!;

  test('QueryTable: k, an empty vector, offset, columns, filter and an exact version; Arrow asked for', async () => {
    answers.set('/v1/table/s%24t/query', { status: 200, type: 'application/vnd.apache.arrow.file', body: ipc('file') });
    const rows = await client.queryTable!(['s', 't'], { limit: 2, offset: 5, columns: ['n'], filter: "x = 'a'", at: { version: 9007199254740993n } });
    assert.equal(rows.rows.length, 2);
    assert.deepEqual(rows.rows.row(1), [2n]);
    assert.equal(rows.version, 9007199254740993n);
    const q = last();
    assert.equal(q.method, 'POST');
    assert.match(q.accept, /^application\/vnd\.apache\.arrow\.file/);
    // The version is written with its exact digits (a JSON number beyond 2^53), not rounded to ...992.
    assert.equal(q.body, '{"id":["s","t"],"k":2,"vector":{},"offset":5,"columns":{"column_names":["n"]},"filter":"x = \'a\'","version":9007199254740993}');
  });

  test('an Arrow stream is read too; a JSON answer with 200 is a protocol error, not rows', async () => {
    answers.set('/v1/table/s%24t/query', { status: 200, type: 'application/vnd.apache.arrow.stream', body: ipc('stream') });
    assert.equal((await client.queryTable!(['s', 't'], { limit: 10 })).rows.format, 'stream');
    answers.set('/v1/table/s%24t/query', { status: 200, type: 'application/json', body: '{"data": []}' });
    await assert.rejects(
      client.queryTable!(['s', 't'], { limit: 10 }),
      (e: unknown) => e instanceof CatalogError && e.kind === 'protocol' && /expected Arrow IPC data, got application\/json/.test(e.message),
    );
    await assert.rejects(client.queryTable!(['s', 't'], { limit: 0 }), (e: unknown) => e instanceof CatalogError && e.kind === 'config');
  });

  test('more rows than asked for is a protocol error (k: 0 means every row to the reference server)', async () => {
    answers.set('/v1/table/s%24t/query', { status: 200, type: 'application/vnd.apache.arrow.file', body: ipc('file') });
    await assert.rejects(client.queryTable!(['s', 't'], { limit: 1 }), /asked for 1 rows, the server sent 2/);
  });

  test('a tag is resolved to its version first; the rows and the description are of that version', async () => {
    answers.set('/v1/table/s%24t/tags/version', { status: 200, type: 'application/json', body: '{"version": 18446744073709551615, "branch": "dev"}' });
    answers.set('/v1/table/s%24t/query', { status: 200, type: 'application/vnd.apache.arrow.file', body: ipc('file') });
    const rows = await client.queryTable!(['s', 't'], { limit: 5, at: { tag: 'gold' } });
    assert.equal(rows.version, 18446744073709551615n);
    assert.equal(rows.branch, 'dev');
    const [tag, query] = seen.slice(-2);
    assert.equal(tag!.body, '{"id":["s","t"],"tag":"gold"}');
    assert.match(query!.body, /"version":18446744073709551615,"branch":"dev"}$/);

    // A server that answers DescribeTable with another version than asked (pylance 14 ignores `tag`): an error.
    answers.set('/v1/table/s%24t/tags/version', { status: 200, type: 'application/json', body: '{"version": 1}' });
    answers.set('/v1/table/s%24t/describe', { status: 200, type: 'application/json', body: '{"version": 3, "schema": {"fields": []}}' });
    answers.set('/v1/table/s%24t/count_rows', { status: 200, type: 'application/json', body: '2' });
    answers.set('/v1/table/s%24t/version/describe', { status: 200, type: 'application/json', body: '{"version": {"version": 1, "manifest_path": "m"}}' });
    await assert.rejects(client.describeTableAt!(['s', 't'], { tag: 'gold' }), /asked for gold \(version 1\) of table s\$t, the server described version 3/);
    answers.set('/v1/table/s%24t/describe', { status: 200, type: 'application/json', body: '{"version": 1, "schema": {"fields": []}}' });
    const t = await client.describeTableAt!(['s', 't'], { tag: 'gold' });
    assert.deepEqual([t.version, t.at, t.versionDetails?.manifestPath, t.stats?.['num_rows']], [1n, { tag: 'gold' }, 'm', 2]);
    const describe = seen.filter((s) => s.path === '/v1/table/s%24t/describe').pop()!;
    assert.match(describe.body, /"version":1[,}]/);
    const count = seen.filter((s) => s.path === '/v1/table/s%24t/count_rows').pop()!;
    assert.equal(count.body, '{"id":["s","t"],"version":1}');
  });

  test('tags and branches: every page, page_token in the query and no body (the spec), sorted, int64 exact', async () => {
    let page = 0;
    answers.set('/v1/table/s%24t/tags/list', { status: 200, type: 'application/json', body: '' });
    const pages = [
      '{"tags": {"silver": {"version": 2, "manifestSize": 10}}, "page_token": "p2"}',
      '{"tags": {"gold": {"version": 9007199254740993, "manifestSize": 9}}}',
    ];
    const tagsBefore = seen.length;
    const original = answers.get.bind(answers);
    answers.get = (key: string) => (key === '/v1/table/s%24t/tags/list' ? { status: 200, type: 'application/json', body: pages[page++]! } : original(key));
    try {
      const tags = await client.listTags!(['s', 't']);
      assert.deepEqual(tags, [
        { name: 'gold', version: 9007199254740993n, manifestSize: 9n },
        { name: 'silver', version: 2n, manifestSize: 10n },
      ]);
    } finally {
      answers.get = original;
    }
    const requests = seen.slice(tagsBefore);
    assert.deepEqual(
      requests.map((r) => [r.method, r.query.get('page_token'), r.body]),
      [
        ['POST', null, ''],
        ['POST', 'p2', ''],
      ],
    );
    answers.set('/v1/table/s%24t/branches/list', {
      status: 200,
      type: 'application/json',
      body: '{"branches": {"dev": {"parentVersion": 2, "createAt": 1700000000, "manifestSize": 5, "metadata": {"k": "v"}}}}',
    });
    assert.deepEqual(await client.listBranches!(['s', 't']), [
      { name: 'dev', parentVersion: 2n, createdAt: '2023-11-14T22:13:20.000Z', manifestSize: 5n, metadata: { k: 'v' } },
    ]);
    answers.set('/v1/table/s%24t/branches/list', { status: 200, type: 'application/json', body: '{"branches": {"dev": {"createAt": 1}}}' });
    await assert.rejects(client.listBranches!(['s', 't']), /"branches\.dev\.parentVersion" should be a whole number/);
  });

  test('ListAllTables: GET /v1/table with the page in the query; full identifiers split at the delimiter', async () => {
    answers.set('/v1/table', { status: 200, type: 'application/json', body: '{"tables": ["a$b$t1", "t2"], "page_token": "n"}' });
    const page = await client.listAllTables!({ limit: 2, pageToken: 'x' });
    assert.deepEqual(page, { items: [['a', 'b', 't1'], ['t2']], nextPageToken: 'n' });
    const q = last();
    assert.deepEqual([q.method, q.query.get('limit'), q.query.get('page_token')], ['GET', '2', 'x']);
    answers.set('/v1/table', { status: 200, type: 'application/json', body: '{}' });
    await assert.rejects(client.listAllTables!(), /ListAllTables: the server's answer has no "tables" list/);
  });

  test('GetTableStats: every count exact; a missing one is named', async () => {
    answers.set('/v1/table/s%24t/stats', {
      status: 200,
      type: 'application/json',
      body: '{"total_bytes": 18446744073709551615, "num_rows": 9, "num_indices": 0, "fragment_stats": {"num_fragments": 3, "num_small_fragments": 3, "lengths": {"min": 3, "max": 3, "mean": 3, "p25": 3, "p50": 3, "p75": 3, "p99": 3}}}',
    });
    const stats = await client.tableStats!(['s', 't']);
    assert.equal(stats.totalBytes, 18446744073709551615n);
    assert.equal(stats.fragments.lengths?.p99, 3n);
    answers.set('/v1/table/s%24t/stats', {
      status: 200,
      type: 'application/json',
      body: '{"total_bytes": 1, "num_indices": 0, "fragment_stats": {"num_fragments": 1, "num_small_fragments": 0}}',
    });
    await assert.rejects(client.tableStats!(['s', 't']), /GetTableStats: "num_rows" should be a whole number/);
  });
});
