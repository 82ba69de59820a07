/** Browser side of the table, namespace and view details panels. Data arrives by postMessage; all of it is text. */
import type { Int64AsText } from '../core/int64';
import type { IcebergTableMetadata, NamespaceDetails, TableBranch, TableIndex, TableStats, TableTag, ViewDetails } from '../core/model';
import type {
  AtText,
  DetailsData,
  DetailsToHost,
  DetailsToWebview,
  DetailsViewState,
  PanelError,
  PreviewQuery,
  Section,
  SectionName,
  TableDetailsData as TableDetails,
  TableVersionData as TableVersion,
} from './protocol';
import { connectToHost } from './channel';
import { button, dataTable, formatNumber, h, icon, keyValueTable, LOCALE, scrollRegion, showCopied, timeNode, type Child } from './dom';
import { createPreview, type PreviewView } from './preview';
import { fieldPath, findField, schemaTree, type SchemaTreeState } from './schemaTree';

const host = connectToHost<DetailsToWebview, DetailsToHost, DetailsViewState>();
const post = (m: DetailsToHost) => host.post(m);

const app = document.getElementById('app')!;
let data: DetailsData | undefined;
/** What the page kept before it was reloaded (or the window was): open sections, scroll, the preview's query. */
const kept = host.getState();
/** Which <details> sections the reader closed or opened, kept across refreshes and reloads. */
const openState = new Map<string, boolean>(Object.entries(kept?.open ?? {}).filter((e): e is [string, boolean] => typeof e[1] === 'boolean'));
/** Where the reader had scrolled before a reload: applied once the page is that tall (sections arrive one by one). */
let pendingScroll = typeof kept?.scrollY === 'number' && kept.scrollY > 0 ? kept.scrollY : undefined;
let previewQuery: PreviewQuery | undefined = kept?.query;

/** Keep what a reload must bring back; the serializer reopens the panel from `target`. */
function keepState(): void {
  if (!data) return;
  const target = {
    kind: data.kind,
    connectionId: data.connectionId,
    identifier: data.identifier,
    ...(data.kind === 'table' && data.at ? { at: data.at } : {}),
  };
  host.setState({ target, open: Object.fromEntries(openState), scrollY: pendingScroll ?? window.scrollY, ...(previewQuery ? { query: previewQuery } : {}) });
}
let scrollTimer: ReturnType<typeof setTimeout> | undefined;
window.addEventListener('scroll', () => {
  if (pendingScroll !== undefined) return;
  clearTimeout(scrollTimer);
  scrollTimer = setTimeout(keepState, 150);
});

/** The schema fields the reader expanded and the one they were on, kept across refreshes. */
const schemaState: SchemaTreeState = { expanded: new Set() };

/** The table's data preview: one per panel, kept across re-renders (its grid keeps its rows and scroll). */
let preview: PreviewView | undefined;

/** A preview panel: replaced by the next object the reader single-clicks in the tree, until it is kept open. */
let previewMode = false;

host.listen((m) => {
  if (m.type === 'mode') {
    previewMode = m.preview;
    render();
  } else if (m.type === 'copied') {
    showCopied(lastButton, m.what);
  } else if (m.type === 'data') {
    data = m.data;
    render();
  } else if (m.type === 'section' && data) {
    (data as unknown as Record<SectionName, Section<unknown>>)[m.name] = m.section;
    render();
  } else if (m.type === 'preview' || m.type === 'previewRows' || m.type === 'previewValue') {
    if (m.type === 'preview' && m.preview.state !== 'unavailable') {
      const { at: _at, ...query } = m.preview.query;
      previewQuery = query.columns || query.filter ? query : undefined;
      keepState();
    }
    const before = preview?.summary;
    tablePreview().receive(m);
    // Only the section's count changes with a new answer; rows and values stay inside the preview.
    if (m.type === 'preview' && preview?.summary !== before) render();
  }
});

function tablePreview(): PreviewView {
  preview ??= createPreview(post, data?.display ?? 'the table');
  return preview;
}

/** The button the reader pressed last: a copy the host confirms is shown on it. */
let lastButton: HTMLButtonElement | undefined;
document.addEventListener('click', (e) => {
  lastButton = (e.target as HTMLElement).closest<HTMLButtonElement>('button') ?? lastButton;
});

/** What a render builds, in order; `render` then puts it in the page, keeping what did not change. */
let out: HTMLElement[] = [];
function emit(el: HTMLElement): void {
  out.push(el);
}

function render(): void {
  if (!data) return;
  const started = performance.now();
  const scrollY = window.scrollY;
  const focus = pendingFocus ?? focusKey(document.activeElement);
  out = [];
  shared = sharedFailure(data);
  if (data.kind === 'table') renderTable(data);
  else if (data.kind === 'namespace') renderNamespace(data);
  else renderView(data);
  // After the header: the one failure every section had, with what fixes it.
  if (shared) out.splice(1, 0, sharedErrorBox(shared));
  reconcile(out);
  out = [];
  document.title = `${data.identifier[data.identifier.length - 1] ?? data.connectionName} (${data.kind})`;
  // Busy only while the page has nothing to show yet: a section that loads says so itself.
  app.removeAttribute('aria-busy');
  restoreFocus(focus);
  window.scrollTo(0, pendingScroll ?? scrollY);
  // Restored scroll holds until the page is tall enough for it or nothing is loading any more.
  if (pendingScroll !== undefined && (window.scrollY >= pendingScroll - 1 || !isLoading(data))) pendingScroll = undefined;
  if (data.kind === 'table') preview?.attached();
  keepState();
  const fields = data.kind === 'table' && data.table.state === 'ok' ? data.table.value.schema.length : 0;
  // Measured after layout, so the number includes what the reader waits for.
  requestAnimationFrame(() => post({ type: 'rendered', ms: performance.now() - started, fields }));
}

