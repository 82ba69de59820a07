import type { RejectionParser } from '../transport/errorBody';
import { describeRejection, parseSigV4Rejection } from './sigv4/rejection';

/** Reads a SigV4 refusal (API Gateway's 403 quotes the canonical request it expected) into a comparable error. */
export const sigv4RejectionParser: RejectionParser = (status, body, ours) => {
  const r = parseSigV4Rejection(status, body);
  if (!r) return undefined;
  return {
    // The error kind is shown beside the message already.
    message: describeRejection(r, ours?.sigv4).replace(/^forbidden: /, ''),
    kind: r.kind === 'missing-auth' || r.kind === 'invalid-token' || r.kind === 'clock-skew' ? (status === 401 ? 'unauthenticated' : 'forbidden') : 'forbidden',
    canonicalRequest: r.canonicalRequest,
    stringToSign: r.stringToSign,
  };
};
