// Section 4, the panel against VS Code's own floor: a click on a table's row to its first schema field on screen,
// against a click on the bare panel's row (bench/bare-panel) to the line its script draws, in the same code-server,
// paired rounds. Both times come from the browser: the click from a listener in the workbench, the content from a
// MutationObserver in the webview's content frame (a Playwright init script, outside the panel's CSP), stamped at the
// next animation frame, i.e. when it is painted. The same frame's resource timings, host messages and the webview
// frames' start times say where the time goes.
import type { Locator, Page } from 'playwright-core';
import type { Row } from './results';
import { fmtMs, goalText, median, quartiles, verdict, type Goal } from './stats';

/** Epoch milliseconds (the browser's clock) of what happened in one panel's webview, by name. */
export interface Timeline {
  click: number;
  /** The webview element's frame (VS Code's index.html) and the content frame (fake.html, into which VS Code writes the panel's HTML) began loading. */
  outerFrame: number;
  contentFrame: number;
  /** html, loading, header, field, bare-line, bare-reply (and each @frame), message:TYPE and message:section:NAME (from the host), sent:TYPE (to it), and the outer frame's own exchanges. */
  marks: Record<string, number>;
  /** Resource loads of the content frame by file name: start and end. */
  resources: Record<string, { start: number; end: number }>;
}

/**
 * Runs in every frame the page creates from now on; only a webview's outer frame (VS Code's pre/index.html) records
 * anything. That frame writes the panel's HTML into its content frame with document.open/write/close, which clears
 * whatever an init script left in the content frame; so the outer frame watches: it wraps `contentDocument` to see
 * that write, and once the HTML is in, observes the content document and its window's messages.
 */
function instrument(): void {
  if (!location.pathname.endsWith('/webview/browser/pre/index.html')) return;
  const w = window as unknown as Record<string, unknown>;
  const now = () => performance.timeOrigin + performance.now();
  const marks: Record<string, number> = {};
  const bench = { outer: performance.timeOrigin, content: NaN, marks };
  w['__nsbBench'] = bench;
  const at = (name: string) => {
    if (name in marks) return;
    marks[name] = now();
    requestAnimationFrame(() => (marks[`${name}@frame`] = now()));
  };
  const seen: [string, string][] = [
    ['loading', 'body[data-panel] .loading'],
    ['header', 'body[data-panel] #app > :not(.loading)'],
    ['field', '.field-name'],
    ['bare-line', '#bare-line'],
    ['bare-reply', '#bare-reply'],
  ];
  const watch = (doc: Document, win: Window) => {
    bench.content = win.performance.timeOrigin;
    at('html');
    win.addEventListener(
      'message',
      (e: MessageEvent<{ type?: unknown; name?: unknown }>) => {
        const type = e.data?.type;
        if (typeof type === 'string') at(`message:${type === 'section' ? `section:${String(e.data.name)}` : type}`);
      },
      true,
    );
    const check = () => {
      for (const [name, selector] of seen) if (!(name in marks) && doc.querySelector(selector)) at(name);
    };
    check();
    new MutationObserver(check).observe(doc, { childList: true, subtree: true });
  };
  // The outer frame's own start-up, VS Code's part: its service worker's answers, and what it exchanges with the
  // workbench over its MessagePort (webview-ready goes out, the HTML comes in as `content`).
  navigator.serviceWorker?.addEventListener('message', (e: MessageEvent<{ channel?: unknown }>) => {
    if (typeof e.data?.channel === 'string') at(`from service worker:${e.data.channel}`);
  });
  const portPost = MessagePort.prototype.postMessage;
  MessagePort.prototype.postMessage = function (this: MessagePort, message: unknown, ...rest: unknown[]) {
    const channel = (message as { channel?: unknown } | undefined)?.channel;
    if (typeof channel === 'string') at(`to workbench:${channel}`);
    return (portPost as (this: MessagePort, ...a: unknown[]) => void).call(this, message, ...rest);
  } as typeof MessagePort.prototype.postMessage;
  const onmessage = Object.getOwnPropertyDescriptor(MessagePort.prototype, 'onmessage')!;
  Object.defineProperty(MessagePort.prototype, 'onmessage', {
    ...onmessage,
    set(this: MessagePort, f: ((e: MessageEvent) => unknown) | null) {
      onmessage.set!.call(
        this,
        f &&
          ((e: MessageEvent<{ channel?: unknown }>) => {
            if (typeof e.data?.channel === 'string') at(`from workbench:${e.data.channel}`);
            return f.call(this, e);
          }),
      );
    },
  });
  // What the page sends its host (`ready` above all) passes through the function this frame defines for the content
  // frame's acquireVsCodeApi; it is wrapped as it is defined.
  let post: ((channel: string, data: unknown, transfer?: unknown) => void) | undefined;
  Object.defineProperty(window, '__vscode_post_message__', {
    configurable: true,
    get: () => post,
    set: (f: (channel: string, data: unknown, transfer?: unknown) => void) => {
      post = (channel, data, transfer) => {
        const type = (data as { message?: { type?: unknown } } | undefined)?.message?.type;
        if (channel === 'onmessage' && typeof type === 'string') at(`sent:${type}`);
        f(channel, data, transfer);
      };
    },
  });
  // VS Code writes the panel's HTML into the content frame with document.open/write/close; the written document's
  // DOMContentLoaded (after its one script ran) starts the watch. Listeners added to a frame's window before that
  // frame navigated are gone, so one is added on every read of `contentWindow` (the workbench reads it often).
  const watched = new WeakSet<Document>();
  const contentWindow = Object.getOwnPropertyDescriptor(HTMLIFrameElement.prototype, 'contentWindow')!;
  Object.defineProperty(HTMLIFrameElement.prototype, 'contentWindow', {
    ...contentWindow,
    get(this: HTMLIFrameElement) {
      const win = contentWindow.get!.call(this) as Window | null;
      win?.addEventListener(
        'DOMContentLoaded',
        (e) => {
          const doc = e.target as Document;
          if (watched.has(doc) || (!doc.body?.dataset['panel'] && !doc.body?.dataset['bench'])) return;
          watched.add(doc);
          watch(doc, win);
        },
        true,
      );
      return win;
    },
  });
}

