// Entry point VS Code loads as `extensionTestsPath`: runs every bundled *.test.js beside it inside the extension host.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';

export function run(): Promise<void> {
  // The web workbench forwards console output without applying printf-style placeholders; mocha's reporters use them.
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => console.log(format(...args));
  // Generous: on a loaded 2-core CI machine a webview can take many seconds to start; tests wait on conditions.
  const mocha = new Mocha({ ui: 'bdd', color: false, reporter: 'spec', timeout: 60_000 });
  // NSB_INHOST_ONLY (comma-separated file prefixes, e.g. `tree`) lets an e2e entry run just its own suites.
  const only = process.env.NSB_INHOST_ONLY?.split(',').filter(Boolean);
  const files = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js') && (!only || only.some((prefix) => f.startsWith(prefix))));
  if (files.length === 0) return Promise.reject(new Error(`no *.test.js in ${__dirname}`));
  for (const f of files.sort()) mocha.addFile(path.join(__dirname, f));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures === 0 ? resolve() : reject(new Error(`${failures} in-host test(s) failed`))));
  });
}
