/**
 * The parts of undici the transport uses. The dispatchers and the fetch for token endpoints are lazy chunks
 * (src/core/lazy/), so that activating the extension loads no HTTP client: the first connection to open does.
 */
import type * as Undici from 'undici';
import { loadUndiciDispatch, loadUndiciFetch, type UndiciDispatch } from '../lazy/load';

export type Dispatcher = Undici.Dispatcher;

/** Agent, EnvHttpProxyAgent and errors, loaded on first use. */
export function undici(): UndiciDispatch {
  return loadUndiciDispatch();
}

/** undici's fetch with a dispatcher, loaded on first use. */
export const fetch: typeof Undici.fetch = ((...args: Parameters<typeof Undici.fetch>) => loadUndiciFetch().fetch(...args)) as typeof Undici.fetch;
