/** Browser side of the request inspector: a filtered list of request records and the selected one in full. */
import type { AuthExplanation } from '../core/authContract';
import type { AlignedLine } from '../core/lineDiff';
import type { RecordComparison, RequestRecord } from '../core/records';
import { connectToHost } from './channel';
import { prettyJson } from './prettyJson';
import { button, clear, formatClock, formatTime, h, icon, keyValueTable, LOCALE, localZone, scrollRegion, showCopied, type Child } from './dom';
import {
  matchesFilter,
  statusClass,
  type InspectorToHost,
  type InspectorToWebview,
  type InspectorViewState,
  type RecordSummary,
  type StatusFilter,
} from './protocol';

const host = connectToHost<InspectorToWebview, InspectorToHost, InspectorViewState>();
const post = (m: InspectorToHost) => host.post(m);

/** Records by id; `order` keeps arrival order (oldest first), as the host's log does. */
const records = new Map<string, RecordSummary>();
let order: string[] = [];
const connections = new Map<string, string>();
/** The filters and the selection before the page (or the window) was reloaded. */
const kept = host.getState();
const filter: { connectionId?: string; status: StatusFilter; text: string } = {
  status: 'all',
  text: '',
  ...(kept && typeof kept.filter?.text === 'string' ? { text: kept.filter.text } : {}),
  ...(kept && ['all', 'errors', '2xx', '4xx', '5xx'].includes(kept.filter?.status) ? { status: kept.filter.status } : {}),
  ...(kept && typeof kept.filter?.connectionId === 'string' ? { connectionId: kept.filter.connectionId } : {}),
};
let selectedId: string | undefined = typeof kept?.selectedId === 'string' ? kept.selectedId : undefined;
let pendingScroll = typeof kept?.scrollTop === 'number' ? kept.scrollTop : 0;

function keepState(): void {
  host.setState({ filter: { ...filter }, ...(selectedId ? { selectedId } : {}), scrollTop: pendingScroll || listScroller().scrollTop });
}
function listScroller(): HTMLElement {
  return app.querySelector<HTMLElement>('.request-list') ?? app;
}
let capacity = 500;

// ---------------------------------------------------------------------------------------------------------------
// Layout (built once)

const app = document.getElementById('app')!;
clear(app);
app.removeAttribute('aria-busy');

const connectionSelect = h('select', { attrs: { id: 'filter-connection', 'aria-label': 'Connection' } });
const statusSelect = h(
  'select',
  { attrs: { id: 'filter-status', 'aria-label': 'Status' } },
  ...(
    [
      ['all', 'All statuses'],
      ['errors', 'Errors'],
      ['2xx', '2xx'],
      ['4xx', '4xx'],
      ['5xx', '5xx'],
    ] as const
  ).map(([v, label]) => h('option', { attrs: { value: v } }, label)),
);
const textInput = h('input', { attrs: { id: 'filter-text', type: 'search', placeholder: 'Filter by operation, URL, status…', 'aria-label': 'Filter text' } });
const countLabel = h('span', { class: 'count', attrs: { role: 'status' } });
const listBody = h('tbody');
const list = h(
  'table',
  { class: 'grid requests', attrs: { role: 'grid', 'aria-label': 'Requests, newest first', 'aria-rowcount': 0, 'aria-describedby': 'list-keys' } },
  h(
    'thead',
    null,
    h(
      'tr',
      null,
      ...[`Time (${localZone()})`, 'Status', 'Method', 'Operation', 'Duration', 'Connection'].map((x) =>
        h('th', { class: x === 'Connection' ? 'conn' : undefined, attrs: { scope: 'col' } }, x),
      ),
    ),
  ),
  listBody,
);
const emptyList = h('p', { class: 'empty list-empty' }, 'No requests yet. Browse a catalog and its requests appear here.');
const listKeys = h(
  'p',
  { class: 'visually-hidden', attrs: { id: 'list-keys' } },
  'Arrow keys choose a request, Enter moves to its details, Escape there comes back.',
);
const detail = h('section', { class: 'request-detail', attrs: { 'aria-label': 'Selected request', tabindex: -1 } });

