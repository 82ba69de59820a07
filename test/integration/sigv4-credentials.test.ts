import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { AuthExplanation, AuthSession, OutgoingRequest } from '../../src/core/authContract';
import { AuthProviderRegistry } from '../../src/core/auth/registry';
import { sigv4Provider } from '../../src/core/auth/sigv4/provider';
import { CatalogError } from '../../src/core/errors';
import { startLoopbackSts, type LoopbackSts } from '../support/sts-server';
import { awsFilesEnv, isolateAwsEnv } from '../support/awsEnv';
import { sigv4Details } from '../../src/core/auth/sigv4/explanation';

const DEV = { id: 'AKIADEVSTATIC0000001', secret: 'CANARYdevSECRETxxxxxxxxxxxxxxxxxxxxxxxxx' };
const PROC = { id: 'ASIAPROCESS000000001', secret: 'CANARYprocSECRETyyyyyyyyyyyyyyyyyyyyyyyy', token: 'CANARYprocTOKENzzzz' };
const TEMP = { AccessKeyId: 'ASIATEMPROLE00000001', SecretAccessKey: 'CANARYtempSECRETwwwwwwwwwwwwwwwwwwwwwwww', SessionToken: 'CANARYtempTOKEN/abc+def==' };
const CANARIES = [DEV.secret, PROC.secret, PROC.token, TEMP.SecretAccessKey, TEMP.SessionToken];

let dir: string;
let sts: LoopbackSts;
/** Every process warning while these tests run (the SDK's STS client may emit one). */
const warnings: Error[] = [];
const onWarning = (w: Error) => warnings.push(w);
process.on('warning', onWarning);
let env: Record<string, string | undefined>;
let restoreEnv: (() => void) | undefined;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nsb-sigv4-'));
  sts = await startLoopbackSts({ [DEV.id]: DEV.secret }, { ...TEMP, Expiration: new Date(Date.now() + 3600_000) });
  const script = join(dir, 'credential-process.js');
  const counter = join(dir, 'process-calls');
  writeFileSync(counter, '');
  writeFileSync(
    script,
    `require('fs').appendFileSync(${JSON.stringify(counter)}, 'x');
process.stdout.write(JSON.stringify({ Version: 1, AccessKeyId: ${JSON.stringify(PROC.id)}, SecretAccessKey: ${JSON.stringify(PROC.secret)}, SessionToken: ${JSON.stringify(PROC.token)}, Expiration: new Date(Date.now() + 3600000).toISOString() }));`,
  );
  const failing = join(dir, 'failing-process.js');
  writeFileSync(failing, `process.stderr.write('token expired, run login'); process.exit(3);`);
  writeFileSync(join(dir, 'credentials'), `[dev]\naws_access_key_id = ${DEV.id}\naws_secret_access_key = ${DEV.secret}\n`);
  writeFileSync(
    join(dir, 'config'),
    [
      '[profile dev]',
      'region = us-east-1',
      '[profile proc]',
      `credential_process = "${process.execPath}" "${script}"`,
      '[profile broken]',
      `credential_process = "${process.execPath}" "${failing}"`,
      '[profile role]',
      'role_arn = arn:aws:iam::123456789012:role/catalog-reader',
      'source_profile = dev',
      'external_id = ext-profile-42',
      'role_session_name = nsb-profile',
      'region = us-east-1',
      '',
    ].join('\n'),
  );
  env = awsFilesEnv(dir);
  restoreEnv = isolateAwsEnv(dir);
});

after(async () => {
  restoreEnv?.();
  process.off('warning', onWarning);
  await sts.close();
  rmSync(dir, { recursive: true, force: true });
});

function create(settings: Record<string, string>): AuthSession {
  return sigv4Provider(new AuthProviderRegistry()).create(
    { region: 'us-east-1', ...settings },
    {
      catalogUri: new URL('https://abc123.execute-api.us-east-1.amazonaws.com/prod/'),
      connectionId: 'it',
      env,
    },
  );
}

async function signOne(session: AuthSession): Promise<{ request: OutgoingRequest; explanation: AuthExplanation }> {
  await session.initialize();
  const request: OutgoingRequest = { method: 'GET', url: new URL('https://abc123.execute-api.us-east-1.amazonaws.com/prod/v1/config'), headers: {} };
  const explanation = (await session.authenticate(request))!;
  const json = JSON.stringify(explanation);
  for (const c of CANARIES) assert.ok(!json.includes(c), 'no secret in the explanation');
  return { request, explanation };
}

function expectError(kind: string, pattern: RegExp) {
  return (e: unknown) => {
    assert.ok(e instanceof CatalogError, String(e));
    assert.equal(e.kind, kind, e.message);
    assert.match(e.message, pattern);
    const text = `${e.message} ${JSON.stringify(e)}`;
    for (const c of CANARIES) assert.ok(!text.includes(c), 'no secret in the error');
    return true;
  };
}

