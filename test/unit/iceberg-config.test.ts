// What GET /v1/config decides, through the real transport against loopback servers: the prefix (server defaults <
// connection < server overrides, as the Java client), overrides.uri (followed on the same origin only), a 404 that
// is not the catalog's, and views a catalog does not advertise.
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { after, before, describe, test } from 'node:test';
import type { CatalogClient } from '../../src/core/client';
import type { ConnectionConfig } from '../../src/core/connection';
import { CatalogError } from '../../src/core/errors';
import { parseCatalogConfig, pathPrefix } from '../../src/core/iceberg/config';
import { RequestLog } from '../../src/core/records';
import { createRuntime } from '../../src/core/runtime';
import { listenLoopback, type Loopback } from '../support/loopback';

type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => void;

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(text);
}

async function serve(handler: Handler): Promise<Loopback & { paths: string[] }> {
  const paths: string[] = [];
  const loop = await listenLoopback(
    createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      paths.push(`${req.method} ${url.pathname}${url.search}`);
      handler(req, res, url);
    }),
  );
  return { ...loop, paths };
}

function open(uri: string, extra: Partial<ConnectionConfig> = {}, log = new RequestLog(), warnings: string[] = []): CatalogClient {
  return createRuntime({ log, logger: (level, m) => level === 'warn' && warnings.push(m) }).open(
    { id: 'c', name: 'c', protocol: 'iceberg-rest', uri, auth: { type: 'none' }, ...extra },
    {},
  );
}

describe('the prefix: server defaults < connection < server overrides', () => {
  test('merged as the Java client merges catalog properties', () => {
    assert.equal(parseCatalogConfig({ defaults: { prefix: 'main' } }, {}).prefix, 'main');
    const c = parseCatalogConfig({ defaults: { prefix: 'main' } }, { prefix: 'dev' });
    assert.deepEqual([c.prefix, c.prefixSource], ['dev', 'connection']);
    const o = parseCatalogConfig({ defaults: { prefix: 'main' }, overrides: { prefix: 'forced' } }, { prefix: 'dev' });
    assert.deepEqual([o.prefix, o.prefixSource], ['forced', 'server overrides']);
    assert.equal(parseCatalogConfig({}, {}).prefix, undefined);
  });

  test('a prefix is a path: slashes trimmed, %XX kept, characters a path cannot carry encoded', () => {
    assert.equal(pathPrefix('/main/'), 'main');
    assert.equal(pathPrefix('main%7Cwarehouse'), 'main%7Cwarehouse');
    assert.equal(pathPrefix('dev|warehouse'), 'dev%7Cwarehouse');
    assert.equal(pathPrefix('a b/ü'), 'a%20b/%C3%BC');
    assert.equal(pathPrefix('50%'), '50%25');
    assert.equal(pathPrefix(' / '), undefined);
  });
});

