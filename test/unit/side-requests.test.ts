import { test } from 'node:test';
import assert from 'node:assert/strict';
import { redactSideBody, secretsIn, sideOperation } from '../../src/core/transport/sideRequests';
import { SecretScrubber } from '../../src/core/redact';
import { buildConnection, emptyState, stateFor } from '../../src/extension/connections/wizardPlan';
import { CLIENT_KEY_PASSPHRASE } from '../../src/core/transport/network';

const body = (s: string) => Buffer.from(s);

test('side requests are named by what they send', () => {
  assert.equal(
    sideOperation('sigv4', { method: 'POST', url: new URL('https://sts.us-east-1.amazonaws.com/'), body: body('Action=AssumeRole&Version=2011-06-15') }),
    'sts.AssumeRole',
  );
  assert.equal(
    sideOperation('sigv4', { method: 'GET', url: new URL('https://portal.sso.eu-west-1.amazonaws.com/federation/credentials?role_name=x') }),
    'sso.GetRoleCredentials',
  );
  assert.equal(sideOperation('google', { method: 'POST', url: new URL('https://oauth2.googleapis.com/token'), body: body('grant_type=urn') }), 'google.token');
  assert.equal(
    sideOperation('google', { method: 'POST', url: new URL('https://iamcredentials.googleapis.com/v1/projects/-/serviceAccounts/a@b:generateAccessToken') }),
    'google.generateAccessToken',
  );
  assert.equal(sideOperation('google', { method: 'GET', url: new URL('http://169.254.169.254/computeMetadata/v1/') }), 'google.metadata');
  assert.equal(
    sideOperation('oauth2', { method: 'POST', url: new URL('https://auth.example/token'), body: body('grant_type=client_credentials') }),
    'oauth2.token',
  );
  assert.equal(sideOperation('corp-sso', { method: 'GET', url: new URL('https://login.corp.example/x') }), 'corp-sso.GET login.corp.example');
});

test('form, JSON and XML bodies lose every secret value, keep what explains the request', () => {
  const s = new SecretScrubber();
  const form = redactSideBody(
    'grant_type=client_credentials&client_id=app&client_secret=CANARY-1&assertion=eyJhbGciOi.x.y&scope=catalog',
    'application/x-www-form-urlencoded',
    s,
  );
  assert.match(form, /grant_type=client_credentials&client_id=app&client_secret=%E2%80%B9redacted%2C%208%20chars%E2%80%BA&assertion=%E2%80%B9redacted/);
  assert.ok(!form.includes('CANARY-1') && !form.includes('eyJhbGciOi'));
  const json = redactSideBody(
    '{"access_token":"tok-CANARY","token_type":"Bearer","expires_in":3600,"roleCredentials":{"accessKeyId":"ASIAABCDEFGH1234","secretAccessKey":"CANARY-2","sessionToken":"CANARY-3"}}',
    'application/json',
    s,
  );
  assert.ok(!/CANARY/.test(json), json);
  assert.match(json, /"token_type": "Bearer"/);
  assert.match(json, /"accessKeyId": "ASIA…1234"/);
  const xml = redactSideBody(
    '<Credentials><AccessKeyId>ASIAABCDEFGH1234</AccessKeyId><SecretAccessKey>CANARY-4</SecretAccessKey><SessionToken>CANARY-5</SessionToken></Credentials>',
    'text/xml',
    s,
  );
  assert.equal(
    xml,
    '<Credentials><AccessKeyId>ASIA…1234</AccessKeyId><SecretAccessKey>‹redacted, 8 chars›</SecretAccessKey><SessionToken>‹redacted, 8 chars›</SessionToken></Credentials>',
  );
  assert.deepEqual(secretsIn('<SecretAccessKey>CANARY-4</SecretAccessKey><SessionToken>CANARY-5</SessionToken>'), ['CANARY-4', 'CANARY-5']);
  assert.equal(redactSideBody('{not json', 'application/json', s), '‹9 characters, not JSON: not shown›');
});

test("the wizard's Network settings become the connection's fields, the passphrase a secret kept on edit", () => {
  const state = { ...emptyState(), name: 'n', fields: { uri: 'https://c.example' } };
  state.network = { caFile: '/ca.pem', clientCertFile: '/c.pem', clientKeyFile: '/k.pem', [CLIENT_KEY_PASSPHRASE]: 'pw', allowInsecureTls: 'false' };
  const { config, secrets } = buildConnection(state, [], 'id1', {});
  assert.equal(config.caFile, '/ca.pem');
  assert.equal(config.clientKeyFile, '/k.pem');
  assert.equal(config.allowInsecureTls, undefined);
  assert.deepEqual(secrets, { [CLIENT_KEY_PASSPHRASE]: 'pw' });
  const edit = stateFor(config, [CLIENT_KEY_PASSPHRASE]);
  assert.deepEqual(edit.network, { caFile: '/ca.pem', clientCertFile: '/c.pem', clientKeyFile: '/k.pem' });
  assert.equal((edit.rest as Record<string, unknown>)['caFile'], undefined);
  const again = buildConnection(edit, [], 'id1', { [CLIENT_KEY_PASSPHRASE]: 'pw' });
  assert.deepEqual(again.secrets, { [CLIENT_KEY_PASSPHRASE]: 'pw' }, 'the stored passphrase stays');
  edit.network = { caFile: '/ca.pem' };
  assert.deepEqual(buildConnection(edit, [], 'id1', { [CLIENT_KEY_PASSPHRASE]: 'pw' }).secrets, {}, 'no key, no passphrase');
});
