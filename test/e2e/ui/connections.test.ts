// Add Connection from the palette in the installed .vsix, walked with the keyboard; a provider registered by a
// second installed extension (test/fixture-extension), used like a built-in one; then a canary secret per auth
// provider, the second extension's included, searched for in everything code-server and the browser keep.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { startHeaderGateway } from '../../support/headerGateway';
import { startLanceCatalog, startSigV4Gateway, type RunningServer } from '../../support/pyserver';
import { repoRoot, startCodeServer, type CodeServer } from '../support/codeServer';
import { packageFixtureExtension } from '../support/fixtureExtension';
import { quickInput } from '../support/quickInput';
import { persistedSecrets } from '../support/secretBlob';
import { closeWorkbench, openNamespaceBrowser, openWorkbench, runCommand, screenshot, webviewFrame } from '../support/workbench';
import { uiSuite } from '../support/uiSuite';
import { makeServiceAccountKey } from '../../support/googleTokenServer';

const { after, before, test, editor } = uiSuite('Add Connection and where secrets go');

const vsix = path.join(repoRoot, 'dist/namespace-browser.vsix');
const keys = { accessKeyId: 'AKIDUICONNECTIONS', secretAccessKey: 'ui-gateway-secret-Zq7' };
/** Every secret typed in this file starts with this, so one search finds them all. */
const CANARY = `NSBCANARY${Date.now().toString(36)}`;
/** The second extension's one secret, typed into the wizard: the gateway in front of Lance wants it. */
const FIXTURE_KEY = `${CANARY}-fixture`;
/** A real service account key for the Google canary; a piece of its private key is searched for like a canary. */
const googleKey = makeServiceAccountKey('canary@nsb-test.iam.gserviceaccount.com');
const googleKeyBody = googleKey.keyFile.private_key.split('\n')[5]!;
let lance: RunningServer;
let gateway: RunningServer;
let fixtureGateway: Awaited<ReturnType<typeof startHeaderGateway>>;
let fixtureVsix: string;
let reportFile: string;
let server: CodeServer;
let page: Page;
/** The shared AWS files the extension host reads (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE): profile `dev` has the gateway's keys. */
let awsDir: string;

before(async () => {
  assert.ok(fs.existsSync(vsix), `${vsix} is missing: run npm run package first`);
  lance = await startLanceCatalog({ seed: 'standard' });
  gateway = await startSigV4Gateway({ upstream: lance.uri, region: 'us-east-1', ...keys });
  fixtureGateway = await startHeaderGateway({ upstream: lance.uri, header: 'x-fixture-key', value: `acme:${FIXTURE_KEY}` });
  fixtureVsix = await packageFixtureExtension();
  reportFile = path.join(path.dirname(fixtureVsix), 'report.json');
  awsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nsb-ui-aws-'));
  // A comment after a section header, as `aws configure sso` users write them; an sso-session that is not a profile.
  fs.writeFileSync(
    path.join(awsDir, 'config'),
    '[profile dev] ; the team account\nregion = us-east-1\n[sso-session corp]\nsso_region = us-east-1\n[profile other]\nregion = eu-west-1\n',
  );
  fs.writeFileSync(path.join(awsDir, 'credentials'), `[dev]\naws_access_key_id = ${keys.accessKeyId}\naws_secret_access_key = ${keys.secretAccessKey}\n`);
  const aws = { AWS_CONFIG_FILE: path.join(awsDir, 'config'), AWS_SHARED_CREDENTIALS_FILE: path.join(awsDir, 'credentials') };
  // Ours first: the fixture declares it as an extensionDependency.
  server = await startCodeServer({ editor: editor(), vsix: [vsix, fixtureVsix], env: { NSB_FIXTURE_REPORT: reportFile, ...aws } });
  page = await openWorkbench(server);
  qi = quickInput(page);
});

after(async () => {
  if (page) await closeWorkbench(page).catch(() => undefined);
  await server?.stop();
  await gateway?.stop();
  await fixtureGateway?.close();
  await lance?.stop();
  if (fixtureVsix) fs.rmSync(path.dirname(fixtureVsix), { recursive: true, force: true });
  if (awsDir) fs.rmSync(awsDir, { recursive: true, force: true });
});