/**
 * Put the new parts in the page without touching the ones that did not change: a part equal to the one shown
 * (same key, same DOM) stays, so focus, scroll and what the reader expanded survive a section arriving late.
 */
function isLoading(d: DetailsData): boolean {
  const sections: Section<unknown>[] = d.kind === 'table' ? [d.table, d.versions, d.indices] : d.kind === 'namespace' ? [d.namespace] : [d.view];
  return sections.some((s) => s.state === 'loading');
}

function reconcile(parts: HTMLElement[]): void {
  const shown = new Map<string, Element>();
  for (const child of Array.from(app.children)) if (child instanceof HTMLElement && child.dataset.part) shown.set(child.dataset.part, child);
  const final = parts.map((el) => {
    const key = partKey(el);
    el.dataset.part = key;
    const old = shown.get(key);
    return old && old !== el && old.isEqualNode(el) ? old : el;
  });
  const keep = new Set<Node>(final);
  for (const child of Array.from(app.childNodes)) if (!keep.has(child)) child.remove();
  let cursor = app.firstChild;
  for (const el of final) {
    if (el === cursor) cursor = cursor.nextSibling;
    else app.insertBefore(el, cursor);
  }
}

function partKey(el: HTMLElement): string {
  return el.dataset.section ?? el.dataset.part ?? el.className;
}

// ---------------------------------------------------------------------------------------------------------------
// Focus across re-renders

/** Where focus was, in words that survive a rebuild: a section, an action, a schema field's path. */
interface FocusKey {
  section?: string;
  action?: string;
  summary?: boolean;
  field?: string[];
  id?: string;
}

/** Focus to put back once its element exists again (a refreshed schema is loading meanwhile). */
let pendingFocus: FocusKey | undefined;
let restoring = false;
document.addEventListener('focusin', () => {
  if (!restoring) pendingFocus = undefined;
});

function focusKey(el: Element | null): FocusKey | undefined {
  if (!(el instanceof HTMLElement) || !app.contains(el)) return undefined;
  const section = el.closest<HTMLElement>('[data-section]')?.dataset.section;
  const row = el.closest<HTMLElement>('[role=treeitem]');
  if (row) return { section, field: fieldPath(row) };
  const action = el.closest<HTMLElement>('[data-action]')?.dataset.action;
  if (action) return { section, action };
  if (el.tagName === 'SUMMARY') return { section, summary: true };
  if (el.id) return { id: el.id };
  return section ? { section, summary: true } : undefined;
}

