// TLS as a corporate user meets it, in code-server with the packaged .vsix: a catalog signed by a CA the machine
// trusts works with no setting; one signed by another private CA fails with a row that names the fix, and works once
// its CA bundle is set in the wizard's Network settings; a catalog that wants a client certificate works with the
// certificate and key set there.
//
// "The machine's trust store" is the bundle SSL_CERT_FILE names in code-server's environment: the variable OpenSSL
// (curl, git, Python) reads to find the system bundle, and the first place the extension looks, as on a machine where
// it points at the distribution's bundle. Writing to /etc/ssl and running update-ca-certificates would change
// what every other test and helper on this shared machine trusts, so the test does not.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { Page } from 'playwright-core';
import { loadSystemCertificates } from '../../../src/core/transport/systemCertificates';
import { issueCertificate, makePki, startMutualTlsServer, startTlsServer, type TestPki } from '../../support/tls';
import { repoRoot, startCodeServer, type CodeServer } from '../support/codeServer';
import { quickInput } from '../support/quickInput';
import { closeWorkbench, openNamespaceBrowser, openWorkbench, runCommand, screenshot, treeItem } from '../support/workbench';
import { uiSuite } from '../support/uiSuite';

const { after, before, test, editor } = uiSuite('TLS: the trust store, a CA bundle and a client certificate from the wizard');

const vsix = path.join(repoRoot, 'dist/namespace-browser.vsix');
let machinePki: TestPki;
let privatePki: TestPki;
let machineSigned: Awaited<ReturnType<typeof startTlsServer>>;
let privateSigned: Awaited<ReturnType<typeof startTlsServer>>;
let mutual: Awaited<ReturnType<typeof startMutualTlsServer>>;
let client: { cert: string; key: string };
let server: CodeServer;
let page: Page;
let qi: ReturnType<typeof quickInput>;

