// One row of the benchmark table.
export interface Row {
  /** Section number and name, e.g. "1 Listing 10,000 tables". */
  section: string;
  /** What was measured, e.g. "page 100: ours vs bare undici". */
  measure: string;
  /** The measured figures in words, e.g. "812 ms vs 790 ms". */
  value: string;
  /** The ratio the goal is about, if any. */
  ratio?: number;
  /** The goal, e.g. "≤ 1.10x". */
  goal?: string;
  /** true / false when the goal is a threshold (true only when the middle half of the rounds is within it); undefined when informational. */
  met?: boolean;
  /** For paired rounds: "met", "not met", or "noisy" when the middle half of the round ratios crosses the goal. */
  verdict?: 'met' | 'not met' | 'noisy';
  /** Raw numbers for bench.json. */
  data?: unknown;
}
