import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRuntime } from '../../src/core/runtime';
import { RequestLog } from '../../src/core/records';
import { CatalogError } from '../../src/core/errors';
import type { ConnectionConfig } from '../../src/core/connection';
import { makePki, startTlsServer, type TestPki } from '../support/tls';
import { runCli } from '../support/cli';
import { outcome, shown } from '../support/hostileOutcomes';

/** TLS against a real HTTPS server with certificates made at test time. */

let pki: TestPki;
let signed: Awaited<ReturnType<typeof startTlsServer>>;
let selfSigned: Awaited<ReturnType<typeof startTlsServer>>;

const answer = (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => {
  if (req.url?.startsWith('/downgrade')) {
    res.writeHead(301, { location: `http://127.0.0.1:9${req.url}` });
    return void res.end();
  }
  const body = JSON.stringify(req.url?.includes('/table/') ? { tables: ['t'] } : { namespaces: ['secure'] });
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
};

before(async () => {
  pki = makePki();
  signed = await startTlsServer(pki.serverKey, pki.serverCert, answer);
  selfSigned = await startTlsServer(pki.selfSignedKey, pki.selfSignedCert, answer);
});
after(async () => {
  await signed.close();
  await selfSigned.close();
});

function open(uri: string, extra: Partial<ConnectionConfig> = {}) {
  const warnings: string[] = [];
  const runtime = createRuntime({ log: new RequestLog(), env: {}, logger: (level, m) => level === 'warn' && warnings.push(m) });
  const client = runtime.open({ id: 't', name: 'tls', protocol: 'lance-rest', uri, auth: { type: 'none' }, ...extra }, {});
  return { client, warnings };
}

async function failure(p: Promise<unknown>): Promise<CatalogError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof CatalogError, String(e));
    return e;
  }
  assert.fail('expected a failure');
}

test('a certificate from an unknown CA fails with a message naming the fix (caFile)', async () => {
  const { client } = open(signed.uri);
  const e = await failure(client.listNamespaces([]));
  assert.equal(e.kind, 'network');
  assert.match(
    e.message,
    /^the TLS certificate of https:\/\/127\.0\.0\.1:\d+ .*: set the connection's CA bundle \(caFile\) to the PEM file of the issuing CA$/,
  );
  outcome('TLS', 'server certificate from a private CA, no caFile', shown(e));
  client.dispose();
});

test('a self-signed certificate fails with a message naming the fix (caFile)', async () => {
  const { client } = open(selfSigned.uri);
  const e = await failure(client.listNamespaces([]));
  assert.match(e.message, /^the TLS certificate of https:\/\/127\.0\.0\.1:\d+ is self-signed and not trusted: set the connection's CA bundle \(caFile\)/);
  outcome('TLS', 'self-signed server certificate', shown(e));
  client.dispose();
});

test('with the CA bundle set (caFile) the same server works, and nothing warns', async () => {
  const { client, warnings } = open(signed.uri, { caFile: pki.caFile });
  assert.deepEqual((await client.listNamespaces([])).items, ['secure']);
  assert.deepEqual(warnings, []);
  outcome('TLS', 'private CA with caFile set', 'works');
  client.dispose();
});

test('allowInsecureTls works and warns on every request', async () => {
  const { client, warnings } = open(selfSigned.uri, { allowInsecureTls: true });
  assert.deepEqual((await client.listNamespaces([])).items, ['secure']);
  assert.deepEqual((await client.listTables(['a'])).items, ['t']);
  assert.deepEqual((await client.listNamespaces(['b'])).items, ['secure']);
  assert.equal(warnings.length, 3);
  assert.equal(warnings[0], 'TLS certificate checks are off for connection "tls" (allow insecure TLS is set)');
  outcome('TLS', 'allowInsecureTls against a self-signed server', `works, and warns on every request: "${warnings[0]}"`);
  client.dispose();
});

test('a redirect from HTTPS to HTTP is never followed', async () => {
  const { client } = open(signed.uri, { caFile: pki.caFile, uri: `${signed.uri}/downgrade` });
  const e = await failure(client.listNamespaces([]));
  assert.match(
    e.message,
    /^the server redirected ListNamespaces \(301\) from HTTPS to http:\/\/127\.0\.0\.1:9\/downgrade\/.*; a downgrade to plain HTTP is never followed$/,
  );
  outcome('redirects', 'redirect from HTTPS to HTTP', shown(e));
  client.dispose();
});

test('nsb names the fix, and works with --ca-file', async () => {
  const without = await runCli(['--uri', signed.uri, 'ls']);
  assert.equal(without.code, 2);
  assert.match(without.stderr, /^nsb: network: the TLS certificate of https:\/\/127\.0\.0\.1:\d+ .*--ca-file FILE/);
  const withCa = await runCli(['--uri', signed.uri, '--ca-file', pki.caFile, 'ls']);
  assert.equal(withCa.code, 0, withCa.stderr);
  assert.equal(withCa.stdout, 'namespace  secure\ntable      t\n');
});