export async function instrumentPage(page: Page): Promise<void> {
  // As source text: tsx compiles this file with esbuild's keepNames, which wraps the function's inner arrows in
  // calls to its `__name` helper; the page has no such helper, so it gets one that does nothing.
  await page.addInitScript({ content: `var __name = (f) => f;\n(${instrument.toString()})();` });
  await page.evaluate(() =>
    document.addEventListener(
      'mousedown',
      () => ((window as unknown as Record<string, number>)['__nsbClick'] = performance.timeOrigin + performance.now()),
      true,
    ),
  );
}

/** Clicks `row` and waits for `done` (a mark) in a webview's content frame; returns the timeline of that webview. */
export async function openTimed(page: Page, row: Locator, done: string): Promise<Timeline> {
  await row.waitFor();
  await page.evaluate(() => delete (window as unknown as Record<string, number>)['__nsbClick']);
  await row.click();
  const deadline = Date.now() + 60_000;
  for (;;) {
    for (const frame of page.frames()) {
      if (!frame.url().includes('/webview/browser/pre/index.html')) continue;
      const got = await frame
        .evaluate((done) => {
          const b = (window as unknown as { __nsbBench?: { outer: number; content: number; marks: Record<string, number> } }).__nsbBench;
          if (!b || !(`${done}@frame` in b.marks)) return undefined;
          const content = (document.getElementById('active-frame') as HTMLIFrameElement | null)?.contentWindow;
          const resources: Record<string, { start: number; end: number }> = {};
          for (const e of (content?.performance.getEntriesByType('resource') ?? []) as PerformanceResourceTiming[]) {
            const name = new URL(e.name).pathname.split('/').pop()!;
            resources[name] = { start: content!.performance.timeOrigin + e.startTime, end: content!.performance.timeOrigin + e.responseEnd };
          }
          // The content frame's own navigation (fake.html, before VS Code writes the panel's HTML into it).
          const nav = content?.performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
          const marks = { ...b.marks };
          if (nav)
            for (const k of ['workerStart', 'requestStart', 'responseStart', 'responseEnd', 'domContentLoadedEventStart'] as const)
              if (nav[k] > 0) marks[`fake.html ${k}`] = content!.performance.timeOrigin + nav[k];
          return { outerFrame: b.outer, contentFrame: b.content, marks, resources };
        }, done)
        .catch(() => undefined);
      if (!got) continue;
      const click = await page.evaluate(() => (window as unknown as Record<string, number>)['__nsbClick']!);
      return { click, ...got };
    }
    if (Date.now() > deadline) throw new Error(`no webview showed "${done}" within 60 s of the click`);
    await page.waitForTimeout(25);
  }
}

