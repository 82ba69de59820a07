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
// As undici's index does: dispatchers get request/connect/... methods (the proxy agent calls `client.connect`).
Object.assign((require('undici/lib/dispatcher/dispatcher') as { prototype: object }).prototype, require('undici/lib/api'));
/* eslint-enable @typescript-eslint/no-require-imports */

export type Dispatcher = Undici.Dispatcher;

/** undici's fetch with a dispatcher, loaded on first use. */
export const fetch: typeof Undici.fetch = ((...args: Parameters<typeof Undici.fetch>) => loadUndiciFetch().fetch(...args)) as typeof Undici.fetch;
