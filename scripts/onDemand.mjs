// The extension's own code that activation does not need: opening a catalog (the protocol clients, the transport,
// the auth sessions), the connection wizard and its import/export, the panels' hosts, Find Table. It is bundled into
// dist/lazy/onDemand.js and loaded when one of these modules is first required, so that dist/extension.js carries
// what activation runs (the tree of connections, the command and view registrations, the connection store).
//
// Source code reaches an on-demand module by `require('./x')` inside the function that needs it (a static import
// would load it at activation: the build refuses that; `npm run lint` refuses any other require, and one at the top
// of a file, with scripts/eslintOnDemand.mjs). Under tsx and in any other bundle (the CLI, the in-host
// tests) that line loads the module itself; in the extension's bundle it loads the chunk once and takes the module
// from it.
//
// CommonJS has no shared chunks, so the chunk would carry its own copy of every module it shares with the bundle: a
// second CatalogError class (instanceof fails), a second request log. Instead the chunk takes each module the bundle
// already has from the bundle: the chunk is a function of those modules (`module.exports = function (shared)`), and
// the bundle calls it with them. Which ones is measured, not listed: the bundle is built once to learn its modules,
// the chunk once to learn its own, and both again with the modules they share wired up.
import * as esbuild from 'esbuild';
import * as path from 'node:path';
import { lazyLibraries } from './lazyChunks.mjs';

/** The entry points of the on-demand chunk: everything only they reach goes with them. */
export const ON_DEMAND = [
  'src/core/catalog.ts',
  'src/core/auth/sigv4/session.ts',
  'src/core/auth/google/session.ts',
  'src/core/auth/oauth2/session.ts',
  'src/core/transport/systemCertificates.ts',
  'src/core/lance/client.ts',
  'src/core/iceberg/client.ts',
  'src/extension/connections/connectionCommands.ts',
  'src/extension/connections/exchange.ts',
  'src/extension/panels/detailsPanel.ts',
  'src/extension/panels/inspectorPanel.ts',
  'src/extension/tree/findTableCommand.ts',
];

const CHUNK = 'onDemand';
const LOADER = 'nsb-on-demand-loader';
const rel = (p) => path.relative(process.cwd(), p).split(path.sep).join('/');

/** Our inputs of a build: real files (virtual modules have a namespace prefix), relative to the working directory. */
function inputsOf(metafile) {
  return new Set(Object.keys(metafile.inputs).filter((f) => !f.includes(':')));
}

/** The real files one of buildExtension's results carries in its JavaScript output, with their bytes there. */
export function modulesOf(result) {
  const output = Object.entries(result.metafile.outputs).find(([file]) => file.endsWith('.js'))[1];
  return new Map(Object.entries(output.inputs).flatMap(([file, { bytesInOutput }]) => (file.includes(':') ? [] : [[file, bytesInOutput]])));
}

/**
 * The file an import names, relative to the working directory, as esbuild would resolve it (asked with a mark that
 * the asking plugin's own onResolve lets through); undefined when it does not resolve or is external.
 */
async function resolvedFile(build, args) {
  const r = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: { probe: true } });
  return r.errors.length || r.external ? undefined : rel(r.path);
}

/**
 * The bundle's side: each `require` of an on-demand module becomes the loader's answer; a static import of one is
 * refused. With `shared`, the loader hands the chunk those modules of the bundle.
 */
