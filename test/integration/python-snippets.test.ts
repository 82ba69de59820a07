// `nsb snippet python` (the same code Open in Python shows) run with the real Python libraries against the test
// servers: pylance against the Lance RestAdapter (plain, and a bearer token behind a gateway that checks it),
// pyiceberg against the Iceberg project's RESTCatalogServer (plain, OAuth2 through oauth2-mock-server's tokens,
// and SigV4 through the botocore-verifying gateway). Each must print the table's rows.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pythonPath, startLanceCatalog, startSigV4Gateway, type RunningServer } from '../support/pyserver';
import { startHeaderGateway } from '../support/headerGateway';
import { startIcebergCatalog, type IcebergCatalog } from '../support/icebergServer';
import { seedWithPyiceberg, type SeededTable } from '../support/pyicebergSeed';
import { startOAuthGateway, type OAuthGateway } from '../support/oauthGateway';
import { startTokenIssuer, type TokenIssuer } from '../support/oauthServer';
import { runCli } from '../support/cli';

const TOKEN = 'CANARY-snippet-bearer-8JfQ';
const CLIENT_SECRET = 'CANARY-snippet-oauth2-2Lxa';
const ACCESS_KEY = 'AKIDNSBSNIPPETEXAMPLE';
const SECRET_KEY = 'CANARY-snippet-sigv4-Vr5n';

/** Writes the snippet nsb prints and runs it with the test venv's Python; returns its stdout lines. */
async function runSnippet(nsbArgs: string[], env: Record<string, string>): Promise<{ script: string; lines: string[] }> {
  const made = await runCli([...nsbArgs]);
  assert.equal(made.code, 0, made.stderr);
  const script = made.stdout;
  for (const secret of [TOKEN, CLIENT_SECRET, SECRET_KEY]) assert.ok(!script.includes(secret), 'no secret in the snippet');
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'nsb-snippet-')), 'read.py');
  writeFileSync(file, script);
  const python = await pythonPath();
  const stdout = await new Promise<string>((resolve, reject) =>
    execFile(
      python,
      [file],
      { env: { PATH: process.env['PATH'], HOME: tmpdir(), ...env }, timeout: 180_000, maxBuffer: 16 * 1024 * 1024 },
      (err, out, errText) => (err ? reject(new Error(`the snippet failed: ${err.message}\n${errText}\n--- script ---\n${script}`)) : resolve(out)),
    ),
  );
  return {
    script,
    lines: stdout
      .trim()
      .split('\n')
      .filter((l) => l !== ''),
  };
}

describe('Python snippets for Lance tables, run with pylance', () => {
  let lance: RunningServer;
  let gateway: { uri: string; refused: number; close(): Promise<void> };
  before(async () => {
    lance = await startLanceCatalog({ seed: 'standard' });
    gateway = await startHeaderGateway({ upstream: lance.uri, header: 'authorization', value: `Bearer ${TOKEN}` });
  });
  after(async () => {
    await gateway?.close();
    await lance?.stop();
  });

  test('plain: lance_namespace.connect("rest") and lance.dataset print every row', async () => {
    const { lines, script } = await runSnippet(['--uri', lance.uri, 'snippet', 'python', 'sales', 'emea', 'orders'], {});
    assert.match(script, /lance_namespace\.connect\("rest"/);
    assert.equal(lines.length, 5, lines.join('\n'));
    for (const l of lines) assert.match(l, /^\{'order_id': \d+/);
  });

  test('a bearer token from NSB_TOKEN, sent as header.Authorization, accepted by the gateway', async () => {
    const refusedBefore = gateway.refused;
    const { lines } = await runSnippet(['--uri', gateway.uri, '--auth', 'bearer', 'snippet', 'python', 'sales', 'emea', 'orders', '--limit', '2'], {
      NSB_TOKEN: TOKEN,
    });
    assert.equal(lines.length, 2, lines.join('\n'));
    assert.equal(gateway.refused, refusedBefore, 'no request was refused');
  });
});

describe('Python snippets for Iceberg tables, run with pyiceberg', () => {
  let server: IcebergCatalog;
  let table: SeededTable;
  let issuer: TokenIssuer;
  let oauth: OAuthGateway;
  let sigv4: RunningServer;
  before(async () => {
    server = await startIcebergCatalog();
    const seed = await seedWithPyiceberg({ uri: server.uri, warehouse: server.warehouse });
    table = Object.values(seed.tables)
      .filter((t) => t.rows > 0)
      .sort((a, b) => a.rows - b.rows)[0]!;
    issuer = await startTokenIssuer({ 'snippet-client': CLIENT_SECRET }, Date.now);
    issuer.lifetimeSeconds = 3600;
    [oauth, sigv4] = await Promise.all([
      startOAuthGateway({ issuer: issuer.issuer, jwksUrl: issuer.jwksUrl, now: Date.now, upstream: server.uri }),
      startSigV4Gateway({ upstream: server.uri, region: 'us-west-2', service: 'execute-api', accessKeyId: ACCESS_KEY, secretAccessKey: SECRET_KEY }),
    ]);
  });
  after(async () => {
    await Promise.all([oauth?.close(), sigv4?.stop()]);
    await issuer?.stop();
    await server?.stop();
  });
  const iceberg = (uri: string) => ['--protocol', 'iceberg-rest', '--uri', uri, '--warehouse', server.warehouse];
  const expectRows = (lines: string[]) => {
    const limit = Math.min(table.rows, 3);
    assert.equal(lines.length, limit, lines.join('\n'));
    for (const l of lines) for (const c of table.columns.slice(0, 2)) assert.ok(l.includes(`'${c}': `), `${c} in ${l}`);
  };

  test('plain: load_catalog, load_table and scan(limit=...) print the rows', async () => {
    const { lines, script } = await runSnippet([...iceberg(server.uri), 'snippet', 'python', ...table.namespace, table.name, '--limit', '3'], {});
    assert.match(script, /scan\(limit=3\)/);
    expectRows(lines);
  });

  test('OAuth2 client credentials: the secret from NSB_OAUTH2_CLIENT_SECRET, the token from oauth2-mock-server', async () => {
    const args = [
      ...iceberg(oauth.url),
      '--auth',
      'oauth2',
      '--auth-opt',
      `tokenUrl=${issuer.tokenUrl}`,
      '--auth-opt',
      'clientId=snippet-client',
      '--auth-opt',
      'scope=catalog',
    ];
    const { lines, script } = await runSnippet([...args, 'snippet', 'python', ...table.namespace, table.name, '--limit', '3'], {
      NSB_OAUTH2_CLIENT_SECRET: CLIENT_SECRET,
    });
    assert.match(script, /"oauth2-server-uri"/);
    expectRows(lines);
  });

  test('SigV4 (rest.sigv4-enabled) through the botocore gateway, the secret key from AWS_SECRET_ACCESS_KEY', async () => {
    const args = [
      ...iceberg(sigv4.uri),
      '--auth',
      'sigv4',
      '--auth-opt',
      'region=us-west-2',
      '--auth-opt',
      'credentials=static',
      '--auth-opt',
      `accessKeyId=${ACCESS_KEY}`,
    ];
    const { lines, script } = await runSnippet([...args, 'snippet', 'python', ...table.namespace, table.name, '--limit', '3'], {
      AWS_SECRET_ACCESS_KEY: SECRET_KEY,
    });
    assert.match(script, /"rest\.sigv4-enabled": "true"/);
    expectRows(lines);
  });
});
