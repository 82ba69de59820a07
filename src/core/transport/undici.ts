/**
 * The parts of undici the transport uses: its dispatchers, a lazy chunk (src/core/lazy/), so that activating the
 * extension loads no HTTP client: the first connection to open does. There is no second copy for auth side
 * requests: they go through the same dispatcher (Transport.side), and libraries that want a fetch get one on it.
 */
import type * as Undici from 'undici';
import { loadUndiciDispatch, type UndiciDispatch } from '../lazy/load';

export type Dispatcher = Undici.Dispatcher;

/** Agent, EnvHttpProxyAgent and errors, loaded on first use. */
export function undici(): UndiciDispatch {
  return loadUndiciDispatch();
}
