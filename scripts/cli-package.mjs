// The npm package of nsb, `namespace-browser-cli`: the CLI bundle and its lazy chunks, nothing else. The root
// package.json is the VS Code extension's manifest, so the CLI's package is made in a folder of its own from
// packages/nsb/ (its README) and what it shares with the extension (version, license, engines.node), then packed.
//   node scripts/cli-package.mjs [--out DIR]   → DIR/namespace-browser-cli-<version>.tgz (default dist-cli/)
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outArg = process.argv.indexOf('--out');
const out = path.resolve(outArg > 0 ? process.argv[outArg + 1] : path.join(root, 'dist-cli'));
const stage = path.join(out, 'package');
fs.rmSync(stage, { recursive: true, force: true });
fs.mkdirSync(stage, { recursive: true });

execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), '--production', '--cli-only', '--outdir', path.join(stage, 'dist')], {
  cwd: root,
  stdio: ['ignore', 'pipe', 'pipe'],
});

const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const pkg = {
  name: 'namespace-browser-cli',
  version: manifest.version,
  description:
    'nsb: list and describe Lance REST Namespace and Apache Iceberg REST catalogs from the command line (AWS SigV4, Google, OAuth2), the CLI of the Namespace Browser VS Code extension.',
  license: manifest.license,
  keywords: ['lance', 'iceberg', 'lakehouse', 'catalog', 'rest', 'cli'],
  bin: { nsb: 'dist/cli.js' },
  // Every dependency is bundled: installing fetches nothing beyond this tarball.
  files: ['dist/cli.js', 'dist/lazy/*.js'],
  // undici (the HTTP client) needs Node 20.18.1; the tests run on Node 20 and 24.
  engines: { node: manifest.engines.node },
};
fs.writeFileSync(path.join(stage, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
fs.copyFileSync(path.join(root, 'packages', 'nsb', 'README.md'), path.join(stage, 'README.md'));
fs.copyFileSync(path.join(root, 'LICENSE'), path.join(stage, 'LICENSE'));

const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', out], { cwd: stage, encoding: 'utf8' }));
console.log(path.join(out, packed[0].filename));
