import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { Transport, type Call } from '../../src/core/transport/transport';
import { backoffDelay, retryDelay } from '../../src/core/transport/retry';
import { decideRedirect } from '../../src/core/transport/redirect';
import { RequestLog } from '../../src/core/records';
import { CatalogError } from '../../src/core/errors';
import type { AuthSession } from '../../src/core/authContract';
import type { ConnectionConfig } from '../../src/core/connection';
import { json, startFaultServer } from '../support/faultServer';
import { outcome, shown } from '../support/hostileOutcomes';
import { lanceRestProtocol } from '../../src/core/lance/protocol';

/** Faults below the catalog protocol: broken connections, slow and throttling servers, redirects, shared reads. */

function counting(): AuthSession & { signs: number; urls: string[] } {
  const s = {
    setsAuthorization: true,
    signs: 0,
    urls: [] as string[],
    async initialize() {},
    async authenticate(req: { url: URL; headers: Record<string, string> }) {
      s.signs++;
      s.urls.push(req.url.href);
      req.headers['authorization'] = `Bearer signed-for-${req.url.pathname}`;
      return { provider: 'test', summary: 'test' };
    },
  };
  return s;
}

function transport(uri: string, extra: Partial<ConnectionConfig> = {}, opts: { maxRetryDelayMs?: number; auth?: AuthSession } = {}) {
  const connection: ConnectionConfig = { id: 'c1', name: 'fault', protocol: 'lance-rest', uri, auth: { type: 'test' }, ...extra };
  const log = new RequestLog();
  const auth = opts.auth ?? counting();
  return {
    t: new Transport({ connection, catalogUri: new URL(uri), protocol: lanceRestProtocol, auth, log, env: {}, maxRetryDelayMs: opts.maxRetryDelayMs ?? 50 }),
    log,
    auth,
  };
}

const list: Call = { operation: 'ListNamespaces', method: 'GET', path: '/v1/namespace/%24/list', subject: 'the root namespace' };

