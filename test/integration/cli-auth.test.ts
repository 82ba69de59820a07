// Static-credential providers from the CLI, in front of the real Lance RestAdapter; a canary secret never printed.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startLanceCatalog, type RunningServer } from '../support/pyserver';
import { startHeaderGateway } from '../support/headerGateway';
import { runCli } from '../support/cli';

const TOKEN = 'CANARY-bearer-token-8c7b6a';
const KEY = 'CANARY-api-key-1d2e3f';
let lance: RunningServer;
let bearer: Awaited<ReturnType<typeof startHeaderGateway>>;
let apiKey: Awaited<ReturnType<typeof startHeaderGateway>>;

before(async () => {
  lance = await startLanceCatalog({ seed: 'standard' });
  bearer = await startHeaderGateway({ upstream: lance.uri, header: 'authorization', value: `Bearer ${TOKEN}` });
  apiKey = await startHeaderGateway({ upstream: lance.uri, header: 'x-api-key', value: KEY });
});
after(async () => {
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
