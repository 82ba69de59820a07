/**
 * The parts of undici the transport uses, imported from undici's own modules rather than its index: the index loads
 * all of undici (fetch, WebSocket, cookies: about 525 KB bundled) and touches `globalThis.Headers`, which makes Node
 * load its internal copy of undici as well, all at activation. `fetch` (only for token endpoints) is a lazy chunk.
 */
import type * as Undici from 'undici';
import { loadUndiciFetch } from '../auth/lazy/load';

/* eslint-disable @typescript-eslint/no-require-imports */
export const Agent = require('undici/lib/dispatcher/agent') as typeof Undici.Agent;
export const EnvHttpProxyAgent = require('undici/lib/dispatcher/env-http-proxy-agent') as typeof Undici.EnvHttpProxyAgent;
export const errors = require('undici/lib/core/errors') as typeof Undici.errors;
const api = require('undici/lib/api') as { request: (this: Undici.Dispatcher, opts: Record<string, unknown>) => Promise<Undici.Dispatcher.ResponseData> };
// As undici's index does: dispatchers get request/connect/... methods (the proxy agent calls `client.connect`).
Object.assign((require('undici/lib/dispatcher/dispatcher') as { prototype: object }).prototype, api);
/* eslint-enable @typescript-eslint/no-require-imports */

export type Dispatcher = Undici.Dispatcher;

/** undici's `request(url, options)`, as its index builds it from the dispatcher API. */
export function request(url: URL, options: { dispatcher: Dispatcher } & Omit<Undici.Dispatcher.RequestOptions, 'origin' | 'path'>): Promise<Undici.Dispatcher.ResponseData> {
  return api.request.call(options.dispatcher, { ...options, origin: url.origin, path: `${url.pathname}${url.search}` });
}

/** undici's fetch with a dispatcher, loaded on first use. */
export const fetch: typeof Undici.fetch = ((...args: Parameters<typeof Undici.fetch>) => loadUndiciFetch().fetch(...args)) as typeof Undici.fetch;
