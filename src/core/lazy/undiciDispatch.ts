// undici's dispatchers (the transport's keep-alive pools, the proxy agent, its errors): a chunk of its own
// (dist/lazy/undiciDispatch.js), loaded by ./load.ts when the first connection opens, not when the extension
// activates: with its HTTP parser (llhttp as WebAssembly) it is two thirds of what activation would load.
//
// Imported from undici's own modules rather than its index: the index loads all of undici (fetch, WebSocket,
// cookies) and touches `globalThis.Headers`, which makes Node load its internal copy of undici as well.
import type * as Undici from 'undici';

export const Agent = require('undici/lib/dispatcher/agent') as typeof Undici.Agent;
export const EnvHttpProxyAgent = require('undici/lib/dispatcher/env-http-proxy-agent') as typeof Undici.EnvHttpProxyAgent;
export const errors = require('undici/lib/core/errors') as typeof Undici.errors;
// As undici's index does: dispatchers get request/connect/... methods (the proxy agent calls `client.connect`).
Object.assign((require('undici/lib/dispatcher/dispatcher') as { prototype: object }).prototype, require('undici/lib/api'));
