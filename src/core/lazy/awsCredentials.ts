// The AWS SDK's credential providers (profiles, SSO, STS, the default chain): the largest chunk
// (dist/lazy/awsCredentials.js), loaded by ./load.ts only for connections that do not use static or environment keys.
export { fromIni, fromNodeProviderChain, fromTemporaryCredentials } from '@aws-sdk/credential-providers';
