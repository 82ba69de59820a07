// The lazy chunks of dist/lazy/ (src/core/lazy/*.ts, required on first use by src/core/lazy/load.ts): their esbuild
// builds, shared by scripts/build.mjs and the bench's chunk-duplication row (bench/chunks.ts), so that the row
// measures what ships.
import * as path from 'node:path';

export const LAZY_CHUNKS = ['awsSigning', 'awsCredentials', 'google', 'undiciDispatch', 'arrow', 'yaml'];

/**
 * Libraries a chunk takes from another chunk instead of carrying its own copy. CommonJS output has no shared chunks
 * (esbuild splits code only for ESM, which Node 20's `require` cannot load), so without this every chunk bundles all
 * it imports. The AWS credential providers (and the STS/SSO clients in them) run on the same smithy runtime as the
 * signer: `awsSigning.js` carries it and exports each of these modules by its import specifier (`sharedModules`), and
 * `awsCredentials.js` requires them from there. A profile-based SigV4 connection loads both chunks, so the runtime
 * loads once; a static-key one loads only the signer, which grows by the parts of @smithy/core only the providers use.
 */
export const SHARED_MODULES = {
  awsCredentials: {
    from: 'awsSigning',
    packages: ['@smithy/core', '@smithy/signature-v4', '@smithy/protocol-http', '@smithy/types', '@smithy/hash-node'],
    // Every specifier of those packages the consumer imports; the build fails on one missing here.
    specifiers: [
      '@smithy/core',
      '@smithy/core/cbor',
      '@smithy/core/checksum',
      '@smithy/core/client',
      '@smithy/core/config',
      '@smithy/core/endpoints',
      '@smithy/core/protocols',
      '@smithy/core/retry',
      '@smithy/core/schema',
      '@smithy/core/serde',
      '@smithy/signature-v4',
      '@smithy/types',
    ],
  },
};

const LAZY_DIR = path.join('src', 'core', 'lazy');
const LAZY_LOADER = path.join(LAZY_DIR, 'load.ts');

/**
 * Keeps the library chunks out of a bundle: src/core/lazy/load.ts's `require('./x')` becomes `require('<dir>/x.js')`,
 * relative to the bundle (`./lazy` for dist/extension.js and dist/cli.js, `.` for a chunk in dist/lazy/).
 */
export function lazyLibraries(dir) {
  return {
    name: 'lazy-chunks',
    setup(build) {
      build.onResolve({ filter: new RegExp(`^\\./(${LAZY_CHUNKS.join('|')})$`) }, (args) =>
        args.importer.endsWith(LAZY_LOADER) ? { path: `${dir}/${args.path.slice(2)}.js`, external: true } : undefined,
      );
    },
  };
}

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** The chunk that provides modules: its own source plus `sharedModules`, every shared specifier's namespace. */
function providerEntry(chunk, specifiers) {
  return {
    name: `shared-provider-${chunk}`,
    setup(build) {
      build.onResolve({ filter: new RegExp(`^nsb-shared-provider:${chunk}$`) }, (args) => ({ path: args.path, namespace: 'nsb-shared-provider' }));
      build.onLoad({ filter: /.*/, namespace: 'nsb-shared-provider' }, () => ({
        contents: [
          `export * from './${chunk}';`,
          ...specifiers.map((s, i) => `import * as m${i} from ${JSON.stringify(s)};`),
          `export const sharedModules = {${specifiers.map((s, i) => `${JSON.stringify(s)}: m${i}`).join(', ')}};`,
        ].join('\n'),
        resolveDir: path.resolve(LAZY_DIR),
        loader: 'ts',
      }));
    },
  };
}

/**
 * The consuming chunk: each import of a shared package becomes `require('./<provider>.js').sharedModules[specifier]`.
 * Refused when the specifier is not provided, or when it would resolve to another copy than the provider's (a nested
 * node_modules of another version): taking the provider's then would change which code runs.
 */
function consumeShared({ from, packages, specifiers }) {
  const provided = new Set(specifiers);
  return {
    name: `shared-from-${from}`,
    setup(build) {
      const filter = new RegExp(`^(${packages.map(escape).join('|')})(/.*)?$`);
      build.onResolve({ filter }, async (args) => {
        if (args.pluginData?.probe) return undefined;
        if (!provided.has(args.path)) {
          return { errors: [{ text: `${args.path} is not in SHARED_MODULES (scripts/lazyChunks.mjs): add it, so that this chunk takes it from ${from}.js` }] };
        }
        const probe = (resolveDir) => build.resolve(args.path, { kind: args.kind, resolveDir, pluginData: { probe: true } });
        const [here, there] = await Promise.all([probe(args.resolveDir), probe(path.resolve(LAZY_DIR))]);
        if (here.path !== there.path) {
          return { errors: [{ text: `${args.path} resolves to ${here.path} here but to ${there.path} in ${from}.js: two versions cannot be shared` }] };
        }
        return { path: args.path, namespace: 'nsb-shared-ref' };
      });
      build.onResolve({ filter: new RegExp(`^\\./${from}\\.js$`), namespace: 'nsb-shared-ref' }, (args) => ({ path: args.path, external: true }));
      build.onLoad({ filter: /.*/, namespace: 'nsb-shared-ref' }, (args) => ({
        contents: `module.exports = require('./${from}.js').sharedModules[${JSON.stringify(args.path)}];`,
        resolveDir: path.resolve(LAZY_DIR),
        loader: 'js',
      }));
    },
  };
}

/** The esbuild builds of the lazy chunks into `outdir`, over the given common options: one per consumer, one for the rest. */
export function lazyChunkBuilds(common, outdir) {
  const providers = new Map();
  for (const { from, specifiers } of Object.values(SHARED_MODULES)) providers.set(from, [...(providers.get(from) ?? []), ...specifiers]);
  const entry = (name) => (providers.has(name) ? `nsb-shared-provider:${name}` : path.join(LAZY_DIR, `${name}.ts`));
  const plugins = [...providers].map(([chunk, specifiers]) => providerEntry(chunk, [...new Set(specifiers)]));
  const rest = LAZY_CHUNKS.filter((n) => !(n in SHARED_MODULES));
  return [
    { ...common, entryPoints: Object.fromEntries(rest.map((n) => [n, entry(n)])), outdir, plugins },
    ...Object.entries(SHARED_MODULES).map(([name, shared]) => ({
      ...common,
      entryPoints: { [name]: entry(name) },
      outdir,
      plugins: [...plugins, consumeShared(shared)],
    })),
  ];
}
