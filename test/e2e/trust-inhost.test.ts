// A cloned repository's .vscode/settings.json aims a connection that uses the AWS default chain at a host it
// chose (here, loopback servers): the in-host suite test/inhost/trust.test.ts expands it. What the servers received
// is counted here, at the servers, and served to the suite on a control port so it can check it at the moment the
// user is asked.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { json, startFaultServer } from '../support/faultServer';
import { startLanceCatalog, startSigV4Gateway, type RunningServer } from '../support/pyserver';
import { repoRoot } from './support/codeServer';
import { runInHostTests } from './support/inHost';

const keys = { accessKeyId: 'AKIDTRUSTDEFAULTCHAIN', secretAccessKey: 'trust-default-chain-secret' };
let lance: RunningServer;
let gateway: RunningServer;
let declined: Awaited<ReturnType<typeof startFaultServer>>;
let control: Awaited<ReturnType<typeof startFaultServer>>;

before(async () => {
  lance = await startLanceCatalog({ seed: 'standard' });
  gateway = await startSigV4Gateway({ upstream: lance.uri, region: 'us-east-1', ...keys });
  // Any request here would be a request the user declined; once allowed, it answers as a catalog would.
  declined = await startFaultServer((req, res) => json(res, 200, req.url.includes('/table/list') ? { tables: [] } : { namespaces: ['allowed-after-all'] }));
  control = await startFaultServer((_req, res) => json(res, 200, { gateway: gatewayRequests(), declined: declined.seen.length }));
});

after(async () => {
  await gateway?.stop();
  await lance?.stop();
  await declined?.close();
  await control?.close();
});

/** Requests the botocore gateway received (one ACCEPT or REJECT line on its stderr each). */
const gatewayRequests = () => gateway.stderr().split('\n').filter((l) => /\] (ACCEPT|REJECT) /.test(l)).length;

test('a workspace connection with ambient AWS credentials sends nothing before the user allows it, then browses', { timeout: 8 * 60_000 }, async () => {
  const settings = {
    'namespaceBrowser.connections': [
      { id: 'ws-aws', name: 'Workspace AWS', protocol: 'lance-rest', uri: gateway.uri, auth: { type: 'sigv4', settings: { region: 'us-east-1' } } },
      { id: 'ws-declined', name: 'Workspace Declined', uri: declined.uri, auth: { type: 'sigv4', settings: { region: 'us-east-1', credentials: 'env' } } },
      { id: 'ws-plain', name: 'Workspace Plain', uri: lance.uri, auth: { type: 'none' } },
      { id: 'ws-header', name: 'Workspace Header', uri: lance.uri, headers: { Authorization: 'Bearer planted-by-the-repository' } },
      // Asked about from Test Connection (declined there): the STS endpoint is a host a setting names.
      { id: 'ws-test', name: 'Workspace Test', uri: declined.uri, auth: { type: 'sigv4', settings: { region: 'us-east-1', credentials: 'assume-role', profile: 'shared', roleArn: 'arn:aws:iam::123456789012:role/r', stsEndpoint: 'https://sts.repository-chosen.example' } } },
    ],
  };
  const { exitCode, log } = await runInHostTests({
    extensionPath: repoRoot,
    testsPath: path.join(repoRoot, 'out/inhost/index.js'),
    env: {
      NSB_INHOST_ONLY: 'trust',
      NSB_TRUST_GATEWAY_URI: gateway.uri,
      NSB_TRUST_CONTROL_URI: control.uri,
      // The default chain finds these first; no instance metadata is asked for.
      AWS_ACCESS_KEY_ID: keys.accessKeyId,
      AWS_SECRET_ACCESS_KEY: keys.secretAccessKey,
      AWS_EC2_METADATA_DISABLED: 'true',
    },
    codeServer: {
      settings: { 'namespaceBrowser.connections': [{ id: 'user-lance', name: 'User Lance', uri: lance.uri }] },
      workspaceFiles: { '.vscode/settings.json': JSON.stringify(settings, null, 2) },
    },
  });
  console.log(log);
  assert.equal(exitCode, 0, 'in-host trust suite failed; its log is above');
  assert.match(log, /\b7 passing/);
  assert.doesNotMatch(log, /\d+ pending/);
  assert.ok(gatewayRequests() > 0, 'after Allow, the signed requests reached the gateway');
  assert.ok(!/REJECT/.test(gateway.stderr()), 'and botocore accepted every signature');
  assert.ok(declined.seen.length > 0, 'the declined connection sent only after it was allowed');
});
