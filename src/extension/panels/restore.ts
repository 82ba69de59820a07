// What a webview kept with setState, read back when the editor restores its panel after a window reload. The state
// was written by our own webview, but it is stored by the editor and read here as untrusted input: every field is
// checked, and a state that does not hold up opens nothing.
import type { TableAt } from '../../core/model';
import type { AtText, PreviewQuery } from '../../webview/protocol';
import type { DetailsTarget } from './detailsPanel';

/** The object a restored details panel shows again, and the preview query it had. */
export interface RestoredDetails {
  readonly target: DetailsTarget;
  readonly query?: PreviewQuery;
}

const KINDS = ['table', 'namespace', 'view'] as const;

/** A details panel's kept state, or why it cannot be reopened. */
export function readDetailsState(state: unknown): RestoredDetails | { error: string } {
  if (!isRecord(state) || !isRecord(state['target'])) return { error: 'the panel kept no object to show' };
  const t = state['target'];
  const kind = KINDS.find((k) => k === t['kind']);
  if (!kind) return { error: `"${String(t['kind'])}" is not a kind of panel` };
  if (typeof t['connectionId'] !== 'string' || t['connectionId'] === '') return { error: 'the panel kept no connection' };
  if (!isStringArray(t['identifier'])) return { error: 'the panel kept no identifier' };
  let at: TableAt | undefined;
  if (t['at'] !== undefined) {
    const a = t['at'];
    if (!isRecord(a)) return { error: 'the panel kept a malformed version' };
    try {
      at = typeof a['version'] === 'string' ? atFromText({ version: a['version'] }) : typeof a['tag'] === 'string' ? atFromText({ tag: a['tag'] }) : undefined;
    } catch (e) {
      return { error: (e as Error).message };
    }
    if (!at) return { error: 'the panel kept a malformed version' };
  }
  const target: DetailsTarget = { kind, connectionId: t['connectionId'], identifier: [...t['identifier']], ...(at && kind === 'table' ? { at } : {}) };
  const q = state['query'];
  const query: PreviewQuery = {};
  if (isRecord(q)) {
    if (isStringArray(q['columns'])) query.columns = [...q['columns']];
    if (typeof q['filter'] === 'string' && q['filter'] !== '') query.filter = q['filter'];
  }
  return query.columns || query.filter ? { target, query } : { target };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

/** A version or tag as the webview and the saved state write it (a version as decimal text), and back. */
export function atFromText(at: AtText | undefined): TableAt | undefined {
  if (!at) return undefined;
  if ('version' in at) {
    if (!/^\d{1,20}$/.test(at.version)) throw new Error(`"${at.version}" is not a version number`);
    return { version: BigInt(at.version) };
  }
  return { tag: at.tag };
}

export function atToText(at: TableAt | undefined): AtText | undefined {
  if (!at) return undefined;
  return 'version' in at ? { version: at.version.toString() } : { tag: at.tag };
}
