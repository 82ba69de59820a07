/**
 * The schema as a keyboard-navigable tree (WAI-ARIA tree pattern). Wide schemas stay fast: children are built
 * only when a field is first expanded, and top-level fields beyond the first chunk are added as the reader
 * scrolls (or asks for them), so a 2,000-column table costs one chunk of rows up front.
 */
import type { SchemaField } from '../core/model';
import { h, icon } from './dom';

/** Top-level fields rendered at once; more are added chunk by chunk. */
export const CHUNK = 500;

/** Field ids marked as identifier fields (Iceberg), if any. */
export interface SchemaTreeOptions {
  identifierFieldIds?: number[];
  label?: string;
  /** What the reader expanded and where they were, kept by the caller so a rebuilt tree (a refresh) restores it. */
  state?: SchemaTreeState;
}

/** Fields by their path of names (JSON of the names from the top level down). */
export interface SchemaTreeState {
  expanded: Set<string>;
  /** The field that holds the tree's tab stop. */
  active?: string[];
}

const states = new WeakMap<HTMLElement, SchemaTreeState>();

/** The names from the top-level field down to this row's field. */
export function fieldPath(row: HTMLElement): string[] {
  const path: string[] = [];
  let r: HTMLElement | null = row;
  while (r) {
    path.unshift(r.dataset.name ?? '');
    const group: HTMLElement | null | undefined = r.parentElement?.closest<HTMLElement>('[role=group]');
    r = group ? (group.previousElementSibling as HTMLElement | null) : null;
  }
  return path;
}

/** The row of a field by its path, if it is built (its parents expanded). */
export function findField(scope: ParentNode, path: readonly string[]): HTMLElement | null {
  let container: Element | null = scope.querySelector('.schema-body');
  let row: HTMLElement | null = null;
  for (const name of path) {
    if (!container) return null;
    row =
      (Array.from(container.children).find((c) => c.getAttribute('role') === 'treeitem' && (c as HTMLElement).dataset.name === name) as
        HTMLElement | undefined) ?? null;
    if (!row) return null;
    container = row.nextElementSibling?.getAttribute('role') === 'group' ? row.nextElementSibling : null;
  }
  return row;
}

export function schemaTree(fields: SchemaField[], options: SchemaTreeOptions = {}): HTMLElement {
  const hasIds = fields.some((f) => f.id !== undefined);
  const root = h('div', { class: `schema-tree${hasIds ? ' with-ids' : ''}`, attrs: { role: 'tree', 'aria-label': options.label ?? 'Schema' } });
  const header = h(
    'div',
    { class: 'schema-row schema-head', attrs: { 'aria-hidden': 'true' } },
    h('span', { class: 'col-name' }, 'Field'),
    h('span', { class: 'col-type' }, 'Type'),
    h('span', { class: 'col-null' }, 'Nullable'),
    hasIds ? h('span', { class: 'col-id' }, 'ID') : null,
    h('span', { class: 'col-more' }, 'Details'),
  );
  const body = h('div', { class: 'schema-body' });
  const wrapper = h('div', { class: 'schema' }, header, root);
  root.appendChild(body);
  if (fields.length === 0) {
    body.appendChild(h('p', { class: 'empty' }, 'No fields'));
    return wrapper;
  }
  const ids = new Set(options.identifierFieldIds ?? []);
  let rendered = 0;
  const more = h('button', { class: 'btn more', attrs: { type: 'button' } });
  const renderChunk = () => {
    const end = Math.min(fields.length, rendered + CHUNK);
    const frag = document.createDocumentFragment();
    for (let i = rendered; i < end; i++) appendField(frag, fields[i], 1, i + 1, fields.length, hasIds, ids);
    body.appendChild(frag);
    rendered = end;
    if (rendered < fields.length) {
      more.textContent = `Show ${Math.min(CHUNK, fields.length - rendered).toLocaleString('en-US')} more fields (${(fields.length - rendered).toLocaleString('en-US')} not shown yet)`;
      wrapper.appendChild(more);
    } else more.remove();
  };
  more.addEventListener('click', renderChunk);
  renderChunk();
  // Add the next chunk when the reader scrolls near the end; the button is there for keyboards and find.
  if ('IntersectionObserver' in window) {
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting) && rendered < fields.length) renderChunk();
    });
    observer.observe(more);
  }
  const state = options.state;
  if (state) {
    states.set(root, state);
    // Expand again what the reader had open (parents first, so children exist), then give the tab stop back.
    const paths = [...state.expanded].map((k) => JSON.parse(k) as string[]).sort((a, b) => a.length - b.length);
    for (const p of paths) {
      const row = findField(wrapper, p);
      if (row) toggle(row, true);
    }
  }
  const active = (state?.active && findField(wrapper, state.active)) || body.querySelector<HTMLElement>('[role=treeitem]');
  if (active) active.tabIndex = 0;
  root.addEventListener('keydown', (e) => onKey(e, root));
  root.addEventListener('click', (e) => {
    const row = (e.target as HTMLElement).closest<HTMLElement>('[role=treeitem]');
    if (!row) return;
    focusRow(root, row);
    if ((e.target as HTMLElement).closest('.twistie') || e.detail === 2) toggle(row);
  });
  return wrapper;
}

