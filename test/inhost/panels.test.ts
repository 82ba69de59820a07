// The panels in the real extension host, against the real Lance reference server (NSB_TEST_LANCE_URI) and a
// stand-in for a 2,000-column table (NSB_TEST_PANELS_FAULT_URI); started by test/e2e/inhost/launches.ts.
import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import type { ExtensionInternals } from '../../src/extension/extension';
import { testServices, waitFor } from './services';
import type { Panels } from '../../src/extension/panels';
import type { DetailsPanel } from '../../src/extension/panels/detailsPanel';
import type { ContainerNode, TreeNode } from '../../src/extension/tree/model';
import type { ObservedPanel, PanelMessage, PanelObserver } from '../../src/extension/panels/host';
import type { RequestRecord } from '../../src/core/records';
import type { DetailsToHost, DetailsToWebview, InspectorToWebview, TablePanelData } from '../../src/webview/protocol';

const LANCE = process.env.NSB_TEST_LANCE_URI;
const FAULT = process.env.NSB_TEST_PANELS_FAULT_URI;
const ORDERS = ['sales', 'emea', 'orders'];

/** What a panel and its webview said to each other, as the test-mode observer saw it. */
interface Traffic {
  readonly received: PanelMessage[];
  readonly posted: PanelMessage[];
}

/** Records every panel's traffic; registered through Panels.observe, which only the test extension host allows. */
class PanelRecorder implements PanelObserver {
  private readonly traffic = new Map<ObservedPanel, Traffic>();
  /** Every panel opened while recording, in order. */
  readonly opened: ObservedPanel[] = [];

  of(panel: ObservedPanel): Traffic {
    let t = this.traffic.get(panel);
    if (!t) this.traffic.set(panel, (t = { received: [], posted: [] }));
    return t;
  }

  readyCount(panel: ObservedPanel): number {
    return this.of(panel).received.filter((m) => m.type === 'ready').length;
  }

  /** Types of the messages posted to the details webview, in order; a section says which. */
  postedTypes(panel: ObservedPanel): string[] {
    return (this.of(panel).posted as DetailsToWebview[]).map((m) => (m.type === 'section' ? `section:${m.name}` : m.type));
  }

  /** The messages posted to a details webview. */
  postedTo(panel: ObservedPanel): DetailsToWebview[] {
    return this.of(panel).posted as DetailsToWebview[];
  }

  /** The messages posted to the inspector's webview. */
  sentToInspector(panel: ObservedPanel): InspectorToWebview[] {
    return this.of(panel).posted as InspectorToWebview[];
  }

  /** Render times the details webview reported. */
  renders(panel: ObservedPanel): { ms: number; fields: number }[] {
    return (this.of(panel).received as DetailsToHost[]).flatMap((m) => (m.type === 'rendered' ? [{ ms: m.ms, fields: m.fields }] : []));
  }

  created(panel: ObservedPanel): void {
    this.opened.push(panel);
  }

  received(panel: ObservedPanel, message: PanelMessage): void {
    this.of(panel).received.push(message);
  }

  posted(panel: ObservedPanel, message: PanelMessage): void {
    this.of(panel).posted.push(message);
  }
}

const recorder = new PanelRecorder();

/** Loads the container's pages until the child appears or the pages end. */
async function loadChild(container: ContainerNode, kind: 'namespace' | 'table', name: string): Promise<TreeNode | undefined> {
  for (let child = container.listing.child(kind, name); ; child = container.listing.child(kind, name)) {
    if (child || !container.listing.hasMore || container.listing.error) return child;
    await container.listing.loadNext();
  }
}

/** The webview has the panel's final state: it said ready, and nothing is loading any more. */
function settled(panel: DetailsPanel): boolean {
  const d = panel.data;
  const sections = d.kind === 'table' ? [d.table, d.versions, d.indices] : d.kind === 'namespace' ? [d.namespace] : [d.view];
  // Whatever finished before `ready` went out with the reply to it; whatever finished after, as a section message.
  return recorder.readyCount(panel) > 0 && sections.every((s) => s.state !== 'loading') && recorder.postedTypes(panel).length > 0;
}

