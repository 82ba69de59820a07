import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import { createRuntime } from '../../src/core/runtime';
import { RequestLog } from '../../src/core/records';
import { CatalogError, isCatalogError } from '../../src/core/errors';
import { json, startFaultServer } from '../support/faultServer';
import { outcome } from '../support/hostileOutcomes';

/** Load on one connection: the in-flight limit holds under 200 concurrent listings, and cancellation is prompt. */

function open(uri: string, maxConcurrentRequests: number) {
  const runtime = createRuntime({ log: new RequestLog(10_000), env: {} });
  return runtime.open({ id: 'l', name: 'load', protocol: 'lance-rest', uri, auth: { type: 'none' }, maxConcurrentRequests }, {});
}

test('200 concurrent listNamespaces never exceed the per-connection limit; each ends loaded or with a CatalogError', async () => {
  const LIMIT = 8;
  const TOTAL = 200;
  let active = 0;
  let peak = 0;
  let held: (() => void)[] = [];
  const server = await startFaultServer((req, res) => {
    active++;
    peak = Math.max(peak, active);
    const n = Number(/ns(\d+)/.exec(decodeURIComponent(req.url))?.[1]);
    held.push(() => {
      active--;
      if (n % 10 === 7) json(res, 500, { error: `namespace ns${n} is broken` });
      else json(res, 200, { namespaces: [`child-of-${n}`] });
    });
    // Answer in batches: a batch is full when the limit is reached (or the last requests have arrived), so the
    // peak is what the client allows, not what timing happens to produce.
    if (held.length === LIMIT || server.seen.length === TOTAL) {
      const batch = held;
      held = [];
      for (const answer of batch) answer();
    }
  });
  try {
    const client = open(server.uri, LIMIT);
    const results = await Promise.allSettled(Array.from({ length: TOTAL }, (_, i) => client.listNamespaces([`ns${i}`])));
    assert.ok(peak <= LIMIT, `peak ${peak}`);
    assert.equal(peak, LIMIT, 'the limit was actually reached');
    assert.equal(server.seen.length, TOTAL);
    let loaded = 0;
    let failed = 0;
    results.forEach((r, i) => {
      if (r.status === 'fulfilled') {
        loaded++;
        assert.deepEqual(r.value.items, [`child-of-${i}`]);
      } else {
        failed++;
        assert.ok(isCatalogError(r.reason), String(r.reason));
        assert.equal(r.reason.kind, 'unavailable');
        assert.equal(i % 10, 7);
      }
    });
    assert.equal(loaded, 180);
    assert.equal(failed, 20);
    outcome(
      'concurrency',
      '200 namespaces listed at once, limit 8, every tenth failing',
      `peak ${peak} in flight; 180 loaded, 20 ended in a CatalogError (unavailable)`,
    );
    client.dispose();
  } finally {
    await server.close();
  }
});

test('a listing waiting for a free slot is cancelled at once when its caller aborts, and never sent', async () => {
  const held: ServerResponse[] = [];
  const server = await startFaultServer((_req, res) => void held.push(res));
  try {
    const client = open(server.uri, 2);
    const busy = [client.listNamespaces(['a']), client.listNamespaces(['b'])];
    await once(server.server, 'request');
    if (server.seen.length < 2) await once(server.server, 'request');
    const superseded = new AbortController();
    const waiting = client.listNamespaces(['c'], {}, { signal: superseded.signal });
    superseded.abort();
    await assert.rejects(waiting, (e: unknown) => e instanceof CatalogError && e.kind === 'cancelled');
    for (const res of held) json(res, 200, { namespaces: [] });
    await Promise.all(busy);
    assert.deepEqual(
      server.seen.map((r) => r.url.split('?')[0]),
      ['/v1/namespace/a/list', '/v1/namespace/b/list'],
    );
    outcome('concurrency', 'a queued request whose node was collapsed (aborted)', 'cancelled at once, never sent');
    client.dispose();
  } finally {
    await server.close();
  }
});

test('a request in flight is cancelled when its caller aborts; the caller gets "cancelled"', async () => {
  const server = await startFaultServer(() => undefined);
  try {
    const client = open(server.uri, 2);
    const controller = new AbortController();
    const p = client.listNamespaces(['slow'], {}, { signal: controller.signal });
    await once(server.server, 'request');
    controller.abort();
    await assert.rejects(p, (e: unknown) => e instanceof CatalogError && e.kind === 'cancelled' && e.message === 'ListNamespaces was cancelled');
    client.dispose();
  } finally {
    await server.close();
  }
});
