// Smoke tests of the Python reference servers used by the integration suites.
import { test, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { SignatureV4 } from '@smithy/signature-v4';
import { HttpRequest } from '@smithy/protocol-http';
import { Sha256 } from '@aws-crypto/sha256-js';
import { startLanceCatalog, startSigV4Gateway, type RunningServer } from '../support/pyserver';
import { lanceStandard, bigTableNames } from '../support/lanceSeed';

const REGION = 'eu-west-1';
const AK = 'AKIDEXAMPLE';
const SK = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';

let lance: RunningServer;
let gw: RunningServer;

before(async () => {
  lance = await startLanceCatalog({ seed: 'standard' });
  gw = await startSigV4Gateway({ upstream: lance.uri, region: REGION, accessKeyId: AK, secretAccessKey: SK });
});

after(async () => {
  await Promise.all([gw?.stop(), lance?.stop()]);
});

/** The parts of a listing answer these checks read. */
interface ListingBody {
  namespaces?: string[];
  tables?: string[];
  page_token?: string;
}

async function getJson(url: string): Promise<{ status: number; body: ListingBody }> {
  const r = await fetch(url);
  const text = await r.text();
  return { status: r.status, body: text ? (JSON.parse(text) as ListingBody) : {} };
}

test('lance catalog lists root namespaces as in the manifest', async () => {
  const { status, body } = await getJson(`${lance.uri}/v1/namespace/%24/list`);
  assert.equal(status, 200);
  assert.deepEqual([...(body.namespaces ?? [])].sort(), lanceStandard.namespaces_by_parent['$']);
});

test('lance catalog pages the big namespace', async () => {
  const { status, body } = await getJson(`${lance.uri}/v1/namespace/big/table/list?limit=100`);
  assert.equal(status, 200);
  assert.deepEqual(body.tables, bigTableNames().slice(0, 100));
  assert.ok(body.page_token, 'first page carries a page_token');
  assert.equal(lanceStandard.big?.count, 2500);
});

test('lance catalog serves seeded table metadata', async () => {
  const t = lanceStandard.tables['sales$emea$orders'];
  const r = await fetch(`${lance.uri}/v1/table/sales%24emea%24orders/count_rows`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  assert.equal(r.status, 200);
  const c = JSON.parse(await r.text());
  assert.equal(typeof c === 'number' ? c : c.count, t.rows);
  const d = await fetch(`${lance.uri}/v1/table/sales%24emea%24orders/describe?load_detailed_metadata=true`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  const desc = (await d.json()) as { version: number; schema: { fields: { name: string }[] } };
  assert.equal(desc.version, t.versions);
  assert.deepEqual(
    desc.schema.fields.map((f) => f.name),
    t.columns,
  );
});

test('gateway rejects an unsigned request like API Gateway', async () => {
  const r = await fetch(`${gw.uri}/v1/namespace/%24/list`);
  assert.equal(r.status, 403);
  assert.deepEqual(await r.json(), { message: 'Missing Authentication Token' });
});

async function signedFetch(url: URL, secretAccessKey: string, init: { method?: string; body?: string } = {}): Promise<Response> {
  const method = init.method ?? 'GET';
  const body = init.body ?? '';
  const query: Record<string, string> = {};
  url.searchParams.forEach((v, k) => (query[k] = v));
  const bodyHash = new Sha256();
  bodyHash.update(body);
  const hex = Buffer.from(await bodyHash.digest()).toString('hex');
  const req = new HttpRequest({
    method,
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: url.pathname, // already percent-encoded wire path; smithy encodes it again (uriEscapePath)
    query,
    headers: {
      host: url.host,
      'x-amz-content-sha256': hex,
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body || undefined,
  });
  const signer = new SignatureV4({
    service: 'execute-api',
    region: REGION,
    credentials: { accessKeyId: AK, secretAccessKey },
    sha256: Sha256,
  });
  const signed = await signer.sign(req);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(signed.headers)) if (k !== 'host') headers[k] = String(v);
  return fetch(url, { method, headers, body: body || undefined });
}

test('gateway accepts a request signed with @smithy/signature-v4 and forwards it', async () => {
  const url = new URL(`${gw.uri}/v1/namespace/big/table/list?limit=3`);
  const r = await signedFetch(url, SK);
  const text = await r.text();
  assert.equal(r.status, 200, `${text}\n${gw.stderr()}`);
  assert.deepEqual(JSON.parse(text).tables, ['t00000', 't00001', 't00002']);

  const post = await signedFetch(new URL(`${gw.uri}/v1/namespace/sales/describe`), SK, { method: 'POST', body: '{}' });
  assert.equal(post.status, 200, gw.stderr());
  assert.deepEqual(((await post.json()) as { properties: unknown }).properties, lanceStandard.namespace_properties['sales']);
});

test('gateway answers 403 with the canonical request for a wrong secret', async () => {
  const url = new URL(`${gw.uri}/v1/namespace/raw%20data/table/list?limit=5`);
  const r = await signedFetch(url, 'not-the-secret');
  assert.equal(r.status, 403);
  assert.equal(r.headers.get('x-amzn-errortype'), 'InvalidSignatureException');
  const { message } = (await r.json()) as { message: string };
  assert.match(message, /should have been/);
  assert.ok(message.includes(`'GET\n/v1/namespace/raw%2520data/table/list\nlimit=5\nhost:${url.host}\n`), message);
});
