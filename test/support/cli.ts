import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildSync } from 'esbuild';

const REPO = path.resolve(__dirname, '..', '..');
let bundle: string | undefined;
const VERSION = (JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string }).version;

/**
 * The CLI as users run it: bundled by esbuild as scripts/build.mjs bundles dist/cli.js, but fresh from the sources
 * and private to this test process (dist/ may be stale, and parallel test files must not share one output file).
 */
export function cliPath(): string {
  if (!bundle) {
    bundle = path.join(mkdtempSync(path.join(os.tmpdir(), 'nsb-cli-')), 'cli.js');
    buildSync({
      entryPoints: [path.join(REPO, 'src/cli/main.ts')],
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      outfile: bundle,
      logLevel: 'error',
      define: { __NSB_VERSION__: JSON.stringify(VERSION) },
    });
  }
  return bundle;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [cliPath(), ...args],
      { env: { PATH: process.env['PATH'], HOME: process.env['HOME'], ...env }, maxBuffer: 64 * 1024 * 1024, timeout: 120_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 99) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
