// The AWS SDK's credential providers (profiles, SSO, STS, the default chain): the largest chunk
// (dist/lazy/awsCredentials.js), loaded by ./load.ts only for connections that do not use static or environment keys,
// and by the wizard to list profiles. The shared-config loader is the one those providers read profiles with.
export { fromIni, fromNodeProviderChain, fromTemporaryCredentials } from '@aws-sdk/credential-providers';
export { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
