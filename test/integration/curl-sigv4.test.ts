// "Copy as cURL" reproduces a signed request with the curl users have: the command `nsb --curl` prints (the same the
// inspector copies) is run by the system's sh and curl against the botocore-verifying gateway (a nested Lance table,
// whose path always holds `%24`) and against moto, and must be accepted; with a wrong secret it must not be.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { startLanceCatalog, startSigV4Gateway, type RunningServer } from '../support/pyserver';
import { runCli } from '../support/cli';
import { startMoto, type Moto } from '../support/moto';
import { registerBuiltinProviders } from '../../src/core/auth/builtins';
import { AuthProviderRegistry } from '../../src/core/auth/registry';
import { toCurl } from '../../src/core/curl';
import { RequestLog } from '../../src/core/records';
import { Transport } from '../../src/core/transport/transport';
import { encodeRfc3986 } from '../../src/core/transport/encoding';
import { icebergRestProtocol } from '../../src/core/iceberg/protocol';

const KEY = 'AKIDNSBCURL0000EXAMPLE';
const SECRET = 'CANARY-curl-secret/with+chars';
const TOKEN = 'CANARY-curl-session/token+==';

/** Run a copied command as a user would paste it: in sh, with the credentials in the environment. */
function paste(command: string, env: Record<string, string>, shell = 'sh'): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(shell, ['-c', command], { env: { PATH: process.env['PATH'], ...env }, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: unknown }).code ?? 99) : 0, stdout, stderr });
    });
  });
}

/** The commands `nsb --curl` printed to stderr, by operation. */
function printed(stderr: string): Map<string, string> {
  const out = new Map<string, string>();
  const parts = stderr.split(/^# (\w+) \[[^\]]+\]\n/m);
  for (let i = 1; i + 1 < parts.length; i += 2) out.set(parts[i]!, parts[i + 1]!.trimEnd());
  return out;
}

describe('a copied SigV4 cURL command runs with the system curl', () => {
  let lance: RunningServer;
  let gateway: RunningServer;
  let moto: Moto;
  before(async () => {
    lance = await startLanceCatalog({ seed: 'standard' });
    [gateway, moto] = await Promise.all([
      startSigV4Gateway({ upstream: lance.uri, region: 'eu-west-1', accessKeyId: KEY, secretAccessKey: SECRET, sessionToken: TOKEN }),
      startMoto(),
    ]);
  });
  after(async () => {
    await Promise.all([gateway?.stop(), moto?.stop()]);
    await lance?.stop();
  });

  const env = { AWS_ACCESS_KEY_ID: KEY, AWS_SECRET_ACCESS_KEY: SECRET, AWS_SESSION_TOKEN: TOKEN };

  test('nsb --curl prints, per request, a command the gateway accepts for a nested Lance table (%24 in the path)', async () => {
    const nsb = await runCli(['--uri', gateway.uri, '--auth', 'sigv4', '--auth-opt', 'region=eu-west-1', '--curl', '--json', 'ls', 'sales', 'emea'], env);
    assert.equal(nsb.code, 0, nsb.stderr);
    const commands = printed(nsb.stderr);
    assert.deepEqual([...commands.keys()].sort(), ['ListNamespaces', 'ListTables']);
    for (const secret of [SECRET, TOKEN]) assert.ok(!nsb.stderr.includes(secret), 'credentials only as environment references');
    const list = commands.get('ListTables')!;
    assert.match(list, /sales%24emea/);
    assert.match(list, /\$AWS_SECRET_ACCESS_KEY/);
    for (const shell of ['sh', 'bash']) {
      const run = await paste(list, env, shell);
      assert.equal(run.code, 0, run.stderr);
      const body = JSON.parse(run.stdout) as { tables?: string[]; message?: string };
      assert.deepEqual(
        body.tables,
        JSON.parse(nsb.stdout).tables,
        `${shell}: the gateway accepted the signature and the catalog answered (${run.stdout.slice(0, 200)})`,
      );
    }
    // The signature is real: a wrong secret in the environment is refused by botocore.
    const wrong = await paste(list, { ...env, AWS_SECRET_ACCESS_KEY: 'CANARY-wrong' });
    assert.match(wrong.stdout, /signature we calculated does not match/);

    const described = await runCli(
      ['--uri', gateway.uri, '--auth', 'sigv4', '--auth-opt', 'region=eu-west-1', '--curl', 'describe-table', 'sales', 'emea', 'orders'],
      env,
    );
    assert.equal(described.code, 0, described.stderr);
    const describe = printed(described.stderr).get('DescribeTable')!;
    assert.match(describe, /sales%24emea%24orders\/describe/);
    const run = await paste(describe, env);
    assert.match((JSON.parse(run.stdout) as { location?: string }).location ?? run.stdout, /orders/);
  });

  test('a command copied from a request to moto (an ARN in the path, a query) is accepted by moto', async () => {
    const registry = new AuthProviderRegistry();
    registerBuiltinProviders(registry);
    const settings = { region: moto.region, service: 's3tables', credentials: 'static', accessKeyId: moto.accessKeyId, secretAccessKey: moto.secretAccessKey };
    const auth = registry.require('sigv4').create(settings, { catalogUri: new URL(moto.uri), connectionId: 'moto', env: {}, fetch });
    const log = new RequestLog();
    const transport = new Transport({
      connection: { id: 'moto', name: 'moto', protocol: 'iceberg-rest', uri: moto.uri, auth: { type: 'sigv4', settings } },
      catalogUri: new URL(moto.uri),
      protocol: icebergRestProtocol,
      auth,
      log,
      env: {},
    });
    try {
      const created = await transport.call({ operation: 'CreateTableBucket', method: 'PUT', path: '/buckets', json: { name: 'nsb-curl' } });
      const arn = (created.json as { arn: string }).arn;
      await transport.call({ operation: 'CreateNamespace', method: 'PUT', path: `/namespaces/${encodeRfc3986(arn)}`, json: { namespace: ['sales'] } });
      await transport.call({ operation: 'ListNamespaces', method: 'GET', path: `/namespaces/${encodeRfc3986(arn)}`, query: [['prefix', 'sa$']] });
      const record = log.list().find((r) => r.operation === 'ListNamespaces')!;
      assert.match(record.url, /%3A.*%2F.*prefix=sa%24/);
      const mine = { AWS_ACCESS_KEY_ID: moto.accessKeyId, AWS_SECRET_ACCESS_KEY: moto.secretAccessKey };
      const run = await paste(toCurl(record), mine);
      assert.equal(run.code, 0, run.stderr);
      assert.ok(!/SignatureDoesNotMatch|InvalidClientTokenId/.test(run.stdout), run.stdout);
      assert.ok(JSON.parse(run.stdout).namespaces, run.stdout);
      const created2 = log.list().find((r) => r.operation === 'CreateNamespace')!;
      // A PUT with a body: the payload hash and the body travel as signed (moto answers "exists" rather than a signature error).
      const again = await paste(toCurl(created2), mine);
      assert.doesNotMatch(again.stdout, /SignatureDoesNotMatch|IncompleteSignature|InvalidClientTokenId/);
    } finally {
      await transport.close();
    }
  });
});
