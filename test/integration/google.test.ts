/**
 * The google provider through the real google-auth-library, offline: an injected Gaxios transporter sends every
 * token request to a loopback server that verifies the service account's signed JWT assertion.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { googleProvider } from '../../src/core/auth/google/provider';
import type { AuthSession, OutgoingRequest } from '../../src/core/authContract';
import { CatalogError } from '../../src/core/errors';
import { googleTransporter, makeServiceAccountKey, startGoogleTokenServer, type GoogleTokenServer } from '../support/googleTokenServer';

const SA = 'catalog-sa@test-project.iam.gserviceaccount.com';
const TARGET = 'catalog-reader@test-project.iam.gserviceaccount.com';
const OTHER = 'stranger@test-project.iam.gserviceaccount.com';
const CLOUD_PLATFORM = 'https://www.googleapis.com/auth/cloud-platform';
const sa = makeServiceAccountKey(SA);
const stranger = makeServiceAccountKey(OTHER); // not registered with the server
const keyJson = JSON.stringify(sa.keyFile);
// The private key's base64 body is the canary: it must appear in no explanation or error.
const CANARY = sa.keyFile.private_key.split('\n')[5]!;
let server: GoogleTokenServer;
let dir: string;

// What `gcloud auth application-default login` writes: an OAuth client of gcloud's and the user's refresh token.
const USER = { clientId: '764086051850-loopback.apps.googleusercontent.com', clientSecret: 'CANARY-gcloud-client-secret', email: 'data.engineer@example.com' };
const REFRESH = 'CANARY-1//refresh-token-of-the-user';

before(async () => {
  server = await startGoogleTokenServer(new Map([[SA, sa.publicKey]]), new Set([TARGET]), new Map([[REFRESH, USER]]));
  dir = mkdtempSync(join(tmpdir(), 'nsb-google-'));
});
after(async () => {
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function session(settings: Record<string, string>, env: Record<string, string> = {}): AuthSession {
  return googleProvider({ transporter: googleTransporter(server.url) }).create(settings, {
    catalogUri: new URL('https://biglake.googleapis.com/iceberg/v1/restcatalog'),
    connectionId: 'g1',
    env,
  });
}

async function authenticate(s: AuthSession) {
  const req: OutgoingRequest = { method: 'GET', url: new URL('https://biglake.googleapis.com/iceberg/v1/restcatalog/v1/config'), headers: {} };
  const explanation = await s.authenticate(req);
  const token = req.headers['authorization']!.replace(/^Bearer /, '');
  const fields = Object.fromEntries((explanation?.fields ?? []).map((f) => [f.label, f.value]));
  const text = JSON.stringify(explanation);
  assert.ok(!text.includes(CANARY), 'private key leaked into the explanation');
  assert.ok(!text.includes(token), 'token leaked into the explanation');
  return { headers: req.headers, token, fields, explanation };
}

test('service account key: access token with the cloud-platform scope, cached, refresh() forces a new one', async () => {
  const s = session({ credentials: 'service-account-key', keyJson });
  await s.initialize();
  const a = await authenticate(s);
  const issued = server.issued.get(a.token);
  assert.equal(issued?.kind, 'access');
  assert.equal(issued?.principal, SA);
  assert.equal(issued?.claims['scope'], CLOUD_PLATFORM);
  assert.equal(a.fields['Credential type'], 'service account key');
  assert.equal(a.fields['Principal'], SA);
  assert.equal(a.fields['Token type'], 'access token');
  assert.equal(a.fields['Token'], 'from cache');
  assert.match(a.fields['Token expires']!, /^\d{4}-.*Z \(from issuer\)$/);
  assert.equal(a.headers['x-goog-user-project'], undefined);

  const hits = () => server.log.filter((l) => l.path === '/oauth2/token').length;
  const before = hits();
  for (let i = 0; i < 10; i++) assert.equal((await authenticate(s)).token, a.token);
  assert.equal(hits(), before, 'the token is reused, not fetched per request');
  assert.equal(await s.refresh!(), true);
  const b = await authenticate(s);
  assert.notEqual(b.token, a.token);
  assert.equal(hits(), before + 1);
});

test('custom scopes are passed through', async () => {
  const s = session({
    credentials: 'service-account-key',
    keyJson,
    scopes: 'https://www.googleapis.com/auth/bigquery, https://www.googleapis.com/auth/devstorage.read_only',
  });
  const a = await authenticate(s);
  assert.equal(server.issued.get(a.token)?.claims['scope'], 'https://www.googleapis.com/auth/bigquery https://www.googleapis.com/auth/devstorage.read_only');
});

test('ID token for an audience carries target_audience in the assertion and aud in the token', async () => {
  const audience = 'https://catalog-abc123-uc.a.run.app';
  const s = session({ credentials: 'service-account-key', keyJson, tokenType: 'id', audience });
  await s.initialize();
  const a = await authenticate(s);
  const issued = server.issued.get(a.token);
  assert.equal(issued?.kind, 'id');
  assert.equal(issued?.claims['target_audience'], audience);
  const claims = JSON.parse(Buffer.from(a.token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
  assert.equal(claims['aud'], audience);
  assert.equal(a.fields['Token type'], `ID token for ${audience}`);
  assert.match(a.fields['Token expires']!, /\(from jwt exp\)$/);
});

test('impersonation: generateAccessToken with the source token as Bearer', async () => {
  const s = session({ credentials: 'impersonate', source: 'service-account-key', keyJson, targetPrincipal: TARGET, delegates: 'a@x.iam.gserviceaccount.com' });
  await s.initialize();
  const a = await authenticate(s);
  const issued = server.issued.get(a.token);
  assert.equal(issued?.kind, 'impersonated-access');
  assert.equal(issued?.principal, TARGET);
  assert.equal(issued?.claims['source'], SA);
  assert.deepEqual(issued?.claims['scope'], [CLOUD_PLATFORM]);
  assert.deepEqual(issued?.claims['delegates'], ['a@x.iam.gserviceaccount.com']);
  const call = server.log.filter((l) => l.path.endsWith(':generateAccessToken')).at(-1)!;
  assert.equal(call.path, `/iam/v1/projects/-/serviceAccounts/${TARGET}:generateAccessToken`);
  assert.equal(server.issued.get(call.authorization!.replace('Bearer ', ''))?.principal, SA, 'the source token authorises the call');
  assert.equal(a.fields['Principal'], TARGET);
  assert.match(a.fields['Credential type']!, new RegExp(`impersonation of ${TARGET} via service account key \\(${SA}\\)`));
});

test('impersonation: ID token through generateIdToken', async () => {
  const s = session({
    credentials: 'impersonate',
    source: 'service-account-key',
    keyJson,
    targetPrincipal: TARGET,
    tokenType: 'id',
    audience: 'my-iap-client',
  });
  const a = await authenticate(s);
  const issued = server.issued.get(a.token);
  assert.equal(issued?.kind, 'impersonated-id');
  assert.equal(issued?.claims['audience'], 'my-iap-client');
});

test('impersonation refused by IAM is a forbidden error naming the target', async () => {
  const s = session({ credentials: 'impersonate', source: 'service-account-key', keyJson, targetPrincipal: OTHER });
  let err: unknown;
  await s.initialize().catch((e) => (err = e));
  assert.ok(err instanceof CatalogError, String(err));
  assert.equal(err.kind, 'forbidden');
  assert.match(err.message, /PERMISSION_DENIED: unable to impersonate: Permission 'iam.serviceAccounts.getAccessToken' denied/);
  assert.ok(!`${err.message} ${JSON.stringify(err)}`.includes(CANARY));
});

test('quota project: setting sent as x-goog-user-project, shown in the explanation', async () => {
  const s = session({ credentials: 'service-account-key', keyJson, quotaProject: 'billing-project' });
  const a = await authenticate(s);
  assert.equal(a.headers['x-goog-user-project'], 'billing-project');
  assert.equal(a.fields['Quota project'], 'billing-project');
});

test('ADC from GOOGLE_APPLICATION_CREDENTIALS in the given environment, key file quota_project_id honoured', async () => {
  const file = join(dir, 'adc.json');
  writeFileSync(file, JSON.stringify({ ...sa.keyFile, quota_project_id: 'adc-quota' }));
  const s = session({}, { GOOGLE_APPLICATION_CREDENTIALS: file });
  await s.initialize();
  const a = await authenticate(s);
  assert.equal(server.issued.get(a.token)?.claims['scope'], CLOUD_PLATFORM);
  assert.equal(a.fields['Principal'], SA);
  assert.match(a.fields['Credential type']!, /^ADC \(GOOGLE_APPLICATION_CREDENTIALS .*adc\.json\): service account key$/);
  assert.equal(a.headers['x-goog-user-project'], 'adc-quota');
});

test("ADC from gcloud's own file (application-default login): the refresh token is exchanged, from HOME or CLOUDSDK_CONFIG", async () => {
  const userFile = {
    type: 'authorized_user',
    client_id: USER.clientId,
    client_secret: USER.clientSecret,
    refresh_token: REFRESH,
    quota_project_id: 'user-quota',
  };
  const home = join(dir, 'home');
  mkdirSync(join(home, '.config', 'gcloud'), { recursive: true });
  writeFileSync(join(home, '.config', 'gcloud', 'application_default_credentials.json'), JSON.stringify(userFile));
  const config = join(dir, 'gcloud-config');
  mkdirSync(config, { recursive: true });
  writeFileSync(join(config, 'application_default_credentials.json'), JSON.stringify({ ...userFile, quota_project_id: 'config-quota' }));

  for (const [env, file, quota] of [
    [{ HOME: home, APPDATA: join(home, '.config') }, join(home, '.config', 'gcloud', 'application_default_credentials.json'), 'user-quota'],
    [{ HOME: home, APPDATA: join(home, '.config'), CLOUDSDK_CONFIG: config }, join(config, 'application_default_credentials.json'), 'config-quota'],
  ] as const) {
    const s = session({}, env);
    await s.initialize();
    const a = await authenticate(s);
    const issued = server.issued.get(a.token);
    assert.equal(issued?.kind, 'user-access');
    assert.equal(issued?.principal, USER.email);
    assert.equal(a.fields['Credential type'], `ADC (gcloud ${file}): gcloud user credentials`);
    assert.equal(a.headers['x-goog-user-project'], quota);
    const shown = JSON.stringify(a.explanation);
    assert.ok(!shown.includes(REFRESH) && !shown.includes(USER.clientSecret), 'the refresh token or client secret leaked into the explanation');
  }
});

test('a key the token server does not know: invalid_grant, without the private key', async () => {
  const s = session({ credentials: 'service-account-key', keyJson: JSON.stringify(stranger.keyFile) });
  let err: unknown;
  await s.initialize().catch((e) => (err = e));
  assert.ok(err instanceof CatalogError, String(err));
  assert.equal(err.kind, 'unauthenticated');
  assert.match(err.message, /could not get an access token with service account key: invalid_grant: unknown service account/);
  const strangerCanary = stranger.keyFile.private_key.split('\n')[5]!;
  assert.ok(!`${err.message} ${JSON.stringify(err)} ${err.stack}`.includes(strangerCanary));
});
