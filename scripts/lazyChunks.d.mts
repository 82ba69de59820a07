// Types of scripts/lazyChunks.mjs for the TypeScript that imports it (bench/chunks.ts).
import type { BuildOptions, Plugin } from 'esbuild';

export declare const LAZY_CHUNKS: readonly string[];
export declare const SHARED_MODULES: Record<string, { from: string; packages: readonly string[]; specifiers: readonly string[] }>;
export declare function lazyChunkBuilds(common: BuildOptions, outdir: string): BuildOptions[];
export declare function lazyLibraries(dir: string): Plugin;