app.appendChild(
  h(
    'div',
    { class: 'inspector' },
    h(
      'header',
      { class: 'inspector-toolbar' },
      h('h1', null, icon('pulse'), ' Requests'),
      h('div', { class: 'filters', attrs: { role: 'search', 'aria-label': 'Filter requests' } }, connectionSelect, statusSelect, textInput),
      countLabel,
      button('Clear', 'clear-all', () => post({ type: 'clear' }), { title: 'Forget the recorded requests', id: 'clear' }),
    ),
    h('div', { class: 'split' }, h('div', { class: 'request-list' }, list, listKeys, emptyList), detail),
  ),
);
renderDetailEmpty();
statusSelect.value = filter.status;
textInput.value = filter.text;

connectionSelect.addEventListener('change', () => {
  filter.connectionId = connectionSelect.value || undefined;
  renderList();
  keepState();
});
statusSelect.addEventListener('change', () => {
  filter.status = statusSelect.value as StatusFilter;
  renderList();
  keepState();
});
textInput.addEventListener('input', () => {
  filter.text = textInput.value;
  renderList();
  keepState();
});
let scrollTimer: ReturnType<typeof setTimeout> | undefined;
listScroller().addEventListener('scroll', () => {
  if (pendingScroll) return;
  clearTimeout(scrollTimer);
  scrollTimer = setTimeout(keepState, 150);
});
listBody.addEventListener('click', (e) => {
  const row = (e.target as HTMLElement).closest<HTMLTableRowElement>('tr[data-id]');
  if (row) select(row.dataset.id!, true);
});
// The list is one tab stop (the selected row, else the first); arrows move the selection, Enter opens the record in
// the detail pane and Escape there comes back to the row.
listBody.addEventListener('keydown', (e) => {
  const row = (e.target as HTMLElement).closest<HTMLTableRowElement>('tr[data-id]');
  if (!row) return;
  const rows = Array.from(listBody.querySelectorAll<HTMLTableRowElement>('tr[data-id]'));
  const i = rows.indexOf(row);
  const page = Math.max(1, Math.floor(listBody.parentElement!.parentElement!.clientHeight / Math.max(1, row.offsetHeight)) - 1);
  const target = {
    ArrowDown: rows[i + 1],
    ArrowUp: rows[i - 1],
    Home: rows[0],
    End: rows[rows.length - 1],
    PageDown: rows[Math.min(rows.length - 1, i + page)],
    PageUp: rows[Math.max(0, i - page)],
  }[e.key as 'Home'];
  if (target) {
    e.preventDefault();
    select(target.dataset.id!, true);
  } else if (e.key === 'Enter' || e.key === ' ') {
    e.preventDefault();
    if (row.dataset.id !== selectedId) select(row.dataset.id!, false);
    detail.focus();
  }
});
detail.addEventListener('keydown', (e) => {
  if (e.key !== 'Escape' || e.defaultPrevented) return;
  const row = selectedRow();
  if (!row) return;
  e.preventDefault();
  row.focus();
});
/** The button the reader pressed last: a copy the host confirms is shown on it. */
let lastButton: HTMLButtonElement | undefined;
document.addEventListener('click', (e) => {
  lastButton = (e.target as HTMLElement).closest<HTMLButtonElement>('button') ?? lastButton;
});

// ---------------------------------------------------------------------------------------------------------------
// Messages

