// An open catalog owns its lifecycle: one shared initialize that is not kept when it fails, operations that wait for
// it, Sign Out, dispose; openCatalog checks the URI once, reads the protocol from the registry and gives the auth
// session a log. The transport follows the protocol's rules (which POSTs read) and the session's reading of a refusal.
import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AuthExplanation, AuthSession, RefusedRequest } from '../../src/core/authContract';
import { AuthProviderRegistry } from '../../src/core/auth/registry';
import { Catalog, openCatalog } from '../../src/core/catalog';
import { CATALOG_OPERATIONS, type CatalogAdapter } from '../../src/core/client';
import type { ConnectionConfig } from '../../src/core/connection';
import { CatalogError } from '../../src/core/errors';
import { icebergRestProtocol } from '../../src/core/iceberg/protocol';
import { lanceRestProtocol } from '../../src/core/lance/protocol';
import { PROTOCOLS } from '../../src/core/protocols';
import { RequestLog } from '../../src/core/records';
import { Transport } from '../../src/core/transport/transport';
import { json, startFaultServer } from '../support/faultServer';

const connection: ConnectionConfig = { id: 'c', name: 'c', protocol: 'lance-rest', uri: 'http://127.0.0.1:9', auth: { type: 'test' } };

/** A session and an adapter that write down what happens, in order. */
function parts(options: { failFirstInitialize?: boolean } = {}) {
  const events: string[] = [];
  let initializations = 0;
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const session: AuthSession = {
    setsAuthorization: false,
    async initialize() {
      initializations += 1;
      events.push(`session.initialize ${initializations}`);
      await gate;
      if (options.failFirstInitialize && initializations === 1) throw new CatalogError('unauthenticated', 'no credentials yet');
    },
    async authenticate() {
      return undefined;
    },
    signOut: () => events.push('session.signOut'),
    dispose: () => events.push('session.dispose'),
  };
  const adapter: CatalogAdapter = {
    initialize: async () => void events.push('adapter.initialize'),
    listNamespaces: async () => (events.push('listNamespaces'), { items: ['a'] }),
    listTables: async () => ({ items: [] }),
    describeNamespace: async (namespace) => ({ identifier: namespace, properties: {} }),
    describeTable: async () => ({ identifier: [], format: 'lance', schema: [], properties: {}, storageOptions: {} }),
    listVersions: async () => [],
    listIndices: async () => [],
    countRows: async () => 0,
  };
  const transport = new Transport({ connection, catalogUri: new URL(connection.uri), auth: session, log: new RequestLog() });
  const catalog = new Catalog(connection, lanceRestProtocol, session, transport, adapter);
  return { catalog, events, release, transport };
}