/** A row of the Catalogs tree (notifications are list rows too, so the sidebar scopes it). */
const treeRow = (name: string) => page.locator('#workbench\\.parts\\.sidebar .monaco-list-row', { hasText: name }).first();
// Bound once the page exists (see before()).
let qi: ReturnType<typeof quickInput>;
const input = () => qi.input();
const atStep = (text: string) => qi.atStep(text);
const answer = (step: string, value: string) => qi.answer(step, value);
const choose = (step: string, label: string) => qi.choose(step, label);
const accept = (step: string) => qi.accept(step);

/** The text of every failure toast seen, searched for canaries at the end. */
const errorTexts: string[] = [];

/** Waits for the test's outcome: the success toast, or the failure toast whose "Save Anyway" it presses. */
async function saveAfterTest(name: string): Promise<'connected' | 'saved anyway'> {
  const ok = page.locator('.notification-toast', { hasText: `Connected to "${name}"` });
  const failed = page.locator('.notification-toast', { hasText: `"${name}": could not connect` });
  await ok.or(failed).first().waitFor({ timeout: 30_000 });
  if (await ok.isVisible()) return 'connected';
  errorTexts.push((await failed.textContent()) ?? '');
  await failed.getByRole('button', { name: 'Save Anyway' }).click();
  return 'saved anyway';
}

// The workbench shows only a few toasts at once; older ones would hide the next result, so each step starts clean.
async function clearNotifications(): Promise<void> {
  await runCommand(page, 'Notifications: Clear All Notifications');
  await page.locator('.notification-toast').first().waitFor({ state: 'detached' });
}

/**
 * Expands a connection's row until `shown` appears under it. The tree reloads when connections or their secrets
 * change (right after the wizard saves), which can collapse a row clicked a moment before: click again then.
 */
async function expandUntil(name: string, shown: ReturnType<Page['locator']>): Promise<void> {
  const deadline = Date.now() + 45_000;
  while (!(await shown.first().isVisible())) {
    if (Date.now() > deadline) throw new Error(`the row of ${name} never showed what was expected under it`);
    const row = treeRow(name);
    await row.waitFor();
    if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
    await shown
      .first()
      .waitFor({ timeout: 3_000 })
      .catch(() => undefined);
  }
}

async function startWizard(): Promise<void> {
  await clearNotifications();
  await runCommand(page, 'Namespace Browser: Add Connection…');
}

async function lanceBasics(name: string, uri: string, provider: string): Promise<void> {
  await startWizard();
  await choose('What kind of catalog?', 'Lance REST Namespace');
  await answer('A name for the connection', name);
  await answer('The Lance REST Namespace server URL', uri);
  await choose('How does the catalog authenticate requests?', provider);
}

test('Add Connection walks a SigV4 connection with the keyboard, tests it and shows it in the tree', { floor: true, timeout: 120_000 }, async () => {
  await openNamespaceBrowser(page);
  await lanceBasics('Gateway Lance', gateway.uri, 'AWS Signature V4');
  await answer('Signing region', 'us-east-1');
  await accept('The service name in the credential scope');
  await choose('Credentials', 'Static keys');
  await answer('Access key ID', keys.accessKeyId);
  await atStep('Secret access key');
  await input().fill(keys.secretAccessKey);
  assert.equal(await input().getAttribute('type'), 'password', 'the secret is typed into a password box');
  await page.mouse.move(640, 700);
  const shot = await screenshot(page, 'connection-wizard-secret');
  assert.ok(fs.statSync(shot).size > 0);
  assert.equal(await page.getByText(keys.secretAccessKey).count(), 0, 'the secret is not shown as text anywhere');
  await page.keyboard.press('Enter');
  await accept('Session token'); // optional: left empty
  await choose('Change an optional setting, or continue', 'Continue');
  assert.equal(await saveAfterTest('Gateway Lance'), 'connected', 'the SigV4 gateway accepted the signed request');
  await treeRow('Gateway Lance').waitFor();
  assert.equal(await page.getByText('No catalog connections yet.').isVisible(), false, 'the welcome gave way to the tree');
  await screenshot(page, 'connection-added-tree');
});

