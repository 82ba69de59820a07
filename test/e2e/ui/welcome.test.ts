// Installs the packaged extension (dist/namespace-browser.vsix, from `npm run package`) and drives the workbench.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { repoRoot, startCodeServer, type CodeServer } from '../support/codeServer';
import { closeWorkbench, openNamespaceBrowser, openWorkbench, screenshot } from '../support/workbench';
import { uiSuite } from '../support/uiSuite';
import { vsixEntries } from '../support/vsix';

const { after, before, test, editor } = uiSuite('the Catalogs view without connections');

const vsix = path.join(repoRoot, 'dist/namespace-browser.vsix');
let server: CodeServer;
let page: Page;

before(async () => {
  assert.ok(fs.existsSync(vsix), `${vsix} is missing: run npm run package first`);
  server = await startCodeServer({ editor: editor(), vsix });
  page = await openWorkbench(server);
});

after(async () => {
  if (page) await closeWorkbench(page);
  await server?.stop();
});

test('the Catalogs view welcomes a user without connections', { timeout: 60_000 }, async () => {
  await openNamespaceBrowser(page);
  await page.mouse.move(640, 400); // so the activity bar tooltip stays out of the screenshot
  await page.getByText('No catalog connections yet.').waitFor();
  const addButton = page.locator('.welcome-view-content').getByRole('button', { name: 'Add Connection' });
  assert.equal(await addButton.isVisible(), true);
  await screenshot(page, 'catalogs-welcome');
});

test('the .vsix carries its icon and CHANGELOG, and every image and document its README links to', { timeout: 30_000 }, () => {
  const entries = vsixEntries(vsix);
  const names = new Set(entries.map((e) => e.name));
  const manifest = JSON.parse(
    entries
      .find((e) => e.name === 'extension/package.json')!
      .read()
      .toString('utf8'),
  ) as { icon?: string };
  assert.ok(manifest.icon, 'package.json names an icon');
  const icon = entries.find((e) => e.name === `extension/${manifest.icon}`);
  assert.ok(icon, `the icon ${manifest.icon} is packaged`);
  const png = icon.read();
  assert.equal(png.toString('latin1', 1, 4), 'PNG');
  assert.ok(png.readUInt32BE(16) >= 128 && png.readUInt32BE(20) >= 128, 'the icon is at least 128 × 128');
  assert.ok(
    [...names].some((n) => /^extension\/changelog\.md$/i.test(n)),
    'CHANGELOG.md is packaged (the Marketplace’s Changelog tab)',
  );
  const readme = entries
    .find((e) => /^extension\/readme\.md$/i.test(e.name))!
    .read()
    .toString('utf8');
  const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)|<img[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1] ?? m[2]!);
  assert.ok(images.length > 0, 'the README shows images');
  for (const image of images) {
    assert.ok(!/^[a-z]+:/i.test(image), `${image}: an image the package carries, not a link to a host that may not exist`);
    assert.ok(names.has(`extension/${image.replace(/^\.\//, '')}`), `${image} is in the .vsix, where the README's relative link points`);
  }
  // The README is short and links to docs/ for the rest: each relative link must lead to a file the package has.
  const documents = [...readme.matchAll(/(?<!!)\[[^\]]*\]\(([^)\s]+)\)/g)]
    .map((m) => m[1]!.replace(/#.*$/, ''))
    .filter((link) => link !== '' && !/^[a-z]+:/i.test(link));
  assert.ok(
    documents.some((d) => d.startsWith('docs/')),
    'the README links to its documents in docs/',
  );
  for (const document of documents) {
    assert.ok(names.has(`extension/${document.replace(/^\.\//, '')}`), `${document}, a link of the README, is in the .vsix`);
  }
});
