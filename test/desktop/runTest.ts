// Runs the in-host suite (out/inhost) in desktop VS Code via @vscode/test-electron. It downloads VS Code, so it
// needs the internet; where only package registries are reachable, use test/e2e/inhost.test.ts instead.
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

const repoRoot = path.resolve(__dirname, '../..');

async function main(): Promise<void> {
  try {
    await runTests({
      version: process.env.NSB_VSCODE_VERSION ?? '1.100.3', // the minimum engines.vscode supports
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: path.join(repoRoot, 'out/inhost/index.js'),
      launchArgs: ['--disable-extensions', '--disable-workspace-trust'],
    });
  } catch (error) {
    console.error('desktop in-host tests failed:', error);
    process.exit(1);
  }
}

void main();