host.listen((m) => {
  switch (m.type) {
    case 'copied':
      showCopied(lastButton, m.what);
      return;
    case 'records':
      records.clear();
      order = [];
      for (const r of m.records) put(r);
      connections.clear();
      for (const c of m.connections) connections.set(c.id, c.name);
      renderConnections();
      renderList();
      if (selectedId && !records.has(selectedId)) {
        selectedId = undefined;
        renderDetailEmpty();
      } else if (selectedId) {
        // A reloaded page: show the record it had selected again.
        select(selectedId, false);
      }
      if (pendingScroll) {
        listScroller().scrollTop = pendingScroll;
        pendingScroll = 0;
      }
      keepState();
      return;
    case 'recordsAdded':
      capacity = m.capacity;
      addRecords(m.records);
      return;
    case 'focus':
      if (m.connectionId !== undefined) {
        filter.connectionId = m.connectionId;
        renderConnections();
      }
      if (m.recordId) {
        // Show the record even if the filters would hide it.
        filter.status = 'all';
        filter.text = '';
        statusSelect.value = 'all';
        textInput.value = '';
      }
      renderList();
      if (m.recordId) select(m.recordId, true);
      keepState();
      return;
    case 'record':
      if (m.record.id === selectedId) renderDetail(m.record, m.curl, m.curlSigned);
      return;
    case 'recordMissing':
      if (m.recordId === selectedId) {
        clear(detail);
        detail.appendChild(
          h(
            'p',
            { class: 'empty' },
            'This request is no longer kept (the inspector keeps the most recent ones; see the setting namespaceBrowser.inspector.maxRecords).',
          ),
        );
      }
      return;
  }
});

function put(r: RecordSummary): boolean {
  const isNew = !records.has(r.id);
  records.set(r.id, r);
  if (isNew) order.push(r.id);
  if (r.connectionName && !connections.has(r.connectionId)) connections.set(r.connectionId, r.connectionName);
  return isNew;
}

/** Apply a batch in place: replace rows that changed, put new ones on top, drop what the log no longer keeps. */
function addRecords(batch: RecordSummary[]): void {
  const knownConnections = connections.size;
  for (const r of batch) {
    const isNew = put(r);
    const existing = listBody.querySelector<HTMLTableRowElement>(`tr[data-id="${CSS.escape(r.id)}"]`);
    const visible = matchesFilter(r, filter);
    if (existing) {
      if (visible) existing.replaceWith(row(r));
      else existing.remove();
    } else if (isNew && visible) listBody.insertBefore(row(r), listBody.firstChild);
    if (r.id === selectedId) post({ type: 'select', recordId: r.id });
  }
  while (order.length > capacity) {
    const gone = order.shift()!;
    records.delete(gone);
    listBody.querySelector(`tr[data-id="${CSS.escape(gone)}"]`)?.remove();
  }
  if (connections.size !== knownConnections) renderConnections();
  updateCount();
}

function selectedRow(): HTMLTableRowElement | null {
  return selectedId === undefined ? null : listBody.querySelector<HTMLTableRowElement>(`tr[data-id="${CSS.escape(selectedId)}"]`);
}

/** Exactly one row is in the tab order: the selected one, else the first (newest). */
function keepTabStop(): void {
  const stops = Array.from(listBody.querySelectorAll<HTMLTableRowElement>('tr[tabindex="0"]'));
  const want = selectedRow() ?? listBody.querySelector<HTMLTableRowElement>('tr[data-id]');
  for (const tr of stops) if (tr !== want) tr.tabIndex = -1;
  if (want) want.tabIndex = 0;
}

// ---------------------------------------------------------------------------------------------------------------
// List

function renderConnections(): void {
  clear(connectionSelect);
  connectionSelect.appendChild(h('option', { attrs: { value: '' } }, 'All connections'));
  for (const [id, name] of [...connections].sort((a, b) => a[1].localeCompare(b[1]))) {
    connectionSelect.appendChild(h('option', { attrs: { value: id } }, name));
  }
  connectionSelect.value = filter.connectionId ?? '';
}

function renderList(): void {
  clear(listBody);
  const frag = document.createDocumentFragment();
  for (let i = order.length - 1; i >= 0; i--) {
    const r = records.get(order[i])!;
    if (matchesFilter(r, filter)) frag.appendChild(row(r));
  }
  listBody.appendChild(frag);
  updateCount();
}

function updateCount(): void {
  const shown = listBody.childElementCount;
  const requests = (n: number) => `${n.toLocaleString('en-US')} request${n === 1 ? '' : 's'}`;
  countLabel.textContent = shown === records.size ? requests(records.size) : `${shown.toLocaleString('en-US')} of ${requests(records.size)}`;
  keepTabStop();
  list.setAttribute('aria-rowcount', String(shown + 1));
  emptyList.hidden = shown > 0;
  if (records.size > 0 && shown === 0) emptyList.textContent = 'No request matches the filters.';
  else emptyList.textContent = 'No requests yet. Browse a catalog and its requests appear here.';
}

