// VS Code's proxy settings, as a user behind a corporate proxy sets them: `http.proxy` and `http.proxyAuthorization`
// in the user settings, no proxy variable in the environment. A real forward proxy that wants a password (the `proxy`
// package) must then carry the catalog's requests, the OAuth2 token request and STS AssumeRole; `http.noProxy`
// sends them direct (read by a new window: code-server does not report a settings file written behind its back).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { startLanceCatalog, type RunningServer } from '../../support/pyserver';
import { startProxy, type CountingProxy } from '../../support/proxy';
import { startTokenIssuer, type TokenIssuer } from '../../support/oauthServer';
import { startAssumeRole, type AssumeRole } from '../../support/assumeRole';
import { repoRoot, startCodeServer, type CodeServer } from '../support/codeServer';
import { quickInput } from '../support/quickInput';
import { closeWorkbench, openNamespaceBrowser, openWorkbench, runCommand, screenshot, treeItem } from '../support/workbench';
import { uiSuite } from '../support/uiSuite';

const { after, before, test, editor } = uiSuite("VS Code's proxy settings carry every request");

const vsix = path.join(repoRoot, 'dist/namespace-browser.vsix');
const AUTH = `Basic ${Buffer.from('corp-user:ui-proxy-pass').toString('base64')}`;
const MASTER = { id: 'AKIAUIPROXYMASTER1', secret: 'ui-proxy-master-secret-000000000000000' };
const ISSUED = {
  AccessKeyId: 'ASIAUIPROXYISSUED1',
  SecretAccessKey: 'ui-proxy-issued-secret-11111111111111',
  SessionToken: 'ui-proxy-session-token',
  Expiration: new Date(Date.now() + 3600_000),
};
let lance: RunningServer;
let issuer: TokenIssuer;
let role: AssumeRole;
let proxy: CountingProxy;
let server: CodeServer;
let page: Page;
let qi: ReturnType<typeof quickInput>;
let settings: Record<string, unknown>;

const host = (uri: string) => new URL(uri).host;
const carried = (uri: string) => proxy.seen.filter((s) => s.includes(host(uri))).length;
const treeRow = (name: string) => page.locator('#workbench\\.parts\\.sidebar .monaco-list-row', { hasText: name }).first();

