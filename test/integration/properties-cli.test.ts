// `nsb --properties FILE` and `nsb --pyiceberg-catalog NAME`: the configurations users already have, against real
// servers: Lance properties with Lance PR 7099's SigV4 keys through the botocore-verifying gateway, and a
// .pyiceberg.yaml against the Iceberg project's RESTCatalogServer, plain and behind an OAuth2 gateway whose tokens
// come from oauth2-mock-server.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { startLanceCatalog, startSigV4Gateway, type RunningServer } from '../support/pyserver';
import { startIcebergCatalog, type IcebergCatalog } from '../support/icebergServer';
import { seedIceberg } from '../support/icebergSeed';
import { startOAuthGateway, type OAuthGateway } from '../support/oauthGateway';
import { startTokenIssuer, type TokenIssuer } from '../support/oauthServer';
import { cliPath, runCli } from '../support/cli';
import { lanceStandard } from '../support/lanceSeed';

const ACCESS_KEY = 'AKIDNSBPROPS00EXAMPLE';
const SECRET = 'CANARY-props-sigv4-secret-W3kd9';
const CLIENT_SECRET = 'CANARY-props-oauth2-secret-Zp4q';

/** `${env:NAME}`, how exported properties write a secret. */
const ENV_REF = (name: string) => `$${'{'}env:${name}}`;

function file(name: string, text: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'nsb-props-'));
  const f = path.join(dir, name);
  writeFileSync(f, text);
  return f;
}

describe('nsb --properties with Lance namespace properties', () => {
  let lance: RunningServer;
  let gateway: RunningServer;
  before(async () => {
    lance = await startLanceCatalog({ seed: 'standard' });
    gateway = await startSigV4Gateway({ upstream: lance.uri, region: 'eu-west-1', service: 'execute-api', accessKeyId: ACCESS_KEY, secretAccessKey: SECRET });
  });
  after(async () => {
    await gateway?.stop();
    await lance?.stop();
  });
  const sigv4Properties = (extra = '') =>
    [
      `uri=${gateway.uri}`,
      'delimiter=$',
      'rest.auth.type=sigv4',
      'rest.auth.sigv4.region=eu-west-1',
      'rest.auth.sigv4.service=execute-api',
      `rest.auth.sigv4.access-key-id=${ACCESS_KEY}`,
      `rest.auth.sigv4.secret-access-key=${SECRET}`,
      extra,
    ].join('\n');

  test("PR 7099's SigV4 keys browse through the botocore gateway; the secret is never printed", async () => {
    const f = file('lance.properties', sigv4Properties());
    const r = await runCli(['--properties', f, '--explain', 'ls']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      r.stdout.trim().split('\n'),
      lanceStandard.namespaces_by_parent['$']!.map((n) => `namespace  ${n}`),
    );
    assert.match(r.stderr, /AWS4-HMAC-SHA256/);
    assert.ok(!r.stderr.includes(SECRET) && !r.stdout.includes(SECRET));
    const nested = await runCli(['--properties', f, '--json', 'ls', 'sales', 'emea']);
    assert.deepEqual(JSON.parse(nested.stdout), { namespaces: [], tables: ['customers', 'orders'] });
  });

  test('JSON properties, stdin, and the secret as an environment reference', async () => {
    const json = JSON.stringify({
      uri: gateway.uri,
      'rest.auth.type': 'sigv4',
      'rest.auth.sigv4.region': 'eu-west-1',
      'rest.auth.sigv4.access-key-id': ACCESS_KEY,
      'rest.auth.sigv4.secret-access-key': ENV_REF('LANCE_SECRET'),
    });
    const r = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [cliPath(), '--properties', '-', 'count-rows', 'sales', 'emea', 'orders'], {
        env: { PATH: process.env['PATH'], LANCE_SECRET: SECRET },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
      child.stdin.end(json);
    });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), '5');
    const unset = await runCli(['--properties', file('p.json', json), 'ls']);
    assert.equal(unset.code, 2);
    assert.match(unset.stderr, /rest\.auth\.sigv4\.secret-access-key refers to the environment variable LANCE_SECRET, which is not set/);
  });

  test('an unknown key exits 2 naming it; a known key with no equivalent is a note', async () => {
    const typo = await runCli(['--properties', file('typo.properties', sigv4Properties('rest.auth.sigv4.regoin=eu-west-1')), 'ls']);
    assert.equal(typo.code, 2);
    assert.match(typo.stderr, /^nsb: --properties \S+: unknown key "rest\.auth\.sigv4\.regoin"/m);
    assert.equal(typo.stdout, '');
    const other = await runCli(['--properties', file('x.properties', sigv4Properties('frobnicate=1')), 'ls']);
    assert.equal(other.code, 2);
    assert.match(other.stderr, /unknown key "frobnicate"/);
    const noted = await runCli(['--properties', file('n.properties', sigv4Properties('tls.reload_interval_seconds=60')), 'ls']);
    assert.equal(noted.code, 0, noted.stderr);
    assert.match(noted.stderr, /^nsb: note: tls\.reload_interval_seconds is not used: /m);
  });

  test('a wrong secret is refused by the gateway: the properties were really used', async () => {
    const f = file('bad.properties', sigv4Properties().replace(SECRET, 'not-the-secret'));
    const r = await runCli(['--properties', f, 'ls']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /signature/i);
  });

  test('Spark properties of the Lance Spark connector', async () => {
    const text = [
      'spark.sql.catalog.lance=org.lance.spark.LanceNamespaceSparkCatalog',
      'spark.sql.catalog.lance.impl=rest',
      `spark.sql.catalog.lance.uri=${lance.uri}`,
      'spark.sql.extensions=org.lance.spark.extensions.LanceSparkSessionExtensions',
    ].join('\n');
    const r = await runCli(['--properties', file('spark-defaults.conf', text), '--json', 'ls', 'sales']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout).namespaces, ['apac', 'emea']);
    assert.match(r.stderr, /nsb: note: spark\.sql\.extensions is not used: a Spark setting/);
  });
});

