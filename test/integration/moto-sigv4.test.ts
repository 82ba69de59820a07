// moto with IAM signature checking on, as a second independent SigV4 verifier beside botocore: our provider signs
// S3 Tables API calls (the same signing name as the S3 Tables Iceberg endpoint) through our transport, moto recomputes
// every signature and refuses a wrong one; its STS checks the AssumeRole caller's signature and vends keys that moto
// then accepts in turn.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { registerBuiltinProviders } from '../../src/core/auth/builtins';
import { AuthProviderRegistry } from '../../src/core/auth/registry';
import type { ConnectionConfig } from '../../src/core/connection';
import { CatalogError } from '../../src/core/errors';
import { RequestLog } from '../../src/core/records';
import { Transport } from '../../src/core/transport/transport';
import { encodeRfc3986 } from '../../src/core/transport/encoding';
import { startMoto, type Moto } from '../support/moto';
import { awsFilesEnv, isolateAwsEnv } from '../support/awsEnv';
import { sigv4Details } from '../../src/core/auth/sigv4/explanation';
import { icebergRestProtocol } from '../../src/core/iceberg/protocol';

let moto: Moto;
let dir: string;
let restoreEnv: (() => void) | undefined;

before(async () => {
  moto = await startMoto();
  dir = mkdtempSync(join(tmpdir(), 'nsb-moto-'));
  writeFileSync(
    join(dir, 'credentials'),
    `[tester]\naws_access_key_id = ${moto.accessKeyId}\naws_secret_access_key = ${moto.secretAccessKey}\n` +
      `[stale]\naws_access_key_id = ${moto.accessKeyId}\naws_secret_access_key = ${moto.secretAccessKey.slice(0, -4)}XXXX\n`,
  );
  writeFileSync(join(dir, 'config'), '[profile tester]\nregion = us-east-1\n[profile stale]\nregion = us-east-1\n');
  restoreEnv = isolateAwsEnv(dir);
});

