// Static-credential providers from the CLI, in front of the real Lance RestAdapter; a canary secret never printed.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startLanceCatalog, startSigV4Gateway, type RunningServer } from '../support/pyserver';
import { startHeaderGateway } from '../support/headerGateway';
import { runCli } from '../support/cli';

const TOKEN = 'CANARY-bearer-token-8c7b6a';
const KEY = 'CANARY-api-key-1d2e3f';
let lance: RunningServer;
let bearer: Awaited<ReturnType<typeof startHeaderGateway>>;
let apiKey: Awaited<ReturnType<typeof startHeaderGateway>>;
/** SigV4 wrapping bearer: botocore verifies the signature, then a gateway checks the moved token. */
let wrappedToken: Awaited<ReturnType<typeof startHeaderGateway>>;
let wrapped: RunningServer;
const WRAPPED_TOKEN = 'CANARY-wrapped-token-5a6b7c';
const SIGV4 = { accessKeyId: 'AKIDCLIWRAPPED', secretAccessKey: 'CANARY-wrapped-secret-0p9o8i' };

before(async () => {
  lance = await startLanceCatalog({ seed: 'standard' });
  bearer = await startHeaderGateway({ upstream: lance.uri, header: 'authorization', value: `Bearer ${TOKEN}` });
  apiKey = await startHeaderGateway({ upstream: lance.uri, header: 'x-api-key', value: KEY });
  wrappedToken = await startHeaderGateway({ upstream: lance.uri, header: 'original-authorization', value: `Bearer ${WRAPPED_TOKEN}` });
  wrapped = await startSigV4Gateway({ upstream: wrappedToken.uri, region: 'us-east-1', ...SIGV4 });
});
after(async () => {
  await wrapped?.stop();
  await wrappedToken?.close();
  await bearer?.close();
  await apiKey?.close();
  await lance?.stop();
});

const clean = (r: { stdout: string; stderr: string }, secret: string) => !r.stdout.includes(secret) && !r.stderr.includes(secret);

test('bearer: token from --auth-opt or NSB_TOKEN; --explain shows it redacted', async () => {
  const viaOpt = await runCli(['--uri', bearer.uri, '--auth', 'bearer', '--auth-opt', `token=${TOKEN}`, '--explain', '--json', 'ls', 'sales']);
  assert.equal(viaOpt.code, 0, viaOpt.stderr);
  assert.deepEqual(JSON.parse(viaOpt.stdout).namespaces, ['apac', 'emea']);
  assert.match(viaOpt.stderr, /> authorization: Bearer ‹redacted, \d+ chars›/);
  assert.ok(clean(viaOpt, TOKEN));
  const viaEnv = await runCli(['--uri', bearer.uri, '--auth', 'bearer', 'describe-table', 'sales', 'emea', 'orders'], { NSB_TOKEN: TOKEN });
  assert.equal(viaEnv.code, 0, viaEnv.stderr);
  const wrong = await runCli(['--uri', bearer.uri, '--auth', 'bearer', 'ls'], { NSB_TOKEN: 'CANARY-nope-1234' });
  assert.equal(wrong.code, 1);
  assert.match(wrong.stderr, /^nsb: unauthenticated: not authenticated \(401\)/);
  assert.ok(clean(wrong, 'CANARY-nope-1234'));
});

test('api-key: x-api-key from NSB_API_KEY', async () => {
  const r = await runCli(['--uri', apiKey.uri, '--auth', 'api-key', '--explain', 'versions', 'sales', 'emea', 'orders'], { NSB_API_KEY: KEY });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^\s+3 /m);
  assert.match(r.stderr, /> x-api-key: ‹redacted/);
  assert.ok(clean(r, KEY));
});

test('a static Authorization header next to bearer auth is a configuration error (exit 2)', async () => {
  const r = await runCli(['--uri', bearer.uri, '--auth', 'bearer', '--header', `Authorization=Bearer ${TOKEN}`, 'ls'], { NSB_TOKEN: TOKEN });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^nsb: config: a static Authorization header cannot be combined with auth type "bearer"/);
  assert.ok(clean(r, TOKEN));
});

test('nsb auth-providers lists every provider and its settings, secrets marked', async () => {
  const r = await runCli(['auth-providers', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const providers = JSON.parse(r.stdout) as { name: string; settings: { key: string; secret?: boolean }[] }[];
  assert.deepEqual(providers.map((p) => p.name).sort(), ['api-key', 'bearer', 'google', 'headers', 'none', 'oauth2', 'sigv4']);
  const sigv4 = providers.find((p) => p.name === 'sigv4')!;
  assert.equal(sigv4.settings.find((s) => s.key === 'secretAccessKey')?.secret, true);
});

test('sigv4 wrapping bearer: --auth-opt delegate.token works as the extension’s wrapped provider does, and is never printed', async () => {
  const sigv4 = ['--auth', 'sigv4', '--auth-opt', 'region=us-east-1', '--auth-opt', 'credentials=static', '--auth-opt', `accessKeyId=${SIGV4.accessKeyId}`];
  const env = { AWS_SECRET_ACCESS_KEY: SIGV4.secretAccessKey };
  const r = await runCli(
    ['--uri', wrapped.uri, ...sigv4, '--auth-opt', 'delegate=bearer', '--auth-opt', `delegate.token=${WRAPPED_TOKEN}`, '--explain', '--json', 'ls', 'sales'],
    env,
  );
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout).namespaces, ['apac', 'emea']);
  assert.match(r.stderr, /> original-authorization: Bearer ‹redacted, \d+ chars›/);
  assert.match(r.stderr, /Signed headers: [^\n]*original-authorization/, 'the moved token is covered by the signature');
  assert.ok(clean(r, WRAPPED_TOKEN) && clean(r, SIGV4.secretAccessKey));

  // The shape the extension stores: delegate in the settings, delegate.token among the secrets.
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'nsb-wrapped-')), 'conn.json');
  const connection = {
    name: 'wrapped',
    uri: wrapped.uri,
    auth: { type: 'sigv4', settings: { region: 'us-east-1', credentials: 'static', accessKeyId: SIGV4.accessKeyId, delegate: 'bearer' } },
  };
  writeFileSync(file, JSON.stringify({ ...connection, secrets: { secretAccessKey: SIGV4.secretAccessKey, 'delegate.token': WRAPPED_TOKEN } }));
  const fromFile = await runCli(['--connection', file, 'versions', 'sales', 'emea', 'orders']);
  assert.equal(fromFile.code, 0, fromFile.stderr);

  // A wrong wrapped token passes the signature check and is refused by the token gateway behind it.
  const refused = wrappedToken.refused;
  const wrong = await runCli(['--uri', wrapped.uri, ...sigv4, '--auth-opt', 'delegate=bearer', '--auth-opt', 'delegate.token=CANARY-wrong-wrapped', 'ls'], env);
  assert.equal(wrong.code, 1);
  assert.equal(wrappedToken.refused, refused + 1);
  assert.ok(clean(wrong, 'CANARY-wrong-wrapped'));
});
