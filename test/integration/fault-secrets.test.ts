import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { createRuntime } from '../../src/core/runtime';
import { RequestLog } from '../../src/core/records';
import { isCatalogError } from '../../src/core/errors';
import { json, startFaultServer } from '../support/faultServer';
import { runCli } from '../support/cli';
import { outcome } from '../support/hostileOutcomes';

/**
 * A canary secret in every secret field of every provider: used, refused (401 and 403 from a server that echoes the
 * request's headers and body back, as a hostile or debugging server does), and unreachable, through the CLI with
 * --explain and through core. The canary must never appear in output, request records or error messages.
 */

type Mode = 'ok' | 'echo401' | 'echo403' | 'refused';
let mode: Mode = 'ok';
let server: Awaited<ReturnType<typeof startFaultServer>>;
let closedPort: number;

before(async () => {
  server = await startFaultServer((req, res) => {
    const echo = { error: `denied; you sent ${JSON.stringify(req.headers)} with ${req.body}`, code: 16 };
    if (req.url.startsWith('/oauth/token')) {
      if (mode === 'ok') return json(res, 200, { access_token: 'issued-token-1234', token_type: 'Bearer', expires_in: 3600 });
      return json(res, 401, { error: 'invalid_client', error_description: `bad client: ${req.body} ${req.headers.authorization ?? ''}` });
    }
    if (mode === 'echo401') return json(res, 401, echo);
    if (mode === 'echo403')
      return json(res, 403, {
        ...echo,
        message: `Forbidden for ${req.headers.authorization} ${req.headers['x-amz-security-token'] ?? ''} ${req.headers['x-api-key'] ?? ''}`,
      });
    if (req.url.includes('/table/list')) return json(res, 200, { tables: ['t'] });
    return json(res, 200, { namespaces: ['n'] });
  });
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  closedPort = (probe.address() as { port: number }).port;
  await new Promise<void>((r) => probe.close(() => r()));
});
after(() => server.close());

interface SecretCase {
  provider: string;
  field: string;
  settings: (uri: string) => Record<string, string>;
  /** Other secrets the provider needs beside the canary field. */
  others?: Record<string, string>;
  /** How the canary sits in the secret (a key file holds it inside). */
  wrap?: (canary: string) => string;
}

const CASES: SecretCase[] = [
  { provider: 'bearer', field: 'token', settings: () => ({}) },
  { provider: 'api-key', field: 'key', settings: () => ({}) },
  { provider: 'oauth2', field: 'clientSecret', settings: (uri) => ({ tokenUrl: `${uri}/oauth/token`, clientId: 'client-1' }) },
  {
    provider: 'google',
    field: 'keyJson',
    settings: () => ({ credentials: 'service-account-key' }),
    wrap: (c) =>
      JSON.stringify({
        type: 'service_account',
        client_email: 'nsb@test.iam.gserviceaccount.com',
        private_key_id: 'k1',
        private_key: `-----BEGIN PRIVATE KEY-----\n${c}\n-----END PRIVATE KEY-----\n`,
      }),
  },
  { provider: 'sigv4', field: 'secretAccessKey', settings: () => ({ region: 'us-east-1', credentials: 'static', accessKeyId: 'AKIDEXAMPLE' }) },
  {
    provider: 'sigv4',
    field: 'sessionToken',
    settings: () => ({ region: 'us-east-1', credentials: 'static', accessKeyId: 'AKIDEXAMPLE' }),
    others: { secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
  },
];

const MODES: Mode[] = ['ok', 'echo401', 'echo403', 'refused'];

test('every secret field of every provider is covered here', async () => {
  const r = await runCli(['auth-providers', '--json']);
  const providers = JSON.parse(r.stdout) as { name: string; settings: { key: string; secret?: boolean }[] }[];
  const all = providers.flatMap((p) => p.settings.filter((s) => s.secret).map((s) => `${p.name}.${s.key}`)).sort();
  assert.deepEqual(CASES.map((c) => `${c.provider}.${c.field}`).sort(), all);
});

for (const c of CASES) {
  test(`the ${c.provider} ${c.field} canary never shows: CLI with --explain and core, used, refused and unreachable`, async () => {
    for (const m of MODES) {
      mode = m;
      const canary = `CANARY${c.field.toUpperCase()}x7f3a9c${m}`;
      const secret = c.wrap ? c.wrap(canary) : canary;
      const uri = m === 'refused' ? `http://127.0.0.1:${closedPort}` : server.uri;
      const settings = c.settings(server.uri);
      const secrets = { ...(c.others ?? {}), [c.field]: secret };

      const args = ['--uri', uri, '--auth', c.provider, '--explain', '--debug'];
      for (const [k, v] of Object.entries({ ...settings, ...secrets })) args.push('--auth-opt', `${k}=${v}`);
      const cli = await runCli([...args, 'ls']);
      assert.ok(!cli.stdout.includes(canary), `${m}: stdout holds the canary:\n${cli.stdout}`);
      assert.ok(!cli.stderr.includes(canary), `${m}: stderr holds the canary:\n${cli.stderr}`);
      assert.ok(cli.stderr.length > 0 || m === 'ok', 'something was explained');

      const log = new RequestLog(1000);
      const client = createRuntime({ log, env: {} }).open(
        { id: 's', name: 'secrets', protocol: 'lance-rest', uri, auth: { type: c.provider, settings } },
        secrets,
      );
      let message = '';
      try {
        await client.initialize();
        await client.listNamespaces([]);
      } catch (e) {
        assert.ok(isCatalogError(e), `${m}: ${String(e)}`);
        message = `${e.message} ${JSON.stringify(e)} ${e.options.detail ?? ''}`;
      } finally {
        client.dispose();
      }
      assert.ok(!message.includes(canary), `${m}: the error holds the canary: ${message}`);
      const records = JSON.stringify(log.list());
      assert.ok(!records.includes(canary), `${m}: a request record holds the canary`);
    }
    outcome(
      'secrets',
      `${c.provider} ${c.field}: used, 401/403 echoing the request back, unreachable (CLI --explain --debug, core records, errors)`,
      'the canary appears nowhere',
    );
  });
}
