// `npm run demo` never prints the URL of an editor it did not start: a taken port is refused (NSB_DEMO_PORT) or
// swapped for a free one (the default), and the swap is said.
import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { test } from 'node:test';
import { demoPort, portIsFree } from '../../scripts/demoPort';

async function hold(): Promise<{ port: number; close(): Promise<void> }> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen({ host: '127.0.0.1', port: 0 }, r));
  return { port: (s.address() as net.AddressInfo).port, close: () => new Promise((r) => s.close(() => r())) };
}

test('a taken NSB_DEMO_PORT fails and says which port; a free one is used as asked', async () => {
  const taken = await hold();
  try {
    await assert.rejects(demoPort(String(taken.port)), new RegExp(`port ${taken.port} \\(NSB_DEMO_PORT\\) is in use`));
    await assert.rejects(demoPort('eighty'), /not a port number/);
  } finally {
    await taken.close();
  }
  assert.equal(await demoPort(String(taken.port)), taken.port);
});

test('a taken default port gives way to a free one, and the demo says so', async () => {
  const taken = await hold();
  const said: string[] = [];
  try {
    const port = await demoPort(undefined, taken.port, (m) => said.push(m));
    assert.notEqual(port, taken.port);
    assert.ok(await portIsFree(port));
    assert.match(said.join('\n'), new RegExp(`port ${taken.port} is in use by another program; the demo uses port ${port}`));
  } finally {
    await taken.close();
  }
});
