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

/** Median wall and CPU time of one contender, and every run's wall and CPU time (round by round). */
export interface Measured {
  median: number;
  cpu: number;
  runs: number[];
  cpuRuns: number[];
}

/** A ratio the goal bounds from above: `ratio <= max`, or `ratio < max` when strict. */
export interface Goal {
  max: number;
  strict?: boolean;
}

export function goalText(g: Goal): string {
  return `${g.strict ? '<' : '≤'} ${g.max.toFixed(2)}x`;
}

const within = (x: number, g: Goal) => (g.strict ? x < g.max : x <= g.max);

/**
 * "met" only when the whole middle half of the round ratios is within the goal, "not met" when the whole middle half
 * is outside it, "noisy" when the spread crosses the goal: a median alone would call a coin toss met.
 */
export type Verdict = 'met' | 'not met' | 'noisy';

export function quartiles(xs: readonly number[]): [number, number] {
  const r = [...xs].sort((a, b) => a - b);
  const q = (p: number) => r[Math.min(r.length - 1, Math.max(0, Math.round(p * (r.length - 1))))]!;
  return [q(0.25), q(0.75)];
}

export function verdict(ratios: readonly number[], g: Goal): Verdict {
  const [q1, q3] = quartiles(ratios);
  return within(q3, g) ? 'met' : within(q1, g) ? 'noisy' : 'not met';
}

/** A paired comparison the rounds must settle: a's rounds over b's, wall or CPU time. */
export interface Check {
  a: string;
  b: string;
  cpu?: boolean;
  goal: Goal;
}

export function checkRatios(r: Record<string, Measured>, c: Check): number[] {
  return c.cpu ? roundRatios(r[c.a]!.cpuRuns, r[c.b]!.cpuRuns) : roundRatios(r[c.a]!.runs, r[c.b]!.runs);
}

/**
 * Runs every contender once as warm-up, then `runs` rounds in which each contender runs once (rotating who goes
 * first), and returns each contender's median wall time and median CPU time of this process, in ms. While a check's
 * round ratios are "noisy" it runs `runs` more rounds, up to `maxRuns` in all (bounded: a row that stays noisy says
 * so rather than running until luck settles it).
 */
export async function sideBySide(
  contenders: Record<string, () => Promise<unknown>>,
  runs: number,
  settle: { checks: Check[]; maxRuns: number } = { checks: [], maxRuns: runs },
): Promise<Record<string, Measured>> {
  const names = Object.keys(contenders);
  for (const n of names) await contenders[n]!();
  const wall: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  const cpu: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  const result = () => Object.fromEntries(names.map((n) => [n, { median: median(wall[n]!), cpu: median(cpu[n]!), runs: wall[n]!, cpuRuns: cpu[n]! }]));
  let done = 0;
  for (let batch = runs; batch > 0;) {
    for (let r = done; r < done + batch; r++) {
      for (let i = 0; i < names.length; i++) {
        const n = names[(i + r) % names.length]!;
        const c = cpuMs();
        wall[n]!.push(await timed(contenders[n]!));
        cpu[n]!.push(cpuMs() - c);
      }
    }
    done += batch;
    batch = moreRounds(result(), settle, runs);
  }
  return result();
}

/** How many more rounds to run: another batch while some check is noisy, never past maxRuns in all. */
export function moreRounds(r: Record<string, Measured>, settle: { checks: Check[]; maxRuns: number }, batch: number): number {
  const done = Object.values(r)[0]?.runs.length ?? 0;
  const noisy = settle.checks.some((c) => verdict(checkRatios(r, c), c.goal) === 'noisy');
  return noisy ? Math.max(0, Math.min(batch, settle.maxRuns - done)) : 0;
}

/**
 * The median of per-round ratios a/b. Each round runs every contender back to back, so a round's ratio compares two
 * runs that saw the same machine load; the median of those is steadier than the ratio of two medians when the
 * load moves between rounds (a shared 2-core machine, a server in the same box).
 */
export function pairedRatio(a: Measured, b: Measured): number {
  return median(roundRatios(a.runs, b.runs));
}

/** The same for the rounds' CPU time of this process. */
export function pairedCpuRatio(a: Measured, b: Measured): number {
  return median(roundRatios(a.cpuRuns, b.cpuRuns));
}

function roundRatios(a: readonly number[], b: readonly number[]): number[] {
  return a.map((x, i) => x / b[i]!);
}

/** The middle half of the per-round ratios, as text: how much one round's ratio moves on this machine. */
export function ratioSpread(a: Measured, b: Measured, cpu = false): string {
  const ratios = cpu ? roundRatios(a.cpuRuns, b.cpuRuns) : roundRatios(a.runs, b.runs);
  const [q1, q3] = quartiles(ratios);
  return `middle half of ${ratios.length} rounds ${q1.toFixed(2)}–${q3.toFixed(2)}x`;
}

/**
 * The goal fields of a row for a paired comparison: the median round ratio, the goal, and the verdict of the middle
 * half (met is true only for "met").
 */
export function judged(r: Record<string, Measured>, c: Check): { ratio: number; goal: string; met: boolean; verdict: Verdict; spread: string } {
  const ratios = checkRatios(r, c);
  const v = verdict(ratios, c.goal);
  return { ratio: median(ratios), goal: goalText(c.goal), met: v === 'met', verdict: v, spread: ratioSpread(r[c.a]!, r[c.b]!, c.cpu) };
}

export function fmtMs(ms: number): string {
  return ms >= 100 ? `${ms.toFixed(0)} ms` : ms >= 1 ? `${ms.toFixed(1)} ms` : `${(ms * 1000).toFixed(1)} µs`;
}

export function fmtBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(2)} MB` : `${(n / 1024).toFixed(1)} KB`;
}