test('the palette offers every connection command; Edit Connection changes only the secret, tests it, and saves', { timeout: 120_000 }, async () => {
  await clearNotifications();
  // Run without a tree item, each of these asks which connection: none is hidden from the palette.
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget input').fill('>Namespace Browser: ');
  const palette = page.locator('.quick-input-list .monaco-list-row .label-name');
  for (const title of [
    'Edit Connection…',
    'Rename Connection…',
    'Duplicate Connection',
    'Remove Connection…',
    'Test Connection',
    'Sign Out',
    'Re-authenticate…',
  ]) {
    await page.locator('.quick-input-widget input').fill(`>Namespace Browser: ${title}`);
    await palette.filter({ hasText: title }).first().waitFor({ timeout: 10_000 });
  }
  await page.keyboard.press('Escape');

  await runCommand(page, 'Namespace Browser: Edit Connection…');
  await choose('Edit which connection?', 'Gateway Lance');
  // A form: each field with its value, the secret only as "stored".
  await atStep('Pick what to change');
  const rows = qi.widget().locator('.quick-input-list .monaco-list-row');
  await rows.filter({ hasText: 'Secret access key' }).first().waitFor();
  const listed = (await rows.allTextContents()).join(' | ');
  for (const [label, value] of [
    ['Name', 'Gateway Lance'],
    ['URI', gateway.uri],
    ['Authentication', 'AWS Signature V4'],
    ['Region', 'us-east-1'],
    ['Access key ID', keys.accessKeyId],
    ['Secret access key', 'unchanged (stored)'],
  ]) {
    assert.ok(listed.includes(`${label}${value}`), `the row ${label} shows ${value}: ${listed}`);
  }
  assert.ok(!listed.includes(keys.secretAccessKey), 'the secret is never shown');
  await page.mouse.move(640, 700);
  await screenshot(page, 'connection-edit-form');
  // A wrong secret: the gateway refuses it, and nothing is saved until the user says so.
  await choose('Pick what to change', 'Secret access key');
  await atStep('Secret access key');
  assert.equal(await input().getAttribute('type'), 'password');
  await input().fill(`${CANARY}-wrong`);
  await page.keyboard.press('Enter');
  const failed = page.locator('.notification-toast', { hasText: '"Gateway Lance": could not connect' });
  await failed.waitFor({ timeout: 30_000 });
  errorTexts.push((await failed.textContent()) ?? '');
  await failed.getByRole('button', { name: 'Edit Another Field…' }).click();
  await choose('Pick what to change', 'Secret access key');
  await atStep('Secret access key');
  await input().fill(keys.secretAccessKey);
  await page.keyboard.press('Enter');
  await page.locator('.notification-toast', { hasText: 'Connected to "Gateway Lance"' }).filter({ hasText: 'Saved' }).waitFor({ timeout: 30_000 });
  // No other step of the wizard was shown: the name, URI and region are as they were.
  await clearNotifications();
  await runCommand(page, 'Namespace Browser: Edit Connection…');
  await choose('Edit which connection?', 'Gateway Lance');
  await atStep('Pick what to change');
  await rows.filter({ hasText: 'Secret access key' }).first().waitFor();
  const again = (await rows.allTextContents()).join(' | ');
  assert.ok(again.includes(`URI${gateway.uri}`) && again.includes('Regionus-east-1') && again.includes('Secret access keyunchanged (stored)'), again);
  await page.keyboard.press('Escape');
});

