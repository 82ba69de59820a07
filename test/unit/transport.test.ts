import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Transport } from '../../src/core/transport/transport';
import { RequestLog } from '../../src/core/records';
import { CatalogError } from '../../src/core/errors';
import type { AuthSession } from '../../src/core/authContract';
import type { ConnectionConfig } from '../../src/core/connection';
import { SecretScrubber } from '../../src/core/redact';
import { json, startFaultServer } from '../support/faultServer';
import { outcome, shown } from '../support/hostileOutcomes';
import { lanceRestProtocol } from '../../src/core/lance/protocol';

const CANARY = 'CANARY-tok-5a4b3c2d1e';

function bearerSession(tokens: string[]): AuthSession & { refreshes: number; signs: number } {
  let i = 0;
  const s = {
    setsAuthorization: true,
    refreshes: 0,
    signs: 0,
    async initialize() {},
    async authenticate(req: { headers: Record<string, string> }) {
      s.signs++;
      req.headers['authorization'] = `Bearer ${tokens[i]}`;
      return { provider: 'test', summary: 'bearer token' };
    },
    async refresh() {
      s.refreshes++;
      i = Math.min(i + 1, tokens.length - 1);
      return true;
    },
  };
  return s;
}

function transport(uri: string, auth: AuthSession, extra: Partial<ConnectionConfig> = {}, log = new RequestLog()) {
  const scrubber = new SecretScrubber();
  scrubber.add(CANARY);
  const connection: ConnectionConfig = { id: 'c1', name: 'test', protocol: 'lance-rest', uri, auth: { type: 'test' }, ...extra };
  return { t: new Transport({ connection, catalogUri: new URL(uri), protocol: lanceRestProtocol, auth, log, scrubber, env: {}, maxRetryDelayMs: 50 }), log };
}

const call = { operation: 'ListTables', method: 'GET' as const, path: '/v1/namespace/%24/table/list', subject: 'the root namespace' };

test('a 401 triggers one refresh and one retry, signed again; records are redacted', async () => {
  const server = await startFaultServer((req, res) => {
    if (req.headers.authorization === `Bearer ${CANARY}-new`) json(res, 200, { tables: ['a'] });
    else json(res, 401, { error: 'expired', code: 16 });
  });
  try {
    const auth = bearerSession([CANARY, `${CANARY}-new`]);
    const { t, log } = transport(server.uri, auth);
    const reply = await t.call(call);
    assert.deepEqual(reply.json, { tables: ['a'] });
    assert.equal(auth.refreshes, 1);
    assert.equal(auth.signs, 2);
    assert.equal(server.seen.length, 2);
    const records = log.list();
    assert.equal(records.length, 2);
    assert.deepEqual(
      records.map((r) => [r.attempt, r.status]),
      [
        [1, 401],
        [2, 200],
      ],
    );
    assert.ok(!JSON.stringify(records).includes(CANARY), 'no token in records');
    assert.match(records[0]!.requestHeaders['authorization']!, /^Bearer ‹redacted/);
    outcome('auth', '401 with an expired token', 'refreshed once, retried once, answered; the token is redacted in both records');
    await t.close();
  } finally {
    await server.close();
  }
});

test('a second 401 after the refresh is an unauthenticated error, without looping', async () => {
  const server = await startFaultServer((_req, res) => json(res, 401, { error: 'nope' }));
  try {
    const auth = bearerSession(['a', 'b']);
    const { t } = transport(server.uri, auth);
    await assert.rejects(t.call(call), (e: unknown) => e instanceof CatalogError && e.kind === 'unauthenticated' && e.recordId !== undefined);
    assert.equal(server.seen.length, 2);
    await t.close();
  } finally {
    await server.close();
  }
});

test('429 with Retry-After is honoured (capped) and retried; the URL query uses %20', async () => {
  const server = await startFaultServer((_req, res, n) =>
    n === 1 ? json(res, 429, { error: 'slow' }, { 'retry-after': '0' }) : json(res, 200, { tables: [] }),
  );
  try {
    const { t, log } = transport(server.uri, bearerSession(['x']));
    await t.call({ ...call, query: [['page_token', 'a b+c']] });
    assert.equal(server.seen.length, 2);
    assert.equal(server.seen[0]!.url, '/v1/namespace/%24/table/list?page_token=a%20b%2Bc');
    assert.equal(log.list()[0]!.status, 429);
    await t.close();
  } finally {
    await server.close();
  }
});

test('503 retries are bounded', async () => {
  const server = await startFaultServer((_req, res) => json(res, 503, { error: 'down' }));
  try {
    const { t } = transport(server.uri, bearerSession(['x']));
    await assert.rejects(t.call(call), (e: unknown) => e instanceof CatalogError && e.kind === 'unavailable');
    assert.equal(server.seen.length, 3);
    await t.close();
  } finally {
    await server.close();
  }
});

test('a body that is not JSON is a protocol error naming the content type', async () => {
  const server = await startFaultServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<html>proxy login</html>');
  });
  try {
    const { t } = transport(server.uri, bearerSession(['x']));
    await assert.rejects(
      t.call(call),
      (e: unknown) => e instanceof CatalogError && e.kind === 'protocol' && /not valid JSON \(content-type text\/html/.test(e.message),
    );
    await t.close();
  } finally {
    await server.close();
  }
});

test('a response over the size cap is cut off with a clear error', async () => {
  const server = await startFaultServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(`{"tables": ["${'x'.repeat(200_000)}"]}`);
  });
  try {
    const { t } = transport(server.uri, bearerSession(['x']), { maxResponseBytes: 64 * 1024 });
    await assert.rejects(t.call(call), (e: unknown) => e instanceof CatalogError && /larger than the 64 KB limit/.test(e.message));
    await t.close();
  } finally {
    await server.close();
  }
});

