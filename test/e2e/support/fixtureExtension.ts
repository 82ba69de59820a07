// Bundles and packages the second extension of test/fixture-extension into a .vsix, as its author would ship it.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { repoRoot } from './codeServer';

const source = path.join(repoRoot, 'test', 'fixture-extension');

/** Builds test/fixture-extension into a fresh folder and packages it offline; returns the .vsix path. */
export async function packageFixtureExtension(): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nsb-fixture-extension-'));
  for (const f of ['package.json', 'README.md']) fs.copyFileSync(path.join(source, f), path.join(dir, f));
  await build({
    entryPoints: [path.join(source, 'src', 'extension.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['vscode'],
    outfile: path.join(dir, 'dist', 'extension.js'),
    logLevel: 'error',
  });
  const vsix = path.join(dir, 'nsb-fixture-provider.vsix');
  await promisify(execFile)(
    path.join(repoRoot, 'node_modules', '.bin', 'vsce'),
    ['package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '-o', vsix],
    { cwd: dir },
  );
  return vsix;
}
