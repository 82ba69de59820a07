import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { buildSync } from 'esbuild';

const REPO = path.resolve(__dirname, '..', '..');
const CLI = path.join(REPO, 'out', 'test-cli', 'cli.js');
let built = false;

/** The CLI as users run it: bundled by esbuild the way scripts/build.mjs bundles dist/cli.js, fresh for each test run. */
export function cliPath(): string {
  if (!built || !existsSync(CLI)) {
    buildSync({ entryPoints: [path.join(REPO, 'src/cli/main.ts')], bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile: CLI, banner: { js: '#!/usr/bin/env node' }, logLevel: 'error' });
    built = true;
  }
  return CLI;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cliPath(), ...args], { env: { PATH: process.env['PATH'], HOME: process.env['HOME'], ...env }, maxBuffer: 64 * 1024 * 1024, timeout: 120_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as NodeJS.ErrnoException & { code?: unknown }).code === 'number' ? ((err as unknown as { code: number }).code) : 99) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