test('answers are read whole: interim 1xx answers skipped, repeated headers joined, any header name kept as data', async () => {
  const server = await startFaultServer((_req, res) => {
    res.writeEarlyHints({ link: '</style.css>; rel=preload' });
    res.setHeader('x-dup', ['one', 'two']);
    res.setHeader('constructor', 'c');
    json(res, 200, { tables: ['a'] });
  });
  try {
    const { t, log } = transport(server.uri, bearerSession(['x']));
    const reply = await t.call(call);
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.json, { tables: ['a'] });
    assert.equal(reply.headers['x-dup'], 'one, two');
    assert.equal(reply.headers['constructor'], 'c');
    assert.equal(Object.getPrototypeOf(reply.headers), Object.prototype);
    const record = log.get(reply.recordId)!;
    assert.equal(record.responseHeaders?.['x-dup'], 'one, two');
    assert.equal(record.responseBytes, Buffer.byteLength(JSON.stringify({ tables: ['a'] })));
    await t.close();
  } finally {
    await server.close();
  }
});

test('a server that never answers times out with the deadline in the message', async () => {
  const server = await startFaultServer(() => undefined);
  try {
    const { t } = transport(server.uri, bearerSession(['x']), { requestTimeoutMs: 300 });
    await assert.rejects(t.call(call), (e: unknown) => e instanceof CatalogError && e.kind === 'timeout');
    await t.close();
  } finally {
    await server.close();
  }
});

test('connection refused says which server and what happened', async () => {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const port = (probe.address() as { port: number }).port;
  await new Promise<void>((r) => probe.close(() => r()));
  const { t, log } = transport(`http://127.0.0.1:${port}`, bearerSession(['x']));
  await assert.rejects(t.call(call), (e: unknown) => {
    assert.ok(e instanceof CatalogError);
    assert.equal(e.kind, 'network');
    assert.equal(e.message, `cannot reach http://127.0.0.1:${port}: connection refused (is the catalog server running?)`);
    assert.equal(log.get(e.recordId!)?.error?.kind, 'network');
    outcome('network', 'connection refused', shown(e));
    return true;
  });
  await t.close();
});

test('cancelling by AbortSignal ends the call as cancelled', async () => {
  const server = await startFaultServer(() => undefined);
  try {
    const { t } = transport(server.uri, bearerSession(['x']));
    const controller = new AbortController();
    const p = t.call({ ...call, signal: controller.signal });
    await new Promise<void>((resolve) => server.server.once('request', () => resolve()));
    controller.abort();
    await assert.rejects(p, (e: unknown) => e instanceof CatalogError && e.kind === 'cancelled');
    await t.close();
  } finally {
    await server.close();
  }
});

test('redirects to another origin are not followed (credentials never travel elsewhere)', async () => {
  const server = await startFaultServer((_req, res) => {
    res.writeHead(302, { location: 'http://evil.example/steal' });
    res.end();
  });
  try {
    const { t } = transport(server.uri, bearerSession(['x']));
    await assert.rejects(t.call(call), (e: unknown) => e instanceof CatalogError && /redirected/.test(e.message));
    assert.equal(server.seen.length, 1);
    await t.close();
  } finally {
    await server.close();
  }
});

test('a static Authorization header next to a provider that sets it is a configuration error', () => {
  assert.throws(
    () => transport('http://127.0.0.1:1', bearerSession(['x']), { headers: { Authorization: 'Bearer y' } }),
    (e: unknown) => e instanceof CatalogError && e.kind === 'config' && /cannot be combined/.test(e.message),
  );
});

test('the in-flight limit holds', async () => {
  let active = 0;
  let peak = 0;
  const waiting: (() => void)[] = [];
  const server = await startFaultServer((_req, res) => {
    active++;
    peak = Math.max(peak, active);
    waiting.push(() => {
      active--;
      json(res, 200, { tables: [] });
    });
    if (waiting.length === 3 || server.seen.length === 10) while (waiting.length) waiting.shift()!();
  });
  try {
    const { t } = transport(server.uri, bearerSession(['x']), { maxConcurrentRequests: 3 });
    // Distinct pages: identical reads in flight would be shared as one request.
    await Promise.all(Array.from({ length: 10 }, (_, i) => t.call({ ...call, query: [['page_token', `p${i}`]] })));
    assert.equal(peak, 3);
    await t.close();
  } finally {
    await server.close();
  }
});

test('no HTTP client is loaded until a connection opens', () => {
  // The extension activates through the runtime; undici (its dispatchers and WebAssembly parser) must wait for a connection.
  const script = `const { createRuntime } = require(${JSON.stringify(join(__dirname, '../../src/core/runtime.ts'))});
    const undici = () => Object.keys(require.cache).filter((k) => /node_modules[\\\\/]undici[\\\\/]/.test(k)).length;
    const runtime = createRuntime();
    const before = undici();
    runtime.open({ id: 'c', name: 'c', protocol: 'lance-rest', uri: 'http://127.0.0.1:9', auth: { type: 'none', settings: {} } }, {}).dispose();
    process.stdout.write(JSON.stringify({ before, after: undici() }));`;
  const out = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: join(__dirname, '../..'), encoding: 'utf8' })) as {
    before: number;
    after: number;
  };
  assert.equal(out.before, 0);
  assert.ok(out.after > 0, 'opening a connection loads the dispatchers');
});
