// undici's fetch (token endpoints, STS through the connection's dispatcher): its own chunk, loaded by ./load.ts.
export { fetch } from 'undici';
