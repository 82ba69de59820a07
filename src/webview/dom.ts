/**
 * The only way the panels build DOM: elements with attributes set one by one and text as text nodes. Catalog data
 * never passes through innerHTML, so a table called `<img src=x onerror=...>` is shown as those characters.
 */

export type Child = Node | string | number | null | undefined | false;

export interface Props {
  class?: string;
  title?: string;
  /** Plain attributes (role, aria-*, data-*, tabindex...). Event-handler attributes are refused. */
  attrs?: Record<string, string | number | boolean | undefined>;
  on?: { [K in keyof HTMLElementEventMap]?: (e: HTMLElementEventMap[K]) => void };
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props | null = null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props?.class) el.className = props.class;
  if (props?.title !== undefined) el.title = props.title;
  for (const [name, value] of Object.entries(props?.attrs ?? {})) {
    // An on* attribute would be inline script; the CSP blocks it anyway, and this keeps it from being written at all.
    if (/^on/i.test(name)) throw new Error(`refusing event-handler attribute ${name}`);
    if (value === undefined || value === false) continue;
    el.setAttribute(name, value === true ? '' : String(value));
  }
  for (const [event, listener] of Object.entries(props?.on ?? {})) el.addEventListener(event, listener as EventListener);
  append(el, ...children);
  return el;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    parent.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

/** A codicon glyph; decorative unless given a label. */
export function icon(name: string, label?: string): HTMLSpanElement {
  const el = h('span', { class: `codicon codicon-${name}`, attrs: label ? { role: 'img', 'aria-label': label } : { 'aria-hidden': 'true' } });
  return el;
}

/** A toolbar button with a codicon and a label. */
export function button(label: string, iconName: string, onClick: () => void, opts: { title?: string; primary?: boolean; id?: string } = {}): HTMLButtonElement {
  return h(
    'button',
    {
      class: opts.primary ? 'btn primary' : 'btn',
      title: opts.title ?? label,
      attrs: { type: 'button', 'data-action': opts.id },
      on: { click: () => onClick() },
    },
    icon(iconName),
    h('span', { class: 'btn-label' }, label),
  );
}

export function clear(el: Element): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

/** A two-column key/value table; values as text. */
export function keyValueTable(entries: [string, string | number | undefined][], opts: { empty?: string; mono?: boolean; caption?: string } = {}): HTMLElement {
  const rows = entries.filter(([, v]) => v !== undefined && v !== '');
  if (rows.length === 0) return h('p', { class: 'empty' }, opts.empty ?? 'None');
  return h(
    'table',
    { class: `kv${opts.mono ? ' mono' : ''}` },
    opts.caption ? h('caption', { class: 'visually-hidden' }, opts.caption) : null,
    h('tbody', null, ...rows.map(([k, v]) => h('tr', null, h('th', { attrs: { scope: 'row' } }, k), h('td', null, String(v))))),
  );
}

/** A data table with a header row; cells are text or nodes. */
export function dataTable(headers: string[], rows: Child[][], opts: { class?: string; caption?: string } = {}): HTMLTableElement {
  return h(
    'table',
    { class: `grid ${opts.class ?? ''}` },
    opts.caption ? h('caption', { class: 'visually-hidden' }, opts.caption) : null,
    // A column of buttons has no visible heading; it still has a name for screen readers.
    h(
      'thead',
      null,
      h('tr', null, ...headers.map((x) => h('th', { attrs: { scope: 'col' } }, x === '' ? h('span', { class: 'visually-hidden' }, 'Actions') : x))),
    ),
    h('tbody', null, ...rows.map((r) => h('tr', null, ...r.map((c) => h('td', null, c))))),
  );
}

/**
 * The editor's display language (`vscode.env.language`, put on <html lang> by the panel's shell): numbers and dates
 * are written the reader's way, not a hard-coded en-US. A tag the browser does not know falls back to its own.
 */
export const LOCALE: string | undefined = (() => {
  const lang = document.documentElement.lang;
  try {
    return lang && Intl.DateTimeFormat.supportedLocalesOf([lang]).length > 0 ? lang : undefined;
  } catch {
    return undefined;
  }
})();

