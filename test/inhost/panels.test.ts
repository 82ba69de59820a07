// The panels in the real extension host, against the real Lance reference server (NSB_TEST_LANCE_URI) and a
// stand-in for a 2,000-column table (NSB_TEST_PANELS_FAULT_URI); started by test/e2e/panels.test.ts.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { NamespaceBrowserApi } from '../../src/extension/extension';
import type { Panels } from '../../src/extension/panels';
import type { DetailsPanel } from '../../src/extension/panels/detailsPanel';
import type { RequestRecord } from '../../src/core/records';
import type { TablePanelData } from '../../src/webview/protocol';

const EXTENSION_ID = 'namespace-browser.namespace-browser';
const LANCE = process.env.NSB_TEST_LANCE_URI;
const FAULT = process.env.NSB_TEST_PANELS_FAULT_URI;
const ORDERS = ['sales', 'emea', 'orders'];

/** Wait for a condition (not for a fixed time); fail with `what` after `timeoutMs`. */
async function until<T>(what: string, probe: () => T | undefined | false, timeoutMs = 45_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The webview has the panel's final state: it said ready, and nothing is loading any more. */
function settled(panel: DetailsPanel): boolean {
  const d = panel.state;
  const sections = d.kind === 'table' ? [d.table, d.versions, d.indices] : d.kind === 'namespace' ? [d.namespace] : [d.view];
  // Whatever finished before `ready` went out with the reply to it; whatever finished after, as a section message.
  return panel.readyCount > 0 && sections.every((s) => s.state !== 'loading') && panel.posted.length > 0;
}

describe('panels', function () {
  let api: NamespaceBrowserApi;
  let panels: Panels;

  before(async function () {
    if (!LANCE) this.skip();
    api = (await vscode.extensions.getExtension<NamespaceBrowserApi>(EXTENSION_ID)!.activate())!;
    panels = api.services.panels as Panels;
    await api.services.connections.save({ id: 'panels-lance', name: 'Panels Lance', protocol: 'lance-rest', uri: LANCE!, auth: { type: 'none' } }, {});
    if (FAULT) await api.services.connections.save({ id: 'panels-wide', name: 'Wide', protocol: 'lance-rest', uri: FAULT, auth: { type: 'none' } }, {});
  });

  after(async () => {
    panels?.dispose();
    await api?.services.connections.remove('panels-lance').catch(() => undefined);
    await api?.services.connections.remove('panels-wide').catch(() => undefined);
  });

  it('opens one details panel per table and sends its data after the webview is ready', async () => {
    await panels.showTable('panels-lance', ORDERS);
    const panel = panels.detailsPanel('table', 'panels-lance', ORDERS);
    assert.ok(panel, 'no panel for sales$emea$orders');
    await panels.showTable('panels-lance', ORDERS);
    assert.equal(panels.detailsPanel('table', 'panels-lance', ORDERS), panel, 'a second call must reveal the same panel');
    assert.equal([...panels.details.keys()].filter((k) => k.includes('orders')).length, 1);
    assert.equal(panel.panel.title, 'orders');
    assert.equal(panel.panel.viewType, 'namespaceBrowser.tableDetails');

    await until('the webview to say ready and every section to arrive', () => settled(panel));
    // Data goes out only after `ready`: the first message is the whole panel.
    assert.equal(panel.posted[0], 'data');
    const data = panel.state as TablePanelData;
    assert.equal(data.table.state, 'ok', JSON.stringify(data.table));
    if (data.table.state !== 'ok') return;
    assert.equal(data.display, 'sales$emea$orders');
    const orderId = data.table.value.schema.find((f) => f.name === 'order_id');
    assert.deepEqual([orderId?.type, orderId?.nullable], ['int64', false]);
    assert.ok(data.table.value.schema.find((f) => f.name === 'address')?.children?.some((c) => c.name === 'city'));
    assert.equal(data.table.value.version, 3);
    assert.equal(data.versions.state === 'ok' && data.versions.value.map((v) => v.version).join(','), '3,2,1');
    assert.ok(data.indices.state === 'ok' && data.indices.value.some((i) => i.name === 'order_id_idx'));
    // The webview drew it and said how long that took.
    await until('a render report', () => panel.renders.some((r) => r.fields > 0));
  });

  it('refresh reloads every section', async () => {
    const panel = panels.detailsPanel('table', 'panels-lance', ORDERS)!;
    const before = panel.posted.length;
    const described = api.services.runtime.log.list().filter((r) => r.operation === 'DescribeTable').length;
    await panel.load();
    assert.ok(panel.posted.slice(before).includes('section:table'));
    assert.ok(api.services.runtime.log.list().filter((r) => r.operation === 'DescribeTable').length > described);
  });

  it('a namespace panel shows its properties', async () => {
    await panels.showNamespace('panels-lance', ['sales']);
    const panel = panels.detailsPanel('namespace', 'panels-lance', ['sales'])!;
    await until('the namespace panel to settle', () => settled(panel));
    const data = panel.state;
    assert.equal(data.kind, 'namespace');
    if (data.kind !== 'namespace' || data.namespace.state !== 'ok') throw new Error(JSON.stringify(data));
    assert.equal(data.namespace.value.properties.owner, 'data-eng');
  });

  it('a failing section shows its own error and the rest still loads', async () => {
    await panels.showTable('panels-lance', ['sales', 'emea', 'no_such_table']);
    const panel = panels.detailsPanel('table', 'panels-lance', ['sales', 'emea', 'no_such_table'])!;
    await until('the panel to settle', () => settled(panel));
    const data = panel.state as TablePanelData;
    assert.equal(data.table.state, 'error');
    if (data.table.state === 'error') {
      assert.equal(data.table.error.kind, 'not-found');
      assert.ok(data.table.error.recordId, 'the error carries its request record');
    }
    panel.dispose();
    assert.equal(panels.detailsPanel('table', 'panels-lance', ['sales', 'emea', 'no_such_table']), undefined);
  });

  it('the inspector lists the records of those calls', async () => {
    await panels.showRequests({ connectionId: 'panels-lance' });
    const inspector = panels.inspector!;
    assert.ok(inspector);
    await until('the inspector to be ready', () => inspector.readyCount > 0);
    const first = inspector.sent.find((m) => m.type === 'records');
    assert.ok(first && first.type === 'records');
    const operations = new Set(first.records.filter((r) => r.connectionId === 'panels-lance').map((r) => r.operation));
    for (const op of ['DescribeTable', 'ListTableVersions', 'ListTableIndices']) assert.ok(operations.has(op), `${op} missing from ${[...operations]}`);
    // Summaries only: no headers or bodies in the list messages.
    assert.equal(JSON.stringify(first).includes('requestHeaders'), false);

    // A second call reuses the panel.
    await panels.showRequests();
    assert.equal(panels.inspector, inspector);

  });

  it('opening a record sends it in full with a curl command', async () => {
    const inspector = panels.inspector!;
    const record = api.services.runtime.log.list().find((r) => r.operation === 'DescribeTable' && r.connectionId === 'panels-lance')!;
    const before = inspector.sent.length;
    await panels.showRequests({ recordId: record.id });
    // The webview selects the record and asks for it; the host answers with the full record.
    const reply = await until('the record', () => inspector.sent.slice(before).find((m) => m.type === 'record'));
    assert.ok(reply.type === 'record');
    assert.equal(reply.record.id, record.id);
    assert.match(reply.curl, /^curl -X POST/m);
    assert.ok(reply.curl.includes(record.url), reply.curl);
    assert.match(record.url, /\/v1\/table\/sales%24emea%24orders\/describe$/);
  });

  it('a burst of 1,000 requests reaches the inspector as a handful of messages', async () => {
    const inspector = panels.inspector!;
    // A burst of 1,000 records becomes a handful of messages, not a thousand.
    const log = api.services.runtime.log;
    const before = inspector.sent.length;
    const template = log.list()[log.list().length - 1] as RequestRecord;
    for (let i = 0; i < 1000; i++) log.put({ ...template, id: `burst-${i}`, operation: 'Burst' });
    await until('the burst to arrive', () =>
      inspector.sent.slice(before).some((m) => m.type === 'recordsAdded' && m.records.some((r) => r.id === 'burst-999')),
    );
    const batches = inspector.sent.slice(before).filter((m) => m.type === 'recordsAdded');
    assert.ok(batches.length <= 3, `${batches.length} messages for one burst`);
    assert.equal(batches.reduce((n, m) => n + (m.type === 'recordsAdded' ? m.records.length : 0), 0), 1000);
  });

  // How fast is measured by `npm run bench`, not asserted here (no timing thresholds in tests).
  it('a 2,000-column schema renders all its fields', async function () {
    if (!FAULT) this.skip();
    await panels.showTable('panels-wide', ['wide', 'cols2000']);
    const panel = panels.detailsPanel('table', 'panels-wide', ['wide', 'cols2000'])!;
    const render = await until('a render of 2,000 fields', () => panel.renders.find((r) => r.fields === 2000), 30_000);
    console.log(`    2,000-column schema rendered in ${Math.round(render.ms)} ms`);
    assert.equal(render.fields, 2000);
  });
});
