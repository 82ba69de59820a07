// One esbuild script for every bundle: the extension host, the CLI and the webviews.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lazyChunkBuilds, lazyLibraries } from './lazyChunks.mjs';
import { buildExtension } from './onDemand.mjs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
// --tests builds only the in-host mocha suites (test/inhost → out/inhost), which run inside a real extension host.
const tests = process.argv.includes('--tests');
// --cli-only --outdir DIR builds only nsb and its lazy chunks into DIR (scripts/cli-package.mjs, the npm package).
const cliOnly = process.argv.includes('--cli-only');
const outdirArg = process.argv.indexOf('--outdir');
const out = outdirArg > 0 ? process.argv[outdirArg + 1] : 'dist';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'info',
};

const NSB_VERSION_DEFINE = { __NSB_VERSION__: JSON.stringify(JSON.parse(fs.readFileSync('package.json', 'utf8')).version) };

const inHostTests = {
  ...common,
  entryPoints: ['test/inhost/index.ts', 'test/inhost/*.test.ts'],
  outdir: 'out/inhost',
  sourcemap: true,
  minify: false,
  // mocha stays a runtime require: out/ sits inside the repo, so node_modules resolution finds it.
  external: ['vscode', 'mocha'],
};

// The HTTP client (undici), the heavy SDKs (AWS, Google) and the Arrow reader are chunks of their own in dist/lazy/, required on first
// use by src/core/lazy/load.ts, so that activation loads none of them (lazyLibraries in scripts/lazyChunks.mjs);
// unbundled (tsx) the same line loads the source module.
const lazyChunks = lazyLibraries('./lazy');
const lazyChunkBuild = lazyChunkBuilds(common, path.join(out, 'lazy'));
const cliBuild = {
  ...common,
  entryPoints: { cli: 'src/cli/main.ts' },
  outdir: out,
  banner: { js: '#!/usr/bin/env node' },
  define: NSB_VERSION_DEFINE,
  plugins: [lazyChunks],
};

// The panels' descriptor table (src/extension/panels/descriptors.ts) says which webview scripts to bundle and which
// codicons to cut for their tabs: adding a panel is a line there, not here.
async function importTypeScript(file) {
  const out = await esbuild.build({ entryPoints: [file], bundle: true, platform: 'neutral', format: 'esm', write: false, logLevel: 'silent' });
  return import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`);
}
const { PANELS } = await importTypeScript('src/extension/panels/descriptors.ts');
const panels = Object.values(PANELS);
const webviewScripts = [...new Set(panels.map((p) => p.script))];
const tabIcons = [...new Set(panels.map((p) => p.codicon))];

const builds = tests
  ? [inHostTests]
  : cliOnly
    ? [cliBuild, ...lazyChunkBuild]
    : [
        cliBuild,
        ...lazyChunkBuild,
        // The panels' browser-side code: one script per panel, loaded by nonce (src/extension/panels/html.ts).
        {
          ...common,
          platform: 'browser',
          target: 'chrome120',
          format: 'iife',
          entryPoints: webviewScripts.map((s) => `src/webview/${s}.ts`),
          outdir: 'dist/webview',
        },
      ];

/** Codicons for the webviews (font + stylesheet), and tab icons for the panels cut from the codicon sprite. */
function copyWebviewAssets() {
  const out = 'dist/webview';
  const codicons = 'node_modules/@vscode/codicons/dist';
  // Start empty: the .vsix takes every script and icon here, so one of a removed panel must not linger.
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(path.join(out, 'icons'), { recursive: true });
  for (const f of ['codicon.css', 'codicon.ttf']) fs.copyFileSync(path.join(codicons, f), path.join(out, f));
  const sprite = fs.readFileSync(path.join(codicons, 'codicon.svg'), 'utf8');
  for (const id of tabIcons) {
    const symbol = new RegExp(`<symbol[^>]*id="${id}"[^>]*>([\\s\\S]*?)</symbol>`).exec(sprite);
    if (!symbol) throw new Error(`codicon ${id} not found in the sprite`);
    for (const [theme, colour] of [
      ['light', '#424242'],
      ['dark', '#C5C5C5'],
    ]) {
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 16 16" fill="${colour}">${symbol[1]}</svg>`;
      fs.writeFileSync(path.join(out, 'icons', `${id}-${theme}.svg`), svg);
    }
  }
}
if (!tests && !cliOnly) copyWebviewAssets();

if (watch) {
  // Watching rebuilds one bundle at a time: the extension's is whole here (its on-demand modules inline, loaded by
  // the same require), which runs the same code.
  const extension =
    tests || cliOnly
      ? []
      : [{ ...common, entryPoints: { extension: 'src/extension/extension.ts' }, outdir: 'dist', external: ['vscode'], plugins: [lazyChunks] }];
  for (const b of [...extension, ...builds]) await (await esbuild.context(b)).watch();
} else {
  // The extension's bundle and its on-demand chunk (dist/lazy/onDemand.js) are built together: see scripts/onDemand.mjs.
  const extension = tests || cliOnly ? [] : [buildExtension(common)];
  await Promise.all([...builds.map((b) => esbuild.build(b)), ...extension]);
}
