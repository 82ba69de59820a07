// nsb as users install it: `npm pack` of the CLI's package (scripts/cli-package.mjs), `npm install -g` of that
// tarball into a temporary prefix with the network off, then the installed `nsb` against a Lance server.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startListingServer, type ListingServer } from '../support/lanceListingServer';
import { startMoto, type Moto } from '../support/moto';
import { startSigV4Gateway, type RunningServer } from '../support/pyserver';

const REPO = path.resolve(__dirname, '..', '..');
const VERSION = (JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string; engines: { node: string } }).version;

let work: string;
let tarball: string;
let nsbBin: string;
let server: ListingServer;
let moto: Moto;
/** botocore verifying SigV4 in front of the listing server. */
let gateway: RunningServer;
let awsDir: string;

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
  moto = await startMoto();
  gateway = await startSigV4Gateway({ upstream: server.uri, region: 'us-east-1', accessKeyId: moto.accessKeyId, secretAccessKey: moto.secretAccessKey });
  awsDir = mkdtempSync(path.join(tmpdir(), 'nsb-npm-aws-'));
  writeFileSync(path.join(awsDir, 'credentials'), `[tester]\naws_access_key_id = ${moto.accessKeyId}\naws_secret_access_key = ${moto.secretAccessKey}\n`);
  writeFileSync(path.join(awsDir, 'config'), '[profile tester]\nregion = us-east-1\n');
});
after(async () => {
  await gateway?.stop();
  await moto?.stop();
  await server?.close();
});

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

const awsFiles = () => ({ AWS_CONFIG_FILE: path.join(awsDir, 'config'), AWS_SHARED_CREDENTIALS_FILE: path.join(awsDir, 'credentials') });

test('the installed nsb signs with a profile: both AWS chunks load (the providers take the smithy runtime from the signer) and botocore accepts the signature', async () => {
  const sigv4 = ['--auth', 'sigv4', '--auth-opt', 'region=us-east-1', '--auth-opt', 'credentials=profile', '--auth-opt', 'profile=tester'];
  const ls = await run(nsbBin, ['--uri', gateway.uri, ...sigv4, 'ls'], awsFiles());
  assert.equal(ls.code, 0, ls.stderr);
  assert.deepEqual(ls.stdout.trim().split('\n'), ['namespace  n000', 'namespace  n001', 'namespace  n002']);
  const unknown = await run(nsbBin, ['--uri', gateway.uri, ...sigv4.slice(0, -1), 'profile=nobody', 'ls'], awsFiles());
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /^nsb: config: AWS profile 'nobody' not found in /);
});

test("the installed chunks: an STS AssumeRole through moto (which checks the caller's signature) with awsCredentials.js on awsSigning.js's smithy runtime, then a request signed with the vended keys", async () => {
  const lazy = path.join(path.dirname(path.dirname(nsbBin)), 'lib', 'node_modules', 'namespace-browser-cli', 'dist', 'lazy');
  // A child process: this one's require cache and environment stay out of it.
  const script = `
    const path = require('node:path');
    const creds = require(${JSON.stringify(path.join(lazy, 'awsCredentials.js'))});
    const signingFile = ${JSON.stringify(path.join(lazy, 'awsSigning.js'))};
    if (!require.cache[signingFile]) throw new Error('awsCredentials.js did not take its runtime from awsSigning.js');
    const { SignatureV4, HttpRequest, Sha256 } = require(signingFile);
    (async () => {
      const master = creds.fromIni({ profile: 'tester', ignoreCache: true });
      const assumed = await creds.fromTemporaryCredentials({
        masterCredentials: master,
        params: { RoleArn: ${JSON.stringify(moto.roleArn)}, RoleSessionName: 'nsb-npm' },
        clientConfig: { region: 'us-east-1', endpoint: ${JSON.stringify(moto.uri)} },
      })();
      const url = new URL('/buckets', ${JSON.stringify(moto.uri)});
      const signer = new SignatureV4({ credentials: assumed, region: 'us-east-1', service: 's3tables', sha256: Sha256 });
      const signed = await signer.sign(new HttpRequest({ method: 'GET', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: '/buckets', headers: { host: url.host } }));
      const res = await fetch(url, { headers: signed.headers });
      console.log(JSON.stringify({ status: res.status, userKey: assumed.accessKeyId === ${JSON.stringify(moto.accessKeyId)}, token: Boolean(assumed.sessionToken) }));
    })().catch((e) => { console.error(e); process.exit(1); });`;
  const r = await run(process.execPath, ['-e', script], awsFiles());
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { status: 200, userKey: false, token: true });
});