function statusText(r: Pick<RecordSummary, 'status' | 'errorKind' | 'durationMs'>): string {
  if (r.status !== undefined) return String(r.status);
  if (r.errorKind) return r.errorKind;
  return r.durationMs === undefined ? 'pending' : '—';
}

function row(r: RecordSummary): HTMLTableRowElement {
  const cls = statusClass(r);
  const selected = r.id === selectedId;
  const tr = h(
    'tr',
    { class: `request ${cls}${selected ? ' selected' : ''}`, attrs: { 'data-id': r.id, tabindex: selected ? 0 : -1, 'aria-selected': String(selected) } },
    h('td', { class: 'time' }, h('time', { title: r.startedAt }, formatClock(r.startedAt))),
    h(
      'td',
      { class: 'status' },
      h('span', { class: `status-pill ${cls}` }, cls === 'ok' ? null : icon(cls === 'pending' ? 'loading codicon-modifier-spin' : 'error'), statusText(r)),
    ),
    h('td', { class: 'method' }, r.method),
    h('td', { class: 'op' }, r.operation, r.attempt > 1 ? h('span', { class: 'badge', title: `attempt ${r.attempt}` }, `#${r.attempt}`) : null),
    h('td', { class: 'duration num' }, r.durationMs !== undefined ? `${r.durationMs} ms` : ''),
    h('td', { class: 'conn', title: r.connectionName ?? r.connectionId }, r.connectionName ?? r.connectionId),
  );
  // Screen readers get the row as one sentence.
  tr.setAttribute(
    'aria-label',
    `${r.operation} ${r.method} ${statusText(r)}${r.durationMs !== undefined ? ` in ${r.durationMs} ms` : ''}, ${r.connectionName ?? r.connectionId}`,
  );
  return tr;
}

function select(id: string, focusRow: boolean): void {
  selectedId = id;
  for (const tr of Array.from(listBody.querySelectorAll<HTMLTableRowElement>('tr.selected'))) {
    tr.classList.remove('selected');
    tr.tabIndex = -1;
    tr.setAttribute('aria-selected', 'false');
  }
  const tr = listBody.querySelector<HTMLTableRowElement>(`tr[data-id="${CSS.escape(id)}"]`);
  if (tr) {
    tr.classList.add('selected');
    tr.tabIndex = 0;
    tr.setAttribute('aria-selected', 'true');
    keepTabStop();
    if (focusRow) {
      tr.focus({ preventScroll: true });
      tr.scrollIntoView({ block: 'nearest' });
    }
  }
  delete detail.dataset.record;
  clear(detail);
  detail.appendChild(h('p', { class: 'loading' }, icon('loading codicon-modifier-spin'), ' Loading…'));
  post({ type: 'select', recordId: id });
  keepState();
}

// ---------------------------------------------------------------------------------------------------------------
// One request

function renderDetailEmpty(): void {
  clear(detail);
  detail.appendChild(
    h('div', { class: 'empty detail-empty' }, icon('pulse'), h('p', null, 'Select a request to see its headers, bodies and how it was signed.')),
  );
}

function renderDetail(r: RequestRecord, curl: string, curlSigned: boolean): void {
  // The same record comes again when it changes (a retry, the response): keep focus on the control it was on.
  const active = document.activeElement instanceof HTMLElement && detail.contains(document.activeElement) ? document.activeElement : undefined;
  const again = detail.dataset.record === r.id;
  const focusAction = again ? active?.closest<HTMLElement>('[data-action]')?.dataset.action : undefined;
  const focusSummary = again && active?.tagName === 'SUMMARY' ? active.textContent : undefined;
  detail.dataset.record = r.id;
  clear(detail);
  fillDetail(r, curl, curlSigned);
  const target = focusAction
    ? detail.querySelector<HTMLElement>(`[data-action="${CSS.escape(focusAction)}"]`)
    : focusSummary !== undefined
      ? Array.from(detail.querySelectorAll<HTMLElement>('summary')).find((s) => s.textContent === focusSummary)
      : undefined;
  if (target) target.focus({ preventScroll: true });
  else if (active) detail.focus({ preventScroll: true });
}