test('a SigV4 profile picked from the AWS files the SDK reads; "Fix a Step…" lists every answer and fixes the URI', { timeout: 150_000 }, async () => {
  // Nothing listens on port 1: the first test fails with the answers in place.
  await lanceBasics('Profile Lance', 'http://127.0.0.1:1', 'AWS Signature V4');
  await answer('Signing region', 'us-east-1');
  await accept('The service name in the credential scope');
  await choose('Credentials', 'Named profile');
  await atStep('A profile of your AWS config or credentials file');
  const rows = qi.widget().locator('.quick-input-list .monaco-list-row');
  await rows.filter({ hasText: 'other' }).first().waitFor();
  const offered = await rows.allTextContents();
  assert.ok(
    offered.some((r) => r.includes('dev') && r.includes('config and credentials · access keys · region us-east-1')),
    `dev, described: ${offered.join(' | ')}`,
  );
  assert.ok(!offered.some((r) => r.includes('corp')), 'an sso-session section is not a profile');
  assert.ok(
    offered.some((r) => r.includes('Other…')),
    'another name can be typed',
  );
  await page.mouse.move(640, 700);
  await screenshot(page, 'connection-wizard-aws-profiles');
  await choose('A profile of your AWS config or credentials file', 'dev');
  await choose('Change an optional setting, or continue', 'Continue');

  const failed = page.locator('.notification-toast', { hasText: '"Profile Lance": could not connect' });
  await failed.waitFor({ timeout: 30_000 });
  errorTexts.push((await failed.textContent()) ?? '');
  await failed.getByRole('button', { name: 'Fix a Step…' }).click();
  await atStep('The answers are kept');
  const steps = qi.widget().locator('.quick-input-list .monaco-list-row');
  await steps.first().waitFor();
  const listed = (await steps.allTextContents()).join(' | ');
  for (const [label, value] of [
    ['Catalog type', 'Lance REST Namespace'],
    ['Name', 'Profile Lance'],
    ['URI', 'http://127.0.0.1:1'],
    ['Authentication', 'AWS Signature V4'],
    ['Credentials', 'Named profile'],
    ['Profile', 'dev'],
  ]) {
    assert.ok(listed.includes(`${label}${value}`), `the row ${label} shows ${value}: ${listed}`);
  }
  await page.mouse.move(640, 700);
  await screenshot(page, 'connection-wizard-fix-a-step');
  await choose('The answers are kept', 'URI');
  // From the URI on, every answer is still there: Enter keeps each one.
  await answer('The Lance REST Namespace server URL', gateway.uri);
  for (const step of [
    'How does the catalog authenticate requests?',
    'Signing region',
    'The service name in the credential scope',
    'Credentials',
    'A profile of your AWS config or credentials file',
  ])
    await accept(step);
  await choose('Change an optional setting, or continue', 'Continue');
  assert.equal(await saveAfterTest('Profile Lance'), 'connected', "the gateway verified a signature made with profile dev's keys");
});

interface FixtureReport {
  registered: boolean;
  apiKeys: string[];
  apiVersion: unknown;
  frozen: boolean;
  plainObject: boolean;
  exportsIsApi: boolean;
  reachableObjects: string[];
  testDoor: string;
  suspiciousCommands: string[];
  sessions: { connectionId: string; settingKeys: string[]; contextKeys: string[]; ownStorageSeesTheirSecrets: boolean }[];
}

