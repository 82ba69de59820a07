import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRuntime } from '../../src/core/runtime';
import { RequestLog } from '../../src/core/records';
import { CatalogError } from '../../src/core/errors';
import { json, startFaultServer } from '../support/faultServer';
import { runCli } from '../support/cli';
import { sigv4CliArgs } from '../support/sigv4Cli';
import { outcome, shown } from '../support/hostileOutcomes';

/** A SigV4 request refused for clock skew, answered the way API Gateway answers it: the message says the clock is off. */

const SKEW = 'Signature expired: 20240102T030405Z is now earlier than 20240102T031000Z (20240102T031500Z - 5 min.)';

test('API Gateway\'s "Signature expired" is reported as a clock problem, in core and in the CLI', async () => {
  const server = await startFaultServer((_req, res) => json(res, 403, { message: SKEW }, { 'x-amzn-errortype': 'InvalidSignatureException' }));
  try {
    const settings = { region: 'us-east-1', credentials: 'static', accessKeyId: 'AKIDEXAMPLE' };
    const client = createRuntime({ log: new RequestLog(), env: {} }).open(
      { id: 's', name: 'skewed', protocol: 'lance-rest', uri: server.uri, auth: { type: 'sigv4', settings } },
      { secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
    );
    await client.initialize();
    await assert.rejects(client.listNamespaces([]), (e: unknown) => {
      assert.ok(e instanceof CatalogError);
      assert.equal(e.kind, 'forbidden');
      assert.match(
        e.message,
        /^the request time \(\d{8}T\d{6}Z\) is too far from the server's clock — check this computer's clock and time zone \(the server said: InvalidSignatureException: Signature expired: /,
      );
      assert.ok(e.message.endsWith(`${SKEW})`));
      assert.deepEqual(e.remedy, { headline: 'Clock skew', action: "Check this computer's clock", credentials: false });
      outcome('auth', 'SigV4 clock skew (API Gateway "Signature expired")', shown(e));
      return true;
    });
    client.dispose();
    const r = await runCli([...sigv4CliArgs({ uri: server.uri, region: 'us-east-1', accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI' }), 'ls']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^nsb: forbidden: the request time \(\d{8}T\d{6}Z\) is too far from the server's clock — check this computer's clock/);
  } finally {
    await server.close();
  }
});