/** Which blocks of a request the reader closed or opened, by title, kept from one request to the next. */
const blockOpen = new Map<string, boolean>();

function fillDetail(r: RequestRecord, curl: string, curlSigned: boolean): void {
  const cls = statusClass({ status: r.status, errorKind: r.error?.kind, durationMs: r.durationMs });
  detail.append(
    h(
      'header',
      { class: 'detail-header' },
      h(
        'h2',
        null,
        r.operation,
        h('span', { class: `status-pill ${cls}` }, statusText({ status: r.status, errorKind: r.error?.kind, durationMs: r.durationMs })),
      ),
      h('div', { class: 'request-line' }, h('span', { class: 'method' }, r.method), h('code', { class: 'url', attrs: { id: 'request-url' } }, r.url)),
      h(
        'div',
        { class: 'toolbar' },
        button('Copy as cURL', 'terminal', () => post({ type: 'copyCurl', recordId: r.id }), {
          id: 'copy-curl',
          primary: true,
          title: curlSigned
            ? 'Copy as cURL: signed with SigV4 by openssl when it runs, from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY'
            : 'Copy as cURL: secrets are environment variables such as $NSB_TOKEN',
        }),
        button('Copy URL', 'link', () => post({ type: 'copy', what: 'URL', text: r.url }), { id: 'copy-url' }),
      ),
    ),
    keyValueTable(
      [
        ['Connection', r.connectionName ?? r.connectionId],
        ['Started', `${formatTime(r.startedAt)} (${r.startedAt})`],
        ['Duration', r.durationMs !== undefined ? `${r.durationMs} ms` : 'in flight'],
        ['Attempt', r.attempt > 1 ? `${r.attempt} (retried)` : String(r.attempt)],
        ['Response size', r.responseBytes !== undefined ? `${r.responseBytes.toLocaleString(LOCALE)} bytes` : undefined],
        ['Record', r.id],
      ],
      { caption: 'Summary' },
    ),
  );
  if (r.error) {
    detail.appendChild(
      h(
        'div',
        { class: 'error', attrs: { role: 'alert' } },
        icon('error'),
        h('div', { class: 'error-text' }, h('strong', null, r.error.kind), h('span', null, r.error.message)),
      ),
    );
  }
  if (r.notes?.length) detail.appendChild(block('Notes', h('ul', { class: 'notes' }, ...r.notes.map((n) => h('li', null, n)))));
  if (r.auth) detail.appendChild(authSection(r.id, r.auth, r.comparisons ?? []));
  detail.appendChild(block('Request headers', headersTable(r.requestHeaders)));
  if (r.requestBodyPreview !== undefined) detail.appendChild(block('Request body', code(prettyJson(r.requestBodyPreview), 'Request body')));
  if (r.responseHeaders) detail.appendChild(block('Response headers', headersTable(r.responseHeaders)));
  if (r.responseBodyPreview !== undefined) detail.appendChild(block('Response body', code(prettyJson(r.responseBodyPreview), 'Response body')));
  detail.appendChild(
    block(
      'cURL',
      h(
        'div',
        null,
        h(
          'p',
          { class: 'muted' },
          curlSigned
            ? 'The command signs the request when it runs (sh, bash or zsh, with openssl and any curl): export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN) first.'
            : 'Secrets are environment variables (e.g. $NSB_TOKEN, $NSB_API_KEY): export them before running.',
        ),
        scrollRegion(h('pre', { class: 'code curl', attrs: { id: 'curl' } }, curl), 'cURL command'),
      ),
      false,
    ),
  );
}

function block(title: string, content: Child, open = true): HTMLElement {
  const key = title.startsWith('Auth:') ? 'Auth' : title;
  const el = h(
    'details',
    { class: 'section', attrs: { open: blockOpen.get(key) ?? open } },
    h('summary', null, h('span', { class: 'section-title' }, title)),
    scrollRegion(h('div', { class: 'section-body' }, content), title),
  );
  el.addEventListener('toggle', () => blockOpen.set(key, el.open));
  return el;
}