async function fixtureReport(until: (r: FixtureReport) => boolean): Promise<FixtureReport> {
  const end = Date.now() + 60_000;
  for (;;) {
    const r = fs.existsSync(reportFile) ? (JSON.parse(fs.readFileSync(reportFile, 'utf8')) as FixtureReport) : undefined;
    if (r && until(r)) return r;
    if (Date.now() > end) throw new Error(`the fixture extension's report never showed what was waited for: ${JSON.stringify(r)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

test(
  'a provider from a second extension: chosen in the wizard, browses through its gateway, explains itself in the inspector',
  { timeout: 180_000 },
  async () => {
    const registered = await fixtureReport((r) => r.registered);
    // What the public API let a production-mode extension reach: two members, no internals, no test door.
    assert.deepEqual(registered.apiKeys, ['apiVersion', 'registerAuthProvider']);
    assert.equal(registered.apiVersion, 1);
    assert.ok(registered.frozen && registered.plainObject && registered.exportsIsApi);
    assert.deepEqual(registered.reachableObjects, [], 'no object (services, connections, secrets) is reachable from the API');
    assert.match(registered.testDoor, /^refused: .*command '_namespaceBrowser\.testServices' not found/);
    assert.deepEqual(registered.suspiciousCommands, []);

    await startWizard();
    await choose('What kind of catalog?', 'Lance REST Namespace');
    await answer('A name for the connection', 'Fixture catalog');
    // Plain http:// to another machine: the URI step cautions (without stopping anyone), loopback does not.
    await atStep('The Lance REST Namespace server URL');
    await input().fill('http://catalog.example.com:8080');
    const caution = page.locator('.quick-input-widget .quick-input-message', {
      hasText: 'Plain http:// to catalog.example.com:8080: a token, API key or signature',
    });
    await caution.waitFor();
    await page.mouse.move(640, 700);
    await screenshot(page, 'connection-wizard-plain-http');
    await input().fill(fixtureGateway.uri);
    await caution.waitFor({ state: 'detached' });
    await page.keyboard.press('Enter');
    await choose('How does the catalog authenticate requests?', 'Fixture gateway key');
    await answer('The tenant the gateway expects', 'acme');
    await atStep('The key the gateway expects');
    await input().fill(FIXTURE_KEY);
    assert.equal(await input().getAttribute('type'), 'password', 'its kind "secret" setting is asked in a password box');
    await page.keyboard.press('Enter');
    await choose('Change an optional setting, or continue', 'Continue');
    assert.equal(await saveAfterTest('Fixture catalog'), 'connected', 'the gateway accepted the fixture provider’s header');

    // Browse: the connection's first level comes through the gateway that accepts only that header.
    const refusedBefore = fixtureGateway.refused;
    await expandUntil('Fixture catalog', treeRow('sales'));
    assert.equal(fixtureGateway.refused, refusedBefore, 'every request carried the fixture’s header');

    // The inspector shows the fixture provider's own explanation of what it did, and not its key.
    await runCommand(page, 'Namespace Browser: Show Requests');
    const frame = webviewFrame(page);
    const row = frame.locator('table.requests tbody tr', { hasText: 'Fixture catalog' }).first();
    await row.waitFor({ timeout: 30_000 });
    await row.click();
    await frame.locator('.auth-summary', { hasText: 'Fixture gateway: tenant acme, key in x-fixture-key' }).waitFor();
    const panel = (await frame.locator('body').textContent()) ?? '';
    assert.match(panel, /x-fixture-key/);
    assert.ok(!panel.includes(FIXTURE_KEY), 'the key is not in the inspector');
    await page.mouse.move(1200, 780);
    await screenshot(page, 'fixture-provider-inspector');
    await runCommand(page, 'View: Close All Editors');

    // The provider saw only its own connection's settings, and cannot read Namespace Browser's secret store.
    const used = await fixtureReport((r) => r.sessions.length > 0);
    for (const s of used.sessions) {
      assert.deepEqual(s.settingKeys, ['gatewayKey', 'tenant']);
      // `secret` lets it declare a value it obtained secret (scrubbed from records); it reads nothing.
      assert.deepEqual(s.contextKeys, ['catalogUri', 'connectionId', 'env', 'fetch', 'log', 'secret']);
      assert.equal(s.ownStorageSeesTheirSecrets, false);
    }
  },
);

test(
  'a canary secret of every provider, the second extension’s too, is nowhere: user data, logs, the screen, the inspector, the browser',
  { timeout: 240_000 },
  async () => {
    const canary = (p: string) => `${CANARY}-${p}`;
    // bearer
    await lanceBasics('Canary bearer', lance.uri, 'Bearer token');
    await answer('Sent as "Authorization: Bearer', canary('bearer'));
    await choose('Change an optional setting, or continue', 'Continue');
    await saveAfterTest('Canary bearer');
    // api-key
    await lanceBasics('Canary api key', lance.uri, 'API key');
    await atStep('API key');
    await input().fill(canary('apikey'));
    await page.keyboard.press('Enter');
    await choose('Change an optional setting, or continue', 'Continue');
    await saveAfterTest('Canary api key');
    // oauth2 client credentials: the token endpoint is the Lance server, which has none, so the test fails.
    await lanceBasics('Canary oauth2', lance.uri, 'OAuth2 client credentials');
    await answer('The token endpoint', `${lance.uri}/oauth/token`);
    await answer('Client ID', 'canary-client');
    await answer('Client secret', canary('oauth2'));
    await accept('Client authentication');
    await choose('Change an optional setting, or continue', 'Continue');
    assert.equal(await saveAfterTest('Canary oauth2'), 'saved anyway');
    // sigv4 with a wrong secret key and a session token: the gateway refuses it.
    await lanceBasics('Canary sigv4', gateway.uri, 'AWS Signature V4');
    await answer('Signing region', 'us-east-1');
    await accept('The service name in the credential scope');
    await choose('Credentials', 'Static keys');
    await answer('Access key ID', keys.accessKeyId);
    await answer('Secret access key', canary('sigv4secret'));
    await answer('Session token', canary('sigv4token'));
    await choose('Change an optional setting, or continue', 'Continue');
    assert.equal(await saveAfterTest('Canary sigv4'), 'saved anyway');
    // google service account key (not a valid key: the test fails)
    await lanceBasics('Canary google', lance.uri, 'Google Cloud');
    await choose('Credentials', 'Service account key');
    // A real key, so that a token request is made (to oauth2.googleapis.com, unreachable here): it must be a record
    // with the signed assertion redacted. The canary is the key's id, which the assertion's header carries.
    await answer('The whole key file', JSON.stringify({ ...googleKey.keyFile, private_key_id: canary('google') }));
    await accept('Token type');
    await accept('Space- or comma-separated OAuth scopes');
    await choose('Change an optional setting, or continue', 'Continue');
    assert.equal(await saveAfterTest('Canary google'), 'saved anyway');

    // Each failing one shows its error as a row under it, in words a user can act on (and with no secret).
    const errorRow = (name: string) => page.locator(`#workbench\\.parts\\.sidebar .monaco-list-row[aria-label*="error while listing connection ${name}"]`);
    for (const name of ['Canary oauth2', 'Canary sigv4', 'Canary google']) await expandUntil(name, errorRow(name));
    await screenshot(page, 'connection-canaries-tree');

    // The stored secret works: Test Connection from the palette reads it back from SecretStorage.
    await clearNotifications();
    await runCommand(page, 'Namespace Browser: Test Connection');
    await choose('Test which connection?', 'Gateway Lance');
    await page.locator('.notification-toast', { hasText: '"Gateway Lance" works' }).waitFor({ timeout: 30_000 });

    // 1. What was on screen: every failure toast, the tree with its error rows (labels, descriptions, aria labels),
    //    and every request in the inspector with its auth explanation.
    assert.ok(errorTexts.length >= 3, `the failing tests showed their errors: ${errorTexts.length}`);
    for (const text of errorTexts) assert.ok(!text.includes(CANARY), `no secret in the error text: ${text}`);
    const workbench = await page.content();
    assert.match(workbench, /error while listing connection Canary sigv4/, 'the error rows are in the page searched');
    assert.ok(!workbench.includes(CANARY) && !workbench.includes(keys.secretAccessKey), 'no secret anywhere in the workbench page');
    await runCommand(page, 'Namespace Browser: Show Requests');
    const inspector = webviewFrame(page);
    const requests = inspector.locator('table.requests tbody tr');
    await requests.first().waitFor({ timeout: 30_000 });
    const count = await requests.count();
    assert.ok(count >= 6, `the inspector lists the canary connections' requests: ${count}`);
    const seen = new Set<string>();
    for (let i = 0; i < count; i++) {
      await requests.nth(i).click();
      await inspector.locator('table.requests tbody tr.selected').first().waitFor();
      const text = (await inspector.locator('body').textContent()) ?? '';
      for (const c of ['Canary bearer', 'Canary api key', 'Canary sigv4', 'Fixture catalog']) if (text.includes(c)) seen.add(c);
      // The auth side requests are records of their own: the OAuth2 token request, Google's.
      for (const op of ['oauth2.token', 'google.token']) if ((await requests.nth(i).textContent())?.includes(op)) seen.add(op);
      assert.ok(!text.includes(CANARY) && !text.includes(keys.secretAccessKey), `no secret in the inspector (request ${i + 1} of ${count})`);
      assert.ok(!text.includes('PRIVATE KEY') && !text.includes(googleKeyBody), `no private key in the inspector (request ${i + 1} of ${count})`);
    }
    assert.deepEqual(
      [...seen].sort(),
      ['Canary api key', 'Canary bearer', 'Canary sigv4', 'Fixture catalog', 'google.token', 'oauth2.token'],
      'the records of the canary connections, their token requests included, were among those read',
    );
    await runCommand(page, 'View: Close All Editors');

    // 2. code-server's user data folder (settings.json, logs/**, the key half of the secret store): no secret at all.
    const files = walk(server.userDataDir);
    const leaking = files.filter((f) => contains(f, CANARY) || contains(f, keys.secretAccessKey)).map((f) => path.relative(server.userDataDir, f));
    assert.deepEqual(leaking, [], 'no secret in the user data folder');
    assert.ok(
      files.some((f) => f.includes(`${path.sep}logs${path.sep}`) && contains(f, 'Canary oauth2')),
      'the logs were searched and do mention the connections (by name)',
    );
    const definitions = path.join('globalStorage', 'namespace-browser.namespace-browser', 'connections');
    assert.ok(
      files.some((f) => f.includes(definitions) && contains(f, 'Canary oauth2')),
      'the connection files were searched and hold the definitions',
    );

    // 3. In code-server, globalState lives in the browser's IndexedDB and SecretStorage in localStorage
    //    ("secrets.provider"), sealed with AES-GCM under a key minted from <user-data-dir>/serve-web-key-half:
    //    nowhere in clear, and there (unsealed as a page would) every one of them.
    const browser = await page.evaluate(async () => {
      const dump: Record<string, string> = {};
      for (const info of await indexedDB.databases()) {
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const r = indexedDB.open(info.name!);
          r.onsuccess = () => resolve(r.result);
          r.onerror = () => reject(r.error);
        });
        for (const store of Array.from(db.objectStoreNames)) {
          const values = await new Promise<unknown[]>((resolve, reject) => {
            const r = db.transaction(store, 'readonly').objectStore(store).getAll();
            r.onsuccess = () => resolve(r.result);
            r.onerror = () => reject(r.error);
          });
          const keysInStore = await new Promise<unknown[]>((resolve, reject) => {
            const r = db.transaction(store, 'readonly').objectStore(store).getAllKeys();
            r.onsuccess = () => resolve(r.result);
            r.onerror = () => reject(r.error);
          });
          dump[`${info.name}/${store}`] =
            JSON.stringify(keysInStore) + JSON.stringify(values, (_k, v) => (v instanceof Uint8Array ? new TextDecoder().decode(v) : v));
        }
        db.close();
      }
      const local: Record<string, string> = {};
      for (let i = 0; i < localStorage.length; i++) local[localStorage.key(i)!] = localStorage.getItem(localStorage.key(i)!) ?? '';
      return { dump, local };
    });
    for (const [store, v] of Object.entries(browser.dump))
      assert.ok(!v.includes(CANARY) && !v.includes(keys.secretAccessKey), `no secret in IndexedDB ${store}`);
    assert.ok(browser.local['secrets.provider'], 'SecretStorage is localStorage["secrets.provider"]');
    for (const [k, v] of Object.entries(browser.local))
      assert.ok(!v.includes(CANARY) && !v.includes(keys.secretAccessKey), `no secret in clear in localStorage ${k}`);
    const sealed = Object.values(await persistedSecrets(page)).join('\n');
    for (const p of ['bearer', 'apikey', 'oauth2', 'sigv4secret', 'sigv4token', 'google'])
      assert.ok(sealed.includes(canary(p)), `the ${p} secret is in SecretStorage`);
    console.log(`secrets sealed in localStorage secrets.provider (${browser.local['secrets.provider'].length} chars)`);
  },
);

