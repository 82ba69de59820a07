// The panels' descriptor table is the one place a panel is declared: its view type, script and tab icon exist, and
// nothing else in src/ or the build spells them out again.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { PANELS } from '../../src/extension/panels/descriptors';

const root = path.resolve(__dirname, '../..');
const panels = Object.entries(PANELS);

function filesUnder(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const file = path.join(dir, e.name);
    if (e.isDirectory()) return filesUnder(file);
    return /\.(ts|mjs)$/.test(e.name) ? [file] : [];
  });
}

test('every panel has its own view type, an existing webview script and a codicon the sprite has', () => {
  const sprite = fs.readFileSync(path.join(root, 'node_modules/@vscode/codicons/dist/codicon.svg'), 'utf8');
  const viewTypes = new Set<string>();
  for (const [name, p] of panels) {
    assert.match(p.viewType, /^namespaceBrowser\.[a-zA-Z]+$/, name);
    assert.ok(!viewTypes.has(p.viewType), `${name}: view type ${p.viewType} is taken`);
    viewTypes.add(p.viewType);
    assert.ok(fs.existsSync(path.join(root, 'src/webview', `${p.script}.ts`)), `${name}: src/webview/${p.script}.ts is missing`);
    assert.match(sprite, new RegExp(`<symbol[^>]*id="${p.codicon}"`), `${name}: no codicon "${p.codicon}"`);
    assert.ok(p.title.trim(), `${name}: a title`);
  }
});

test('the view types and tab icons are written only in the descriptor table', () => {
  const table = path.join('src', 'extension', 'panels', 'descriptors.ts');
  const offenders: string[] = [];
  for (const file of [...filesUnder('src'), ...filesUnder('scripts')]) {
    if (file === table) continue;
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    for (const [, p] of panels) {
      if (text.includes(`'${p.viewType}'`) || text.includes(`"${p.viewType}"`)) offenders.push(`${file}: ${p.viewType}`);
      if (text.includes(`${p.codicon}-light`) || text.includes(`${p.codicon}-dark`)) offenders.push(`${file}: icon ${p.codicon}`);
    }
    if (/src\/webview\/\w+\.ts['"]/.test(text)) offenders.push(`${file}: names a webview script`);
  }
  assert.deepEqual(offenders, []);
});

test("every webview script that connects to a host is some panel's script", () => {
  const scripts = new Set<string>(panels.map(([, p]) => p.script));
  const entries = fs
    .readdirSync(path.join(root, 'src/webview'))
    .filter((f) => f.endsWith('.ts') && fs.readFileSync(path.join(root, 'src/webview', f), 'utf8').includes('= connectToHost<'))
    .map((f) => f.replace(/\.ts$/, ''));
  assert.ok(entries.length >= 2, `found ${entries}`);
  for (const e of entries) assert.ok(scripts.has(e), `src/webview/${e}.ts connects to a host but no descriptor names it`);
});

test('every panel activates the extension when the editor restores it after a reload (onWebviewPanel)', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { activationEvents: string[] };
  for (const [name, p] of panels) assert.ok(manifest.activationEvents.includes(`onWebviewPanel:${p.viewType}`), `${name}: no onWebviewPanel:${p.viewType}`);
});