/** The row of a field plus (once expanded) its children's group, kept in one container. */
function appendField(parent: Node, field: SchemaField, level: number, pos: number, size: number, hasIds: boolean, ids: Set<number>): void {
  const kids = field.children ?? [];
  const expandable = kids.length > 0;
  const metadata = Object.entries(field.metadata ?? {});
  const isIdentifier = field.id !== undefined && ids.has(field.id);
  const row = h(
    'div',
    {
      class: 'schema-row',
      attrs: {
        role: 'treeitem',
        'aria-level': level,
        'aria-setsize': size,
        'aria-posinset': pos,
        'aria-expanded': expandable ? 'false' : undefined,
        tabindex: -1,
        'data-name': field.name,
      },
    },
    h(
      'span',
      { class: 'col-name' },
      h('span', { class: 'indent', attrs: { 'data-level': level } }),
      expandable ? h('span', { class: 'twistie' }, icon('chevron-right')) : h('span', { class: 'twistie leaf' }),
      icon(typeIcon(field.type)),
      h('span', { class: 'field-name' }, field.name),
      isIdentifier ? h('span', { class: 'badge', title: 'Identifier field' }, 'key') : null,
    ),
    h('span', { class: 'col-type', title: field.type }, field.type),
    h('span', { class: `col-null ${field.nullable ? 'nullable' : 'required'}` }, field.nullable ? 'nullable' : h('span', { class: 'not-null' }, 'not null')),
    hasIds ? h('span', { class: 'col-id' }, field.id !== undefined ? String(field.id) : '') : null,
    h(
      'span',
      { class: 'col-more' },
      field.doc ? h('span', { class: 'doc' }, field.doc) : null,
      ...metadata.map(([k, v]) => h('span', { class: 'meta', title: `${k} = ${v}` }, h('span', { class: 'meta-key' }, k), ' ', v)),
    ),
  );
  // The indentation is a CSS variable set through the style object, never a style attribute string.
  row.style.setProperty('--level', String(level - 1));
  if (expandable) (row as HTMLElement & { field?: SchemaField }).field = field;
  parent.appendChild(row);
  if (expandable) parent.appendChild(h('div', { class: 'schema-group', attrs: { role: 'group', hidden: true } }));
}

function typeIcon(type: string): string {
  const t = type.toLowerCase();
  if (t.startsWith('struct')) return 'symbol-structure';
  if (t.startsWith('list') || t.startsWith('large_list') || t.startsWith('fixed_size_list')) return 'symbol-array';
  if (t.startsWith('map')) return 'symbol-namespace';
  if (/^(u?int|float|double|decimal|long|integer|halffloat)/.test(t)) return 'symbol-numeric';
  if (/^(utf8|large_utf8|string|varchar|char)/.test(t)) return 'symbol-string';
  if (/^(bool)/.test(t)) return 'symbol-boolean';
  if (/(date|time|timestamp)/.test(t)) return 'calendar';
  if (/binary|fixed/.test(t)) return 'file-binary';
  return 'symbol-field';
}

type FieldRow = HTMLElement & { field?: SchemaField };

function toggle(row: FieldRow, expand?: boolean): void {
  if (!row.hasAttribute('aria-expanded')) return;
  const open = row.getAttribute('aria-expanded') === 'true';
  const want = expand ?? !open;
  if (want === open) return;
  const group = row.nextElementSibling as HTMLElement;
  if (want && group.childElementCount === 0 && row.field) {
    // First expansion: build the subtree now, not with the table.
    const kids = row.field.children ?? [];
    const level = Number(row.getAttribute('aria-level')) + 1;
    const hasIds = row.closest('.schema-tree')?.classList.contains('with-ids') ?? false;
    const frag = document.createDocumentFragment();
    kids.forEach((k, i) => appendField(frag, k, level, i + 1, kids.length, hasIds, new Set()));
    group.appendChild(frag);
  }
  group.hidden = !want;
  row.setAttribute('aria-expanded', String(want));
  const state = states.get(row.closest<HTMLElement>('[role=tree]')!);
  if (state) {
    const key = JSON.stringify(fieldPath(row));
    if (want) state.expanded.add(key);
    else state.expanded.delete(key);
  }
}

function visibleRows(root: HTMLElement): FieldRow[] {
  return Array.from(root.querySelectorAll<FieldRow>('[role=treeitem]')).filter((r) => !r.parentElement?.closest('[role=group][hidden]'));
}

function focusRow(root: HTMLElement, row: HTMLElement): void {
  for (const r of Array.from(root.querySelectorAll<HTMLElement>('[role=treeitem][tabindex="0"]'))) r.tabIndex = -1;
  row.tabIndex = 0;
  row.focus();
  const state = states.get(root);
  if (state) state.active = fieldPath(row);
}

function onKey(e: KeyboardEvent, root: HTMLElement): void {
  const row = (e.target as HTMLElement).closest<FieldRow>('[role=treeitem]');
  if (!row) return;
  const rows = visibleRows(root);
  const i = rows.indexOf(row);
  const go = (r: HTMLElement | undefined) => {
    if (r) focusRow(root, r);
    e.preventDefault();
  };
  switch (e.key) {
    case 'ArrowDown':
      return go(rows[i + 1]);
    case 'ArrowUp':
      return go(rows[i - 1]);
    case 'Home':
      return go(rows[0]);
    case 'End':
      return go(rows[rows.length - 1]);
    case 'ArrowRight':
      if (row.getAttribute('aria-expanded') === 'false') {
        toggle(row, true);
        e.preventDefault();
      } else if (row.getAttribute('aria-expanded') === 'true') go(rows[i + 1]);
      return;
    case 'ArrowLeft':
      if (row.getAttribute('aria-expanded') === 'true') {
        toggle(row, false);
        e.preventDefault();
      } else {
        const group = row.parentElement?.closest<HTMLElement>('[role=group]');
        go(group?.previousElementSibling as HTMLElement | undefined);
      }
      return;
    case 'Enter':
    case ' ':
      toggle(row);
      e.preventDefault();
      return;
  }
}