// Newest VS Code only: the floor's quick pick has no prompt, and its placeholder (the question) hides as soon as
// the user types.
test('a wizard step keeps its question in view while the user filters its choices', { timeout: 60_000 }, async () => {
  await startWizard();
  await atStep('What kind of catalog?');
  await input().fill('iceberg');
  const question = qi.widget().locator('.quick-input-message', { hasText: 'What kind of catalog?' });
  await question.waitFor();
  const rows = qi.widget().locator('.quick-input-list .monaco-list-row').filter({ visible: true });
  await rows.first().waitFor();
  // A row's first label is its item's label (a recycled row may keep hidden text from an earlier step).
  const labels = await rows.evaluateAll((rs) => rs.map((r) => r.querySelector('.label-name')?.textContent ?? ''));
  assert.ok(labels.length > 0 && labels.every((l) => /iceberg/i.test(l)), `filtered to the Iceberg presets: ${labels.join(' | ')}`);
  assert.equal(await question.isVisible(), true);
  await screenshot(page, 'connection-wizard-filtered');
  await page.keyboard.press('Escape');
  await qi.widget().waitFor({ state: 'hidden' });
});

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(p));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

function contains(file: string, text: string): boolean {
  const bytes = fs.readFileSync(file);
  return bytes.includes(Buffer.from(text, 'utf8')) || bytes.includes(Buffer.from(text, 'utf16le'));
}
