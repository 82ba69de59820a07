// OAuth2 end to end: the real transport and Lance adapter, tokens from oauth2-mock-server, a gateway that accepts
// only those tokens in front of the real Lance RestAdapter.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startLanceCatalog, type RunningServer } from '../support/pyserver';
import { startOAuthGateway, type OAuthGateway } from '../support/oauthGateway';
import { startTokenIssuer, type TokenIssuer } from '../support/oauthServer';
import { createRuntime } from '../../src/core/runtime';
import { runCli } from '../support/cli';

const CANARY = 'CANARY-oauth2-client-secret-3f9a';
let lance: RunningServer;
let issuer: TokenIssuer;
let gateway: OAuthGateway;

before(async () => {
  lance = await startLanceCatalog({ seed: 'standard' });
  issuer = await startTokenIssuer({ 'catalog-client': CANARY }, Date.now);
  issuer.lifetimeSeconds = 3600;
  gateway = await startOAuthGateway({ issuer: issuer.issuer, jwksUrl: issuer.jwksUrl, now: Date.now, upstream: lance.uri });
});
after(async () => {
  await gateway?.close();
  await issuer?.stop();
  await lance?.stop();
});

test('a token is fetched once, reused, and a 401 makes the transport refresh and retry once', async () => {
  const runtime = createRuntime({ env: {} });
  const client = runtime.open(
    {
      id: 'oauth',
      name: 'oauth',
      protocol: 'lance-rest',
      uri: gateway.url,
      auth: { type: 'oauth2', settings: { tokenUrl: issuer.tokenUrl, clientId: 'catalog-client', scope: 'catalog' } },
    },
    { clientSecret: CANARY },
  );
  await client.initialize();
  assert.deepEqual((await client.listNamespaces(['sales'])).items, ['apac', 'emea']);
  assert.deepEqual((await client.listTables(['sales', 'emea'])).items, ['customers', 'orders']);
  const hitsBefore = issuer.hits.filter((h) => h.ok).length;

  // The server revokes the token it issued: the next call gets a 401, refreshes once and succeeds on the retry.
  const current = runtime.log.list().at(-1)!;
  assert.match(current.requestHeaders['authorization'] ?? '', /^Bearer ‹redacted/);
  gateway.revokeAll();
  assert.equal(await client.countRows(['sales', 'emea', 'orders']), 5);
  assert.equal(issuer.hits.filter((h) => h.ok).length, hitsBefore + 1, 'one new token');
  // The token request is a record of its own, between the refused call and its retry, linked to the refused call.
  const last = runtime.log.list().slice(-3);
  assert.deepEqual(
    last.map((r) => [r.operation, r.attempt, r.status]),
    [
      ['CountTableRows', 1, 401],
      ['oauth2.token', 1, 200],
      ['CountTableRows', 2, 200],
    ],
  );
  const token = last[1]!;
  assert.deepEqual(token.causedBy, { operation: 'CountTableRows', recordId: last[0]!.id });
  assert.match(token.requestBodyPreview ?? '', /grant_type=client_credentials/);
  assert.match(token.requestBodyPreview ?? '', /client_secret=%E2%80%B9redacted/);
  assert.match(token.responseBodyPreview ?? '', /"access_token": "‹redacted, \d+ chars›"/);
  // The first token was fetched when the connection opened, before any catalog call.
  assert.deepEqual(runtime.log.list()[0]!.causedBy, { operation: 'connect' });
  assert.equal(runtime.log.list()[0]!.operation, 'oauth2.token');
  const everything = JSON.stringify(runtime.log.list());
  assert.ok(!everything.includes(CANARY));
  assert.ok(!/eyJ[\w-]{10,}\.[\w-]{10,}\./.test(everything), 'no token (a JWT) anywhere in the records');
  client.dispose();
});

test('every CLI command works with --auth oauth2, the secret from the environment, and never prints it', async () => {
  const base = ['--uri', gateway.url, '--auth', 'oauth2', '--auth-opt', `tokenUrl=${issuer.tokenUrl}`, '--auth-opt', 'clientId=catalog-client'];
  const env = { NSB_OAUTH2_CLIENT_SECRET: CANARY };
  for (const cmd of [
    ['ls', 'sales'],
    ['describe-namespace', 'sales'],
    ['describe-table', 'sales', 'emea', 'orders'],
    ['versions', 'sales', 'emea', 'orders'],
    ['indices', 'sales', 'emea', 'orders'],
  ]) {
    const r = await runCli([...base, '--explain', ...cmd], env);
    assert.equal(r.code, 0, `${cmd.join(' ')}: ${r.stderr}`);
    assert.ok(!r.stdout.includes(CANARY) && !r.stderr.includes(CANARY), `${cmd.join(' ')} printed the secret`);
  }
  const wrong = await runCli([...base, 'ls'], { NSB_OAUTH2_CLIENT_SECRET: 'CANARY-wrong-0000' });
  assert.equal(wrong.code, 1);
  assert.match(wrong.stderr, /invalid_client/);
  assert.ok(!wrong.stderr.includes('CANARY-wrong-0000'));
});
