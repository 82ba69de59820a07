// Types of scripts/onDemand.mjs for the TypeScript that imports it (bench/chunks.ts, test/unit/on-demand.test.ts).
import type { BuildOptions, BuildResult } from 'esbuild';

export declare const ON_DEMAND: readonly string[];
export declare function buildExtension(
  common: BuildOptions,
  options?: { entry?: string; onDemand?: readonly string[]; outdir?: string; write?: boolean },
): Promise<{ bundle: BuildResult<{ metafile: true }>; chunk: BuildResult<{ metafile: true }>; shared: Set<string> }>;
export declare function modulesOf(result: BuildResult<{ metafile: true }>): Map<string, number>;
