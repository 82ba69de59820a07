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
  /** html, loading, header, field, bare-line, bare-reply (and each @frame), message:TYPE, message:section:NAME. */
  marks: Record<string, number>;
  /** Resource loads of the content frame by file name: start and end. */
  resources: Record<string, { start: number; end: number }>;
}

/** Runs in every frame the page creates from now on; only the webview frames record anything. */
function instrument(): void {
  const w = window as unknown as Record<string, unknown>;
  const now = () => performance.timeOrigin + performance.now();
  if (location.pathname.endsWith('/webview/browser/pre/index.html')) {
    w['__nsbBenchOuter'] = performance.timeOrigin;
    return;
  }
  if (!location.pathname.endsWith('/fake.html')) return;
  const marks: Record<string, number> = {};
  w['__nsbBench'] = { origin: performance.timeOrigin, marks };
  const at = (name: string) => {
    if (name in marks) return;
    marks[name] = now();
    requestAnimationFrame(() => (marks[`${name}@frame`] = now()));
  };
  let listening = false;
  const seen: [string, string][] = [
    ['loading', 'body[data-panel] .loading'],
    ['header', 'body[data-panel] #app > :not(.loading)'],
    ['field', '.field-name'],
    ['bare-line', '#bare-line'],
    ['bare-reply', '#bare-reply'],
  ];
  // VS Code writes the panel's HTML into this document (document.open/write): the observer on the document node
  // survives that, listeners on the window do not, so the message listener is added once the HTML is there.
  new MutationObserver(() => {
    const body = document.body;
    if (!body?.dataset['panel'] && !body?.dataset['bench']) return;
    at('html');
    if (!listening) {
      listening = true;
      window.addEventListener(
        'message',
        (e: MessageEvent<{ type?: unknown; name?: unknown }>) => {
          const type = e.data?.type;
          if (typeof type === 'string') at(`message:${type === 'section' ? `section:${String(e.data.name)}` : type}`);
        },
        true,
      );
    }
    for (const [name, selector] of seen) if (!(name in marks) && document.querySelector(selector)) at(name);
  }).observe(document, { childList: true, subtree: true });
}

export async function instrumentPage(page: Page): Promise<void> {
  await page.addInitScript(instrument);
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
      if (!frame.url().includes('/fake.html')) continue;
      const got = await frame
        .evaluate((done) => {
          const b = (window as unknown as { __nsbBench?: { marks: Record<string, number> } }).__nsbBench;
          if (!b || !(`${done}@frame` in b.marks)) return undefined;
          const resources: Record<string, { start: number; end: number }> = {};
          for (const e of performance.getEntriesByType('resource') as PerformanceResourceTiming[]) {
            const name = new URL(e.name).pathname.split('/').pop()!;
            resources[name] = { start: performance.timeOrigin + e.startTime, end: performance.timeOrigin + e.responseEnd };
          }
          return { contentFrame: performance.timeOrigin, marks: b.marks, resources };
        }, done)
        .catch(() => undefined);
      if (!got) continue;
      const outerFrame = ((await frame
        .parentFrame()
        ?.evaluate(() => (window as unknown as Record<string, number>)['__nsbBenchOuter'])
        .catch(() => undefined)) ?? NaN) as number;
      const click = await page.evaluate(() => (window as unknown as Record<string, number>)['__nsbClick']!);
      return { click, outerFrame, ...got };
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
