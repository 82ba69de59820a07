export { sigv4Provider } from './provider';
export { SigV4Session, type SigV4Options } from './session';
export { parseSigV4Rejection, diffLines, describeRejection, canonicalLineRole, redactCanonicalRequest, type SigV4Rejection, type LineDiff } from './rejection';
export { REFRESH_MARGIN_MS, type CredentialResolverFactory, type ResolvedCredentials } from './credentials';
export { SIGV4_SETTINGS } from './settings';
