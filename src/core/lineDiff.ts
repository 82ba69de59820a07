// One line diff for the whole project: two texts aligned line by line on their longest common subsequence, so a
// line missing on one side blames that line alone, not every line after it. The SigV4 comparison (what we signed
// against what the server expected), the inspector and `nsb --explain` all read its rows.

/**
 * `equal`: the same line on both sides. `changed`: a line of ours where the server has another one. `ours-only` /
 * `theirs-only`: a line the other side does not have at all.
 */
export type AlignedKind = 'equal' | 'changed' | 'ours-only' | 'theirs-only';

/** One row of the alignment; line numbers are 1-based, present for the side that has the line. */
export interface AlignedLine {
  kind: AlignedKind;
  ours?: string;
  theirs?: string;
  oursLine?: number;
  theirsLine?: number;
}

/** Beyond this many cells (lines × lines) the middle is paired by position instead: a guard, not a case we expect. */
const MAX_CELLS = 4_000_000;

/**
 * Align two texts line by line. Equal lines anchor the alignment; between two anchors, lines are paired in order as
 * `changed`, and the longer side's rest is `ours-only` or `theirs-only`.
 */
export function alignLines(ours: string, theirs: string): AlignedLine[] {
  const a = ours.split('\n');
  const b = theirs.split('\n');
  // Common head and tail first: canonical requests mostly agree, and the table stays small.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const rows: AlignedLine[] = [];
  for (let i = 0; i < head; i++) rows.push(equal(a, b, i, i));
  alignMiddle(a, b, head, a.length - tail, head, b.length - tail, rows);
  for (let k = tail; k > 0; k--) rows.push(equal(a, b, a.length - k, b.length - k));
  return rows;
}

/** The rows where the two texts differ (none: they are the same). */
export function differingRows(rows: readonly AlignedLine[]): AlignedLine[] {
  return rows.filter((r) => r.kind !== 'equal');
}

function equal(a: string[], b: string[], i: number, j: number): AlignedLine {
  return { kind: 'equal', ours: a[i], theirs: b[j], oursLine: i + 1, theirsLine: j + 1 };
}

function alignMiddle(a: string[], b: string[], a0: number, a1: number, b0: number, b1: number, rows: AlignedLine[]): void {
  const n = a1 - a0;
  const m = b1 - b0;
  if (n === 0 || m === 0 || n * m > MAX_CELLS) {
    gap(a, b, a0, a1, b0, b1, rows);
    return;
  }
  // lcs[i][j]: the longest common subsequence of a[a0+i..a1) and b[b0+j..b1), kept in one flat array.
  const width = m + 1;
  const lcs = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * width + j] = a[a0 + i] === b[b0 + j] ? lcs[(i + 1) * width + j + 1]! + 1 : Math.max(lcs[(i + 1) * width + j]!, lcs[i * width + j + 1]!);
    }
  }
  let i = 0;
  let j = 0;
  let gapA = 0;
  let gapB = 0;
  while (i < n && j < m) {
    if (a[a0 + i] === b[b0 + j]) {
      gap(a, b, a0 + gapA, a0 + i, b0 + gapB, b0 + j, rows);
      rows.push(equal(a, b, a0 + i, b0 + j));
      i++;
      j++;
      gapA = i;
      gapB = j;
    } else if (lcs[(i + 1) * width + j]! >= lcs[i * width + j + 1]!) i++;
    else j++;
  }
  gap(a, b, a0 + gapA, a1, b0 + gapB, b1, rows);
}

/** Lines between two anchors: paired in order as changed, then what is left over on the longer side. */
function gap(a: string[], b: string[], a0: number, a1: number, b0: number, b1: number, rows: AlignedLine[]): void {
  const paired = Math.min(a1 - a0, b1 - b0);
  for (let k = 0; k < paired; k++) rows.push({ kind: 'changed', ours: a[a0 + k], theirs: b[b0 + k], oursLine: a0 + k + 1, theirsLine: b0 + k + 1 });
  for (let i = a0 + paired; i < a1; i++) rows.push({ kind: 'ours-only', ours: a[i], oursLine: i + 1 });
  for (let j = b0 + paired; j < b1; j++) rows.push({ kind: 'theirs-only', theirs: b[j], theirsLine: j + 1 });
}
