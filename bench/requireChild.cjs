// Child process of bench/activation.ts: require one module with a stub `vscode`, optionally call its activate() with
// a stub context, and print how long that took and which files under dist/ were loaded.
'use strict';
const Module = require('node:module');
const path = require('node:path');

// A stub for every vscode API: any property, call or `new` gives the stub again (not thenable). esbuild's
// `import * as vscode` copies the module's own properties onto an object whose prototype is the module's: `proto`
// answers every name there.
const get = (_t, key) => (key === 'then' || typeof key === 'symbol' ? undefined : stub);
const proto = new Proxy({}, { get });
const stub = new Proxy(function () {}, { get, apply: () => stub, construct: () => stub, getPrototypeOf: () => proto });
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'vscode' ? 'vscode' : resolve.call(this, request, ...rest);
};
require.cache['vscode'] = { id: 'vscode', filename: 'vscode', loaded: true, exports: stub };

/** The connection store keeps files under the global storage folder: a real, empty one. */
function storageUri() {
  const fsPath = require('node:fs').mkdtempSync(path.join(require('node:os').tmpdir(), 'nsb-bench-storage-'));
  process.on('exit', () => require('node:fs').rmSync(fsPath, { recursive: true, force: true }));
  return { scheme: 'file', fsPath, toString: () => `file://${fsPath}` };
}

const target = path.resolve(process.argv[2]);
const activate = process.argv[3] === 'activate';
(async () => {
  const before = process.moduleLoadList.length;
  const t0 = process.hrtime.bigint();
  const m = require(target);
  const requireMs = Number(process.hrtime.bigint() - t0) / 1e6;
  // Node's public built-ins that the require loaded (crypto, net...), not their internals.
  const builtins = process.moduleLoadList
    .slice(before)
    .filter((e) => e.startsWith('NativeModule '))
    .map((e) => e.slice('NativeModule '.length))
    .filter((name) => Module.builtinModules.includes(name));
  let activateError;
  if (activate && typeof m.activate === 'function') {
    const context = { subscriptions: [], globalState: stub, workspaceState: stub, secrets: stub, extensionUri: stub, extensionPath: path.dirname(path.dirname(target)), asAbsolutePath: (p) => p, extension: stub, environmentVariableCollection: stub, storageUri: stub, globalStorageUri: storageUri(), logUri: stub, extensionMode: 1 };
    try {
      await m.activate(context);
    } catch (e) {
      activateError = String(e && e.message ? e.message : e);
    }
  }
  const dist = path.dirname(target);
  const loaded = Object.keys(require.cache).filter((f) => f.startsWith(dist + path.sep));
  process.stdout.write(JSON.stringify({ requireMs, loaded, builtins, activateError }) + '\n');
  process.exit(0);
})();