function restoreFocus(key: FocusKey | undefined): void {
  if (!key) return;
  const active = document.activeElement;
  if (active && active !== document.body && app.contains(active)) {
    pendingFocus = undefined;
    return;
  }
  if (active && active !== document.body && !app.contains(active)) return;
  const scope: ParentNode = key.section ? (app.querySelector(`[data-section="${CSS.escape(key.section)}"]`) ?? app) : app;
  let target: HTMLElement | null = null;
  if (key.field) target = findField(scope, key.field);
  else if (key.action) target = app.querySelector<HTMLElement>(`[data-action="${CSS.escape(key.action)}"]`);
  else if (key.id) target = document.getElementById(key.id);
  else if (key.summary) target = scope.querySelector<HTMLElement>('summary');
  if (!target) {
    // Not there yet (the section is loading): try again when it arrives.
    pendingFocus = key;
    return;
  }
  restoring = true;
  target.focus({ preventScroll: true });
  restoring = false;
  pendingFocus = undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Shared pieces

const memos = new Map<string, { source: unknown; node: Child }>();

/**
 * Reuse the DOM built from the same section object: when only the versions arrive, the schema tree (and what the
 * reader expanded in it) stays as it is.
 */
function memo(key: string, source: unknown, build: () => Child): Child {
  const hit = memos.get(key);
  if (hit && hit.source === source) return hit.node;
  const node = build();
  memos.set(key, { source, node });
  return node;
}

function header(d: DetailsData, kindLabel: string, iconName: string, actions: HTMLElement[], badges: Child[] = []): HTMLElement {
  const name = d.identifier[d.identifier.length - 1] ?? d.connectionName;
  return h(
    'header',
    { class: 'panel-header' },
    h(
      'div',
      { class: 'title-row' },
      icon(iconName),
      h('h1', { attrs: { id: 'title' } }, name),
      h('span', { class: 'kind' }, kindLabel),
      ...badges,
      // Webview tabs cannot be italic: the panel says itself that it is a preview, and how to keep it.
      previewMode
        ? h(
            'span',
            {
              class: 'badge preview-mode',
              attrs: {
                id: 'preview-mode',
                title:
                  'The next table you click in the Catalogs view opens here instead. Double-click its row, press Enter, or use this panel to keep it open.',
              },
            },
            icon('eye'),
            ' Preview',
          )
        : null,
      previewMode
        ? button('Keep Open', 'pin', () => post({ type: 'keepOpen' }), { id: 'keep-open', title: 'Keep this panel open when another table is clicked' })
        : null,
    ),
    h(
      'div',
      { class: 'subtitle' },
      h('span', { class: 'identifier', title: 'Identifier' }, d.display),
      h('span', { class: 'sep' }, '·'),
      icon('plug'),
      h('span', null, d.connectionName),
    ),
    h('div', { class: 'toolbar', attrs: { role: 'toolbar', 'aria-label': 'Actions' } }, ...actions),
  );
}

function refreshButton(): HTMLButtonElement {
  return button('Refresh', 'refresh', () => post({ type: 'refresh' }), { id: 'refresh' });
}

/** A collapsible section whose open state survives re-rendering. */
function section(
  id: string,
  title: string,
  count: string | number | undefined,
  content: Child,
  opts: { open?: boolean; actions?: HTMLElement[] } = {},
): HTMLElement {
  const open = openState.get(id) ?? opts.open ?? true;
  const summary = h('summary', null, h('span', { class: 'section-title' }, title), count !== undefined ? h('span', { class: 'count' }, String(count)) : null);
  // A section whose content is a kept node (the schema tree, the preview) and whose heading did not change stays as
  // it is: rebuilding it would move that node and drop focus and scroll.
  const shown = app.querySelector<HTMLElement>(`:scope > details[data-section="${CSS.escape(id)}"]`);
  const shownBody = shown?.querySelector(':scope > .section-body');
  if (shown && content instanceof Node && shownBody?.firstChild === content && shown.querySelector(':scope > summary')?.isEqualNode(summary)) return shown;
  const body = scrollRegion(h('div', { class: 'section-body' }, content), title);
  const el = h('details', { class: 'section', attrs: { 'data-section': id, open } }, summary, body);
  el.addEventListener('toggle', () => {
    if (openState.get(id) === el.open || (!openState.has(id) && el.open === (opts.open ?? true))) return;
    openState.set(id, el.open);
    keepState();
  });
  if (!opts.actions?.length) return el;
  // Actions sit beside the summary, not inside it (a button in a summary is a control inside a control), and stay
  // usable while the section is closed.
  el.removeAttribute('data-section');
  return h('div', { class: 'section-with-actions', attrs: { 'data-section': id } }, el, h('div', { class: 'section-actions' }, ...opts.actions));
}

function loading(what: string): HTMLElement {
  return h('p', { class: 'loading' }, icon('loading codicon-modifier-spin'), ` Loading ${what}…`);
}

function errorBox(what: string, error: PanelError): HTMLElement {
  return h(
    'div',
    { class: 'error', attrs: { role: 'alert' } },
    icon('error'),
    h('div', { class: 'error-text' }, h('strong', null, `Could not load ${what}`), h('span', null, error.message)),
    error.recordId ? button('See request', 'pulse', () => post({ type: 'openRecord', recordId: error.recordId! }), { id: 'see-request' }) : null,
  );
}

/** The failure several sections share (a 403 fails every request of the table alike): shown once, on top. */
let shared: PanelError | undefined;

function sharedFailure(d: DetailsData): PanelError | undefined {
  const all: (Section<unknown> | undefined)[] =
    d.kind === 'table' ? [d.table, d.versions, d.indices, d.stats, d.tags, d.branches] : d.kind === 'namespace' ? [d.namespace] : [d.view];
  const errors = all.flatMap((x) => (x?.state === 'error' ? [x.error] : []));
  if (errors.length < 2) return undefined;
  const first = errors[0]!;
  return errors.every((e) => sameFailure(e, first)) ? first : undefined;
}

function sameFailure(a: PanelError, b: PanelError): boolean {
  return a.kind === b.kind && a.status === b.status && (a.kind === 'forbidden' || a.kind === 'unauthenticated' || a.message === b.message);
}

const AUTH_KINDS = new Set(['forbidden', 'unauthenticated', 'config']);

function sharedErrorBox(error: PanelError): HTMLElement {
  const what =
    error.kind === 'forbidden'
      ? `Access denied${error.status ? ` (${error.status})` : ''}`
      : error.kind === 'unauthenticated'
        ? 'Not signed in, or the credentials expired'
        : 'Could not load this';
  return h(
    'div',
    { class: 'error shared-error', attrs: { role: 'alert', id: 'shared-error' } },
    icon('error'),
    h('div', { class: 'error-text' }, h('strong', null, what), h('span', null, error.message)),
    AUTH_KINDS.has(error.kind) ? button('Re-authenticate…', 'key', () => post({ type: 'reauthenticate' }), { id: 'reauthenticate' }) : null,
    error.recordId ? button('Show Request', 'pulse', () => post({ type: 'openRecord', recordId: error.recordId! }), { id: 'see-request' }) : null,
  );
}

/** What a section shows for each state. */
function sectionContent<T>(s: Section<T>, what: string, ok: (v: T) => Child): Child {
  if (s.state === 'loading') return loading(what);
  if (s.state === 'error' && shared && sameFailure(s.error, shared)) return h('p', { class: 'empty' }, `Not loaded: ${what} failed like the rest (see above).`);
  if (s.state === 'error') return errorBox(what, s.error);
  return ok(s.value);
}

function rawJson(value: unknown): HTMLElement {
  // Built on first open: the raw response of a wide table is large and rarely read.
  const pre = scrollRegion(h('pre', { class: 'code raw' }), 'Raw JSON');
  const el = section('raw', 'Raw JSON', undefined, pre, {
    open: false,
    actions: [button('Copy JSON', 'copy', () => post({ type: 'copy', what: 'raw' }), { title: 'Copy the raw JSON', id: 'copy-raw' })],
  });
  const details = el.querySelector('details')!;
  const fill = () => {
    if (details.open && !pre.textContent) pre.textContent = JSON.stringify(value, null, 2);
  };
  details.addEventListener('toggle', fill);
  fill();
  return el;
}

function metadataText(m: Record<string, string> | undefined): Child {
  const entries = Object.entries(m ?? {});
  if (entries.length === 0) return null;
  return h(
    'span',
    { class: 'meta-list' },
    ...entries.map(([k, v]) => h('span', { class: 'meta', title: `${k} = ${v}` }, h('span', { class: 'meta-key' }, k), ' ', v)),
  );
}

function overview(items: [string, Child | undefined, string?][]): HTMLElement {
  return h(
    'dl',
    { class: 'overview' },
    ...items
      .filter(([, v]) => v !== undefined && v !== '')
      .map(([label, value, iconName]) => h('div', { class: 'fact' }, h('dt', null, iconName ? icon(iconName) : null, label), h('dd', null, value))),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Table

function renderTable(d: Extract<DetailsData, { kind: 'table' }>): void {
  const t = d.table.state === 'ok' ? d.table.value : undefined;
  const actions = [
    refreshButton(),
    button('Copy Identifier', 'copy', () => post({ type: 'copy', what: 'identifier' }), { id: 'copy-identifier' }),
    t?.location ? button('Copy Location', 'link', () => post({ type: 'copy', what: 'location' }), { id: 'copy-location' }) : null,
    t ? button('Copy Schema', 'json', () => post({ type: 'copy', what: 'schema' }), { id: 'copy-schema', title: 'Copy the schema as JSON' }) : null,
  ].filter((x): x is HTMLButtonElement => x !== null);
  const badges = t ? [h('span', { class: 'badge format' }, t.format === 'iceberg' ? `Iceberg v${t.iceberg?.formatVersion ?? '?'}` : 'Lance')] : [];
  if (d.at) badges.unshift(h('span', { class: 'badge at', title: 'This panel shows the table as it was then' }, icon('history'), ` @${atLabel(d.at)}`));
  emit(header(d, 'table', 'table', actions, badges));
  if (d.at) emit(timeTravelNote(d.at, t));

  if (d.table.state !== 'ok')
    emit(
      section(
        'overview',
        'Overview',
        undefined,
        sectionContent(d.table, 'the table', () => null),
      ),
    );
  else emit(tableOverview(d, d.table.value));

  const p = tablePreview();
  p.context(
    t?.schema.map((f) => f.name),
    {
      tags: d.tags?.state === 'ok' ? d.tags.value.filter((x) => x.version !== undefined).map((x) => ({ name: x.name, version: x.version })) : [],
      versions:
        d.versions.state === 'ok' && t?.format !== 'iceberg' ? d.versions.value.map((v) => ({ version: String(v.version), timestamp: v.timestamp })) : [],
    },
  );
  emit(section('preview', 'Preview', p.summary, p.element));

  emit(
    section(
      'schema',
      'Schema',
      t ? countFields(t.schema) : undefined,
      memo('schema', d.table, () =>
        sectionContent(d.table, 'the schema', (v) =>
          schemaTree(v.schema, { identifierFieldIds: currentIdentifierFields(v.iceberg), label: `Schema of ${d.display}`, state: schemaState }),
        ),
      ),
    ),
  );
  if (t?.iceberg) renderIceberg(t.iceberg);
  const travel = t?.format === 'lance' || (t === undefined && d.tags !== undefined);
  emit(
    section(
      'versions',
      t?.format === 'iceberg' ? 'Versions (snapshots)' : 'Versions',
      count(d.versions),
      sectionContent(d.versions, 'versions', (v) => versionsTable(v, travel ? (d.at ?? null) : undefined)),
    ),
  );
  emit(section('indices', 'Indices', count(d.indices), sectionContent(d.indices, 'indices', indicesTable)));
  if (d.stats) emit(section('stats', 'Statistics', undefined, sectionContent(d.stats, 'the statistics', statsView)));
  else if (d.at && t?.format === 'lance')
    emit(
      section(
        'stats',
        'Statistics',
        undefined,
        h('p', { class: 'empty' }, 'GetTableStats describes the latest version only; open the table without a version to see them.'),
        { open: false },
      ),
    );
  if (d.tags)
    emit(
      section(
        'tags',
        'Tags',
        count(d.tags),
        sectionContent(d.tags, 'tags', (v) => tagsTable(v, d.at)),
      ),
    );
  if (d.branches) emit(section('branches', 'Branches', count(d.branches), sectionContent(d.branches, 'branches', branchesTable)));
  if (t) {
    emit(
      section(
        'properties',
        'Properties',
        Object.keys(t.properties).length,
        keyValueTable(Object.entries(t.properties), { empty: 'No properties', mono: true, caption: 'Properties' }),
      ),
    );
    emit(
      section(
        'storage',
        'Storage options',
        Object.keys(t.storageOptions).length,
        keyValueTable(Object.entries(t.storageOptions), { empty: 'No storage options', mono: true, caption: 'Storage options' }),
      ),
    );
    if (t.schemaMetadata && Object.keys(t.schemaMetadata).length) {
      emit(
        section('schema-metadata', 'Schema metadata', Object.keys(t.schemaMetadata).length, keyValueTable(Object.entries(t.schemaMetadata), { mono: true }), {
          open: false,
        }),
      );
    }
    emit(rawJson(t.raw ?? t));
  }
}

function count<T>(s: Section<T[]>): number | undefined {
  return s.state === 'ok' ? s.value.length : undefined;
}

function countFields(fields: TableDetails['schema']): string {
  const n = fields.length;
  return `${n.toLocaleString(LOCALE)} field${n === 1 ? '' : 's'}`;
}

function currentIdentifierFields(ice: IcebergTableMetadata | undefined): number[] | undefined {
  if (!ice) return undefined;
  return ice.schemas.find((s) => s.schemaId === ice.currentSchemaId)?.identifierFieldIds;
}

function tableOverview(d: Extract<DetailsData, { kind: 'table' }>, t: Int64AsText<TableDetails>): HTMLElement {
  const stats = { ...(t.stats ?? {}) };
  const rows = stats['num_rows'];
  delete stats['num_rows'];
  // A time-travel panel's table was last updated when its version was committed.
  const latest = d.at ? { timestamp: t.versionDetails?.timestamp } : d.versions.state === 'ok' ? d.versions.value[0] : undefined;
  const items: [string, Child | undefined, string?][] = [
    ['Identifier', h('code', null, d.display), 'symbol-key'],
    ['Location', t.location ? h('code', { class: 'wrap' }, t.location) : undefined, 'folder'],
    ['Version', t.version !== undefined ? formatNumber(t.version) : t.iceberg?.currentSnapshotId, 'versions'],
    ['Rows', rows !== undefined ? formatNumber(rows) : undefined, 'list-ordered'],
    ['Updated', latest?.timestamp ? timeNode(latest.timestamp) : t.iceberg?.lastUpdated ? timeNode(t.iceberg.lastUpdated) : undefined, 'history'],
    ...Object.entries(stats).map(([k, v]): [string, Child] => [k, formatNumber(v)]),
  ];
  if (t.iceberg) {
    items.push(['Table UUID', t.iceberg.tableUuid ? h('code', null, t.iceberg.tableUuid) : undefined]);
    items.push(['Metadata', t.iceberg.metadataLocation ? h('code', { class: 'wrap' }, t.iceberg.metadataLocation) : undefined]);
  }
  return h('section', { class: 'overview-wrap', attrs: { 'aria-label': 'Overview' } }, overview(items));
}

/** How a point in history reads: `v3`, or the tag's name. */
function atLabel(at: AtText): string {
  return 'version' in at ? `v${at.version}` : at.tag;
}

/** The banner of a time-travel panel: what it shows, and the way back to the latest version. */
function timeTravelNote(at: AtText, t: Int64AsText<TableDetails> | undefined): HTMLElement {
  const version = t?.version !== undefined ? String(t.version) : 'version' in at ? at.version : undefined;
  const when = t?.versionDetails?.timestamp;
  return h(
    'div',
    { class: 'time-travel', attrs: { role: 'note' } },
    icon('history'),
    h(
      'span',
      null,
      `The table as of ${'tag' in at ? `tag ${at.tag}${version !== undefined ? ` (version ${version})` : ''}` : `version ${at.version}`}`,
      when ? h('span', null, ', committed ', timeNode(when)) : null,
      '. Its schema, indices, rows and row count are those of that version.',
    ),
  );
}

/** `at`: the point in history of a time-travel panel (null: the latest); undefined where versions cannot be opened. */
function versionsTable(versions: TableVersion[], at?: AtText | null): HTMLElement {
  if (versions.length === 0) return h('p', { class: 'empty' }, 'No versions');
  // Iceberg versions are snapshots: their ids are random int64s, not in time order, so those are sorted by time and
  // shown as the exact id. Lance versions count up. Either way the version is exact decimal text here.
  const snapshotId = (v: TableVersion) => v.metadata?.['snapshot-id'];
  const sorted = [...versions].sort((a, b) =>
    snapshotId(a) !== undefined && snapshotId(b) !== undefined ? (b.timestamp ?? '').localeCompare(a.timestamp ?? '') : compareIntegers(b.version, a.version),
  );
  const here = at && 'version' in at ? at.version : undefined;
  return dataTable(
    at === undefined ? ['Version', 'Time', 'Details'] : ['Version', 'Time', 'Details', ''],
    sorted.map((v, i) => [
      h(
        'span',
        { class: 'num' },
        snapshotId(v) !== undefined ? h('code', { class: 'snapshot-id' }, snapshotId(v)!) : formatNumber(v.version),
        i === 0 ? h('span', { class: 'badge' }, 'latest') : null,
        here === String(v.version) ? h('span', { class: 'badge at' }, 'this panel') : null,
      ),
      timeNode(v.timestamp),
      metadataText(v.metadata),
      ...(at === undefined
        ? []
        : [
            button('Open at this version', 'history', () => post({ type: 'openAt', at: { version: String(v.version) } }), {
              id: `open-at-v${v.version}`,
              title: `Open the table as of version ${v.version} in a panel of its own`,
            }),
          ]),
    ]),
    { class: 'versions', caption: 'Versions, newest first' },
  );
}

/** Order of two whole numbers given as decimal text, exactly (they may exceed 2^53). */
function compareIntegers(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x === y ? 0 : x < y ? -1 : 1;
}

function statsView(s: Int64AsText<TableStats>): HTMLElement {
  const l = s.fragments.lengths;
  const facts: [string, Child | undefined, string?][] = [
    ['Size', h('span', { title: `${s.totalBytes} bytes` }, sizeText(s.totalBytes)), 'database'],
    ['Rows', formatNumber(s.numRows), 'list-ordered'],
    ['Indices', formatNumber(s.numIndices), 'symbol-key'],
    ['Fragments', `${formatNumber(s.fragments.count)}${s.fragments.small !== '0' ? ` (${formatNumber(s.fragments.small)} small)` : ''}`, 'files'],
  ];
  return h(
    'div',
    { class: 'stats' },
    overview(facts),
    l
      ? dataTable(
          ['Rows per fragment', 'min', 'p25', 'p50', 'p75', 'p99', 'max', 'mean'],
          [['', ...[l.min, l.p25, l.p50, l.p75, l.p99, l.max, l.mean].map((x) => h('span', { class: 'num' }, formatNumber(x)))]],
          { class: 'fragment-lengths', caption: 'Rows per fragment' },
        )
      : null,
  );
}

/** Bytes in the largest unit that keeps them above 1, with the exact count in the tooltip. */
function sizeText(text: string): string {
  const n = Number(text);
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${formatNumber(text)} bytes` : `${v.toFixed(1)} ${units[i]}`;
}

function tagsTable(tags: Int64AsText<TableTag>[], at: AtText | undefined): HTMLElement {
  if (tags.length === 0) return h('p', { class: 'empty' }, 'No tags');
  const here = at && 'tag' in at ? at.tag : undefined;
  return dataTable(
    ['Tag', 'Version', 'Branch', 'Manifest', ''],
    tags.map((t) => [
      h('span', { class: 'tag-name' }, icon('tag'), ' ', t.name, here === t.name ? h('span', { class: 'badge at' }, 'this panel') : null),
      h('span', { class: 'num' }, t.version ?? t.snapshotId ?? ''),
      t.branch ?? 'main',
      t.manifestSize !== undefined ? `${formatNumber(t.manifestSize)} bytes` : '',
      t.version !== undefined
        ? button('Open at this tag', 'history', () => post({ type: 'openAt', at: { tag: t.name } }), {
            id: `open-at-tag-${t.name}`,
            title: `Open the table as of tag ${t.name} (version ${t.version})`,
          })
        : '',
    ]),
    { class: 'tags', caption: 'Tags' },
  );
}

function branchesTable(branches: Int64AsText<TableBranch>[]): HTMLElement {
  if (branches.length === 0) return h('p', { class: 'empty' }, 'No branches');
  return dataTable(
    ['Branch', 'Created from', 'Created', 'Manifest', 'Metadata'],
    branches.map((b) => [
      h('span', { class: 'branch-name' }, icon('git-branch'), ' ', b.name),
      b.snapshotId !== undefined ? `snapshot ${b.snapshotId}` : `${b.parentBranch ?? 'main'} at version ${b.parentVersion ?? '?'}`,
      timeNode(b.createdAt),
      b.manifestSize !== undefined ? `${formatNumber(b.manifestSize)} bytes` : '',
      metadataText(b.metadata),
    ]),
    { class: 'branches', caption: 'Branches' },
  );
}

function indicesTable(indices: TableIndex[]): HTMLElement {
  if (indices.length === 0) return h('p', { class: 'empty' }, 'No indices');
  return dataTable(
    ['Name', 'Type', 'Columns', 'Status', 'Stats'],
    indices.map((ix) => [
      h('span', { class: 'index-name' }, icon('symbol-key'), ' ', ix.name),
      ix.type ? h('span', { class: 'badge' }, ix.type) : '',
      h('code', null, ix.columns.join(', ')),
      ix.status ?? '',
      h(
        'span',
        { class: 'meta-list' },
        ...Object.entries(ix.stats ?? {}).map(([k, v]) =>
          h('span', { class: k === 'error' ? 'meta meta-error' : 'meta' }, h('span', { class: 'meta-key' }, k), ' ', formatNumber(v)),
        ),
      ),
    ]),
    { class: 'indices', caption: 'Indices' },
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Iceberg

function renderIceberg(ice: IcebergTableMetadata): void {
  emit(
    section(
      'partitioning',
      'Partitioning',
      ice.partitionSpecs.length,
      ice.partitionSpecs.length === 0
        ? h('p', { class: 'empty' }, 'Unpartitioned')
        : h(
            'div',
            null,
            ...ice.partitionSpecs.map((spec) =>
              h(
                'div',
                { class: 'spec' },
                h('h3', null, `Spec ${spec.specId ?? '?'}`, spec.specId === ice.defaultSpecId ? h('span', { class: 'badge' }, 'default') : null),
                spec.fields.length === 0
                  ? h('p', { class: 'empty' }, 'Unpartitioned')
                  : dataTable(
                      ['Partition field', 'Transform', 'Source', 'Field ID'],
                      spec.fields.map((f) => [
                        f.name,
                        h('code', null, f.transform),
                        f.sourceName ?? `#${f.sourceId}`,
                        f.fieldId !== undefined ? String(f.fieldId) : '',
                      ]),
                    ),
              ),
            ),
          ),
    ),
  );
  if (ice.sortOrders.some((o) => o.fields.length > 0)) {
    emit(
      section(
        'sort-orders',
        'Sort orders',
        ice.sortOrders.length,
        h(
          'div',
          null,
          ...ice.sortOrders.map((o) =>
            h(
              'div',
              { class: 'spec' },
              h('h3', null, `Order ${o.orderId ?? '?'}`, o.orderId === ice.defaultSortOrderId ? h('span', { class: 'badge' }, 'default') : null),
              o.fields.length === 0
                ? h('p', { class: 'empty' }, 'Unsorted')
                : dataTable(
                    ['Source', 'Transform', 'Direction', 'Nulls'],
                    o.fields.map((f) => [f.sourceName ?? `#${f.sourceId}`, h('code', null, f.transform), f.direction, f.nullOrder]),
                  ),
            ),
          ),
        ),
        { open: false },
      ),
    );
  }
  emit(section('snapshots', 'Snapshots', ice.snapshots.length, snapshotTimeline(ice)));
  emit(
    section(
      'refs',
      'Branches and tags',
      ice.refs.length,
      ice.refs.length === 0
        ? h('p', { class: 'empty' }, 'No refs')
        : dataTable(
            ['Name', 'Type', 'Snapshot', 'Retention'],
            ice.refs.map((r) => [
              h('span', null, icon(r.type === 'branch' ? 'git-branch' : 'tag'), ' ', r.name),
              r.type,
              h('code', null, r.snapshotId),
              [
                r.maxRefAgeMs !== undefined ? `ref age ≤ ${duration(r.maxRefAgeMs)}` : '',
                r.maxSnapshotAgeMs !== undefined ? `snapshot age ≤ ${duration(r.maxSnapshotAgeMs)}` : '',
                r.minSnapshotsToKeep !== undefined ? `keep ≥ ${r.minSnapshotsToKeep}` : '',
              ]
                .filter(Boolean)
                .join(', '),
            ]),
          ),
    ),
  );
  if (ice.schemas.length > 1) {
    emit(
      section(
        'schemas',
        'Schema history',
        ice.schemas.length,
        h(
          'div',
          null,
          ...ice.schemas.map((s) => {
            const d = h(
              'details',
              { class: 'nested' },
              h(
                'summary',
                null,
                `Schema ${s.schemaId ?? '?'}`,
                s.schemaId === ice.currentSchemaId ? h('span', { class: 'badge' }, 'current') : null,
                h('span', { class: 'count' }, `${s.fields.length} fields`),
              ),
            );
            // Older schemas are built only when opened.
            d.addEventListener('toggle', () => {
              if (d.open && d.childElementCount === 1)
                d.appendChild(schemaTree(s.fields, { identifierFieldIds: s.identifierFieldIds, label: `Schema ${s.schemaId}` }));
            });
            return d;
          }),
        ),
        { open: false },
      ),
    );
  }
}

