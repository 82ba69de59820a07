import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { createRuntime } from '../../src/core/runtime';
import { RequestLog } from '../../src/core/records';
import { CatalogError } from '../../src/core/errors';
import { allPages } from '../../src/core/paging';
import type { CatalogClient } from '../../src/core/client';
import type { ConnectionConfig } from '../../src/core/connection';
import { json } from '../support/faultServer';
import { HOSTILE_NAMES, HOSTILE_PROPERTIES, nestedSchemaText, startHostileServer, streamHuge, type HostileServer } from '../support/hostileServer';
import { outcome, shown } from '../support/hostileOutcomes';

/** A hostile Lance catalog seen through core: names come back unchanged as data; broken answers are typed errors. */

let server: HostileServer;
before(async () => {
  server = await startHostileServer();
});
after(() => server.close());

function open(extra: Partial<ConnectionConfig> = {}): { client: CatalogClient; log: RequestLog } {
  const log = new RequestLog(10_000);
  const runtime = createRuntime({ log, env: {} });
  const client = runtime.open({ id: 'h', name: 'hostile', protocol: 'lance-rest', uri: server.uri, auth: { type: 'none' }, ...extra }, {});
  return { client, log };
}

async function failure(p: Promise<unknown>): Promise<CatalogError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof CatalogError, `expected a CatalogError, got ${(e as Error)?.stack ?? String(e)}`);
    return e;
  }
  assert.fail('expected a failure');
}

