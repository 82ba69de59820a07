import { isCatalogError } from '../../core/errors';
import type { PanelError, Section } from '../../webview/protocol';

/** A thrown value as a panel shows it; a CatalogError keeps its kind and the record that shows it. */
export function toPanelError(e: unknown): PanelError {
  if (isCatalogError(e)) return { kind: e.kind, message: e.message, status: e.status, recordId: e.recordId };
  return { kind: 'unknown', message: e instanceof Error ? e.message : String(e) };
}

/** Settle a load into a section: its value or its own error, never a rejection. */
export async function settle<T>(load: () => Promise<T>): Promise<Section<T>> {
  try {
    return { state: 'ok', value: await load() };
  } catch (e) {
    return { state: 'error', error: toPanelError(e) };
  }
}
