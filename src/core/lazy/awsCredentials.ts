// The AWS SDK's credential providers (profiles, SSO, STS, the default chain): the largest chunk
// (dist/lazy/awsCredentials.js), loaded by ./load.ts only for connections that do not use static or environment keys,
// and by the wizard to list profiles. The shared-config loader is the one those providers read profiles with.
import { state } from '@aws-sdk/core/client';
export { fromIni, fromNodeProviderChain, fromTemporaryCredentials } from '@aws-sdk/credential-providers';
export { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';

// On Node < 22 the SDK's clients (STS, SSO) print a NodeVersionSupportWarning to stderr: SDK releases after January
// 2027 will need Node 22. The copy bundled here is pinned and runs on every Node engines.node allows (a unit test
// checks), so the warning is about our next upgrade, not something an nsb user can act on: it stays out of their
// stderr. Only this bundle's copy of the SDK is affected; the process environment is left alone.
state.warningEmitted = true;
