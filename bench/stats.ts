// Timing helpers for npm run bench: medians of alternating runs, so both sides of a ratio see the same machine state.

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function now(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = now();
  await fn();
  return now() - t;
}

/** Process CPU time (user + system, every thread: lancedb's Rust threads count too), ms. */
export function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Median wall and CPU time of one contender, and every run's wall time. */
export interface Measured {
  median: number;
  cpu: number;
  runs: number[];
}

/**
 * Runs every contender once as warm-up, then `runs` rounds in which each contender runs once (rotating who goes
 * first), and returns each contender's median wall time and median CPU time of this process, in ms.
 */
export async function sideBySide(contenders: Record<string, () => Promise<unknown>>, runs: number): Promise<Record<string, Measured>> {
  const names = Object.keys(contenders);
  for (const n of names) await contenders[n]!();
  const wall: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  const cpu: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < runs; r++) {
    for (let i = 0; i < names.length; i++) {
      const n = names[(i + r) % names.length]!;
      const c = cpuMs();
      wall[n]!.push(await timed(contenders[n]!));
      cpu[n]!.push(cpuMs() - c);
    }
  }
  return Object.fromEntries(names.map((n) => [n, { median: median(wall[n]!), cpu: median(cpu[n]!), runs: wall[n]! }]));
}

/**
 * The median of per-round ratios a/b. Each round runs every contender back to back, so a round's ratio compares two
 * runs that saw the same machine load; the median of those is steadier than the ratio of two medians when the
 * load moves between rounds (a shared 2-core machine, a server in the same box).
 */
export function pairedRatio(a: Measured, b: Measured): number {
  return median(roundRatios(a, b));
}

function roundRatios(a: Measured, b: Measured): number[] {
  return a.runs.map((x, i) => x / b.runs[i]!);
}

/** The middle half of the per-round ratios, as text: how much one round's ratio moves on this machine. */
export function ratioSpread(a: Measured, b: Measured): string {
  const r = roundRatios(a, b).sort((x, y) => x - y);
  const q = (p: number) => r[Math.min(r.length - 1, Math.max(0, Math.round(p * (r.length - 1))))]!;
  return `middle half of ${r.length} rounds ${q(0.25).toFixed(2)}–${q(0.75).toFixed(2)}x`;
}

export function fmtMs(ms: number): string {
  return ms >= 100 ? `${ms.toFixed(0)} ms` : ms >= 1 ? `${ms.toFixed(1)} ms` : `${(ms * 1000).toFixed(1)} µs`;
}

export function fmtBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(2)} MB` : `${(n / 1024).toFixed(1)} KB`;
}
