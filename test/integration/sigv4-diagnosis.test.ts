// Every class of SigV4 refusal, produced by the botocore-verifying gateway (the signature checked by botocore, API
// Gateway's own answers), gets its own message and action on the CLI's stderr: a typo in the secret must not send
// anyone to debug IAM. moto-sigv4.test.ts checks the same classes against moto's XML answers.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLanceCatalog, startSigV4Gateway, type RunningServer } from '../support/pyserver';
import { runCli } from '../support/cli';

const KEY = 'AKIDNSBDIAG0000EXAMPLE';
const SECRET = 'CANARY-diag-secret-5Rt7Yu';
const TOKEN = 'CANARY-diag-session-token-3Ee4Rr';
const EXPIRED = 'CANARY-diag-expired-token-9Oo8Ii';

describe('SigV4 refusals, each told as what it is (botocore gateway, CLI)', () => {
  let lance: RunningServer;
  let plain: RunningServer;
  let tokens: RunningServer;
  let skewed: RunningServer;
  let dir: string;
  before(async () => {
    lance = await startLanceCatalog({ seed: 'standard' });
    const base = { upstream: lance.uri, region: 'eu-west-1', accessKeyId: KEY, secretAccessKey: SECRET };
    [plain, tokens, skewed] = await Promise.all([
      startSigV4Gateway({ ...base, denyPathPrefixes: ['/v1/namespace/secret'] }),
      startSigV4Gateway({ ...base, sessionToken: TOKEN, expiredTokens: [EXPIRED] }),
      // A negative allowance: every request looks an hour late, as from a computer whose clock is off.
      startSigV4Gateway({ ...base, maxSkewSeconds: -3600 }),
    ]);
    dir = mkdtempSync(join(tmpdir(), 'nsb-diag-'));
    // Another default profile, with other keys: given keys must win over it (Lance PR 7099).
    writeFileSync(
      join(dir, 'credentials'),
      '[default]\naws_access_key_id = AKIDOTHERPROFILE0000\naws_secret_access_key = CANARY-other-profile-secret\n' +
        `[stale]\naws_access_key_id = ${KEY}\naws_secret_access_key = CANARY-diag-stale-secret\naws_session_token = ${TOKEN}\n`,
    );
    writeFileSync(join(dir, 'config'), '[default]\nregion = us-west-2\n[profile stale]\nregion = eu-west-1\n');
  });
  after(async () => {
    await Promise.all([plain?.stop(), tokens?.stop(), skewed?.stop()]);
    await lance?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const nsb = (uri: string, opts: string[], env: Record<string, string>, ...args: string[]) =>
    runCli(['--uri', uri, '--auth', 'sigv4', '--auth-opt', 'region=eu-west-1', ...opts, ...args], env);
  const keys = (secret = SECRET, key = KEY) => ({ opts: ['--auth-opt', `accessKeyId=${key}`], env: { AWS_SECRET_ACCESS_KEY: secret } });

  /** The one-line error and what it must and must not say. */
  function refused(r: { code: number; stderr: string; stdout: string }, message: RegExp): void {
    assert.equal(r.code, 1, r.stderr);
    const line = r.stderr.split('\n').find((l) => l.startsWith('nsb: '))!;
    assert.match(line, message);
    assert.doesNotMatch(line, /lack permission/);
    for (const secret of [SECRET, TOKEN, EXPIRED]) assert.ok(!r.stderr.includes(secret) && !r.stdout.includes(secret), 'no secret printed');
  }

  test('PR 7099: given keys sign, without credentials=static, over another default profile', async () => {
    const k = keys();
    const env = { ...k.env, AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'), AWS_CONFIG_FILE: join(dir, 'config'), AWS_PROFILE: 'default' };
    const r = await nsb(plain.uri, k.opts, env, '--explain', '--json', 'ls');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /Credential=AKIDNSBDIAG0000EXAMPLE\/|AKID…MPLE \(static keys\)/);
    assert.doesNotMatch(r.stderr, /AKIDOTHERPROFILE|AKID…0000/);
  });

  test('wrong secret: the canonical requests match, so the key is wrong', async () => {
    const k = keys('CANARY-diag-wrong-secret');
    const r = await nsb(plain.uri, k.opts, k.env, 'describe-table', 'sales', 'emea', 'orders');
    refused(
      r,
      /^nsb: forbidden: signature does not match: the canonical requests match, so the signature differs in the key: the secret access key .* is wrong — re-enter the secret access key$/,
    );
    assert.ok(!r.stderr.includes('CANARY-diag-wrong-secret'));
    assert.match(r.stderr, /the server expected this canonical request/);
  });

  test('wrong secret with a session token from a profile: the token the server quotes back is never printed', async () => {
    const env = { AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'), AWS_CONFIG_FILE: join(dir, 'config') };
    const r = await nsb(tokens.uri, ['--auth-opt', 'credentials=profile', '--auth-opt', 'profile=stale'], env, '--explain', 'ls');
    refused(r, /^nsb: forbidden: signature does not match: the canonical requests match, so the signature differs in the key/);
    assert.match(r.stderr, /x-amz-security-token:‹redacted, \d+ chars›/, 'the quoted canonical request, redacted');
    assert.match(r.stderr, /compared unredacted\. SHA-256 of the real texts/);
    assert.ok(!r.stderr.includes('CANARY-diag-stale-secret'));
  });

  test('unknown key', async () => {
    const k = keys(SECRET, 'AKIDUNKNOWN000000000');
    refused(
      await nsb(plain.uri, k.opts, k.env, 'ls'),
      /^nsb: forbidden: the server does not know the access key ID AKID…0000 .*— re-enter the access key ID and secret \(the server said: UnrecognizedClientException: The security token included in the request is invalid\.\)$/,
    );
  });

  test('temporary keys without their session token', async () => {
    // The gateway wants a token; the key is a temporary one (ASIA…), sent without it.
    const asia = await startSigV4Gateway({
      upstream: lance.uri,
      region: 'eu-west-1',
      accessKeyId: 'ASIADIAG000000000000',
      secretAccessKey: SECRET,
      sessionToken: TOKEN,
    });
    try {
      const k = keys(SECRET, 'ASIADIAG000000000000');
      refused(
        await nsb(asia.uri, k.opts, k.env, 'ls'),
        /^nsb: forbidden: the access key ID ASIA…0000 is a temporary key but no session token was sent — .*re-authenticate/,
      );
    } finally {
      await asia.stop();
    }
  });

  test('expired session token', async () => {
    const k = keys();
    refused(
      await nsb(tokens.uri, k.opts, { ...k.env, AWS_SESSION_TOKEN: EXPIRED }, 'ls'),
      /^nsb: forbidden: the session token sent is expired or not valid for this key — re-authenticate .*ExpiredTokenException: The security token included in the request is expired\)$/,
    );
    // The right token passes.
    assert.equal((await nsb(tokens.uri, k.opts, { ...k.env, AWS_SESSION_TOKEN: TOKEN }, 'ls')).code, 0);
  });

  test('wrong region', async () => {
    const k = keys();
    refused(
      await runCli(['--uri', plain.uri, '--auth', 'sigv4', '--auth-opt', 'region=us-east-1', ...k.opts, 'ls'], k.env),
      /^nsb: forbidden: the server expects another signing region than us-east-1 — check the connection's region \(the server said: InvalidSignatureException: Credential should be scoped to a valid region\.\)$/,
    );
  });

  test('wrong signing name', async () => {
    const k = keys();
    refused(
      await nsb(plain.uri, [...k.opts, '--auth-opt', 'service=lambda'], k.env, 'ls'),
      /^nsb: forbidden: the server expects another signing name \(execute-api\) than lambda — check the connection's signing name/,
    );
  });

  test('clock skew', async () => {
    const k = keys();
    refused(
      await nsb(skewed.uri, k.opts, k.env, 'ls'),
      /^nsb: forbidden: the request time \(\d{8}T\d{6}Z\) is too far from the server's clock — check this computer's clock .*Signature expired/,
    );
  });

  test('a policy denial: the signature was accepted', async () => {
    const k = keys();
    refused(
      await nsb(plain.uri, k.opts, k.env, 'ls', 'secret'),
      /^nsb: forbidden: the signature was accepted but a policy denies this request — check the IAM policy of AKID…MPLE \(the server said: AccessDeniedException: User: arn:aws:iam::123456789012:user\/nsb-tester is not authorized to perform: execute-api:Invoke/,
    );
    assert.equal((await nsb(plain.uri, k.opts, k.env, 'ls', 'sales')).code, 0, 'elsewhere the same keys pass');
  });
});