describe('an Iceberg catalog through loopback servers', () => {
  let other: Awaited<ReturnType<typeof serve>>;
  let server: Awaited<ReturnType<typeof serve>>;
  let config: Record<string, unknown> = {};
  before(async () => {
    // Another origin, which must never see a request.
    other = await serve((_req, res) => json(res, 200, { namespaces: [['stolen']] }));
    server = await serve((req, res, url) => {
      if (url.pathname === '/cat/v1/config') return json(res, 200, config);
      if (/^\/(cat|moved)\/v1\/(p1\/)?namespaces$/.test(url.pathname)) return json(res, 200, { namespaces: [[url.pathname.split('/')[1]!]] });
      if (url.pathname === '/cat/v1/namespaces/db/tables/missing')
        return json(res, 404, { error: { message: 'Table does not exist: db.missing', type: 'NoSuchTableException', code: 404 } });
      if (url.pathname === '/cat/v1/namespaces/db/tables/html') {
        res.writeHead(404, { 'content-type': 'text/html' });
        return res.end('<html><title>Not Found</title></html>');
      }
      return json(res, 404, { detail: 'Not Found' });
    });
  });
  after(async () => {
    await server?.close();
    await other?.close();
  });

  test('the connection prefix goes into every path; the GetConfig record says where it came from', async () => {
    config = { defaults: { prefix: 'server-default' }, overrides: {} };
    const log = new RequestLog();
    const client = open(`${server.uri}/cat`, { prefix: 'p1' }, log);
    assert.deepEqual((await client.listNamespaces([])).items, ['cat']);
    assert.ok(server.paths.includes('GET /cat/v1/p1/namespaces'), server.paths.join('\n'));
    const record = log.list().find((r) => r.operation === 'GetConfig')!;
    assert.ok(
      record.notes?.some((n) => n.includes('prefix "p1" (from the connection)')),
      JSON.stringify(record.notes),
    );
    client.dispose();
  });

  test('overrides.uri on the same origin is followed for every later request, and noted in the inspector', async () => {
    config = { defaults: {}, overrides: { uri: `${server.uri}/moved/` } };
    const log = new RequestLog();
    const client = open(`${server.uri}/cat`, {}, log);
    assert.deepEqual((await client.listNamespaces([])).items, ['moved']);
    const config_ = log.list().find((r) => r.operation === 'GetConfig')!;
    assert.ok(
      config_.notes?.some((n) => n.startsWith(`overrides.uri: following ${server.uri}/moved`)),
      JSON.stringify(config_.notes),
    );
    assert.match(log.list().find((r) => r.operation === 'ListNamespaces')!.url, new RegExp(`^${server.uri}/moved/v1/namespaces`));
    client.dispose();
  });

  test('overrides.uri on another origin is not followed: credentials stay where the user pointed them', async () => {
    config = { defaults: {}, overrides: { uri: `${other.uri}/steal` } };
    const log = new RequestLog();
    const warnings: string[] = [];
    const client = open(`${server.uri}/cat`, {}, log, warnings);
    assert.deepEqual((await client.listNamespaces([])).items, ['cat']);
    assert.equal(other.paths.length, 0, 'the other origin saw nothing');
    assert.match(warnings.join('\n'), new RegExp(`says to use ${other.uri}/steal \\(overrides\\.uri\\), on another server .* not followed`));
    assert.ok(
      log
        .list()
        .find((r) => r.operation === 'GetConfig')!
        .notes?.some((n) => /not followed/.test(n)),
    );
    client.dispose();
  });

  test('a 404 in Iceberg\'s error model is the catalog saying "not found"', async () => {
    config = { defaults: {}, overrides: {} };
    const client = open(`${server.uri}/cat`);
    await assert.rejects(
      client.describeTable(['db', 'missing']),
      (e: unknown) => e instanceof CatalogError && e.kind === 'not-found' && /table db\.missing not found/.test(e.message),
    );
    client.dispose();
  });

  test('a 404 without it (a framework\'s {"detail":"Not Found"}, an HTML page) is a route the server lacks', async () => {
    config = { defaults: {}, overrides: {} };
    const log = new RequestLog();
    const client = open(`${server.uri}/cat`, {}, log);
    for (const name of ['nope', 'html']) {
      await assert.rejects(client.describeTable(['db', name]), (e: unknown) => {
        assert.ok(e instanceof CatalogError);
        assert.equal(e.kind, 'config');
        assert.match(
          e.message,
          new RegExp(
            `^the server has no such endpoint: GET ${server.uri}/cat/v1/namespaces/db/tables/${name} answered 404 without Iceberg's error model \\(not "table db\\.${name} not found"\\) — check the catalog URI and the prefix`,
          ),
        );
        assert.equal(log.get(e.recordId!)?.error?.message, e.message, 'the inspector shows the same explanation');
        return true;
      });
    }
    client.dispose();
  });

  test('GET /v1/config itself 404: the URI is wrong', async () => {
    const client = open(`${server.uri}/wrong`);
    await assert.rejects(
      client.initialize(),
      /^CatalogError: no Iceberg REST catalog at http:\/\/127\.0\.0\.1:\d+\/wrong: GET .*\/wrong\/v1\/config answered 404/,
    );
    client.dispose();
  });

  test('views not advertised: none listed, none requested, and the reason is given', async () => {
    config = { defaults: {}, overrides: {}, endpoints: ['GET /v1/{prefix}/namespaces', 'GET /v1/{prefix}/namespaces/{namespace}/tables'] };
    const client = open(`${server.uri}/cat`);
    const before = server.paths.length;
    assert.deepEqual(await client.listViews!(['db']), { items: [] });
    assert.match(
      client.viewsUnavailable!() ?? '',
      /^this catalog does not advertise view support \(its \/v1\/config endpoints do not list "GET \/v1\/\{prefix\}\/namespaces\/\{namespace\}\/views"\)/,
    );
    assert.ok(!server.paths.slice(before).some((p) => p.includes('/views')));
    client.dispose();
    config = { defaults: { 'view-endpoints-supported': 'true' }, overrides: {} };
    const withViews = open(`${server.uri}/cat`);
    await withViews.initialize();
    assert.equal(withViews.viewsUnavailable!(), undefined);
    withViews.dispose();
  });
});
