// SigV4 to an Iceberg REST catalog as S3 Tables is addressed: signing name s3tables and a table bucket ARN as the
// warehouse, whose ':' and '/' travel in the query and must be signed as sent. botocore verifies every request.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startIcebergCatalog, type IcebergCatalog } from '../support/icebergServer';
import { seedIceberg } from '../support/icebergSeed';
import { startSigV4Gateway, type RunningServer } from '../support/pyserver';
import { runCli } from '../support/cli';
import { sigv4CliArgs } from '../support/sigv4Cli';
import { createRuntime } from '../../src/core/runtime';
import { sigv4Details } from '../../src/core/auth/sigv4/explanation';

const ACCESS_KEY = 'AKIDS3TABLESEXAMPLE1';
const SECRET = 'CANARY-s3tables-secret-2b4d6f';
const ARN = 'arn:aws:s3tables:us-east-1:123456789012:bucket/analytics-bucket';
let iceberg: IcebergCatalog;
let gateway: RunningServer;

before(async () => {
  iceberg = await startIcebergCatalog();
  await seedIceberg(iceberg.uri);
  gateway = await startSigV4Gateway({ upstream: iceberg.uri, region: 'us-east-1', service: 's3tables', accessKeyId: ACCESS_KEY, secretAccessKey: SECRET });
});
after(async () => {
  await gateway?.stop();
  await iceberg?.stop();
});

test('the config call carries the ARN warehouse in the signed query; browsing works through the gateway', async () => {
  const runtime = createRuntime({ env: {} });
  const client = runtime.open(
    {
      id: 's3t',
      name: 'S3 Tables',
      protocol: 'iceberg-rest',
      uri: gateway.uri,
      warehouse: ARN,
      auth: { type: 'sigv4', settings: { region: 'us-east-1', service: 's3tables', credentials: 'static', accessKeyId: ACCESS_KEY } },
    },
    { secretAccessKey: SECRET },
  );
  await client.initialize();
  const config = runtime.log.list().find((r) => r.operation === 'GetConfig')!;
  assert.equal(config.status, 200);
  assert.match(config.url, /\?warehouse=arn%3Aaws%3As3tables%3Aus-east-1%3A123456789012%3Abucket%2Fanalytics-bucket$/);
  assert.match(sigv4Details(config.auth)?.canonicalRequest ?? '', /\nwarehouse=arn%3Aaws%3As3tables%3Aus-east-1%3A123456789012%3Abucket%2Fanalytics-bucket\n/);
  assert.match(sigv4Details(config.auth)?.credentialScope ?? '', /\/us-east-1\/s3tables\/aws4_request$/);
  assert.deepEqual((await client.listNamespaces(['db'])).items.sort(), ['marketing', 'sales']);
  const table = await client.describeTable(['db', 'sales', 'orders']);
  assert.equal(table.format, 'iceberg');
  assert.ok((table.iceberg?.snapshots.length ?? 0) >= 2);
  assert.ok(!JSON.stringify(runtime.log.list()).includes(SECRET));
  client.dispose();
});

test('the CLI with --protocol iceberg-rest and sigv4 lists and describes through the gateway', async () => {
  const signedAs = (service: string) =>
    sigv4CliArgs({ protocol: 'iceberg-rest', uri: gateway.uri, warehouse: ARN, region: 'us-east-1', service, accessKeyId: ACCESS_KEY });
  const r = await runCli([...signedAs('s3tables'), '--json', 'ls', 'db', 'sales'], { AWS_SECRET_ACCESS_KEY: SECRET });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout).tables, ['orders']);
  const wrong = await runCli([...signedAs('glue'), 'ls'], { AWS_SECRET_ACCESS_KEY: SECRET });
  assert.equal(wrong.code, 1);
  assert.match(wrong.stderr, /^nsb: forbidden: /);
  assert.ok(!wrong.stderr.includes(SECRET));
});
