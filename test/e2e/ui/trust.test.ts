// Restricted Mode, as a user meets it: a cloned repository opened untrusted (workspace trust on, the packaged .vsix)
// whose .vscode/settings.json holds a connection that would sign with the user's AWS credentials. The user's own
// connection works; the workspace's is a row that says why it is not used and offers trust. Once trusted, it
// still asks before it sends the credentials, then browses.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { startLanceCatalog, startSigV4Gateway, type RunningServer } from '../../support/pyserver';
import { repoRoot, startCodeServer, type CodeServer } from '../support/codeServer';
import { closeWorkbench, openNamespaceBrowser, openWorkbench, screenshot, treeItem } from '../support/workbench';
import { uiSuite } from '../support/uiSuite';

const { after, before, test, editor } = uiSuite('a repository opened in Restricted Mode');

const vsix = path.join(repoRoot, 'dist/namespace-browser.vsix');
const keys = { accessKeyId: 'AKIDRESTRICTEDMODE', secretAccessKey: 'restricted-mode-secret' };
let lance: RunningServer;
let gateway: RunningServer;
let server: CodeServer;
let page: Page;

/** Requests the botocore gateway received (one ACCEPT or REJECT line on its stderr each). */
const gatewayRequests = () =>
  gateway
    .stderr()
    .split('\n')
    .filter((l) => /\] (ACCEPT|REJECT) /.test(l)).length;
const row = (name: string, about: string) => treeItem(page, name, about);
const errorRow = (connection: string) =>
  page.locator(`#workbench\\.parts\\.sidebar .monaco-list-row[aria-label*=${JSON.stringify(`error while listing connection ${connection}`)}]`).first();

/**
 * Expands a row and checks that it opened. Right after load the view may still redraw its connections (the user's and
 * the workspace's settings are read one after the other), and a click aimed at one row can land on its neighbour
 * (seen: the workspace's connection opened instead): then click again, at most three times.
 */
async function expand(name: string, about: string): Promise<void> {
  const r = row(name, about);
  for (let attempt = 1; ; attempt++) {
    await r.waitFor({ timeout: 30_000 });
    if ((await r.getAttribute('aria-expanded')) === 'true') return;
    await r.click();
    const opened = await r
      .and(page.locator('[aria-expanded="true"]'))
      .waitFor({ timeout: 5_000 })
      .then(
        () => true,
        () => false,
      );
    if (opened) return;
    assert.ok(attempt < 3, `the row ${name} did not expand`);
  }
}

before(async () => {
  assert.ok(fs.existsSync(vsix), `${vsix} is missing: run npm run package first`);
  lance = await startLanceCatalog({ seed: 'standard' });
  gateway = await startSigV4Gateway({ upstream: lance.uri, region: 'us-east-1', ...keys });
  server = await startCodeServer({
    editor: editor(),
    vsix,
    workspaceTrust: true,
    // The AWS default chain of this "machine": what the repository's connection would sign with.
    env: { AWS_ACCESS_KEY_ID: keys.accessKeyId, AWS_SECRET_ACCESS_KEY: keys.secretAccessKey, AWS_EC2_METADATA_DISABLED: 'true' },
    settings: {
      // No startup question: the folder opens untrusted, in Restricted Mode, as after "Don't Trust".
      'security.workspace.trust.startupPrompt': 'never',
      // Nor the Restricted Mode banner: it slides in above the side bar a moment after load, and a click aimed at one
      // row of the tree then lands on the row below (the status bar still says Restricted Mode, which the test checks).
      'security.workspace.trust.banner': 'never',
      'namespaceBrowser.connections': [{ id: 'mine', name: 'My Lance', uri: lance.uri }],
    },
    workspaceFiles: {
      '.vscode/settings.json': JSON.stringify({
        'namespaceBrowser.connections': [
          { id: 'repo-aws', name: 'Repository AWS', uri: gateway.uri, auth: { type: 'sigv4', settings: { region: 'us-east-1' } } },
        ],
      }),
    },
  });
  page = await openWorkbench(server);
  await openNamespaceBrowser(page);
});

after(async () => {
  if (page) await closeWorkbench(page).catch(() => undefined);
  await server?.stop();
  await gateway?.stop();
  await lance?.stop();
});

test('Restricted Mode: the user’s connection works, the workspace’s is refused with a row that says why', { timeout: 120_000 }, async () => {
  await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ timeout: 30_000 });
  await expand('My Lance', 'connection');
  await row('sales', 'namespace in connection My Lance')
    .waitFor({ timeout: 30_000 })
    .catch(async (e) => {
      await screenshot(page, 'trust-restricted-mode-failed');
      console.log(
        'rows of the Catalogs view when it failed:',
        await page.locator('#workbench\\.parts\\.sidebar .monaco-list-row').evaluateAll((rs) => rs.map((r) => r.getAttribute('aria-label'))),
      );
      throw e;
    });

  await expand('Repository AWS', 'connection');
  const refused = errorRow('Repository AWS');
  await refused.waitFor({ timeout: 30_000 });
  assert.match((await refused.textContent()) ?? '', /Restricted Mode: trust this workspace to use it/);
  assert.match((await refused.getAttribute('aria-label')) ?? '', /not used until you trust this workspace/);
  assert.equal(gatewayRequests(), 0, 'nothing was sent to the workspace’s host');
  await page.mouse.move(900, 700);
  await screenshot(page, 'trust-restricted-mode');
});

test('trusted from the row, the workspace’s connection still asks before it sends the AWS credentials; allowed, it browses', { timeout: 150_000 }, async () => {
  // The row's click opens the Workspace Trust editor.
  await errorRow('Repository AWS').click();
  await page.getByRole('button', { name: 'Trust', exact: true }).first().click({ timeout: 30_000 });
  await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ state: 'detached', timeout: 30_000 });

  // Trust granted: the tree reloads; expanding asks the question of this extension, not VS Code's.
  await expand('Repository AWS', 'connection');
  const dialog = page.locator('.monaco-dialog-box', {
    hasText: 'This workspace\'s connection "Repository AWS" will send your AWS credentials (default chain) to ',
  });
  await dialog.waitFor({ timeout: 30_000 });
  assert.equal(gatewayRequests(), 0, 'still nothing sent while the question is open');
  await page.mouse.move(900, 700);
  await screenshot(page, 'trust-ask-before-sending');
  await dialog.getByRole('button', { name: 'Allow', exact: true }).click();
  await row('sales', 'namespace in connection Repository AWS').waitFor({ timeout: 30_000 });
  assert.ok(gatewayRequests() > 0, 'after Allow, the signed requests reached the gateway');
  assert.doesNotMatch(gateway.stderr(), /REJECT/, 'botocore accepted the default chain’s signatures');
});