const dateTimeFormat = new Intl.DateTimeFormat(LOCALE, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  timeZoneName: 'short',
});
const clockFormat = new Intl.DateTimeFormat(LOCALE, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** ISO time → the reader's local time in their language, with its zone, e.g. `1 May 2024, 14:03:22 CEST`. */
export function formatTime(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return dateTimeFormat.format(d);
}

/** Only the local time of day (a list column whose header names the zone, see `localZone`). */
export function formatClock(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : clockFormat.format(d);
}

/** The reader's time zone as a short name, e.g. `UTC`, `CET`, `GMT+2`. */
export function localZone(): string {
  return new Intl.DateTimeFormat(LOCALE, { timeZoneName: 'short' }).formatToParts(new Date()).find((p) => p.type === 'timeZoneName')?.value ?? 'local time';
}

/** A number with thousands separators; whole numbers given as text are grouped exactly (BigInt), never rounded. */
export function formatNumber(v: string | number | undefined): string {
  if (v === undefined) return '';
  if (typeof v === 'number') return v.toLocaleString(LOCALE);
  return /^-?\d+$/.test(v) ? BigInt(v).toLocaleString(LOCALE) : v;
}

/** A time shown locally, zone included, with the exact ISO time as its tooltip. */
export function timeNode(iso: string | undefined): HTMLElement {
  return h('time', { title: iso, attrs: { datetime: iso } }, formatTime(iso));
}

/**
 * Make a box that may scroll reachable by keyboard while (and only while) it scrolls: a tab stop and a named region
 * then, nothing otherwise, so a short code block adds no tab stop (WCAG 2.1.1, axe `scrollable-region-focusable`).
 */
export function scrollRegion<T extends HTMLElement>(el: T, label: string): T {
  el.classList.add('scroll-region');
  const update = () => {
    const scrolls = el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1;
    if (scrolls && el.tabIndex !== 0) {
      el.tabIndex = 0;
      el.setAttribute('role', 'region');
      el.setAttribute('aria-label', label);
    } else if (!scrolls && el.hasAttribute('tabindex') && document.activeElement !== el) {
      el.removeAttribute('tabindex');
      el.removeAttribute('role');
      el.removeAttribute('aria-label');
    }
  };
  if ('ResizeObserver' in window) {
    const observer = new ResizeObserver(update);
    observer.observe(el);
    // The content can grow inside a box of fixed size (a code block at its max-height).
    if (el.firstElementChild) observer.observe(el.firstElementChild);
  }
  return el;
}

let liveRegion: HTMLElement | undefined;

/** Say something to screen readers without moving focus: one polite status region per document. */
export function announce(text: string): void {
  if (!liveRegion) {
    liveRegion = h('div', { class: 'visually-hidden', attrs: { role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true', id: 'announcer' } });
    document.body.appendChild(liveRegion);
  }
  // Clearing first makes the same words ("Copied") announced again on the second copy.
  liveRegion.textContent = '';
  const region = liveRegion;
  setTimeout(() => (region.textContent = text), 50);
}

/** A copy confirmed by the host: the button says "Copied" for a moment, and screen readers hear it. */
export function showCopied(buttonEl: HTMLButtonElement | undefined, what: string): void {
  announce(`Copied ${what}`);
  const label = buttonEl?.querySelector<HTMLElement>('.btn-label');
  if (!buttonEl || !label) return;
  const original = buttonEl.dataset.label ?? label.textContent ?? '';
  buttonEl.dataset.label = original;
  label.textContent = 'Copied';
  buttonEl.classList.add('copied');
  const timer = Number(buttonEl.dataset.copiedTimer);
  if (timer) clearTimeout(timer);
  buttonEl.dataset.copiedTimer = String(
    setTimeout(() => {
      label.textContent = original;
      buttonEl.classList.remove('copied');
      delete buttonEl.dataset.copiedTimer;
    }, 2000),
  );
}