before(async () => {
  assert.ok(fs.existsSync(vsix), `${vsix} is missing: run npm run package first`);
  [lance, issuer, role, proxy] = await Promise.all([
    startLanceCatalog({ seed: 'standard' }),
    startTokenIssuer({ 'ui-client': 'ui-proxy-client-secret' }, Date.now),
    startAssumeRole(MASTER, ISSUED),
    startProxy({ authorization: AUTH }),
  ]);
  issuer.lifetimeSeconds = 3600;
  settings = {
    'http.proxy': proxy.url,
    'http.proxyAuthorization': AUTH,
    'namespaceBrowser.connections': [
      {
        name: 'Team assume-role',
        uri: lance.uri,
        auth: { type: 'sigv4', settings: role.settings },
      },
    ],
  };
  // No proxy variable reaches the extension host: only the settings say where the proxy is.
  for (const v of ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy', 'NO_PROXY', 'no_proxy'])
    assert.equal(process.env[v], undefined, `${v} is not set for this test`);
  server = await startCodeServer({
    editor: editor(),
    vsix,
    settings,
    env: role.env,
  });
  page = await openWorkbench(server);
  qi = quickInput(page);
  await openNamespaceBrowser(page);
});

after(async () => {
  if (page) await closeWorkbench(page).catch(() => undefined);
  await server?.stop();
  await Promise.all([lance?.stop(), issuer?.stop(), role?.close(), proxy?.close()]);
});

async function expandUntil(name: string, shown: ReturnType<Page['locator']>): Promise<void> {
  const deadline = Date.now() + 45_000;
  while (!(await shown.first().isVisible())) {
    if (Date.now() > deadline) throw new Error(`the row of ${name} never showed what was expected under it`);
    const r = treeRow(name);
    await r.waitFor();
    // A row's hover (an error row's message) can cover the next row: move the pointer off the tree first.
    await page.mouse.move(900, 400);
    if ((await r.getAttribute('aria-expanded')) !== 'true') await r.click();
    await shown
      .first()
      .waitFor({ timeout: 3_000 })
      .catch(() => undefined);
  }
}

test('a team connection that assumes a role: STS AssumeRole and the catalog both through the proxy', { timeout: 120_000 }, async () => {
  await expandUntil('Team assume-role', treeItem(page, 'sales', 'namespace in connection Team assume-role'));
  assert.ok(role.sts.calls.length >= 1, 'STS was asked');
  assert.ok(role.sts.calls.at(-1)!.signatureValid, 'the AssumeRole request arrived intact');
  assert.ok(carried(role.sts.url) >= 1, `the proxy carried AssumeRole (saw ${proxy.seen.join(', ')})`);
  assert.ok(carried(lance.uri) >= 1, 'the proxy carried the catalog requests');
  assert.deepEqual(proxy.refused, [], 'every request carried the settings’ Proxy-Authorization');
});

test('an OAuth2 connection from the wizard: its token request goes through the proxy too', { timeout: 120_000 }, async () => {
  await runCommand(page, 'Namespace Browser: Add Connection…');
  await qi.choose('What kind of catalog?', 'Lance REST Namespace');
  await qi.answer('A name for the connection', 'Proxied OAuth2');
  await qi.answer('The Lance REST Namespace server URL', lance.uri);
  await qi.choose('How does the catalog authenticate requests?', 'OAuth2 client credentials');
  await qi.answer('The token endpoint', issuer.tokenUrl);
  await qi.answer('Client ID', 'ui-client');
  await qi.answer('Client secret', 'ui-proxy-client-secret');
  await qi.accept('Client authentication');
  await qi.choose('Change an optional setting, or continue', 'Continue');
  await page.locator('.notification-toast', { hasText: 'Connected to "Proxied OAuth2"' }).waitFor({ timeout: 30_000 });
  assert.ok(carried(issuer.tokenUrl) >= 1, `the proxy carried the token request (saw ${proxy.seen.join(', ')})`);
  await expandUntil('Proxied OAuth2', treeItem(page, 'sales', 'namespace in connection Proxied OAuth2'));
  await screenshot(page, 'proxy-settings');
});

test('http.noProxy sends the catalog and the token request direct', { timeout: 120_000 }, async () => {
  const tokens = issuer.hits.filter((h) => h.ok).length;
  const before = { catalog: carried(lance.uri), token: carried(issuer.tokenUrl) };
  const file = path.join(server.userDataDir, 'User', 'settings.json');
  fs.writeFileSync(file, JSON.stringify({ ...JSON.parse(fs.readFileSync(file, 'utf8')), 'http.noProxy': ['127.0.0.1', 'localhost'] }, null, 2));
  // A new window (a new extension host) reads the settings as written; its connection fetches a new token.
  await closeWorkbench(page);
  page = await openWorkbench(server);
  await openNamespaceBrowser(page);
  qi = quickInput(page);
  // A new browser window has its own copy of code-server's secret blob: it may ask for the client secret once.
  const listed = treeItem(page, 'sales', 'namespace in connection Proxied OAuth2');
  const asked = page.locator('.quick-input-widget', { hasText: 'Client secret for connection "Proxied OAuth2"' });
  await treeRow('Proxied OAuth2').click();
  await listed.or(asked).first().waitFor({ timeout: 45_000 });
  if (await asked.isVisible()) await qi.answer('Client secret for connection "Proxied OAuth2"', 'ui-proxy-client-secret');
  await expandUntil('Proxied OAuth2', listed);
  assert.ok(issuer.hits.filter((h) => h.ok).length > tokens, 'the new window fetched a token');
  assert.equal(carried(issuer.tokenUrl), before.token, 'the token was fetched direct');
  assert.equal(carried(lance.uri), before.catalog, 'the catalog was listed direct');
});
