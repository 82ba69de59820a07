// One esbuild script for every bundle: the extension host, the CLI and (later) the webviews.
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
// --tests builds only the in-host mocha suites (test/inhost → out/inhost), which run inside a real extension host.
const tests = process.argv.includes('--tests');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'info',
};

const inHostTests = {
  ...common,
  entryPoints: ['test/inhost/index.ts', 'test/inhost/*.test.ts'],
  outdir: 'out/inhost',
  sourcemap: true,
  minify: false,
  // mocha stays a runtime require: out/ sits inside the repo, so node_modules resolution finds it.
  external: ['vscode', 'mocha'],
};

const builds = tests
  ? [inHostTests]
  : [
      { ...common, entryPoints: { extension: 'src/extension/extension.ts' }, outdir: 'dist', external: ['vscode'] },
      { ...common, entryPoints: { cli: 'src/cli/main.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' } },
    ];

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
