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
  const only = process.env.NSB_INHOST_ONLY?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = (only ?? []).filter((name) => !available.includes(name));
  if (unknown.length) return Promise.reject(new Error(`no in-host suite named ${unknown.join(', ')}; there are: ${available.join(', ')}`));
  for (const name of only ?? available) mocha.addFile(path.join(__dirname, name + SUFFIX));
  // A suite registers no test when its servers' addresses are missing; one that was asked for by name must not pass
  // by running nothing.
  const registered = new Map<string, number>();
  let before = 0;
  mocha.suite.on('pre-require', () => (before = mocha.suite.total()));
  mocha.suite.on('post-require', (_context: unknown, file: string) => registered.set(path.basename(file, SUFFIX), mocha.suite.total() - before));
  // Load now (synchronously, through require, which the host hooks for `vscode`) to count; run() must not load again.
  const loader = mocha as unknown as { loadFiles(): void; lazyLoadFiles(enable: boolean): void };
  loader.loadFiles();
  loader.lazyLoadFiles(true);
  const empty = (only ?? []).filter((name) => !registered.get(name));
  if (empty.length) return Promise.reject(new Error(`in-host suite ${empty.join(', ')} registered no test: is its server's address missing?`));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures === 0 ? resolve() : reject(new Error(`${failures} in-host test(s) failed`))));
  });
}