const text =
  (body: string, contentType = 'application/json') =>
  (_req: unknown, res: ServerResponse) => {
    res.writeHead(200, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };

test('hostile names and property values come back unchanged, as data', async () => {
  const { client } = open();
  assert.deepEqual((await client.listNamespaces([])).items, HOSTILE_NAMES);
  assert.deepEqual((await client.listTables([])).items, HOSTILE_NAMES);
  assert.deepEqual((await client.describeNamespace(['a'])).properties, HOSTILE_PROPERTIES);
  const table = await client.describeTable(['a', 't']);
  assert.deepEqual(
    table.schema.map((f) => f.name),
    HOSTILE_NAMES,
  );
  assert.equal(table.location, 'file:///data/<script>alert(1)</script>.lance');
  const indices = await client.listIndices(['a', 't']);
  assert.equal(indices[0]!.name, HOSTILE_NAMES[0]);
  assert.equal(indices[0]!.stats?.['note'], HOSTILE_NAMES[2]);
  outcome(
    'hostile names',
    'HTML/script, bidi overrides, control characters, a 10,000-character name, an empty name',
    'returned unchanged as data; the CLI prints them escaped (see the CLI rows)',
  );
  client.dispose();
});

const broken: [string, RegExp, string | ((req: unknown, res: ServerResponse) => void), RegExp][] = [
  [
    'malformed JSON',
    /namespace\/[^/]+\/list$/,
    '{"namespaces": ["a", ',
    /^ListNamespaces: the server's answer is not valid JSON \(content-type application\/json, \d+ bytes\)$/,
  ],
  ['"namespaces" missing', /namespace\/[^/]+\/list$/, '{"page_token": null}', /^ListNamespaces: the server's answer has no "namespaces" list$/],
  ['"namespaces" is a number', /namespace\/[^/]+\/list$/, '{"namespaces": 5}', /^ListNamespaces: "namespaces" should be a list, got number$/],
  [
    'a name that is not a string',
    /namespace\/[^/]+\/list$/,
    '{"namespaces": ["a", {"name": "b"}]}',
    /^ListNamespaces: "namespaces\[1\]" should be a string, got object$/,
  ],
  ['the body is a list', /namespace\/[^/]+\/list$/, '[]', /^ListNamespaces: expected a JSON object from the server, got a list$/],
  ['the body is null', /namespace\/[^/]+\/list$/, 'null', /^ListNamespaces: expected a JSON object from the server, got null$/],
  [
    'an HTML page from a proxy (200)',
    /namespace\/[^/]+\/list$/,
    text('<!DOCTYPE html><html><head><title>Proxy Login</title></head><body>sign in</body></html>', 'text/html; charset=utf-8'),
    /^ListNamespaces: the server's answer is not valid JSON \(content-type text\/html, \d+ bytes\): an HTML page "Proxy Login", perhaps from a proxy, captive portal or login page — check the catalog URI and the proxy settings$/,
  ],
  [
    'an HTML error page from a proxy (502)',
    /namespace\/[^/]+\/list$/,
    (_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html><head><title>502 Bad Gateway</title></head><body><h1>502</h1></body></html>');
    },
    /^the catalog is unavailable \(502\) for ListNamespaces: the server answered with an HTML page "502 Bad Gateway", perhaps from a proxy or load balancer$/,
  ],
];

for (const [name, route, answer, expected] of broken) {
  test(`a broken answer is a typed error: ${name}`, async () => {
    server.answer(route, typeof answer === 'string' ? text(answer) : answer);
    const { client, log } = open();
    try {
      const e = await failure(client.listNamespaces(['broken']));
      assert.match(e.message, expected);
      assert.ok(e.recordId && log.get(e.recordId), 'the error points at its request record');
      outcome('malformed answers', name, shown(e));
    } finally {
      server.answer(route, (_req, res) => json(res, 200, { namespaces: HOSTILE_NAMES }));
      client.dispose();
    }
  });
}

test('a schema nested 200 levels deep is read whole', async () => {
  server.answer(/table\/deep200\/describe$/, text(`{"version": 1, "schema": ${nestedSchemaText(200)}}`));
  const { client } = open();
  const table = await client.describeTable(['deep200']);
  let depth = 0;
  for (let f = table.schema[0]; f?.children?.length; f = f.children[0]) depth++;
  assert.equal(depth, 200);
  outcome('malformed answers', 'a schema nested 200 levels deep', 'read and shown whole');
  client.dispose();
});

test('a schema nested 100,000 levels deep is a protocol error, not a stack overflow', async () => {
  server.answer(/table\/deep100k\/describe$/, text(`{"version": 1, "schema": ${nestedSchemaText(100_000)}}`));
  const { client } = open();
  const e = await failure(client.describeTable(['deep100k']));
  assert.equal(e.kind, 'protocol');
  assert.match(e.message, /^DescribeTable: the server's answer is nested more than 1000 levels deep; stopped reading it/);
  outcome('malformed answers', 'a schema nested 100,000 levels deep', shown(e));
  client.dispose();
});

test('a 100 MB answer is cut off at the size cap, streamed rather than buffered whole', async () => {
  let hungUp!: (early: boolean) => void;
  const closed = new Promise<boolean>((resolve) => (hungUp = resolve));
  server.answer(/namespace\/huge\/list$/, (_req, res) => {
    res.on('close', () => hungUp(!res.writableFinished));
    streamHuge(res, 100 * 1024 * 1024);
  });
  const { client } = open();
  const e = await failure(client.listNamespaces(['huge']));
  assert.equal(e.kind, 'protocol');
  assert.match(
    e.message,
    /^the answer from http:\/\/127\.0\.0\.1:\d+ is larger than the 64 MB limit; stopped reading \(raise the connection's response size limit if this is expected\)$/,
  );
  client.dispose();
  assert.equal(await closed, true, 'the client hung up before the server finished sending');
  outcome('malformed answers', 'a 100 MB answer', shown(e));
});

test('a page token that repeats stops the listing instead of looping', async () => {
  server.answer(/namespace\/repeat\/list$/, (_req, res) => json(res, 200, { namespaces: ['a'], page_token: 'again' }));
  const { client } = open();
  const e = await failure(allPages((p) => client.listNamespaces(['repeat'], p), 'namespaces of repeat'));
  assert.equal(e.message, 'the server repeated a page token while listing namespaces of repeat (page 3); stopped to avoid looping forever');
  assert.equal(server.seen.filter((r) => r.url.includes('/repeat/')).length, 2);
  outcome('paging', 'a page token that repeats', shown(e));
  client.dispose();
});

test('an endless stream of pages is bounded by maxPages', async () => {
  server.answer(/namespace\/endless\/list$/, (req, res, n) => json(res, 200, { namespaces: [`n${n}`], page_token: `t${n}` }));
  const { client } = open();
  const before = server.seen.length;
  const e = await failure(allPages((p) => client.listNamespaces(['endless'], p), 'namespaces of endless', { maxPages: 25 }));
  assert.equal(e.message, 'listing namespaces of endless went past 25 pages; stopped (the page limit is a setting)');
  assert.equal(server.seen.length - before, 25);
  outcome('paging', 'an endless stream of pages (maxPages 25)', shown(e));
  client.dispose();
});

test('hostile values in wrong places (dates out of range, __proto__ keys, toString keys) do not throw', async () => {
  server.answer(
    /table\/odd\/version\/list$/,
    text('{"versions": [{"version": 1, "timestamp_millis": 1e300, "metadata": {"__proto__": {"x": 1}, "toString": 5}}]}'),
  );
  server.answer(/table\/odd\/index\/list$/, text('{"indexes": [{"index_name": "i", "columns": [{"toString": 1}], "num_indexed_rows": {"valueOf": 2}}]}'));
  server.answer(/table\/odd\/index\/[^/]+\/stats$/, text('{}'));
  const { client } = open();
  const versions = await client.listVersions(['odd']);
  assert.equal(versions[0]!.timestamp, undefined);
  assert.equal(versions[0]!.metadata?.['__proto__'], '{"x":1}');
  assert.equal(Object.getPrototypeOf(versions[0]!.metadata), Object.prototype);
  const indices = await client.listIndices(['odd']);
  assert.deepEqual(indices[0]!.columns, ['{"toString":1}']);
  client.dispose();
});