async function failure(p: Promise<unknown>): Promise<CatalogError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof CatalogError, `expected a CatalogError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected a failure');
}

test('a connection reset half way through the body is a network error', async () => {
  const server = await startFaultServer((_req, res) => {
    const body = JSON.stringify({ namespaces: Array.from({ length: 2000 }, (_, i) => `ns${i}`) });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.write(body.slice(0, body.length / 2), () => res.socket?.destroy());
  });
  try {
    const { t } = transport(server.uri);
    const e = await failure(t.call(list));
    assert.equal(e.kind, 'network');
    assert.match(e.message, new RegExp(`${server.uri.replace(/\./g, '\\.')}`));
    outcome('network', 'connection reset half way through the body', shown(e));
    await t.close();
  } finally {
    await server.close();
  }
});

test('a host name that does not resolve is a network error naming DNS', async () => {
  const { t } = transport('http://catalog.nsb-test.invalid:8080');
  const e = await failure(t.call(list));
  assert.equal(e.kind, 'network');
  assert.match(e.message, /^cannot reach http:\/\/catalog\.nsb-test\.invalid:8080: .*(does not resolve|DNS)/);
  outcome('network', 'DNS failure (a .invalid host name)', shown(e));
  await t.close();
});

test('a server that accepts and never answers ends at the deadline', async () => {
  const server = await startFaultServer(() => undefined);
  try {
    const { t } = transport(server.uri, { requestTimeoutMs: 400 });
    const e = await failure(t.call(list));
    assert.equal(e.kind, 'timeout');
    assert.match(e.message, /^no complete answer from http:\/\/127\.0\.0\.1:\d+ within 0.4 s \(ListNamespaces\)$/);
    outcome('network', 'server accepts and never answers', shown(e));
    await t.close();
  } finally {
    await server.close();
  }
});

test('a slow drip (one byte every 100 ms) is ended by the overall deadline, which covers the body', async () => {
  let stopped = false;
  const server = await startFaultServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"namespaces": [');
    // Each byte comes well within any idle timeout, so only a deadline over the whole exchange ends it.
    const timer = setInterval(() => res.write(' '), 100);
    res.on('close', () => {
      stopped = true;
      clearInterval(timer);
    });
  });
  try {
    const { t, log } = transport(server.uri, { requestTimeoutMs: 1000 });
    const e = await failure(t.call(list));
    assert.equal(e.kind, 'timeout');
    assert.match(e.message, /no complete answer from .* within 1 s/);
    assert.equal(log.get(e.recordId!)?.status, 200, 'the headers had arrived: the deadline ended the body');
    await t.close();
    await server.close();
    assert.ok(stopped, 'the server saw the connection close');
    outcome('network', 'slow drip: one byte every 100 ms', shown(e));
  } finally {
    await server.close();
  }
});

test('429 with Retry-After: 3600 gives up at once with a throttled error that says when to retry', async () => {
  const server = await startFaultServer((_req, res) => json(res, 429, { error: 'slow down', code: 21 }, { 'retry-after': '3600' }));
  try {
    const { t, log } = transport(server.uri, {}, { maxRetryDelayMs: 10_000 });
    const e = await failure(t.call(list));
    assert.equal(e.kind, 'throttled');
    assert.equal(server.seen.length, 1, 'no retry: waiting an hour would look like a hang');
    assert.match(
      e.message,
      /the server asked to wait 1 h \(Retry-After\), longer than the 10 s this client waits; try again after \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/,
    );
    assert.equal(e.options.retryAfterSeconds, 3600);
    assert.equal(log.get(e.recordId!)?.error?.message, e.message, 'the record says the same');
    outcome('throttling', '429 with Retry-After: 3600', shown(e));
    await t.close();
  } finally {
    await server.close();
  }
});

test('429 with a short Retry-After is waited for and retried; the retries are bounded', async () => {
  const server = await startFaultServer((_req, res) => json(res, 429, { error: 'slow down' }, { 'retry-after': '0' }));
  try {
    const { t } = transport(server.uri);
    const e = await failure(t.call(list));
    assert.equal(e.kind, 'throttled');
    assert.equal(server.seen.length, 3, 'one try and two retries');
    outcome('throttling', '429 with Retry-After: 0, every time', shown(e));
    await t.close();
  } finally {
    await server.close();
  }
});

test('503 is retried with back-off and then succeeds', async () => {
  const server = await startFaultServer((_req, res, n) => (n < 3 ? json(res, 503, { error: 'warming up' }) : json(res, 200, { namespaces: ['a'] })));
  try {
    const { t, log } = transport(server.uri);
    const reply = await t.call(list);
    assert.deepEqual(reply.json, { namespaces: ['a'] });
    assert.deepEqual(
      log.list().map((r) => r.status),
      [503, 503, 200],
    );
    outcome('throttling', '503 twice, then 200', 'answered after two retries (back-off with jitter)');
    await t.close();
  } finally {
    await server.close();
  }
});

test('back-off grows exponentially with jitter and never exceeds the cap', () => {
  assert.equal(
    backoffDelay(1, 10_000, () => 0),
    100,
  );
  assert.equal(
    backoffDelay(1, 10_000, () => 0.999999),
    299.9998,
  );
  assert.equal(
    backoffDelay(3, 10_000, () => 0),
    400,
  );
  assert.equal(
    backoffDelay(3, 10_000, () => 0.5),
    800,
  );
  assert.equal(
    backoffDelay(20, 10_000, () => 0.5),
    10_000,
  );
  for (let attempt = 1; attempt < 40; attempt++) {
    const d = backoffDelay(attempt, 5000);
    assert.ok(d >= 0 && d <= 5000);
  }
  assert.equal(retryDelay(1, 2, 10_000), 2000, 'Retry-After is honoured when under the cap');
  assert.equal(retryDelay(1, 3600, 10_000), undefined, 'and refused when over it');
});

test('a same-origin redirect of a GET is followed and signed again for the new URL', async () => {
  const server = await startFaultServer((req, res) => {
    if (req.url.startsWith('/v1/namespace/%24/list')) {
      res.writeHead(307, { location: '/moved/v1/namespace/%24/list' });
      res.end();
    } else json(res, 200, { namespaces: ['moved'], auth: req.headers.authorization });
  });
  try {
    const { t, log, auth } = transport(server.uri);
    const reply = await t.call(list);
    assert.deepEqual(reply.json, { namespaces: ['moved'], auth: 'Bearer signed-for-/moved/v1/namespace/%24/list' });
    assert.equal((auth as ReturnType<typeof counting>).signs, 2);
    assert.deepEqual(
      log.list().map((r) => r.status),
      [307, 200],
    );
    outcome('redirects', 'same-origin 307 of a GET', 'followed, signed again for the new path');
    await t.close();
  } finally {
    await server.close();
  }
});

test('a redirect to another origin is refused: the other server never sees the credentials', async () => {
  const elsewhere = await startFaultServer((_req, res) => json(res, 200, { namespaces: ['stolen'] }));
  const server = await startFaultServer((_req, res) => {
    res.writeHead(302, { location: `${elsewhere.uri}/collect?token=abc` });
    res.end();
  });
  try {
    const { t } = transport(server.uri);
    const e = await failure(t.call(list));
    assert.equal(e.kind, 'protocol');
    assert.equal(elsewhere.seen.length, 0);
    assert.match(
      e.message,
      /^the server redirected ListNamespaces \(302\) to another server \(http:\/\/127\.0\.0\.1:\d+\/collect\?token=%E2%80%B9redacted%2C%203%20chars%E2%80%BA\); redirects to another origin are not followed/,
    );
    outcome('redirects', 'redirect to another origin', shown(e));
    await t.close();
  } finally {
    await server.close();
    await elsewhere.close();
  }
});

test('redirects of POST reads, redirect loops, and HTTPS to HTTP are not followed', async () => {
  assert.deepEqual(decideRedirect(new URL('https://a.example/v1/x'), 301, 'http://a.example/v1/x', 'GET').follow, false);
  assert.match(
    (decideRedirect(new URL('https://a.example/v1/x'), 301, 'http://a.example/v1/x', 'GET') as { reason: string }).reason,
    /downgrade to plain HTTP/,
  );
  assert.equal(decideRedirect(new URL('http://a.example:1/x'), 302, 'http://a.example:2/x', 'GET').follow, false, 'another port is another origin');
  assert.equal(decideRedirect(new URL('http://a.example/x'), 302, '/y', 'GET').follow, true);
  const server = await startFaultServer((req, res) => {
    res.writeHead(307, { location: req.url.startsWith('/a') ? '/b' : '/a' });
    res.end();
  });
  try {
    const { t } = transport(server.uri);
    const post = await failure(t.call({ operation: 'DescribeTable', method: 'POST', path: '/v1/table/t/describe', json: { id: ['t'] } }));
    assert.match(post.message, /only GET requests are redirected/);
    const loop = await failure(t.call({ ...list, path: '/a' }));
    assert.match(loop.message, /redirected more than 5 times/);
    outcome('redirects', 'redirect loop', shown(loop));
    await t.close();
  } finally {
    await server.close();
  }
});

test('identical reads in flight are shared: one request, every caller gets the answer', async () => {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const server = await startFaultServer(async (_req, res) => {
    await gate;
    json(res, 200, { namespaces: ['a', 'b'] });
  });
  try {
    const { t } = transport(server.uri);
    const calls = Array.from({ length: 5 }, () => t.call(list));
    await once(server.server, 'request');
    assert.equal(t.sharedInFlight, 1);
    release();
    const replies = await Promise.all(calls);
    assert.equal(server.seen.length, 1);
    for (const r of replies) assert.deepEqual(r.json, { namespaces: ['a', 'b'] });
    assert.equal(t.sharedInFlight, 0);
    // Writes and calls that opt out are never shared.
    const again = await Promise.all([t.call({ ...list, share: false }), t.call({ ...list, share: false })]);
    assert.equal(again.length, 2);
    assert.equal(server.seen.length, 3);
    await t.close();
  } finally {
    await server.close();
  }
});

test("one caller's abort does not cancel the shared request for the others; all aborting cancels it", async () => {
  let release!: () => void;
  let gate = new Promise<void>((r) => (release = r));
  const closed: boolean[] = [];
  const server = await startFaultServer(async (_req, res) => {
    res.on('close', () => closed.push(!res.writableFinished));
    await gate;
    if (!res.destroyed) json(res, 200, { namespaces: ['x'] });
  });
  try {
    const { t } = transport(server.uri);
    const a = new AbortController();
    const pa = t.call({ ...list, signal: a.signal });
    const pb = t.call(list);
    await once(server.server, 'request');
    a.abort();
    const ea = await failure(pa);
    assert.equal(ea.kind, 'cancelled');
    release();
    assert.deepEqual((await pb).json, { namespaces: ['x'] });
    assert.equal(server.seen.length, 1);

    // The first caller cannot cancel: a later one that aborts leaves, and the request goes on for the first.
    gate = new Promise<void>((r) => (release = r));
    const first = t.call(list);
    const later = new AbortController();
    const pl = t.call({ ...list, signal: later.signal });
    await once(server.server, 'request');
    later.abort();
    assert.equal((await failure(pl)).kind, 'cancelled');
    release();
    assert.deepEqual((await first).json, { namespaces: ['x'] });
    assert.equal(server.seen.length, 2);

    gate = new Promise<void>((r) => (release = r));
    const c1 = new AbortController();
    const c2 = new AbortController();
    const p1 = t.call({ ...list, signal: c1.signal });
    const p2 = t.call({ ...list, signal: c2.signal });
    await once(server.server, 'request');
    c1.abort();
    c2.abort();
    assert.equal((await failure(p1)).kind, 'cancelled');
    assert.equal((await failure(p2)).kind, 'cancelled');
    assert.equal(t.sharedInFlight, 0, 'a fully abandoned request is forgotten at once');
    // A new caller starts afresh rather than joining the cancelled request.
    const p3 = t.call(list);
    await once(server.server, 'request');
    release();
    assert.deepEqual((await p3).json, { namespaces: ['x'] });
    assert.equal(server.seen.length, 4);
    outcome('concurrency', 'two callers share a read; one aborts', 'the other still gets the answer; the request is cancelled only when every caller aborted');
    await t.close();
  } finally {
    await server.close();
  }
});
