import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRuntime } from '../../src/core/runtime';
import { RequestLog } from '../../src/core/records';
import { startLanceCatalog, type RunningServer } from '../support/pyserver';
import { startProxy, type CountingProxy } from '../support/proxy';
import { runCli } from '../support/cli';
import { outcome } from '../support/hostileOutcomes';

/** The real Lance server behind a real HTTP proxy on loopback: the proxy must carry the traffic when told to. */

let lance: RunningServer;
let proxy: CountingProxy;
let other: CountingProxy;
let lanceHost: string;

before(async () => {
  [lance, proxy, other] = await Promise.all([startLanceCatalog(), startProxy(), startProxy()]);
  lanceHost = new URL(lance.uri).host;
});
after(async () => {
  await Promise.all([lance?.stop(), proxy?.close(), other?.close()]);
});

async function list(env: Record<string, string>, editorProxy?: string): Promise<string[]> {
  const runtime = createRuntime({ log: new RequestLog(), env, network: () => ({ proxy: editorProxy }) });
  const client = runtime.open({ id: 'p', name: 'proxied', protocol: 'lance-rest', uri: lance.uri, auth: { type: 'none' } }, {});
  try {
    return (await client.listNamespaces([])).items;
  } finally {
    client.dispose();
  }
}

const carried = (p: CountingProxy) => p.seen.filter((s) => s.includes(lanceHost)).length;

test('HTTP_PROXY in the connection environment carries the traffic, loopback included', async () => {
  const before = carried(proxy);
  const direct = await list({});
  assert.equal(carried(proxy), before, 'no proxy configured: direct');
  assert.deepEqual(await list({ HTTP_PROXY: proxy.url }), direct);
  assert.ok(carried(proxy) > before, `the proxy carried the request (saw ${proxy.seen.join(', ')})`);
  const lower = carried(proxy);
  assert.deepEqual(await list({ http_proxy: proxy.url }), direct);
  assert.ok(carried(proxy) > lower, 'lower-case http_proxy too');
  outcome('proxy', 'HTTP_PROXY set, catalog on loopback', `the proxy carried the requests (${proxy.seen.at(-1)?.split(' ')[0]} ${lanceHost})`);
});

test('NO_PROXY bypasses the proxy', async () => {
  const before = carried(proxy);
  const names = await list({ HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' });
  assert.ok(names.length > 0);
  assert.equal(carried(proxy), before);
  outcome('proxy', 'HTTP_PROXY with NO_PROXY=127.0.0.1', 'direct: the proxy saw nothing');
});

test("the editor's proxy (http.proxy) wins over the environment's variables, as in VS Code", async () => {
  const a = carried(proxy);
  const b = carried(other);
  await list({}, other.url);
  assert.ok(carried(other) > b, "the editor's proxy carried it");
  const b2 = carried(other);
  await list({ HTTP_PROXY: proxy.url }, other.url);
  assert.ok(carried(other) > b2, 'http.proxy wins over HTTP_PROXY');
  assert.equal(carried(proxy), a, 'the variable was not used');
  outcome('proxy', "VS Code's http.proxy and HTTP_PROXY both set", "the editor's proxy carried the requests (VS Code's precedence)");
});

test('nsb goes through HTTP_PROXY too, with the same output', async () => {
  const direct = await runCli(['--uri', lance.uri, 'ls']);
  assert.equal(direct.code, 0, direct.stderr);
  const before = carried(proxy);
  const proxied = await runCli(['--uri', lance.uri, 'ls'], { HTTP_PROXY: proxy.url });
  assert.equal(proxied.code, 0, proxied.stderr);
  assert.equal(proxied.stdout, direct.stdout);
  const after = carried(proxy);
  assert.ok(after > before);
  const bypassed = await runCli(['--uri', lance.uri, 'ls'], { HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' });
  assert.equal(bypassed.stdout, direct.stdout);
  assert.equal(carried(proxy), after, 'the NO_PROXY run went direct');
});
