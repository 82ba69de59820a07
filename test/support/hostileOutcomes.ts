import { appendFileSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';

/**
 * What the user saw for each fault or hostile input, as the tests observed it. `npm run reliability` sets
 * NSB_RELIABILITY_OUT and scripts/reliability-report.ts turns the lines into the table of docs/reliability.md, so
 * the table quotes real messages from a real run, never hand-written ones. Without the variable this does nothing.
 */
export function outcome(area: string, input: string, seen: string): void {
  const file = process.env['NSB_RELIABILITY_OUT'];
  if (!file) return;
  mkdirSync(path.dirname(file), { recursive: true });
  appendFileSync(file, `${JSON.stringify({ area, input, seen })}\n`);
}

/** The message as a user reads it: `kind: message`. */
export function shown(e: unknown): string {
  const err = e as { kind?: string; message?: string };
  return err && typeof err === 'object' && err.kind ? `${err.kind}: ${err.message}` : String((e as Error)?.message ?? e);
}