describe('sigv4 credentials from AWS profiles and STS (loopback)', () => {
  it('a static profile', async () => {
    const { request, explanation } = await signOne(create({ credentials: 'profile', profile: 'dev' }));
    assert.match(request.headers.authorization, new RegExp(`Credential=${DEV.id}/\\d{8}/us-east-1/execute-api/aws4_request`));
    assert.equal(request.headers['x-amz-security-token'], undefined);
    assert.equal(sigv4Details(explanation)!.credentialSource, 'profile dev');
  });

  it('a profile with credential_process, run once for many requests', async () => {
    const before = readFileSync(join(dir, 'process-calls'), 'utf8').length;
    const session = create({ credentials: 'profile', profile: 'proc' });
    const { request, explanation } = await signOne(session);
    assert.match(request.headers.authorization, new RegExp(`Credential=${PROC.id}/`));
    assert.equal(request.headers['x-amz-security-token'], PROC.token);
    assert.ok(sigv4Details(explanation)!.signedHeaders.includes('x-amz-security-token'));
    assert.equal(sigv4Details(explanation)!.credentialSource, 'profile proc (credential_process)');
    for (let i = 0; i < 20; i++) await session.authenticate({ method: 'GET', url: new URL('https://h.example/x'), headers: {} });
    assert.equal(readFileSync(join(dir, 'process-calls'), 'utf8').length - before, 1, 'the process ran once');
  });

  it('a profile with role_arn + source_profile assumes the role through the loopback STS', async () => {
    const n = sts.calls.length;
    const { request, explanation } = await signOne(create({ credentials: 'profile', profile: 'role', stsEndpoint: sts.url }));
    const call = sts.calls[n];
    assert.ok(call, 'STS was called');
    assert.equal(call.params.Action, 'AssumeRole');
    assert.equal(call.params.RoleArn, 'arn:aws:iam::123456789012:role/catalog-reader');
    assert.equal(call.params.ExternalId, 'ext-profile-42');
    assert.equal(call.params.RoleSessionName, 'nsb-profile');
    assert.equal(call.accessKeyId, DEV.id, 'signed with the source profile');
    assert.match(call.credentialScope, /^\d{8}\/us-east-1\/sts\/aws4_request$/);
    assert.ok(call.signatureValid, 'the STS call carried a valid SigV4 signature');
    assert.match(request.headers.authorization, new RegExp(`Credential=${TEMP.AccessKeyId}/`));
    assert.equal(request.headers['x-amz-security-token'], TEMP.SessionToken);
    assert.match(sigv4Details(explanation)!.credentialSource, /^profile role \(role_arn\)$/);
  });

  it('credentials: assume-role with stsEndpoint and an external id', async () => {
    const n = sts.calls.length;
    const session = create({
      credentials: 'assume-role',
      profile: 'dev',
      roleArn: 'arn:aws:iam::123456789012:role/nsb-writer',
      externalId: 'ext-99',
      roleSessionName: 'nsb-it',
      stsEndpoint: sts.url,
    });
    const { request, explanation } = await signOne(session);
    const call = sts.calls[n];
    assert.equal(call.params.RoleArn, 'arn:aws:iam::123456789012:role/nsb-writer');
    assert.equal(call.params.ExternalId, 'ext-99');
    assert.equal(call.params.RoleSessionName, 'nsb-it');
    assert.ok(call.signatureValid);
    assert.equal(call.accessKeyId, DEV.id);
    assert.match(request.headers.authorization, new RegExp(`Credential=${TEMP.AccessKeyId}/`));
    assert.equal(request.headers['x-amz-security-token'], TEMP.SessionToken);
    assert.equal(sigv4Details(explanation)!.credentialSource, 'assume-role arn:aws:iam::123456789012:role/nsb-writer via profile dev');
    for (let i = 0; i < 10; i++) await session.authenticate({ method: 'GET', url: new URL('https://h.example/x'), headers: {} });
    assert.equal(sts.calls.length, n + 1, 'assumed once');
  });

  it('an assume-role that STS denies says so', async () => {
    const session = create({ credentials: 'assume-role', profile: 'dev', roleArn: 'arn:aws:iam::123456789012:role/denied', stsEndpoint: sts.url });
    await assert.rejects(
      session.initialize(),
      expectError('unauthenticated', /^could not assume role arn:aws:iam::123456789012:role\/denied: AccessDenied .*not authorized/),
    );
  });

  it('a profile that does not exist gives a clear error', async () => {
    await assert.rejects(create({ credentials: 'profile', profile: 'nope' }).initialize(), expectError('config', /^AWS profile 'nope' not found in .*config/));
  });

  it('assuming a role prints no warning of the SDK on stderr, whatever the Node', async () => {
    await signOne(create({ credentials: 'profile', profile: 'role', stsEndpoint: sts.url }));
    // Warnings are emitted on the next tick.
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(
      warnings.map((w) => `${w.name}: ${w.message.split('\n')[0]}`),
      [],
      `on Node ${process.version}`,
    );
  });

  it('a failing credential_process gives a clear error', async () => {
    await assert.rejects(
      create({ credentials: 'profile', profile: 'broken' }).initialize(),
      expectError('unauthenticated', /^credential_process for profile 'broken' failed: /),
    );
  });
});