describe('an open catalog', () => {
  test('initializes once for every caller: credentials, then the protocol; operations wait for it', async () => {
    const { catalog, events, release } = parts();
    const first = catalog.listNamespaces([]);
    const second = catalog.initialize();
    const third = catalog.listNamespaces([]);
    release();
    await Promise.all([first, second, third]);
    assert.deepEqual(events, ['session.initialize 1', 'adapter.initialize', 'listNamespaces', 'listNamespaces']);
  });

  test('a failed initialize is not kept: the next call tries again', async () => {
    const { catalog, events, release } = parts({ failFirstInitialize: true });
    release();
    await assert.rejects(catalog.listNamespaces([]), (e: unknown) => e instanceof CatalogError && e.kind === 'unauthenticated');
    assert.deepEqual(await catalog.listNamespaces([]), { items: ['a'] });
    assert.deepEqual(events, ['session.initialize 1', 'session.initialize 2', 'adapter.initialize', 'listNamespaces']);
  });

  test('Sign Out forgets credentials and the next call resolves them again; dispose closes session and pool', async () => {
    const { catalog, events, release, transport } = parts();
    release();
    await catalog.initialize();
    catalog.signOut();
    await catalog.listNamespaces([]);
    assert.deepEqual(events, ['session.initialize 1', 'adapter.initialize', 'session.signOut', 'session.initialize 2', 'adapter.initialize', 'listNamespaces']);
    catalog.dispose();
    assert.equal(events.at(-1), 'session.dispose');
    await assert.rejects(transport.call({ operation: 'ListNamespaces', method: 'GET', path: '/v1/namespace/%24/list' }), CatalogError, 'the pool is closed');
  });

  test('identifiers are written as the protocol writes them; views exist exactly where the protocol has them', () => {
    const registry = new AuthProviderRegistry();
    registry.register({
      name: 'none',
      displayName: 'None',
      settings: [],
      create: () => ({ setsAuthorization: false, initialize: async () => undefined, authenticate: async () => undefined }),
    });
    const log = new RequestLog();
    const lance = openCatalog({ ...connection, auth: { type: 'none' }, delimiter: '.' }, {}, { registry, log });
    const iceberg = openCatalog({ ...connection, auth: { type: 'none' }, protocol: 'iceberg-rest' }, {}, { registry, log });
    assert.equal(lance.displayIdentifier(['a', 'b']), 'a.b');
    assert.equal(iceberg.displayIdentifier(['a', 'b.c']), 'a.`b.c`');
    assert.equal(lance.listViews, undefined);
    assert.equal(typeof iceberg.listViews, 'function');
    assert.equal(typeof iceberg.describeView, 'function');
    lance.dispose();
    iceberg.dispose();
  });

  test("forwards every operation its protocol's adapter has, and none it lacks", () => {
    const registry = new AuthProviderRegistry();
    registry.register({
      name: 'none',
      displayName: 'None',
      settings: [],
      create: () => ({ setsAuthorization: false, initialize: async () => undefined, authenticate: async () => undefined }),
    });
    for (const protocol of PROTOCOLS) {
      const transport = new Transport({
        connection,
        catalogUri: new URL(connection.uri),
        auth: { setsAuthorization: false, initialize: async () => undefined, authenticate: async () => undefined },
        log: new RequestLog(),
      });
      const adapter = protocol.create({ ...connection, protocol: protocol.id }, transport, {});
      const catalog = openCatalog({ ...connection, protocol: protocol.id, auth: { type: 'none' } }, {}, { registry, log: new RequestLog() });
      for (const op of CATALOG_OPERATIONS) assert.equal(typeof catalog[op], typeof adapter[op], `${protocol.id}: ${op}`);
      catalog.dispose();
      void transport.close();
    }
  });
});

describe('openCatalog', () => {
  function registryWith(
    create: (settings: Readonly<Record<string, string | undefined>>, context: Parameters<AuthSession['initialize']>[0] | unknown) => AuthSession,
  ) {
    const registry = new AuthProviderRegistry();
    registry.register({
      name: 'test',
      displayName: 'Test',
      settings: [{ key: 'token', label: 'Token', kind: 'secret', secret: true }],
      create: create as never,
    });
    return registry;
  }

  test('checks the URI once, before any auth session exists, and names what is wrong', () => {
    let created = 0;
    const registry = registryWith(() => {
      created += 1;
      return { setsAuthorization: false, initialize: async () => undefined, authenticate: async () => undefined };
    });
    for (const [uri, words] of [
      ['localhost:2333', /is not a URL|Use an http/],
      ['ftp://catalog', /Use an http/],
      ['https://user:pw@catalog.example', /Leave credentials out of the URL/],
    ] as const) {
      assert.throws(
        () => openCatalog({ ...connection, uri }, {}, { registry, log: new RequestLog() }),
        (e: unknown) => e instanceof CatalogError && e.kind === 'config' && words.test(e.message) && e.message.includes(JSON.stringify(uri)),
      );
    }
    assert.equal(created, 0);
  });

  test('an unknown protocol is a configuration error that names it, never another protocol', () => {
    const registry = registryWith(() => ({ setsAuthorization: false, initialize: async () => undefined, authenticate: async () => undefined }));
    assert.throws(
      () => openCatalog({ ...connection, protocol: 'unity-rest' as never }, {}, { registry, log: new RequestLog() }),
      (e: unknown) => e instanceof CatalogError && e.kind === 'config' && /unknown catalog protocol "unity-rest"/.test(e.message),
    );
  });

  test("gives the auth session a log: its warnings reach the front end's logger, with the connection's secrets scrubbed", async () => {
    const SECRET = 'CANARY-test-token-9f8e7d';
    const registry = registryWith((settings, context) => ({
      setsAuthorization: false,
      async initialize() {
        (context as { log?: (level: string, message: string) => void }).log?.('warn', `token endpoint said token_type "mac" for ${settings['token']}`);
      },
      authenticate: async () => undefined,
    }));
    const heard: string[] = [];
    const catalog = openCatalog(
      { ...connection },
      { token: SECRET },
      { registry, log: new RequestLog(), logger: (level, message) => heard.push(`${level}: ${message}`) },
    );
    await catalog.initialize();
    catalog.dispose();
    assert.equal(heard.length, 1);
    assert.match(heard[0]!, /^warn: token endpoint said token_type "mac" for /);
    assert.ok(!heard[0]!.includes(SECRET), heard[0]);
  });
});