function snapshotTimeline(ice: IcebergTableMetadata): HTMLElement {
  if (ice.snapshots.length === 0) return h('p', { class: 'empty' }, 'No snapshots');
  const refsBySnapshot = new Map<string, IcebergTableMetadata['refs']>();
  for (const r of ice.refs) refsBySnapshot.set(r.snapshotId, [...(refsBySnapshot.get(r.snapshotId) ?? []), r]);
  const sorted = [...ice.snapshots].sort((a, b) => (b.timestamp ?? '').localeCompare(a.timestamp ?? '') || (b.sequenceNumber ?? 0) - (a.sequenceNumber ?? 0));
  return h(
    'ol',
    { class: 'timeline', attrs: { 'aria-label': 'Snapshots, newest first' } },
    ...sorted.map((s) =>
      h(
        'li',
        { class: s.snapshotId === ice.currentSnapshotId ? 'current' : '' },
        h(
          'div',
          { class: 'timeline-head' },
          h('span', { class: `badge op op-${(s.operation ?? 'unknown').replace(/[^a-z-]/gi, '')}` }, s.operation ?? 'unknown'),
          timeNode(s.timestamp),
          h('code', { class: 'snapshot-id', title: 'Snapshot ID' }, s.snapshotId),
          s.snapshotId === ice.currentSnapshotId ? h('span', { class: 'badge' }, 'current') : null,
          ...(refsBySnapshot.get(s.snapshotId) ?? []).map((r) =>
            h(
              'span',
              { class: r.type === 'branch' ? 'badge ref ref-branch' : 'badge ref ref-tag', title: `${r.type} ${r.name}` },
              icon(r.type === 'branch' ? 'git-branch' : 'tag'),
              ' ',
              r.name,
            ),
          ),
        ),
        metadataText(s.summary),
      ),
    ),
  );
}

