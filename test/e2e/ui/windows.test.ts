// Two VS Code windows on one code-server (two workbench pages of one browser, each with its own extension host),
// racing each other: both add a connection with a secret at the same moment, then one renames while the other
// removes. After both reload, every connection and secret that should exist does and nothing removed comes back;
// each window shows the other's change within 2 s without a refresh. It is a race, so it runs several times; a test
// gate in the store (NSB_TEST_WRITE_GATE) holds each write until both windows' writes are there, then releases them
// together, so the writes really do collide every time.
// Secrets are checked where code-server persists them (the sealed localStorage blob, unsealed as a page would) and
// by use: the catalog behind a token gateway lists only with the right token.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startHeaderGateway } from '../../support/headerGateway';
import { startLanceCatalog, type RunningServer } from '../../support/pyserver';
import { repoRoot, startCodeServer, type CodeServer } from '../support/codeServer';
import { persistedSecrets } from '../support/secretBlob';
import {
  connected,
  connectionNames,
  connectionRow,
  openWindows,
  prepareAdd,
  prepareRemove,
  prepareRename,
  releaseWrites,
  reloadWindow,
  rowChange,
  saveTimes,
} from '../support/windows';
import { screenshot } from '../support/workbench';
import { uiSuite } from '../support/uiSuite';

const { after, before, test, editor } = uiSuite('Two windows on one machine');

const vsix = path.join(repoRoot, 'dist/namespace-browser.vsix');
const TRIALS = Number(process.env.NSB_RACE_TRIALS ?? 3);
/** How soon a window must show another window's change. */
const VISIBLE_MS = 2_000;
const RUN = Date.now().toString(36);
const tokenOf = (name: string) => `tok-${RUN}-${name.replace(/\W+/g, '-')}`;
const tokens = new Set<string>();

let lance: RunningServer;
let gateway: Awaited<ReturnType<typeof startHeaderGateway>>;
let server: CodeServer;
let browser: Browser;
let gate: string;
let a: Page;
let b: Page;

before(async () => {
  assert.ok(fs.existsSync(vsix), `${vsix} is missing: run npm run package first`);
  lance = await startLanceCatalog({ seed: 'standard' });
  gateway = await startHeaderGateway({ upstream: lance.uri, header: 'authorization', accepts: (v) => !!v && tokens.has(v.replace(/^Bearer /, '')) });
  // Writes wait at a gate until both windows' writes are there, then go at the same instant (see releaseWrites).
  gate = fs.mkdtempSync(path.join(os.tmpdir(), 'nsb-gate-'));
  server = await startCodeServer({ editor: editor(), vsix, env: { NSB_TEST_WRITE_GATE: gate } });
  const opened = await openWindows(server, 2);
  browser = opened.browser;
  [a, b] = opened.pages as [Page, Page];
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await gateway?.close();
  await lance?.stop();
  if (gate) fs.rmSync(gate, { recursive: true, force: true });
});

/** Whether the window can browse the connection: expands it and waits for the seed's namespace, or a secret prompt. */
async function browses(page: Page, name: string): Promise<'lists namespaces' | 'asks for the token'> {
  const row = connectionRow(page, name);
  await row.click();
  const listed = page.locator(`#workbench\\.parts\\.sidebar .monaco-list-row[aria-label=${JSON.stringify(`sales, namespace in connection ${name}`)}]`);
  const asked = page.locator('.quick-input-widget .quick-input-box input[type="password"]');
  await listed.or(asked).first().waitFor({ timeout: 30_000 });
  const outcome = (await listed.isVisible()) ? 'lists namespaces' : 'asks for the token';
  if (outcome === 'asks for the token') await page.keyboard.press('Escape');
  await row.click(); // collapse again
  return outcome;
}

test(
  `two windows racing: adds, a rename and a removal at the same moment lose nothing (${TRIALS} trials)`,
  { floor: true, timeout: TRIALS * 4 * 60_000 },
  async () => {
    try {
      await race();
    } catch (e) {
      // What each window showed when it went wrong.
      await Promise.all([screenshot(a, 'windows-failure-a'), screenshot(b, 'windows-failure-b')]).catch(() => undefined);
      throw e;
    }
  },
);

