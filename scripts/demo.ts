// `npm run demo`: the extension against a sample catalog. Starts the Lance reference RestAdapter with a realistic
// seed behind a SigV4-verifying gateway (botocore), then code-server with the packaged extension and a ready-made
// SigV4 connection, and prints the URL to open. Ctrl-C stops everything.
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { startLanceCatalog, startSigV4Gateway } from '../test/support/pyserver';
import { startCodeServer } from '../test/e2e/support/codeServer';
import { editor } from '../test/e2e/support/editors';
import { demoPort } from './demoPort';

// Demo-only keys: the local gateway accepts exactly these; they open nothing anywhere else.
const DEMO_ACCESS_KEY = 'AKIADEMONAMESPACEBRW';
const DEMO_SECRET = 'demo-secret-key-for-the-local-gateway-only';
const REGION = 'us-east-1';

async function main(): Promise<void> {
  const repo = path.resolve(__dirname, '..');
  console.error('== packaging the extension');
  execFileSync('npm', ['run', '--silent', 'package'], { cwd: repo, stdio: ['ignore', 'ignore', 'inherit'] });
  console.error('== starting the sample catalog (Lance RestAdapter, demo seed) and the SigV4 gateway');
  const lance = await startLanceCatalog({ seed: 'demo' });
  const gateway = await startSigV4Gateway({
    upstream: lance.uri,
    region: REGION,
    service: 'execute-api',
    accessKeyId: DEMO_ACCESS_KEY,
    secretAccessKey: DEMO_SECRET,
  });
  // Looked at just before code-server binds it, after the minutes of packaging and seeding.
  const port = await demoPort(process.env['NSB_DEMO_PORT']).catch(async (e: unknown) => {
    await gateway.stop().catch(() => undefined);
    await lance.stop().catch(() => undefined);
    throw e;
  });
  console.error('== starting code-server with the extension');
  const server = await startCodeServer({
    editor: editor('newest'),
    vsix: path.join(repo, 'dist/namespace-browser.vsix'),
    port,
    env: { AWS_ACCESS_KEY_ID: DEMO_ACCESS_KEY, AWS_SECRET_ACCESS_KEY: DEMO_SECRET },
    settings: {
      'namespaceBrowser.connections': [
        {
          id: 'demo-sigv4',
          name: 'Demo catalog (SigV4)',
          protocol: 'lance-rest',
          uri: gateway.uri,
          auth: { type: 'sigv4', settings: { region: REGION, service: 'execute-api', credentials: 'env' } },
        },
        { id: 'demo-direct', name: 'Demo catalog (no auth)', protocol: 'lance-rest', uri: lance.uri, auth: { type: 'none' } },
      ],
    },
  });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.error('\n== stopping');
    await server.stop().catch(() => undefined);
    await gateway.stop().catch(() => undefined);
    await lance.stop().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  console.log(`\nNamespace Browser demo is ready: open ${server.url}\n`);
  console.log(`  catalog      ${lance.uri} (Lance reference RestAdapter)`);
  console.log(`  SigV4 front  ${gateway.uri} (every request verified by botocore)`);
  console.log('  In the activity bar, open Namespace Browser; "Show Requests" shows each signed request.');
  console.log('  Ctrl-C stops everything.\n');
}

main().catch((e: unknown) => {
  console.error(`demo failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
