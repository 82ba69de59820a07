// Lance versions and indices page as the spec says, proven against a spec-conformant server paging at 1 and 2 items
// (versions: page_token, limit and descending in the query, no body; indices: page_token and limit in the body), and
// the same calls next to the Lance project's reference RestAdapter.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CatalogClient } from '../../src/core/client';
import { parseJsonExact } from '../../src/core/int64';
import { RequestLog } from '../../src/core/records';
import { createRuntime } from '../../src/core/runtime';
import { runCli } from '../support/cli';
import { SPEC_TABLES, startLanceSpecServer, type LanceSpecServer } from '../support/lanceSpecServer';
import { lanceStandard } from '../support/lanceSeed';
import { startLanceCatalog, type RunningServer } from '../support/pyserver';

function open(uri: string, log = new RequestLog()): CatalogClient {
  return createRuntime({ log }).open({ id: 'p', name: 'p', protocol: 'lance-rest', uri, auth: { type: 'none' } }, {});
}

for (const pageSize of [1, 2]) {
  describe(`a spec-conformant Lance server paging at ${pageSize}`, () => {
    let server: LanceSpecServer;
    let client: CatalogClient;
    before(async () => {
      server = await startLanceSpecServer(pageSize);
      client = open(server.uri);
    });
    after(async () => {
      client?.dispose();
      await server?.close();
    });
    const requestsTo = (suffix: string) => server.requests.filter((r) => r.path.endsWith(suffix));

    test('versions: every page, newest first; the query carries descending and the page token, there is no body', async () => {
      const n = requestsTo('/version/list').length;
      const versions = await client.listVersions(['sales', 'orders']);
      assert.deepEqual(
        versions.map((v) => v.version),
        [...SPEC_TABLES['sales$orders']!.versions].reverse(),
      );
      const sent = requestsTo('/version/list').slice(n);
      assert.equal(sent.length, Math.ceil(5 / pageSize), 'one request per page');
      for (const [i, r] of sent.entries()) {
        assert.equal(r.method, 'POST');
        assert.equal(r.body, '', 'no request body');
        assert.equal(r.query.get('descending'), 'true');
        assert.equal(r.query.get('page_token'), i === 0 ? null : String(i * pageSize));
      }
    });

    test('versions beyond 2^53 stay exact (BigInt in the core, digits in nsb --json)', async () => {
      const versions = await client.listVersions(['sales', 'huge']);
      assert.deepEqual(
        versions.map((v) => v.version),
        [18446744073709551615n, 9007199254740995n, 9007199254740993n],
      );
      assert.equal((await client.describeTable(['sales', 'huge'])).version, 18446744073709551615n);
      const r = await runCli(['--uri', server.uri, '--json', 'versions', 'sales', 'huge']);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(
        [...r.stdout.matchAll(/"version": (\d+)/g)].map((m) => m[1]),
        ['18446744073709551615', '9007199254740995', '9007199254740993'],
      );
      assert.deepEqual((parseJsonExact(r.stdout) as { metadata: { manifest_size: string } }[])[0]!.metadata.manifest_size, '18446744073709552615');
      const text = await runCli(['--uri', server.uri, 'versions', 'sales', 'huge']);
      assert.match(text.stdout, /^18446744073709551615 {2}/m);
    });

    test('an empty version list is one request and no versions', async () => {
      assert.deepEqual(await client.listVersions(['sales', 'empty']), []);
    });

    test('indices: every page, in order, the page token in the body', async () => {
      const n = requestsTo('/index/list').length;
      const indices = await client.listIndices(['sales', 'orders']);
      assert.deepEqual(
        indices.map((i) => i.name),
        SPEC_TABLES['sales$orders']!.indices.map((i) => i.name),
      );
      assert.ok(
        indices.every((i) => i.stats?.['num_indexed_rows'] === 42),
        'stats of every index',
      );
      const sent = requestsTo('/index/list').slice(n);
      assert.equal(sent.length, Math.ceil(5 / pageSize));
      assert.deepEqual(
        sent.map((r) => (JSON.parse(r.body) as { page_token?: string }).page_token),
        sent.map((_, i) => (i === 0 ? undefined : String(i * pageSize))),
      );
      const cli = await runCli(['--uri', server.uri, 'indices', 'sales', 'orders']);
      assert.equal(cli.code, 0, cli.stderr);
      for (const i of SPEC_TABLES['sales$orders']!.indices) assert.match(cli.stdout, new RegExp(`^${i.name}  ${i.type}  on ${i.column}`, 'm'));
    });

    test('describe-table asks for the table URI and detailed metadata in the query', async () => {
      const t = await client.describeTable(['sales', 'orders']);
      assert.equal(t.version, 5n);
      assert.equal(t.location, 'memory://sales$orders');
      assert.deepEqual(
        t.schema.map((f) => f.name),
        ['order_id'],
      );
      assert.equal(t.stats?.['num_rows'], 42);
      const r = requestsTo('/describe').at(-1)!;
      assert.equal(r.query.get('with_table_uri'), 'true');
      assert.equal(r.query.get('load_detailed_metadata'), 'true');
      assert.equal((JSON.parse(r.body) as Record<string, unknown>)['load_detailed_metadata'], undefined, 'not in the body');
    });
  });
}

describe('the same calls against the reference RestAdapter', () => {
  let lance: RunningServer;
  let client: CatalogClient;
  const log = new RequestLog();
  before(async () => {
    lance = await startLanceCatalog({ seed: 'standard' });
    client = open(lance.uri, log);
  });
  after(async () => {
    client?.dispose();
    await lance?.stop();
  });

  test('versions newest first from the query-string request; indices; detailed describe', async () => {
    const seed = lanceStandard.tables['sales$emea$orders']!;
    const versions = await client.listVersions(['sales', 'emea', 'orders']);
    assert.deepEqual(
      versions.map((v) => v.version),
      Array.from({ length: seed.versions }, (_, i) => BigInt(seed.versions - i)),
    );
    const record = log.list().find((r) => r.operation === 'ListTableVersions')!;
    assert.match(record.url, /\/version\/list\?descending=true$/);
    assert.equal(record.requestBodyPreview, undefined, 'no body');
    assert.deepEqual(
      (await client.listIndices(['sales', 'emea', 'orders'])).map((i) => i.name),
      seed.indices.map((i) => i.name),
    );
    const t = await client.describeTable(['sales', 'emea', 'orders']);
    assert.equal(t.version, BigInt(seed.versions));
    assert.deepEqual(
      t.schema.map((f) => f.name),
      seed.columns,
    );
    assert.match(log.list().find((r) => r.operation === 'DescribeTable')!.url, /\/describe\?with_table_uri=true&load_detailed_metadata=true$/);
  });
});