async function race(): Promise<void> {
  const kept: string[] = [];
  const removed: string[] = [];
  const report: string[] = [];
  for (let trial = 1; trial <= TRIALS; trial++) {
    const inA = `Race A${trial}`;
    const inB = `Race B${trial}`;
    const renamed = `${inB} renamed`;
    for (const n of [inA, inB]) tokens.add(tokenOf(n));

    // 1. Each window adds a connection with a secret; the last Enter in both at once.
    await Promise.all([
      prepareAdd(a, { name: inA, uri: gateway.uri, token: tokenOf(inA) }),
      prepareAdd(b, { name: inB, uri: gateway.uri, token: tokenOf(inB) }),
    ]);
    await Promise.all([a.keyboard.press('Enter'), b.keyboard.press('Enter')]);
    assert.deepEqual((await releaseWrites(gate, 2)).sort(), [`save ${inA}`, `save ${inB}`]);
    await Promise.all([connected(a, inA), connected(b, inB)]);
    const [bSeesA, aSeesB] = await Promise.all([rowChange(b, inA, true, VISIBLE_MS), rowChange(a, inB, true, VISIBLE_MS)]);
    const saved = await saveTimes(server.userDataDir, [inA, inB]);
    const [sa, sb] = [saved.get(inA)!, saved.get(inB)!];
    const apart = Math.abs(sa.start - sb.start);
    const overlap = Math.min(sa.end, sb.end) - Math.max(sa.start, sb.start);

    // 2. A renames B's connection while B removes A's.
    const [, remove] = await Promise.all([prepareRename(a, inB, renamed), prepareRemove(b, inA)]);
    await Promise.all([a.keyboard.press('Enter'), remove.click()]);
    assert.deepEqual((await releaseWrites(gate, 2)).map((w) => w.split(' ')[0]).sort(), ['remove', 'rename']);
    const [bSeesRename, aSeesRemoval] = await Promise.all([rowChange(b, renamed, true, VISIBLE_MS), rowChange(a, inA, false, VISIBLE_MS)]);
    await Promise.all([screenshot(a, `windows-race-${trial}-a`), screenshot(b, `windows-race-${trial}-b`)]);
    kept.push(renamed);
    removed.push(inA);

    // 3. Reload both: what each window shows now comes from what was stored.
    await Promise.all([reloadWindow(a), reloadWindow(b)]);
    const expected = [...kept].sort();
    await Promise.all([connectionRow(a, renamed).waitFor(), connectionRow(b, renamed).waitFor()]);
    const [namesA, namesB] = await Promise.all([connectionNames(a), connectionNames(b)]);
    const secrets = Object.values(await persistedSecrets(a)).join('\n');
    report.push(
      `trial ${trial}: saves started ${apart} ms apart and overlapped ${overlap} ms; shown in the other window after ${bSeesA} / ${aSeesB} ms (adds), ${bSeesRename} ms (rename), ${aSeesRemoval} ms (removal)`,
    );

    assert.ok(apart < 100, `trial ${trial}: the two saves started ${apart} ms apart, not within 100 ms (the race did not happen)`);
    assert.ok(bSeesA !== undefined && aSeesB !== undefined, `trial ${trial}: each window shows the other's new connection within 2 s (${bSeesA}, ${aSeesB})`);
    assert.ok(bSeesRename !== undefined, `trial ${trial}: B shows A's rename within 2 s`);
    assert.ok(aSeesRemoval !== undefined, `trial ${trial}: A shows B's removal within 2 s`);
    assert.deepEqual(namesA, expected, `trial ${trial}: window A after reload`);
    assert.deepEqual(namesB, expected, `trial ${trial}: window B after reload`);
    for (const name of kept) assert.ok(secrets.includes(tokenOf(name.replace(/ renamed$/, ''))), `trial ${trial}: the token of ${name} is stored`);
    for (const name of removed) assert.ok(!secrets.includes(tokenOf(name)), `trial ${trial}: the token of removed ${name} is gone`);
  }
  // The stored secrets work: each kept connection browses in both windows without asking for its token.
  for (const name of kept) {
    assert.equal(await browses(a, name), 'lists namespaces', `${name} in window A`);
    assert.equal(await browses(b, name), 'lists namespaces', `${name} in window B`);
  }
  await Promise.all([screenshot(a, 'windows-race-final-a'), screenshot(b, 'windows-race-final-b')]);
  console.log(report.join('\n'));
}
