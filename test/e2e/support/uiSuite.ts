// A UI test file runs once per editor. It takes `before`, `after` and `test` from uiSuite('what it shows') instead
// of node:test; they are collected while the file loads, then registered under one describe per editor titled with
// its VS Code version ("the Catalogs tree · VS Code 1.139.1"), so the file's own module-level state (the page, the
// servers) serves one editor at a time. The first editor of scripts/runtimes.json runs every test; the others (the
// floor of engines.vscode) only the tests marked `floor: true`.
import { after as nodeAfter, before as nodeBefore, describe, test as nodeTest, type TestOptions } from 'node:test';
import { ALL_EDITORS, editors, type Editor } from './editors';

type Body = () => void | Promise<void>;

/** node:test's options, plus whether the test also runs on the floor editor (VS Code 1.100). */
export interface UiTestOptions extends TestOptions {
  /**
   * Also run on the floor. The floor runs the smallest set that still covers adding a connection, the tree, a
   * details panel and the inspector; everything else runs on the newest VS Code only, to keep CI time in check.
   */
  floor?: boolean;
}

export interface UiSuite {
  before(fn: Body): void;
  after(fn: Body): void;
  test(name: string, options: UiTestOptions, fn: Body): void;
  /** The editor the running hook or test is in: pass it to startCodeServer. */
  editor(): Editor;
}

export function uiSuite(title: string): UiSuite {
  const hooks: { kind: 'before' | 'after'; fn: Body }[] = [];
  const tests: { name: string; options: UiTestOptions; fn: Body }[] = [];
  let current: Editor | undefined;
  // Registered once the file has loaded (a top-level registration after module evaluation is still before the run).
  setImmediate(() => {
    for (const e of editors()) {
      const chosen = e === ALL_EDITORS[0] ? tests : tests.filter((t) => t.options.floor);
      if (chosen.length === 0) continue;
      describe(`${title} · ${e.title}`, () => {
        nodeBefore(() => {
          current = e;
        });
        for (const h of hooks) (h.kind === 'before' ? nodeBefore : nodeAfter)(h.fn);
        for (const t of chosen) {
          const { floor: _floor, ...options } = t.options;
          nodeTest(t.name, options, t.fn);
        }
      });
    }
  });
  return {
    before: (fn) => void hooks.push({ kind: 'before', fn }),
    after: (fn) => void hooks.push({ kind: 'after', fn }),
    test: (name, options, fn) => void tests.push({ name, options, fn }),
    editor: () => {
      if (!current) throw new Error(`${title}: editor() is known only inside a hook or test`);
      return current;
    },
  };
}
