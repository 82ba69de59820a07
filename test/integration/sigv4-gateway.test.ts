// SigV4 end to end: every CLI command through a gateway that verifies signatures with botocore (an independent
// implementation) in front of the real Lance RestAdapter.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startLanceCatalog, startSigV4Gateway, type RunningServer } from '../support/pyserver';
import { runCli } from '../support/cli';
import { sigv4CliArgs } from '../support/sigv4Cli';
import { lanceStandard } from '../support/lanceSeed';

const ACCESS_KEY = 'AKIDNSBTEST0000EXAMPLE';
const SECRET = 'CANARY-sigv4-secret-7Hq2Lp9Xz';
const TOKEN = 'CANARY-sigv4-session-token-Qm4Rt8Wv';

describe('SigV4 through the botocore-verifying gateway', () => {
  let lance: RunningServer;
  let gateway: RunningServer;
  let tokenGateway: RunningServer;
  before(async () => {
    lance = await startLanceCatalog({ seed: 'standard' });
    [gateway, tokenGateway] = await Promise.all([
      startSigV4Gateway({ upstream: lance.uri, region: 'eu-west-1', service: 'execute-api', accessKeyId: ACCESS_KEY, secretAccessKey: SECRET }),
      startSigV4Gateway({
        upstream: lance.uri,
        region: 'eu-west-1',
        service: 'execute-api',
        accessKeyId: ACCESS_KEY,
        secretAccessKey: SECRET,
        sessionToken: TOKEN,
      }),
    ]);
  });
  after(async () => {
    await Promise.all([gateway?.stop(), tokenGateway?.stop()]);
    await lance?.stop();
  });

  const signed =
    (uri: string, env: Record<string, string> = {}) =>
    (...args: string[]) =>
      runCli([...sigv4CliArgs({ uri, region: 'eu-west-1', accessKeyId: ACCESS_KEY }), ...args], { AWS_SECRET_ACCESS_KEY: SECRET, ...env });

  test('an unsigned request is refused by the gateway', async () => {
    const r = await runCli(['--uri', gateway.uri, 'ls']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Missing Authentication Token/);
  });

  test('every command passes with static keys (secret from the environment)', async () => {
    const nsb = signed(gateway.uri);
    const ls = await nsb('--json', 'ls');
    assert.equal(ls.code, 0, ls.stderr);
    assert.deepEqual(JSON.parse(ls.stdout).namespaces, lanceStandard.namespaces_by_parent['$']);
    const big = await nsb('--json', '--page-size', '500', 'ls', 'big');
    assert.equal(JSON.parse(big.stdout).tables.length, 2500);
    for (const cmd of [
      ['describe-namespace', 'sales'],
      ['describe-table', 'sales', 'emea', 'orders'],
      ['versions', 'sales', 'emea', 'orders'],
      ['indices', 'sales', 'emea', 'orders'],
      ['count-rows', 'sales', 'emea', 'orders'],
    ]) {
      const r = await nsb(...cmd);
      assert.equal(r.code, 0, `${cmd.join(' ')}: ${r.stderr}`);
    }
    assert.match((await nsb('indices', 'sales', 'emea', 'orders')).stdout, /order_id_idx/);
  });

  test('with a session token (signed, and kept secret)', async () => {
    const nsb = signed(tokenGateway.uri, { AWS_SESSION_TOKEN: TOKEN });
    const r = await nsb('--explain', 'describe-table', 'sales', 'emea', 'orders');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /x-amz-security-token/);
    const without = await signed(tokenGateway.uri)('ls');
    assert.equal(without.code, 1, 'the token-checking gateway refuses a request without the token');
  });

  test('names with spaces, non-ASCII letters and reserved characters are signed as sent', async () => {
    const nsb = signed(gateway.uri);
    assert.equal((await nsb('count-rows', 'raw data', 'events 2024')).stdout.trim(), '2');
    assert.equal((await nsb('count-rows', 'données', 'température')).stdout.trim(), '1');
    for (const name of lanceStandard.tables_by_namespace['odd'] as string[]) {
      const r = await nsb('count-rows', 'odd', name);
      assert.equal(r.code, 0, `${name}: ${r.stderr}`);
      assert.equal(r.stdout.trim(), '1', name);
    }
    const paged = await nsb('--json', '--page-size', '7', 'ls', 'odd');
    assert.equal(paged.code, 0, paged.stderr);
    assert.deepEqual(JSON.parse(paged.stdout).tables, lanceStandard.tables_by_namespace['odd']);
  });

  test('--explain shows the canonical request, string to sign and scope, never the secret', async () => {
    const r = await signed(gateway.uri)('--explain', 'ls', 'sales');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /Canonical request/i);
    assert.match(r.stderr, /String to sign/i);
    assert.match(r.stderr, /eu-west-1\/execute-api\/aws4_request/);
    assert.match(r.stderr, /AKID…MPLE/);
    assert.ok(!r.stderr.includes(SECRET) && !r.stdout.includes(SECRET));
  });

  test('a wrong secret: "signature does not match", the key is wrong, and the canonical requests side by side', async () => {
    const r = await signed(gateway.uri, { AWS_SECRET_ACCESS_KEY: 'CANARY-wrong-secret-000' })('describe-table', 'sales', 'emea', 'orders');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^nsb: forbidden: .*signature does not match/m);
    assert.match(r.stderr, /the server expected this canonical request/);
    assert.match(r.stderr, /POST\n/);
    assert.ok(!r.stderr.includes('CANARY-wrong-secret-000'));
  });

  test('a wrong region is pointed out by comparing the string to sign', async () => {
    const r = await runCli([...sigv4CliArgs({ uri: gateway.uri, region: 'us-east-1', accessKeyId: ACCESS_KEY }), 'ls'], { AWS_SECRET_ACCESS_KEY: SECRET });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^nsb: forbidden: the server expects another signing region than us-east-1 — check the connection's region/m);
  });
});