function duration(ms: number): string {
  const day = 86_400_000;
  if (ms % day === 0) return `${ms / day} d`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  return `${Math.round(ms / 1000)} s`;
}

// ---------------------------------------------------------------------------------------------------------------
// Namespace

function renderNamespace(d: Extract<DetailsData, { kind: 'namespace' }>): void {
  const actions = [refreshButton(), button('Copy Identifier', 'copy', () => post({ type: 'copy', what: 'identifier' }), { id: 'copy-identifier' })];
  emit(header(d, 'namespace', 'symbol-namespace', actions));
  emit(
    h(
      'section',
      { class: 'overview-wrap' },
      overview([
        ['Identifier', h('code', null, d.display), 'symbol-key'],
        ['Connection', d.connectionName, 'plug'],
      ]),
    ),
  );
  const n: NamespaceDetails | undefined = d.namespace.state === 'ok' ? d.namespace.value : undefined;
  emit(
    section(
      'properties',
      'Properties',
      n ? Object.keys(n.properties).length : undefined,
      sectionContent(d.namespace, 'the namespace', (v) => keyValueTable(Object.entries(v.properties), { empty: 'No properties', mono: true })),
    ),
  );
  if (n) emit(rawJson(n.raw ?? n));
}

// ---------------------------------------------------------------------------------------------------------------
// View (Iceberg)