describe('panels', function () {
  let services: ExtensionInternals;
  let panels: Panels;
  let observation: vscode.Disposable | undefined;

  before(async function () {
    if (!LANCE) this.skip();
    services = await testServices();
    panels = services.panels as Panels;
    observation = panels.observe(recorder);
    await services.connections.save({ id: 'panels-lance', name: 'Panels Lance', protocol: 'lance-rest', uri: LANCE!, auth: { type: 'none' } }, {});
    if (FAULT) await services.connections.save({ id: 'panels-wide', name: 'Wide', protocol: 'lance-rest', uri: FAULT, auth: { type: 'none' } }, {});
  });

  after(async () => {
    panels?.closeAll();
    observation?.dispose();
    await services?.connections.remove('panels-lance').catch(() => undefined);
    await services?.connections.remove('panels-wide').catch(() => undefined);
  });

  it('opens one details panel per table and sends its data after the webview is ready', async () => {
    await panels.showTable('panels-lance', ORDERS);
    const panel = panels.detailsPanel('table', 'panels-lance', ORDERS);
    assert.ok(panel, 'no panel for sales$emea$orders');
    const created = recorder.opened.length;
    await panels.showTable('panels-lance', ORDERS);
    assert.equal(panels.detailsPanel('table', 'panels-lance', ORDERS), panel, 'a second call must reveal the same panel');
    assert.equal(recorder.opened.length, created, 'a second call must not open another panel');
    assert.equal(panel.panel.title, 'orders');
    assert.equal(panel.panel.viewType, 'namespaceBrowser.tableDetails');

    await waitFor('the webview to say ready and every section to arrive', () => settled(panel));
    // Data goes out only after `ready`: the first message is the whole panel.
    assert.equal(recorder.postedTypes(panel)[0], 'data');
    const data = panel.data as TablePanelData;
    assert.equal(data.table.state, 'ok', JSON.stringify(data.table));
    if (data.table.state !== 'ok') return;
    assert.equal(data.display, 'sales$emea$orders');
    const orderId = data.table.value.schema.find((f) => f.name === 'order_id');
    assert.deepEqual([orderId?.type, orderId?.nullable], ['int64', false]);
    assert.ok(data.table.value.schema.find((f) => f.name === 'address')?.children?.some((c) => c.name === 'city'));
    assert.equal(data.table.value.version, '3', 'int64s reach the webview as exact text');
    assert.equal(data.versions.state === 'ok' && data.versions.value.map((v) => v.version).join(','), '3,2,1');
    assert.ok(data.indices.state === 'ok' && data.indices.value.some((i) => i.name === 'order_id_idx'));
    // The webview drew it and said how long that took.
    await waitFor('a render report', () => recorder.renders(panel).some((r) => r.fields > 0));
  });

  it('refresh reloads every section', async () => {
    const panel = panels.detailsPanel('table', 'panels-lance', ORDERS)!;
    const before = recorder.postedTypes(panel).length;
    const described = services.runtime.log.list().filter((r) => r.operation === 'DescribeTable').length;
    await panel.load();
    assert.ok(recorder.postedTypes(panel).slice(before).includes('section:table'));
    assert.ok(services.runtime.log.list().filter((r) => r.operation === 'DescribeTable').length > described);
  });

  it('the tree hears what a details panel learned: the table row shows its version', async () => {
    const provider = services.tree.provider;
    // Load the table's row in the tree model (pages along the path), without the details.
    let container: ContainerNode | undefined = provider.connectionNode('panels-lance');
    for (const [kind, name] of [
      ['namespace', 'sales'],
      ['namespace', 'emea'],
      ['table', 'orders'],
    ] as const) {
      const child: TreeNode | undefined = container && (await loadChild(container, kind, name));
      if (kind === 'table') break;
      container = child?.kind === 'namespace' ? child : undefined;
    }
    const row = provider.loadedTable('panels-lance', ORDERS);
    assert.ok(row, 'the orders row is loaded');
    row.facts = undefined;
    await panels.detailsPanel('table', 'panels-lance', ORDERS)!.load();
    // The panel announced the table (onDidDescribeTable); the tree, which only listens, updated the row.
    const facts = await waitFor('the row to learn the version', () => (row.facts?.version === 3n ? row.facts : undefined));
    assert.match(facts.location ?? '', /orders/);
  });

  it('a namespace panel shows its properties', async () => {
    await panels.showNamespace('panels-lance', ['sales']);
    const panel = panels.detailsPanel('namespace', 'panels-lance', ['sales'])!;
    await waitFor('the namespace panel to settle', () => settled(panel));
    const data = panel.data;
    assert.equal(data.kind, 'namespace');
    if (data.kind !== 'namespace' || data.namespace.state !== 'ok') throw new Error(JSON.stringify(data));
    assert.equal(data.namespace.value.properties.owner, 'data-eng');
  });

  it('a failing section shows its own error and the rest still loads', async () => {
    await panels.showTable('panels-lance', ['sales', 'emea', 'no_such_table']);
    const panel = panels.detailsPanel('table', 'panels-lance', ['sales', 'emea', 'no_such_table'])!;
    await waitFor('the panel to settle', () => settled(panel));
    const data = panel.data as TablePanelData;
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
    const inspector = panels.inspectorPanel!;
    assert.ok(inspector);
    await waitFor('the inspector to be ready', () => recorder.readyCount(inspector) > 0);
    const first = recorder.sentToInspector(inspector).find((m) => m.type === 'records');
    assert.ok(first && first.type === 'records');
    const operations = new Set(first.records.filter((r) => r.connectionId === 'panels-lance').map((r) => r.operation));
    for (const op of ['DescribeTable', 'ListTableVersions', 'ListTableIndices']) assert.ok(operations.has(op), `${op} missing from ${[...operations]}`);
    // Summaries only: no headers or bodies in the list messages.
    assert.equal(JSON.stringify(first).includes('requestHeaders'), false);

    // A second call reuses the panel.
    await panels.showRequests();
    assert.equal(panels.inspectorPanel, inspector);
  });

  it('opening a record sends it in full with a curl command', async () => {
    const inspector = panels.inspectorPanel!;
    const record = services.runtime.log.list().find((r) => r.operation === 'DescribeTable' && r.connectionId === 'panels-lance')!;
    const before = recorder.sentToInspector(inspector).length;
    await panels.showRequests({ recordId: record.id });
    // The webview selects the record and asks for it; the host answers with the full record.
    const reply = await waitFor('the record', () =>
      recorder
        .sentToInspector(inspector)
        .slice(before)
        .find((m) => m.type === 'record'),
    );
    assert.ok(reply.type === 'record');
    assert.equal(reply.record.id, record.id);
    assert.match(reply.curl, /^curl -X POST/m);
    assert.ok(reply.curl.includes(record.url), reply.curl);
    assert.match(record.url, /\/v1\/table\/sales%24emea%24orders\/describe\?with_table_uri=true&load_detailed_metadata=true$/);
  });

  it('a burst of 1,000 requests reaches the inspector as a handful of messages', async () => {
    const inspector = panels.inspectorPanel!;
    // A burst of 1,000 records becomes a handful of messages, not a thousand.
    const log = services.runtime.log;
    const before = recorder.sentToInspector(inspector).length;
    const template = log.list()[log.list().length - 1] as RequestRecord;
    for (let i = 0; i < 1000; i++) log.put({ ...template, id: `burst-${i}`, operation: 'Burst' });
    await waitFor('the burst to arrive', () =>
      recorder
        .sentToInspector(inspector)
        .slice(before)
        .some((m) => m.type === 'recordsAdded' && m.records.some((r) => r.id === 'burst-999')),
    );
    const batches = recorder
      .sentToInspector(inspector)
      .slice(before)
      .filter((m) => m.type === 'recordsAdded');
    assert.ok(batches.length <= 3, `${batches.length} messages for one burst`);
    assert.equal(
      batches.reduce((n, m) => n + (m.type === 'recordsAdded' ? m.records.length : 0), 0),
      1000,
    );
  });

  it('a table panel previews its rows: exact cells after ready, and rows by window as the grid asks', async () => {
    const table = ['preview', 'all_types'];
    await panels.showTable('panels-lance', table);
    const panel = panels.detailsPanel('table', 'panels-lance', table)!;
    const posted = () => recorder.postedTo(panel);
    const ok = await waitFor('the preview rows', () => posted().find((m) => m.type === 'preview' && m.preview.state === 'ok'));
    if (ok.type !== 'preview' || ok.preview.state !== 'ok') throw new Error('no rows');
    const big = ok.preview.columns.findIndex((c) => c.name === 'big');
    assert.equal(ok.preview.columns[big]!.type, 'int64');
    assert.deepEqual(
      ok.preview.first.slice(0, 3).map((r) => r[big]),
      ['9223372036854775807', '-9223372036854775808', '9007199254740993'],
    );
    assert.equal(ok.preview.rows, 100);
    // The grid scrolled: rows 100 to 120 were asked for (the second page) after Load more.
    void panel.preview!.more();
    await waitFor('the second page', () => (panel.preview!.state.state === 'ok' && panel.preview!.state.rows === 120 ? true : undefined));
    panel.preview!.rows(ok.preview.generation, 100, 120);
    const window = await waitFor('a window of rows', () => posted().find((m) => m.type === 'previewRows' && m.from === 100));
    assert.equal(window.type === 'previewRows' && window.cells.length, 20);
  });

  it('time travel: a panel of its own at a tag, titled @gold, with that version and its rows', async () => {
    const table = ['preview', 'tagged'];
    await panels.showTable('panels-lance', table, { tag: 'gold' });
    const panel = panels.detailsPanel('table', 'panels-lance', table, { tag: 'gold' })!;
    assert.equal(panel.panel.title, 'tagged @gold');
    assert.notEqual(panel, panels.detailsPanel('table', 'panels-lance', table), 'the latest version has a panel of its own');
    await waitFor('the panel to settle', () => settled(panel));
    const data = panel.data as TablePanelData;
    assert.deepEqual(data.at, { tag: 'gold' });
    assert.equal(data.table.state === 'ok' && data.table.value.version, '1');
    const rows = await waitFor('the rows at gold', () => (panel.preview!.state.state === 'ok' ? panel.preview!.state : undefined));
    assert.deepEqual([rows.rows, rows.version], [2, '1']);
    assert.equal(data.stats, undefined, 'GetTableStats has no version: none is shown for one');
    panel.dispose();
  });

  // How fast is measured by `npm run bench`, not asserted here (no timing thresholds in tests).
  it('a 2,000-column schema renders all its fields', async function () {
    if (!FAULT) this.skip();
    await panels.showTable('panels-wide', ['wide', 'cols2000']);
    const panel = panels.detailsPanel('table', 'panels-wide', ['wide', 'cols2000'])!;
    // The default wait, as for every other panel here: in code-server 4.100.3 a webview now and then takes about 30 s
    // to load (seen twice in fresh-clone runs, in whichever test opened a panel then), which a 30 s limit did not cover.
    const render = await waitFor('a render of 2,000 fields', () => recorder.renders(panel).find((r) => r.fields === 2000));
    console.log(`    2,000-column schema rendered in ${Math.round(render.ms)} ms`);
    assert.equal(render.fields, 2000);
  });
});
