// Entry point VS Code loads as `extensionTestsPath`: runs the bundled suites beside it inside the extension host.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';

const SUFFIX = '.test.js';

export function run(): Promise<void> {
  // The web workbench forwards console output without applying printf-style placeholders; mocha's reporters use them.
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => console.log(format(...args));
  // Generous: on a loaded 2-core CI machine a webview can take many seconds to start; tests wait on conditions.
  const mocha = new Mocha({ ui: 'bdd', color: false, reporter: 'spec', timeout: 60_000 });
  const available = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith(SUFFIX))
    .map((f) => f.slice(0, -SUFFIX.length))
    .sort();
  if (available.length === 0) return Promise.reject(new Error(`no *${SUFFIX} in ${__dirname}`));
  // NSB_INHOST_ONLY: comma-separated suite names, each a file name without `.test.ts` (`tree` is tree.test.ts and
  // nothing else), so a launcher runs exactly the suites it started servers for.
  const only = process.env.NSB_INHOST_ONLY?.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = (only ?? []).filter((name) => !available.includes(name));
  if (unknown.length) return Promise.reject(new Error(`no in-host suite named ${unknown.join(', ')}; there are: ${available.join(', ')}`));
  for (const name of only ?? available) mocha.addFile(path.join(__dirname, name + SUFFIX));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures === 0 ? resolve() : reject(new Error(`${failures} in-host test(s) failed`))));
  });
}
