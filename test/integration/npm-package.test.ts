// nsb as users install it: `npm pack` of the CLI's package (scripts/cli-package.mjs), `npm install -g` of that
// tarball into a temporary prefix with the network off, then the installed `nsb` against a Lance server.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startListingServer, type ListingServer } from '../support/lanceListingServer';

const REPO = path.resolve(__dirname, '..', '..');
const VERSION = (JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string; engines: { node: string } }).version;

let work: string;
let tarball: string;
let nsbBin: string;
let server: ListingServer;

function run(file: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) =>
    execFile(
      file,
      args,
      { env: { PATH: `${path.dirname(process.execPath)}:${process.env['PATH']}`, HOME: work, ...env }, timeout: 120_000 },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : 99) : 0, stdout, stderr }),
    ),
  );
}

before(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'nsb-npm-'));
  tarball = execFileSync(process.execPath, [path.join(REPO, 'scripts', 'cli-package.mjs'), '--out', path.join(work, 'out')], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .at(-1)!;
  const prefix = path.join(work, 'prefix');
  // --offline: the tarball must hold everything; a dependency to fetch would fail the install.
  const install = await run('npm', [
    'install',
    '-g',
    '--offline',
    '--no-audit',
    '--no-fund',
    '--prefix',
    prefix,
    '--cache',
    path.join(work, 'npm-cache'),
    tarball,
  ]);
  assert.equal(install.code, 0, install.stderr);
  nsbBin = path.join(prefix, 'bin', 'nsb');
  server = await startListingServer(3, 2);
});
after(async () => server?.close());

test('the tarball holds the CLI bundle, its lazy chunks, README and LICENSE, and depends on nothing', async () => {
  const listing = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' }).trim().split('\n').sort();
  assert.ok(listing.includes('package/dist/cli.js'));
  assert.ok(listing.includes('package/dist/lazy/undiciDispatch.js'));
  for (const f of listing) assert.match(f, /^package\/(package\.json|README\.md|LICENSE|dist\/cli\.js|dist\/lazy\/[A-Za-z]+\.js)$/, f);
  const manifest = JSON.parse(execFileSync('tar', ['xzOf', tarball, 'package/package.json'], { encoding: 'utf8' })) as Record<string, unknown>;
  assert.equal(manifest['name'], 'namespace-browser-cli', 'not "nsb", an unrelated package on npm');
  assert.equal(manifest['version'], VERSION);
  assert.deepEqual(manifest['bin'], { nsb: 'dist/cli.js' });
  assert.equal(manifest['dependencies'], undefined);
  const root = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { engines: { node: string } };
  assert.deepEqual(manifest['engines'], { node: root.engines.node }, 'the Nodes the tests run on');
});

test('the installed nsb: --version, ls against a Lance server, and the lazily loaded YAML reader', async () => {
  const version = await run(nsbBin, ['--version']);
  assert.deepEqual(version, { code: 0, stdout: `nsb ${VERSION}\n`, stderr: '' });
  const ls = await run(nsbBin, ['--uri', server.uri, 'ls']);
  assert.equal(ls.code, 0, ls.stderr);
  assert.deepEqual(ls.stdout.trim().split('\n'), ['namespace  n000', 'namespace  n001', 'namespace  n002']);
  writeFileSync(path.join(work, '.pyiceberg.yaml'), 'catalog:\n  prod:\n    uri: https://catalog.example.com\n    warehouse: analytics\n');
  const snippet = await run(nsbBin, ['--pyiceberg-catalog', 'prod', 'snippet', 'python', 'db', 'orders']);
  assert.equal(snippet.code, 0, snippet.stderr);
  assert.match(snippet.stdout, /"warehouse": "analytics"/);
  const usage = await run(nsbBin, ['frobnicate']);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /^nsb: unknown command "frobnicate"/);
});
