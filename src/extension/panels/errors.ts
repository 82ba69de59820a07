import { toErrorInfo } from '../errorView';
import type { Section } from '../../webview/protocol';

/** Settle a load into a section: its value or its own error, never a rejection. */
export async function settle<T>(load: () => Promise<T>): Promise<Section<T>> {
  try {
    return { state: 'ok', value: await load() };
  } catch (e) {
    return { state: 'error', error: toErrorInfo(e) };
  }
}