function renderView(d: Extract<DetailsData, { kind: 'view' }>): void {
  const v: ViewDetails | undefined = d.view.state === 'ok' ? d.view.value : undefined;
  const actions = [
    refreshButton(),
    button('Copy Identifier', 'copy', () => post({ type: 'copy', what: 'identifier' }), { id: 'copy-identifier' }),
    v?.location ? button('Copy Location', 'link', () => post({ type: 'copy', what: 'location' }), { id: 'copy-location' }) : null,
    v ? button('Copy Schema', 'json', () => post({ type: 'copy', what: 'schema' }), { id: 'copy-schema' }) : null,
  ].filter((x): x is HTMLButtonElement => x !== null);
  emit(header(d, 'view', 'eye', actions, v ? [h('span', { class: 'badge format' }, `Iceberg view v${v.formatVersion ?? '?'}`)] : []));
  if (!v) {
    emit(
      section(
        'overview',
        'Overview',
        undefined,
        sectionContent(d.view, 'the view', () => null),
      ),
    );
    return;
  }
  emit(
    h(
      'section',
      { class: 'overview-wrap' },
      overview([
        ['Identifier', h('code', null, d.display), 'symbol-key'],
        ['Location', v.location ? h('code', { class: 'wrap' }, v.location) : undefined, 'folder'],
        ['Current version', v.currentVersionId !== undefined ? String(v.currentVersionId) : undefined, 'versions'],
        ['View UUID', v.viewUuid ? h('code', null, v.viewUuid) : undefined],
        ['Metadata', v.metadataLocation ? h('code', { class: 'wrap' }, v.metadataLocation) : undefined],
      ]),
    ),
  );
  const current = v.versions.find((x) => x.versionId === v.currentVersionId) ?? v.versions[0];
  if (current) emit(section('sql', 'SQL', current.representations.length, sqlList(current.representations)));
  emit(
    section(
      'schema',
      'Schema',
      countFields(v.schema),
      memo('schema', d.view, () => schemaTree(v.schema, { label: `Schema of ${d.display}`, state: schemaState })),
    ),
  );
  emit(
    section(
      'versions',
      'Versions',
      v.versions.length,
      h(
        'ol',
        { class: 'timeline' },
        ...[...v.versions]
          .sort((a, b) => b.versionId - a.versionId)
          .map((ver) =>
            h(
              'li',
              { class: ver.versionId === v.currentVersionId ? 'current' : '' },
              h(
                'div',
                { class: 'timeline-head' },
                h('strong', null, `Version ${ver.versionId}`),
                timeNode(ver.timestamp),
                ver.versionId === v.currentVersionId ? h('span', { class: 'badge' }, 'current') : null,
                h(
                  'span',
                  { class: 'muted' },
                  `default namespace ${ver.defaultNamespace.join('.') || '(root)'}${ver.defaultCatalog ? ` in ${ver.defaultCatalog}` : ''}`,
                ),
              ),
              metadataText(ver.summary),
              ver === current ? null : sqlList(ver.representations),
            ),
          ),
      ),
    ),
  );
  emit(
    section('properties', 'Properties', Object.keys(v.properties).length, keyValueTable(Object.entries(v.properties), { empty: 'No properties', mono: true })),
  );
  emit(rawJson(v.raw ?? v));
}

function sqlList(reps: ViewDetails['versions'][number]['representations']): HTMLElement {
  if (reps.length === 0) return h('p', { class: 'empty' }, 'No SQL representations');
  return h(
    'div',
    { class: 'sql-list' },
    ...reps.map((r) =>
      h(
        'figure',
        { class: 'sql' },
        h(
          'figcaption',
          null,
          h('span', { class: 'badge' }, r.dialect),
          ` ${r.type}`,
          button('Copy SQL', 'copy', () => post({ type: 'copy', what: 'sql', text: r.sql })),
        ),
        scrollRegion(h('pre', { class: 'code' }, r.sql), `SQL, ${r.dialect}`),
      ),
    ),
  );
}