/** A Lance catalog's two listings, enough for the tree: one namespace, named after the client certificate if any. */
function catalog(req: IncomingMessage, res: ServerResponse): void {
  const peer = (req.socket as TLSSocket).getPeerCertificate?.();
  const body = req.url?.includes('/table/')
    ? { tables: [] }
    : req.url?.includes('/namespace/') && !req.url.includes('secure') && !req.url.includes('nsb-')
      ? { namespaces: [peer?.subject?.CN ?? 'secure'] }
      : { namespaces: [] };
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

before(async () => {
  assert.ok(fs.existsSync(vsix), `${vsix} is missing: run npm run package first`);
  machinePki = makePki();
  privatePki = makePki();
  client = issueCertificate(machinePki, 'nsb-wizard-client', { client: true });
  machineSigned = await startTlsServer(machinePki.serverKey, machinePki.serverCert, catalog);
  privateSigned = await startTlsServer(privatePki.serverKey, privatePki.serverCert, catalog);
  mutual = await startMutualTlsServer(machinePki.serverKey, machinePki.serverCert, machinePki.caFile, catalog);
  // This machine's bundle with the private CA added, as update-ca-certificates would write it.
  const bundle = path.join(machinePki.dir, 'machine-ca-certificates.crt');
  fs.writeFileSync(bundle, `${loadSystemCertificates().certificates.join('\n')}\n${fs.readFileSync(machinePki.caFile, 'utf8')}`);
  server = await startCodeServer({ editor: editor(), vsix, env: { SSL_CERT_FILE: bundle } });
  page = await openWorkbench(server);
  qi = quickInput(page);
  await openNamespaceBrowser(page);
});

after(async () => {
  if (page) await closeWorkbench(page).catch(() => undefined);
  await server?.stop();
  await Promise.all([machineSigned?.close(), privateSigned?.close(), mutual?.close()]);
});

/** A listing's error row: spoken "its label, the message, error while listing connection NAME". */
const errorRow = (connection: string) =>
  page.locator(`#workbench\\.parts\\.sidebar .monaco-list-row[aria-label*="error while listing connection ${connection}"]`).first();

async function expandUntil(name: string, shown: ReturnType<Page['locator']>): Promise<void> {
  const deadline = Date.now() + 45_000;
  while (!(await shown.first().isVisible())) {
    if (Date.now() > deadline) throw new Error(`the row of ${name} never showed what was expected under it`);
    const r = page.locator('#workbench\\.parts\\.sidebar .monaco-list-row', { hasText: name }).first();
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

/** Adds a Lance connection without auth; `network` sets Network answers (label → file) before Continue. */
async function addConnection(name: string, uri: string, network: [string, string, string][] = []): Promise<'connected' | 'failed'> {
  await runCommand(page, 'Notifications: Clear All Notifications');
  await runCommand(page, 'Namespace Browser: Add Connection…');
  await qi.choose('What kind of catalog?', 'Lance REST Namespace');
  await qi.answer('A name for the connection', name);
  await qi.answer('The Lance REST Namespace server URL', uri);
  await qi.choose('How does the catalog authenticate requests?', 'None');
  if (network.length) {
    await qi.choose('Change an optional setting, or continue', 'Network');
    for (const [label, prompt, value] of network) {
      await qi.choose('TLS for this connection', label);
      await qi.answer(prompt, value);
    }
    await qi.choose('TLS for this connection', 'Done');
  }
  await qi.choose('Change an optional setting, or continue', 'Continue');
  const ok = page.locator('.notification-toast', { hasText: `Connected to "${name}"` });
  const failed = page.locator('.notification-toast', { hasText: `"${name}": could not connect` });
  await ok.or(failed).first().waitFor({ timeout: 30_000 });
  if (await ok.isVisible()) return 'connected';
  await failed.getByRole('button', { name: 'Save Anyway' }).click();
  return 'failed';
}

test("a catalog signed by a CA in the machine's trust store works with no setting", { floor: true, timeout: 120_000 }, async () => {
  assert.equal(await addConnection('Machine CA', machineSigned.uri), 'connected');
  await expandUntil('Machine CA', treeItem(page, 'secure', 'namespace in connection Machine CA'));
});

test('another private CA: the row names the fix; with its CA bundle set in the wizard it works', { timeout: 150_000 }, async () => {
  assert.equal(await addConnection('Private CA', privateSigned.uri), 'failed');
  const error = errorRow('Private CA');
  await expandUntil('Private CA', error);
  assert.match(
    (await error.getAttribute('aria-label')) ?? '',
    /TLS: the certificate of 127\.0\.0\.1:\d+ is not trusted.*Edit Connection → Optional settings → Network → CA bundle/,
  );
  await screenshot(page, 'network-ca-bundle-fix');
  assert.equal(await addConnection('Private CA bundle', privateSigned.uri, [['CA bundle', 'A PEM file of CAs trusted', privatePki.caFile]]), 'connected');
  await expandUntil('Private CA bundle', treeItem(page, 'secure', 'namespace in connection Private CA bundle'));
});

test('a catalog that asks for a client certificate: set the certificate and key in the wizard', { timeout: 150_000 }, async () => {
  assert.equal(await addConnection('No client cert', mutual.uri), 'failed');
  const error = errorRow('No client cert');
  await expandUntil('No client cert', error);
  assert.match(
    (await error.getAttribute('aria-label')) ?? '',
    /TLS: 127\.0\.0\.1:\d+ wants a client certificate.*client certificate \(mutual TLS\).*Network → Client certificate/,
  );
  assert.equal(
    await addConnection('Client cert', mutual.uri, [
      ['Client certificate', 'the PEM client certificate', client.cert],
      ['Client key', 'the PEM private key', client.key],
    ]),
    'connected',
  );
  // The server names the namespace after the certificate it was shown.
  await expandUntil('Client cert', treeItem(page, 'nsb-wizard-client', 'namespace in connection Client cert'));
  await screenshot(page, 'network-client-certificate');
});
