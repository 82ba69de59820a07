// The code that computes a SigV4 signature: its own chunk (dist/lazy/awsSigning.js), loaded by ./load.ts.
import { Hash } from '@smithy/hash-node';
export { HttpRequest } from '@smithy/protocol-http';
export { SignatureV4 } from '@smithy/signature-v4';

/** SHA-256 and HMAC-SHA256 on Node's crypto, as the AWS SDK for JavaScript signs on Node (not the pure-JS hash). */
export const Sha256 = Hash.bind(null, 'sha256');
