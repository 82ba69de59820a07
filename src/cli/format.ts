import type { ArrowValue, ValueField } from '../core/arrow/values';
import { isNumeric, summaryText } from '../core/arrow/values';
import { stringifyJson } from '../core/int64';
import {
  atLabel,
  type IcebergTableMetadata,
  type SchemaField,
  type TableBranch,
  type TableDetails,
  type TableStats,
  type TableTag,
  type ViewDetails,
} from '../core/model';
import type { RequestRecord } from '../core/records';
import type { AlignedLine } from '../core/lineDiff';

/**
 * Make catalog text safe for a terminal: control characters (including ESC, so no terminal escape sequences) and
 * bidi overrides are shown as \u escapes; very long names are kept whole (scripts may need them).
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, escapeChar);
}

function escapeChar(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/**
 * `--json` output: JSON.stringify escapes C0 controls but leaves C1 controls, bidi overrides and line separators
 * raw, which a terminal obeys. Escaping them as `\uXXXX` keeps the same JSON value and makes the text inert.
 */
export function jsonText(value: unknown): string {
  // int64 values (BigInt) are written as JSON numbers with their exact digits.
  return `${stringifyJson(value, 2).replace(/[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, escapeChar)}\n`;
}

/** JSON text made as inert for a terminal as `jsonText` makes it (the same JSON value). */
export function inertJson(json: string): string {
  return json.replace(/[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, escapeChar);
}

export function renderTableDetails(display: string, t: TableDetails): string {
  const lines: string[] = [];
  lines.push(`table      ${printable(display)}`);
  if (t.location) lines.push(`location   ${printable(t.location)}`);
  if (t.version !== undefined) lines.push(`version    ${t.version}${t.at && 'tag' in t.at ? `  (tag ${printable(t.at.tag)})` : ''}`);
  if (t.at) lines.push(`as of      ${printable(atLabel(t.at))}, not the latest version`);
  const v = t.versionDetails;
  if (v?.timestamp) lines.push(`committed  ${v.timestamp}`);
  if (v?.manifestPath) lines.push(`manifest   ${printable(v.manifestPath)}${v.manifestSize !== undefined ? `  (${v.manifestSize} bytes)` : ''}`);
  const stats = Object.entries(t.stats ?? {});
  if (stats.length) {
    lines.push('stats');
    for (const [k, v] of stats) lines.push(`  ${printable(k)} = ${printable(String(v))}`);
  }
  lines.push(`schema (${t.schema.length} fields)`);
  const walk = (fields: SchemaField[], depth: number) => {
    for (const f of fields) {
      const meta = f.metadata
        ? `  ${Object.entries(f.metadata)
            .map(([k, v]) => `${printable(k)}=${printable(v)}`)
            .join(' ')}`
        : '';
      lines.push(
        `${'  '.repeat(depth + 1)}${printable(f.name)}: ${printable(f.type)}${f.nullable ? '' : ' not null'}${f.id !== undefined ? `  (id ${f.id})` : ''}${meta}`,
      );
      if (f.children) walk(f.children, depth + 1);
    }
  };
  walk(t.schema, 0);
  for (const [title, map] of [
    ['schema metadata', t.schemaMetadata ?? {}],
    ['properties', t.properties],
    ['storage options', t.storageOptions],
  ] as const) {
    const entries = Object.entries(map);
    if (!entries.length) continue;
    lines.push(title);
    for (const [k, v] of entries) lines.push(`  ${printable(k)} = ${printable(v)}`);
  }
  if (t.iceberg) lines.push(...renderIceberg(t.iceberg));
  return `${lines.join('\n')}\n`;
}

/** Iceberg metadata for `describe-table`: identity, partitioning, sort order, refs, snapshots (newest first). */
function renderIceberg(m: IcebergTableMetadata): string[] {
  const lines: string[] = [];
  lines.push(`format     iceberg v${m.formatVersion}`);
  if (m.tableUuid) lines.push(`uuid       ${printable(m.tableUuid)}`);
  if (m.metadataLocation) lines.push(`metadata   ${printable(m.metadataLocation)}`);
  const spec = m.partitionSpecs.find((s) => s.specId === m.defaultSpecId) ?? m.partitionSpecs.at(-1);
  if (!spec || spec.fields.length === 0) lines.push('partition spec (unpartitioned)');
  else {
    lines.push(`partition spec ${spec.specId ?? ''}`.trimEnd());
    for (const f of spec.fields)
      lines.push(
        `  ${printable(f.name)}: ${printable(f.transform)}(${printable(f.sourceName ?? `#${f.sourceId}`)})${f.fieldId !== undefined ? `  (id ${f.fieldId})` : ''}`,
      );
  }
  const order = m.sortOrders.find((o) => o.orderId === m.defaultSortOrderId);
  if (order && order.fields.length) {
    lines.push(`sort order ${order.orderId ?? ''}`.trimEnd());
    for (const f of order.fields) lines.push(`  ${printable(f.transform)}(${printable(f.sourceName ?? `#${f.sourceId}`)}) ${f.direction} ${f.nullOrder}`);
  }
  if (m.refs.length) {
    lines.push('refs');
    for (const r of m.refs) lines.push(`  ${r.type.padEnd(6)} ${printable(r.name)} → ${r.snapshotId}`);
  }
  lines.push(`snapshots (${m.snapshots.length})`);
  for (const s of m.snapshots) {
    const current = s.snapshotId === m.currentSnapshotId ? '  (current)' : '';
    const summary = ['added-records', 'total-records']
      .filter((k) => s.summary[k] !== undefined)
      .map((k) => `${k}=${printable(s.summary[k]!)}`)
      .join(' ');
    lines.push(`  ${s.snapshotId}  ${s.timestamp ?? '-'}  ${printable(s.operation ?? '?')}${summary ? `  ${summary}` : ''}${current}`);
  }
  for (const st of m.statistics) lines.push(`statistics ${st.snapshotId}: ${printable(st.path)}`);
  return lines;
}

/** One request record for `--explain` (already redacted by the transport). */
export function formatRecord(r: RequestRecord): string {
  const lines: string[] = [];
  const status = r.status !== undefined ? String(r.status) : 'no answer';
  lines.push(`--- ${r.operation} ${r.method} ${r.url} → ${status} in ${r.durationMs ?? '?'} ms${r.attempt > 1 ? ` (attempt ${r.attempt})` : ''} [${r.id}]`);
  for (const [k, v] of Object.entries(r.requestHeaders)) lines.push(`> ${k}: ${v}`);
  if (r.requestBodyPreview) lines.push(`> body: ${r.requestBodyPreview}`);
  for (const [k, v] of Object.entries(r.responseHeaders ?? {})) lines.push(`< ${k}: ${v}`);
  if (r.responseBodyPreview) lines.push(`< body: ${r.responseBodyPreview}`);
  if (r.error) lines.push(`! ${r.error.kind}: ${r.error.message}`);
  for (const n of r.notes ?? []) lines.push(`note: ${n}`);
  if (r.auth) {
    lines.push(`auth: ${r.auth.summary}`);
    for (const f of r.auth.fields ?? []) lines.push(`  ${f.label}: ${f.value}`);
    for (const b of r.auth.blocks ?? []) lines.push(`  ${b.label}:`, ...(b.note ? [`    (${b.note})`] : []), ...b.text.split('\n').map((l) => `    | ${l}`));
  }
  for (const c of r.comparisons ?? []) {
    lines.push(`the server expected this ${c.label.toLowerCase()}:`);
    if (c.note) lines.push(`  (${c.note})`);
    lines.push(...sideBySide(c.rows));
  }
  return `${lines.map(printableLine).join('\n')}\n`;
}

/** What changed in a record already printed: a new error message, new notes. Empty when nothing did. */
export function formatRecordUpdate(r: RequestRecord, printed: { notes: number; error?: string }): string {
  const lines: string[] = [];
  if (r.error && r.error.message !== printed.error) lines.push(`! ${r.error.kind}: ${r.error.message}`);
  for (const n of (r.notes ?? []).slice(printed.notes)) lines.push(`note: ${n}`);
  return lines.length ? `${[`--- ${r.operation} [${r.id}], continued`, ...lines].map(printableLine).join('\n')}\n` : '';
}

/** Aligned lines: an equal line once, a changed one as ours then theirs, a line only one side has marked as such. */
function sideBySide(rows: readonly AlignedLine[]): string[] {
  const out: string[] = [];
  for (const row of rows) {
    if (row.kind === 'equal') out.push(`    ours:   ${row.ours}`);
    if (row.kind === 'changed') out.push(`  ≠ ours:   ${row.ours}`, `    theirs: ${row.theirs}`);
    if (row.kind === 'ours-only') out.push(`  - ours:   ${row.ours}`);
    if (row.kind === 'theirs-only') out.push(`  + theirs: ${row.theirs}`);
  }
  return out;
}

/** A line (or lines) with every control character escaped but newlines and tabs. */
export function printableLine(line: string): string {
  return line.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, escapeChar);
}

export function renderViewDetails(display: string, v: ViewDetails): string {
  const lines: string[] = [`view       ${printable(display)}`];
  if (v.location) lines.push(`location   ${printable(v.location)}`);
  if (v.currentVersionId !== undefined) lines.push(`version    ${v.currentVersionId}`);
  lines.push(`schema (${v.schema.length} fields)`);
  for (const f of v.schema)
    lines.push(`  ${printable(f.name)}: ${printable(f.type)}${f.nullable ? '' : ' not null'}${f.id !== undefined ? `  (id ${f.id})` : ''}`);
  const current = v.versions.find((x) => x.versionId === v.currentVersionId) ?? v.versions[0];
  for (const r of current?.representations ?? []) {
    lines.push(`sql (${printable(r.dialect)})`);
    for (const l of r.sql.split('\n')) lines.push(`  ${printable(l)}`);
  }
  const props = Object.entries(v.properties);
  if (props.length) {
    lines.push('properties');
    for (const [k, val] of props) lines.push(`  ${printable(k)} = ${printable(val)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Widest a column of `nsb head` grows before its values are cut (JSON and CSV carry every character). */
const HEAD_COLUMN_WIDTH = 40;

/** Rows as an aligned table: a header, a rule, one line per row; numbers right-aligned, null as NULL. */
export function renderRows(fields: readonly ValueField[], rows: readonly (readonly ArrowValue[])[]): string {
  const cells = rows.map((row) => fields.map((f, i) => printable(summaryText(f, row[i] ?? null, HEAD_COLUMN_WIDTH))));
  const headers = fields.map((f) => printable(f.name));
  const widths = headers.map((h, i) => Math.min(Math.max(HEAD_COLUMN_WIDTH, h.length), Math.max(h.length, ...cells.map((r) => r[i]!.length))));
  const right = fields.map((f) => isNumeric(f.type));
  const line = (values: string[]) =>
    values
      .map((v, i) => (right[i] ? v.padStart(widths[i]!) : v.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return `${[line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n')}\n`;
}

export function renderStats(display: string, s: TableStats): string {
  const lines = [`table      ${printable(display)}`, `bytes      ${s.totalBytes}`, `rows       ${s.numRows}`, `indices    ${s.numIndices}`];
  lines.push(`fragments  ${s.fragments.count} (${s.fragments.small} small)`);
  const l = s.fragments.lengths;
  if (l) lines.push(`rows per fragment  min ${l.min}  p25 ${l.p25}  p50 ${l.p50}  p75 ${l.p75}  p99 ${l.p99}  max ${l.max}  mean ${l.mean}`);
  return `${lines.join('\n')}\n`;
}

export function renderTags(tags: readonly TableTag[]): string {
  if (tags.length === 0) return '(no tags)\n';
  const width = Math.max(...tags.map((t) => printable(t.name).length));
  const target = (t: TableTag) => (t.version !== undefined ? `version ${t.version}` : `snapshot ${t.snapshotId ?? '?'}`);
  return tags.map((t) => `${printable(t.name).padEnd(width)}  ${target(t)}${t.branch ? `  on branch ${printable(t.branch)}` : ''}\n`).join('');
}

export function renderBranches(branches: readonly TableBranch[]): string {
  if (branches.length === 0) return '(no branches)\n';
  const width = Math.max(...branches.map((b) => printable(b.name).length));
  return branches
    .map((b) => {
      const where =
        b.snapshotId !== undefined
          ? `at snapshot ${b.snapshotId}`
          : `from ${b.parentBranch ? printable(b.parentBranch) : 'main'} at version ${b.parentVersion ?? '?'}`;
      return `${printable(b.name).padEnd(width)}  ${where}${b.createdAt ? `  created ${b.createdAt}` : ''}\n`;
    })
    .join('');
}
