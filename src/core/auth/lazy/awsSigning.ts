// The code that computes a SigV4 signature: its own chunk (dist/lazy/awsSigning.js), loaded by ./load.ts.
export { Sha256 } from '@aws-crypto/sha256-js';
export { HttpRequest } from '@smithy/protocol-http';
export { SignatureV4 } from '@smithy/signature-v4';