describe("the transport follows the protocol's rules and the session's reading of a refusal", () => {
  const session = (explain?: AuthSession['explainRejection']): AuthSession => ({
    setsAuthorization: false,
    initialize: async () => undefined,
    authenticate: async () => ({ provider: 'test', summary: 'signed' }),
    explainRejection: explain,
  });

  test('a POST is retried when throttled only if the protocol says it reads', async () => {
    // Each path is throttled once, then answered.
    const hits = new Map<string, number>();
    const server = await startFaultServer((req, res) => {
      hits.set(req.url, (hits.get(req.url) ?? 0) + 1);
      if (hits.get(req.url) === 1) json(res, 429, { error: 'slow down' }, { 'retry-after': '0' });
      else json(res, 200, { ok: true });
    });
    try {
      const catalogUri = new URL(server.uri);
      const lance = new Transport({ connection, catalogUri, auth: session(), log: new RequestLog(), protocol: lanceRestProtocol, maxRetryDelayMs: 10 });
      const read = await lance.call({ operation: 'DescribeTable', method: 'POST', path: '/v1/table/t/describe', json: {} });
      assert.deepEqual(read.json, { ok: true });
      const write = lance.call({ operation: 'CreateNamespace', method: 'POST', path: '/v1/namespace/n/create', json: {} });
      await assert.rejects(write, (e: unknown) => e instanceof CatalogError && e.kind === 'throttled', 'a write is never retried');
      const iceberg = new Transport({ connection, catalogUri, auth: session(), log: new RequestLog(), protocol: icebergRestProtocol, maxRetryDelayMs: 10 });
      await assert.rejects(
        iceberg.call({ operation: 'DescribeTable', method: 'POST', path: '/x', json: {} }),
        CatalogError,
        "Lance's reads are not another protocol's",
      );
      assert.deepEqual(
        server.seen.map((r) => r.url),
        ['/v1/table/t/describe', '/v1/table/t/describe', '/v1/namespace/n/create', '/x'],
      );
    } finally {
      await server.close();
    }
  });

  test("the session's explanation replaces the message and its comparisons are recorded, aligned", async () => {
    const server = await startFaultServer((_req, res) => json(res, 403, { message: 'The signature does not match' }));
    try {
      const seen: { refused: RefusedRequest; ours: AuthExplanation | undefined }[] = [];
      const log = new RequestLog();
      const t = new Transport({
        connection,
        catalogUri: new URL(server.uri),
        log,
        auth: session((refused, ours) => {
          seen.push({ refused, ours });
          return {
            message: 'compare the canonical request (line 2 differs: path)',
            comparisons: [{ label: 'Canonical request', ours: 'GET\n/a\nx', theirs: 'GET\n/b\nx' }],
          };
        }),
      });
      const error = await t.call({ operation: 'ListNamespaces', method: 'GET', path: '/v1/namespace/%24/list' }).then(
        () => assert.fail('refused'),
        (e: unknown) => e as CatalogError,
      );
      assert.equal(error.kind, 'forbidden');
      assert.equal(error.message, 'compare the canonical request (line 2 differs: path)');
      assert.equal(error.options.detail, 'The signature does not match', "the server's own words stay as the detail");
      assert.equal(seen[0]!.refused.status, 403);
      assert.equal(seen[0]!.ours?.summary, 'signed', 'the explanation authenticate gave for this very request');
      const record = log.get(error.recordId!)!;
      assert.deepEqual(
        record.comparisons?.[0]?.rows.map((r) => r.kind),
        ['equal', 'changed', 'equal'],
      );
    } finally {
      await server.close();
    }
  });

  test('a session that fails to explain leaves the generic message, with a warning', async () => {
    const server = await startFaultServer((_req, res) => json(res, 401, { message: 'expired' }));
    try {
      const warnings: string[] = [];
      const t = new Transport({
        connection,
        catalogUri: new URL(server.uri),
        log: new RequestLog(),
        warn: (m) => warnings.push(m),
        auth: session(() => {
          throw new Error('parser bug');
        }),
      });
      await assert.rejects(
        t.call({ operation: 'ListNamespaces', method: 'GET', path: '/' }),
        (e: unknown) => e instanceof CatalogError && /not authenticated \(401\): expired/.test(e.message),
      );
      assert.match(warnings[0]!, /could not explain a 401 refusal: parser bug/);
    } finally {
      await server.close();
    }
  });
});