function bundleSide(onDemand, shared) {
  return {
    name: 'on-demand-bundle',
    setup(build) {
      build.onResolve({ filter: /^\./ }, async (args) => {
        if (args.pluginData?.probe || args.namespace !== 'file') return undefined;
        const file = await resolvedFile(build, args);
        if (file === undefined || !onDemand.includes(file)) return undefined;
        if (args.kind !== 'require-call') {
          return {
            errors: [
              {
                text: `${rel(args.importer)} imports the on-demand module ${file} statically, so activation would load it: require it inside the function that needs it (scripts/onDemand.mjs)`,
              },
            ],
          };
        }
        return { path: file, namespace: 'nsb-on-demand' };
      });
      build.onLoad({ filter: /.*/, namespace: 'nsb-on-demand' }, (args) => ({
        contents: `module.exports = require(${JSON.stringify(LOADER)})(${JSON.stringify(args.path)});`,
        resolveDir: process.cwd(),
        loader: 'js',
      }));
      build.onResolve({ filter: new RegExp(`^${LOADER}$`) }, () => ({ path: LOADER, namespace: 'nsb-on-demand-loader' }));
      build.onResolve({ filter: new RegExp(`^\\./lazy/${CHUNK}\\.js$`) }, (args) => ({ path: args.path, external: true }));
      build.onLoad({ filter: /.*/, namespace: 'nsb-on-demand-loader' }, () => ({
        contents: [
          `const shared = () => ({`,
          ...[...shared].map((key) => `  ${JSON.stringify(key)}: require(${JSON.stringify(path.resolve(key))}),`),
          `});`,
          `let chunk;`,
          `let loading = false;`,
          `module.exports = function onDemand(key) {`,
          `  if (!chunk) {`,
          `    if (loading) throw new Error('dist/lazy/${CHUNK}.js required ' + key + ' while it loaded');`,
          `    loading = true;`,
          `    try { chunk = require('./lazy/${CHUNK}.js')(shared()); } finally { loading = false; }`,
          `  }`,
          `  return chunk.modules[key];`,
          `};`,
        ].join('\n'),
        resolveDir: process.cwd(),
        loader: 'js',
      }));
    },
  };
}

/** The chunk's side: its entry exports every on-demand module; a module of `shared` is the bundle's copy. */
function chunkSide(onDemand, shared) {
  return {
    name: 'on-demand-chunk',
    setup(build) {
      build.onResolve({ filter: new RegExp(`^nsb-on-demand-entry$`) }, () => ({ path: 'entry', namespace: 'nsb-on-demand-entry' }));
      build.onLoad({ filter: /.*/, namespace: 'nsb-on-demand-entry' }, () => ({
        contents: [
          ...onDemand.map((key, i) => `import * as m${i} from ${JSON.stringify(path.resolve(key))};`),
          `export const modules = {${onDemand.map((key, i) => `${JSON.stringify(key)}: m${i}`).join(', ')}};`,
        ].join('\n'),
        resolveDir: process.cwd(),
        loader: 'js',
      }));
      if (shared.size === 0) return;
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.pluginData?.probe || args.namespace === 'nsb-shared' || args.kind === 'entry-point') return undefined;
        const file = await resolvedFile(build, args);
        if (file === undefined || !shared.has(file)) return undefined;
        return { path: file, namespace: 'nsb-shared' };
      });
      build.onLoad({ filter: /.*/, namespace: 'nsb-shared' }, (args) => ({
        contents: `module.exports = __nsbShared[${JSON.stringify(args.path)}];`,
        loader: 'js',
      }));
    },
  };
}

/**
 * dist/extension.js and dist/lazy/onDemand.js, both leaving the library chunks (src/core/lazy) out. `common` are the
 * esbuild options of every Node bundle. Returns both builds' results (with metafiles) and the modules they share;
 * `write: false` measures without writing. `entry` and `onDemand` name other sources (the tests' fixture); paths are
 * relative to the working directory.
 */
export async function buildExtension(common, { entry = 'src/extension/extension.ts', onDemand = ON_DEMAND, outdir = 'dist', write = true } = {}) {
  const bundle = (shared) => ({
    ...common,
    entryPoints: { [path.basename(entry).replace(/\.ts$/, '')]: entry },
    outdir,
    external: ['vscode'],
    plugins: [bundleSide(onDemand, shared), lazyLibraries('./lazy')],
    metafile: true,
    write,
  });
  const chunk = (shared) => ({
    ...common,
    entryPoints: { [CHUNK]: 'nsb-on-demand-entry' },
    outdir: path.join(outdir, 'lazy'),
    external: ['vscode'],
    plugins: [chunkSide(onDemand, shared), lazyLibraries('.')],
    banner: { js: `module.exports = function (__nsbShared) {\nvar module = { exports: {} }, exports = module.exports;` },
    footer: { js: 'return module.exports;\n};' },
    metafile: true,
    write,
  });
  const quiet = { logLevel: 'silent', write: false };
  const [first, alone] = await Promise.all([esbuild.build({ ...bundle(new Set()), ...quiet }), esbuild.build({ ...chunk(new Set()), ...quiet })]);
  const inBundle = inputsOf(first.metafile);
  const shared = new Set([...inputsOf(alone.metafile)].filter((f) => inBundle.has(f)));
  const [main, lazy] = await Promise.all([esbuild.build(bundle(shared)), esbuild.build(chunk(shared))]);
  return { bundle: main, chunk: lazy, shared };
}
