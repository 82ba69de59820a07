// Section 5, chunks: which library two of dist/lazy's chunks each carry a copy of. esbuild bundles every chunk on its
// own (CommonJS has no shared chunks), so a library two chunks import is in both unless one takes it from the other
// (SHARED_MODULES in scripts/lazyChunks.mjs); a process that loads both pays for a copy twice (parse, compile,
// memory). Measured from esbuild metafiles of the very builds scripts/build.mjs runs, minified as in production,
// nothing written.
import * as esbuild from 'esbuild';
import * as path from 'node:path';
import type { Row } from './results';
import { fmtBytes } from './stats';

const REPO = path.resolve(__dirname, '..');

/** The package a bundled input belongs to (the innermost node_modules entry, with its scope), or undefined for ours. */
export function packageOf(input: string): string | undefined {
  const parts = input.split('/');
  const i = parts.lastIndexOf('node_modules');
  if (i < 0 || i + 1 >= parts.length) return undefined;
  return parts[i + 1]!.startsWith('@') ? `${parts[i + 1]}/${parts[i + 2]}` : parts[i + 1];
}

/** Bytes each chunk carries of each package: chunk → package → bytes in the output. */
export function packagesPerChunk(metafile: esbuild.Metafile): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const [file, output] of Object.entries(metafile.outputs)) {
    if (!file.endsWith('.js')) continue;
    const chunk = path.basename(file, '.js');
    const pkgs = new Map<string, number>();
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const pkg = packageOf(input);
      if (pkg && bytesInOutput > 0) pkgs.set(pkg, (pkgs.get(pkg) ?? 0) + bytesInOutput);
    }
    out.set(chunk, pkgs);
  }
  return out;
}

/** Every package more than one chunk carries, with the chunks and the bytes each has of it. */
export function duplicates(perChunk: Map<string, Map<string, number>>): { pkg: string; chunks: [string, number][] }[] {
  const where = new Map<string, [string, number][]>();
  for (const [chunk, pkgs] of perChunk) for (const [pkg, bytes] of pkgs) where.set(pkg, [...(where.get(pkg) ?? []), [chunk, bytes]]);
  return [...where]
    .filter(([, chunks]) => chunks.length > 1)
    .map(([pkg, chunks]) => ({ pkg, chunks }))
    .sort((a, b) => total(b) - total(a));
}

const total = (d: { chunks: [string, number][] }) => d.chunks.reduce((n, [, b]) => n + b, 0) - Math.max(...d.chunks.map(([, b]) => b));

export async function benchChunks(log: (s: string) => void): Promise<Row[]> {
  const { lazyChunkBuilds } = await import('../scripts/lazyChunks.mjs');
  const common = { absWorkingDir: REPO, bundle: true, platform: 'node', target: 'node20', format: 'cjs', minify: true } as const;
  const results = await Promise.all(
    lazyChunkBuilds(common, 'dist/lazy').map((options) => esbuild.build({ ...options, write: false, metafile: true, logLevel: 'silent' })),
  );
  const outputs = Object.assign({}, ...results.map((r) => r.metafile.outputs)) as esbuild.Metafile['outputs'];
  const dups = duplicates(packagesPerChunk({ inputs: {}, outputs }));
  const extra = dups.reduce((n, d) => n + total(d), 0);
  for (const d of dups) log(`  chunks: ${d.pkg} in ${d.chunks.map(([c, b]) => `${c} (${fmtBytes(b)})`).join(', ')}`);
  // The extension's own on-demand chunk (scripts/onDemand.mjs) against the bundle: modules both carry.
  const { buildExtension, modulesOf } = await import('../scripts/onDemand.mjs');
  const ours = await buildExtension(common, { write: false });
  const inBundle = modulesOf(ours.bundle);
  const twice = [...modulesOf(ours.chunk)].filter(([f, bytes]) => bytes > 0 && (inBundle.get(f) ?? 0) > 0);
  for (const [f, bytes] of twice) log(`  chunks: ${f} in dist/extension.js and dist/lazy/onDemand.js (${fmtBytes(bytes)})`);
  return [
    {
      section: '5 Activation',
      measure: "modules that both dist/extension.js and its on-demand chunk (dist/lazy/onDemand.js) carry; the chunk takes the bundle's",
      value: twice.length ? twice.map(([f, bytes]) => `${f} ${fmtBytes(bytes)}`).join(', ') : `none (${ours.shared.size} modules taken from the bundle)`,
      goal: 'none',
      met: twice.length === 0,
      data: { twice: twice.map(([f]) => f), shared: [...ours.shared] },
    },
    {
      section: '5 Activation',
      measure: 'libraries that more than one lazy chunk carries (a second copy loads when a connection needs both chunks)',
      value: dups.length
        ? `${dups.map((d) => `${d.pkg}: ${d.chunks.map(([c, b]) => `${c} ${fmtBytes(b)}`).join(', ')}`).join('; ')} (${fmtBytes(extra)} beyond one copy each)`
        : 'none',
      goal: 'none',
      met: dups.length === 0,
      data: dups,
    },
  ];
}