/** A code block; it takes focus only while it scrolls. */
function code(text: string, label: string, attrs: Record<string, string> = {}): HTMLElement {
  return scrollRegion(h('pre', { class: 'code', attrs }, text), label);
}

function headersTable(headers: Record<string, string>): HTMLElement {
  return keyValueTable(
    Object.entries(headers).sort(([a], [b]) => a.localeCompare(b)),
    { empty: 'None', mono: true },
  );
}

function authSection(recordId: string, auth: AuthExplanation, comparisons: readonly RecordComparison[]): HTMLElement {
  const body = h('div', { class: 'auth' });
  body.appendChild(h('p', { class: 'auth-summary' }, icon(auth.provider === 'sigv4' ? 'shield' : 'key'), ' ', auth.summary));
  if (auth.fields?.length)
    body.appendChild(
      keyValueTable(
        auth.fields.map((f) => [f.label, f.value]),
        { mono: true, caption: 'Auth details' },
      ),
    );
  if (comparisons.length) {
    body.appendChild(
      h(
        'p',
        { class: 'warning', attrs: { role: 'note' } },
        icon('warning'),
        ' The server said what it expected. Lines marked ≠ differ between what we sent and what the server expected; − and + mark a line only one side has.',
      ),
    );
    comparisons.forEach((c, index) => body.appendChild(comparison(c, () => post({ type: 'openDiff', recordId, comparison: index }))));
  }
  for (const b of auth.blocks ?? []) {
    const copy = button('Copy', 'copy', () => post({ type: 'copy', what: b.label, text: b.text }), { title: `Copy the ${b.label.toLowerCase()}` });
    body.appendChild(
      h(
        'figure',
        { class: 'auth-block' },
        h('figcaption', null, h('span', null, b.label), copy),
        ...(b.note ? [h('p', { class: 'note', attrs: { role: 'note', 'data-note': b.label } }, icon('info'), ' ', b.note)] : []),
        code(b.text, b.label, { 'data-block': b.label }),
      ),
    );
  }
  return block(`Auth: ${auth.provider}`, body);
}

/** The marks of an aligned row, as text and as words for screen readers: never a colour alone. */
const ROW_MARKS: Record<AlignedLine['kind'], { mark: string; label: string }> = {
  equal: { mark: '', label: 'same' },
  changed: { mark: '≠', label: 'differs' },
  'ours-only': { mark: '−', label: 'only ours' },
  'theirs-only': { mark: '+', label: "only the server's" },
};

/** Ours and the server's text side by side, aligned line by line; a row that differs has a class and a mark. */
function comparison(c: RecordComparison, openDiff: () => void): HTMLElement {
  const rows = c.rows;
  const differing = rows.filter((r) => r.kind !== 'equal').length;
  return h(
    'figure',
    { class: 'comparison', attrs: { 'data-comparison': c.label } },
    h(
      'figcaption',
      null,
      h('span', { class: 'comparison-title' }, `${c.label}: `, differing ? `${differing} line${differing === 1 ? '' : 's'} differ` : 'identical'),
      button('Open in Diff Editor', 'diff', openDiff, { id: 'open-diff', title: `Open the two ${c.label.toLowerCase()}s in VS Code's diff editor (redacted)` }),
    ),
    ...(c.note ? [h('p', { class: 'note', attrs: { role: 'note' } }, icon('info'), ' ', c.note)] : []),
    h(
      'table',
      { class: 'compare', attrs: { 'aria-label': `${c.label}, ours and the server's` } },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', { class: 'mark', attrs: { scope: 'col' } }, 'Diff'),
          h('th', { attrs: { scope: 'col' } }, 'We sent'),
          h('th', { attrs: { scope: 'col' } }, 'Server expected'),
        ),
      ),
      h(
        'tbody',
        null,
        ...rows.map((r) =>
          h(
            'tr',
            { class: r.kind === 'equal' ? 'same' : 'differs' },
            h('td', { class: 'mark', attrs: { 'aria-label': ROW_MARKS[r.kind].label } }, ROW_MARKS[r.kind].mark),
            h('td', null, h('code', null, r.ours ?? '')),
            h('td', null, h('code', null, r.theirs ?? '')),
          ),
        ),
      ),
    ),
  );
}
