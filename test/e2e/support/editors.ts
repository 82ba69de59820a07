// The VS Code releases the editor tests run in, pinned in scripts/runtimes.json, first the one that runs every test.
// Each is a code-server on the Node its extension host needs.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** One VS Code release, as code-server. */
export interface Editor {
  /** How scripts and NSB_EDITORS name it: `newest`, `floor`. */
  name: string;
  vscode: string;
  codeServer: string;
  /** The Node code-server runs on: a version installed from the registry (scripts/ensure-node.sh), or `system`. */
  node: string;
  /** For test titles, so a reader of the log sees which editor a result came from: "VS Code 1.100.3". */
  title: string;
}

const runtimes = path.resolve(__dirname, '../../../scripts/runtimes.json');

/**
 * Every editor in scripts/runtimes.json. Every in-host suite runs in each; every UI test runs in the first, and in
 * the others only the UI tests marked `floor` (see uiSuite.ts).
 */
export const ALL_EDITORS: readonly Editor[] = (JSON.parse(fs.readFileSync(runtimes, 'utf8')) as { editors: Omit<Editor, 'title'>[] }).editors.map((e) => ({
  ...e,
  title: `VS Code ${e.vscode}`,
}));

/**
 * The editors this run tests: all of them, or those NSB_EDITORS names (comma-separated, e.g. `newest`) for a quicker
 * local run. An unknown name is an error, never an empty run.
 */
export function editors(): readonly Editor[] {
  const names = process.env.NSB_EDITORS?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!names) return ALL_EDITORS;
  const unknown = names.filter((n) => !ALL_EDITORS.some((e) => e.name === n));
  if (unknown.length) throw new Error(`NSB_EDITORS names no editor ${unknown.join(', ')}; there are: ${ALL_EDITORS.map((e) => e.name).join(', ')}`);
  return ALL_EDITORS.filter((e) => names.includes(e.name));
}

/** The editor of `name`. */
export function editor(name: string): Editor {
  const found = ALL_EDITORS.find((e) => e.name === name);
  if (!found) throw new Error(`no editor ${name} in scripts/runtimes.json`);
  return found;
}