describe('nsb --pyiceberg-catalog against RESTCatalogServer', () => {
  let server: IcebergCatalog;
  let issuer: TokenIssuer;
  let gateway: OAuthGateway;
  before(async () => {
    server = await startIcebergCatalog();
    await seedIceberg(server.uri);
    issuer = await startTokenIssuer({ 'pyiceberg-client': CLIENT_SECRET }, Date.now);
    issuer.lifetimeSeconds = 3600;
    gateway = await startOAuthGateway({ issuer: issuer.issuer, jwksUrl: issuer.jwksUrl, now: Date.now, upstream: server.uri });
  });
  after(async () => {
    await gateway?.close();
    await issuer?.stop();
    await server?.stop();
  });

  function home(yaml: string): string {
    return path.dirname(file('.pyiceberg.yaml', yaml));
  }

  test('a plain catalog from ~/.pyiceberg.yaml (and PYICEBERG_HOME first)', async () => {
    const yaml = `catalog:\n  local:\n    type: rest\n    uri: ${server.uri}\n    warehouse: ${server.warehouse}\n    py-io-impl: pyiceberg.io.pyarrow.PyArrowFileIO\n`;
    const r = await runCli(['--pyiceberg-catalog', 'local', 'ls', 'db', 'sales'], { HOME: home(yaml) });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.stdout.trim().split('\n'), ['namespace  emea', 'table      orders', 'view       orders_by_region']);
    assert.match(r.stderr, /catalog\.local\.py-io-impl .* is not used/);
    const viaHome = await runCli(['--pyiceberg-catalog', 'LOCAL', '--json', 'ls', 'db'], {
      HOME: home('catalog:\n  other:\n    uri: http://127.0.0.1:1\n'),
      PYICEBERG_HOME: home(yaml),
    });
    assert.equal(viaHome.code, 0, viaHome.stderr);
    assert.ok(JSON.parse(viaHome.stdout).namespaces.includes('sales'));
  });

  test('OAuth2 client credentials from the YAML, the secret from PYICEBERG_CATALOG__NAME__CREDENTIAL', async () => {
    const yaml = `catalog:\n  prod:\n    uri: ${gateway.url}\n    warehouse: ${server.warehouse}\n    oauth2-server-uri: ${issuer.tokenUrl}\n    scope: catalog\n`;
    const r = await runCli(['--pyiceberg-catalog', 'prod', '--json', 'ls', 'db', 'sales'], {
      HOME: home(yaml),
      PYICEBERG_CATALOG__PROD__CREDENTIAL: `pyiceberg-client:${CLIENT_SECRET}`,
    });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { namespaces: ['emea'], tables: ['orders'], views: ['orders_by_region'] });
    assert.ok(!r.stderr.includes(CLIENT_SECRET));
    const inFile = await runCli(['--pyiceberg-catalog', 'prod', 'describe-table', 'db', 'sales', 'orders'], {
      HOME: home(`${yaml}    credential: pyiceberg-client:${CLIENT_SECRET}\n`),
    });
    assert.equal(inFile.code, 0, inFile.stderr);
    const refused = await runCli(['--pyiceberg-catalog', 'prod', 'ls'], { HOME: home(yaml) });
    assert.equal(refused.code, 1, 'no credential: the gateway refuses');
  });

  test('only environment variables, as pyiceberg allows; unknown keys and missing catalogs exit 2 naming them', async () => {
    const empty = home('');
    const r = await runCli(['--pyiceberg-catalog', 'envonly', '--json', 'ls', 'db'], {
      HOME: empty,
      PYICEBERG_CATALOG__ENVONLY__URI: server.uri,
      PYICEBERG_CATALOG__ENVONLY__WAREHOUSE: server.warehouse,
    });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(JSON.parse(r.stdout).namespaces.includes('sales'));
    const typo = await runCli(['--pyiceberg-catalog', 'x', 'ls'], { HOME: home(`catalog:\n  x:\n    uri: ${server.uri}\n    warehuose: w\n`) });
    assert.equal(typo.code, 2);
    assert.match(typo.stderr, /unknown key "catalog\.x\.warehuose/);
    const missing = await runCli(['--pyiceberg-catalog', 'nope', 'ls'], { HOME: home(`catalog:\n  x:\n    uri: ${server.uri}\n`) });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no catalog "nope" \(catalogs: x\)/);
  });
});