/** Where one open's time went, in ms after the click, for the log and bench.json. */
export function phases(t: Timeline): Record<string, number> {
  const out: Record<string, number> = { outerFrame: t.outerFrame - t.click, contentFrame: t.contentFrame - t.click };
  for (const [name, at] of Object.entries(t.marks)) out[name] = at - t.click;
  for (const [name, r] of Object.entries(t.resources)) {
    out[`load ${name}`] = r.start - t.click;
    out[`loaded ${name}`] = r.end - t.click;
  }
  return out;
}

const GOAL: Goal = { max: 1.3 };

/**
 * Paired rounds of `ours` (a table's row, to its first schema field) and `bare` (the bare panel's row, to its first
 * line), rotating who goes first; more rounds (up to three times `runs`) while the verdict is noisy.
 */
export async function benchPanelFloor(
  page: Page,
  rows: { ours: Locator; bare: Locator },
  close: () => Promise<void>,
  runs: number,
  log: (s: string) => void,
): Promise<Row[]> {
  const ours: Timeline[] = [];
  const bare: Timeline[] = [];
  const one = async (which: 'ours' | 'bare') => {
    const t = await openTimed(page, rows[which], which === 'ours' ? 'field' : 'bare-reply');
    await close();
    return t;
  };
  // Warm-up: the first panel of each kind loads its extension's code and VS Code's webview service worker.
  await one('bare');
  await one('ours');
  const field = (t: Timeline) => t.marks['field@frame']! - t.click;
  const line = (t: Timeline) => t.marks['bare-line@frame']! - t.click;
  const ratios = () => ours.map((o, i) => field(o) / line(bare[i]!));
  for (let batch = runs; batch > 0;) {
    for (let r = 0; r < batch; r++) {
      const order = (ours.length + r) % 2 ? (['bare', 'ours'] as const) : (['ours', 'bare'] as const);
      for (const which of order) (which === 'ours' ? ours : bare).push(await one(which));
    }
    batch = verdict(ratios(), GOAL) === 'noisy' ? Math.min(runs, 3 * runs - ours.length) : 0;
  }
  const x = ratios();
  const [q1, q3] = quartiles(x);
  const v = verdict(x, GOAL);
  const mOurs = median(ours.map(field));
  const mBare = median(bare.map(line));
  const medianPhases = (ts: Timeline[]) => {
    const all = ts.map(phases);
    const names = [...new Set(all.flatMap((p) => Object.keys(p)))];
    return Object.fromEntries(
      names
        .map((n) => [n, median(all.map((p) => p[n]).filter((v): v is number => v !== undefined && Number.isFinite(v)))] as const)
        .sort((a, b) => a[1] - b[1]),
    );
  };
  const pOurs = medianPhases(ours);
  const pBare = medianPhases(bare);
  const show = (p: Record<string, number>) =>
    Object.entries(p)
      .filter(([n]) => !n.endsWith('@frame') || n.startsWith('field') || n.startsWith('bare'))
      .map(([n, ms]) => `${n} ${ms.toFixed(0)}`)
      .join(', ');
  log(`  panel vs bare: ${fmtMs(mOurs)} vs ${fmtMs(mBare)} (${v})`);
  log(`  ours, ms after the click (medians): ${show(pOurs)}`);
  log(`  bare, ms after the click (medians): ${show(pBare)}`);
  const reply = median(bare.map((t) => t.marks['bare-reply@frame']! - t.click));
  const header = median(ours.map((t) => t.marks['header@frame']! - t.click));
  return [
    {
      section: '4 Table details',
      measure:
        "panel open against VS Code's floor: click on a 20-column table's row to its first schema field on screen vs click on a bare panel's row (same side bar, one nonce script) to the line its script draws",
      value: `${fmtMs(mOurs)} vs ${fmtMs(mBare)} (middle half of ${x.length} rounds ${q1.toFixed(2)}–${q3.toFixed(2)}x)`,
      ratio: median(x),
      goal: goalText(GOAL),
      met: v === 'met',
      verdict: v,
      data: { ours: ours.map(phases), bare: bare.map(phases), medians: { ours: pOurs, bare: pBare } },
    },
    {
      section: '4 Table details',
      measure:
        "the same panels to the first thing the host sent on screen: our header vs the bare panel's answered line (its script's ready, the host's answer)",
      value: `${fmtMs(header)} vs ${fmtMs(reply)}`,
      ratio: header / reply,
    },
  ];
}