after(async () => {
  restoreEnv?.();
  await moto?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Our transport with our SigV4 provider (signing name s3tables) pointed at moto. */
function signedTransport(settings: Record<string, string>, service = 's3tables'): { transport: Transport; log: RequestLog } {
  const registry = new AuthProviderRegistry();
  registerBuiltinProviders(registry);
  const connection: ConnectionConfig = { id: 'moto', name: 'moto', protocol: 'iceberg-rest', uri: moto.uri, auth: { type: 'sigv4', settings } };
  const env = awsFilesEnv(dir);
  const auth = registry
    .require('sigv4')
    .create({ region: moto.region, service, ...settings }, { catalogUri: new URL(moto.uri), connectionId: 'moto', env, fetch });
  const log = new RequestLog();
  // As openCatalog does: the protocol's rules, and the SigV4 session explains its own refusals.
  return { transport: new Transport({ connection, catalogUri: new URL(moto.uri), protocol: icebergRestProtocol, auth, log, env }), log };
}

const staticKey = (secret = moto.secretAccessKey) => ({ credentials: 'static', accessKeyId: moto.accessKeyId, secretAccessKey: secret });

async function tableBucketRoundTrip(transport: Transport, name: string): Promise<void> {
  const created = await transport.call({ operation: 'CreateTableBucket', method: 'PUT', path: '/buckets', json: { name } });
  const arn = (created.json as { arn: string }).arn;
  assert.match(arn, new RegExp(`^arn:aws:s3tables:${moto.region}:${moto.accountId}:bucket/${name}$`));
  // A query with a value that needs encoding, signed exactly as sent.
  const listed = await transport.call({
    operation: 'ListTableBuckets',
    method: 'GET',
    path: '/buckets',
    query: [
      ['prefix', name],
      ['maxBuckets', '10'],
    ],
  });
  assert.deepEqual(
    (listed.json as { tableBuckets: { name: string }[] }).tableBuckets.map((b) => b.name),
    [name],
  );
  // The ARN in the path: its `:` and `/` are percent-encoded, and the canonical URI encodes them again.
  const arnSegment = encodeRfc3986(arn);
  await transport.call({ operation: 'CreateNamespace', method: 'PUT', path: `/namespaces/${arnSegment}`, json: { namespace: ['sales_ü'] } });
  const namespaces = await transport.call({ operation: 'ListNamespaces', method: 'GET', path: `/namespaces/${arnSegment}` });
  assert.deepEqual(
    (namespaces.json as { namespaces: { namespace: string[] }[] }).namespaces.map((n) => n.namespace),
    [['sales_ü']],
  );
}

describe('SigV4 verified by moto (IAM signature checks on)', () => {
  test('static keys: PUT with a JSON body, GET with a query, an ARN in the path all pass', async () => {
    const { transport, log } = signedTransport(staticKey());
    await tableBucketRoundTrip(transport, 'nsb-static');
    const records = log.list();
    assert.ok(records.length >= 4 && records.every((r) => r.status === 200), 'every request was accepted');
    for (const r of records) assert.match(r.requestHeaders['authorization'] ?? '', /\/\d{8}\/us-east-1\/s3tables\/aws4_request, SignedHeaders=/);
    await transport.close();
  });

  /** The refusal of one ListTableBuckets call with these settings. */
  async function refusal(settings: Record<string, string>): Promise<CatalogError> {
    const { transport } = signedTransport(settings);
    try {
      await transport.call({ operation: 'ListTableBuckets', method: 'GET', path: '/buckets' });
    } catch (e) {
      assert.ok(e instanceof CatalogError, String(e));
      return e;
    } finally {
      await transport.close();
    }
    assert.fail('moto accepted the request');
  }

  test('a wrong secret: moto recomputes the signature and refuses it (403), and we say the secret is wrong', async () => {
    const e = await refusal(staticKey(`${moto.secretAccessKey.slice(0, -4)}XXXX`));
    assert.equal(e.kind, 'forbidden');
    assert.equal(e.status, 403);
    assert.match(
      e.message,
      /^signature does not match: most likely the secret access key is wrong .*\(the server said: SignatureDoesNotMatch: The request signature we calculated does not match/,
    );
    assert.deepEqual(e.remedy, { headline: 'Wrong secret access key', action: 'Re-enter the secret access key', credentials: true });
    assert.ok(!e.message.includes(moto.secretAccessKey), 'no secret in the message');
  });

  test('an access key moto does not know: an unknown key, not a policy problem', async () => {
    const e = await refusal({ credentials: 'static', accessKeyId: 'AKIANOTKNOWN00000000', secretAccessKey: moto.secretAccessKey });
    assert.equal(e.status, 403);
    assert.match(e.message, /^the server does not know the access key ID AKIA…0000 .*InvalidClientTokenId/);
    assert.equal(e.remedy?.headline, 'Unknown access key');
  });

  test('temporary keys without their session token, and a session token moto does not accept', async () => {
    const missing = await refusal({ credentials: 'static', accessKeyId: 'ASIANOTKNOWN00000000', secretAccessKey: moto.secretAccessKey });
    assert.equal(missing.remedy?.headline, 'Session token missing');
    assert.match(missing.message, /temporary key but no session token was sent/);
    const bad = await refusal({ ...staticKey(), sessionToken: 'CANARY-not-a-moto-token' });
    assert.equal(bad.remedy?.headline, 'Session token expired or invalid');
    assert.ok(!bad.message.includes('CANARY-not-a-moto-token'));
  });

  test("a valid key that an IAM policy denies: a policy denial, told with the server's words", async () => {
    const e = await refusal({ credentials: 'static', accessKeyId: moto.deniedAccessKeyId, secretAccessKey: moto.deniedSecretAccessKey });
    assert.equal(e.status, 403);
    assert.match(
      e.message,
      /^the signature was accepted but a policy denies this request .*AccessDenied: User: arn:aws:iam::\d+:user\/nsb-tester-denied is not authorized to perform: s3tables:ListTableBuckets/,
    );
    assert.deepEqual(e.remedy, { headline: 'Denied by policy', action: 'Check the IAM policy', credentials: false });
  });

  test('signing name s3 signs the path as S3 does (encoded once): an object key with $, a space and ü is accepted', async () => {
    const { transport } = signedTransport(staticKey(), 's3');
    try {
      await transport.call({ operation: 'CreateBucket', method: 'PUT', path: '/nsb-s3-signing' });
      const key = `/nsb-s3-signing/${encodeRfc3986('a$b c/ü.json').replace(/%2F/g, '/')}`;
      await transport.call({ operation: 'PutObject', method: 'PUT', path: key, json: { x: 1 } });
      const got = await transport.call({ operation: 'GetObject', method: 'GET', path: key });
      assert.deepEqual(got.json, { x: 1 });
    } finally {
      await transport.close();
    }
  });

  test("assume-role through moto's STS: the AssumeRole call is verified, and the vended session keys sign the next calls", async () => {
    const { transport, log } = signedTransport({
      credentials: 'assume-role',
      profile: 'tester',
      roleArn: moto.roleArn,
      roleSessionName: 'nsb-moto',
      stsEndpoint: moto.uri,
    });
    await tableBucketRoundTrip(transport, 'nsb-assumed');
    const first = log.list().find((r) => r.operation === 'CreateTableBucket')!;
    assert.ok(first.requestHeaders['x-amz-security-token'], 'the session token travels (redacted in the record)');
    assert.match(sigv4Details(first.auth)?.credentialSource ?? '', new RegExp(`assume-role ${moto.roleArn.replace(/[/]/g, '\\/')} via profile tester`));
    assert.doesNotMatch(first.requestHeaders['authorization'] ?? '', new RegExp(moto.accessKeyId), 'signed with the assumed role, not the user key');
    await transport.close();
  });

  test("assume-role with a stale source secret: moto's STS checks the AssumeRole signature and says no", async () => {
    const { transport, log } = signedTransport({ credentials: 'assume-role', profile: 'stale', roleArn: moto.roleArn, stsEndpoint: moto.uri });
    await assert.rejects(transport.call({ operation: 'ListTableBuckets', method: 'GET', path: '/buckets' }), (e: unknown) => {
      assert.ok(e instanceof CatalogError, String(e));
      assert.match(e.message, /could not assume role .*SignatureDoesNotMatch|could not assume role .*signature/i);
      return true;
    });
    assert.equal(log.list().filter((r) => r.operation === 'ListTableBuckets' && r.status !== undefined).length, 0, 'nothing was sent to the catalog');
    await transport.close();
  });
});
