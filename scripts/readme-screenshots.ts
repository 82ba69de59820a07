// `npm run screenshots`: copies the README's screenshots from the last UI test run in the newest VS Code (the first
// editor of scripts/runtimes.json; what most users see) into docs/screenshots. Run the UI tests first.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ALL_EDITORS } from '../test/e2e/support/editors';
import { screenshotDir } from '../test/e2e/support/workbench';

/** README image (docs/screenshots/NAME.png) ← the UI test's screenshot of the same view. */
export const README_SCREENSHOTS: Record<string, string> = {
  'table-details': 'panel-table-details',
  'request-inspector': 'panel-inspector',
  'access-denied': 'tree-access-denied',
  'add-connection': 'connection-wizard-secret',
  'preview-grid': 'preview-grid',
  'table-details-light': 'panel-table-details-light',
  'request-inspector-light': 'panel-inspector-light',
};

export const docsDir = path.resolve(__dirname, '..', 'docs', 'screenshots');

function main(): void {
  const editor = ALL_EDITORS[0]!;
  const from = path.join(screenshotDir, `vscode-${editor.vscode}`);
  const missing = Object.values(README_SCREENSHOTS).filter((name) => !fs.existsSync(path.join(from, `${name}.png`)));
  if (missing.length) {
    console.error(`no ${missing.join(', ')} in ${from}: run the UI tests (npm run test:e2e) first`);
    process.exit(1);
  }
  for (const [readme, test] of Object.entries(README_SCREENSHOTS)) {
    fs.copyFileSync(path.join(from, `${test}.png`), path.join(docsDir, `${readme}.png`));
    console.log(`docs/screenshots/${readme}.png ← ${path.relative(process.cwd(), path.join(from, `${test}.png`))}`);
  }
}

if (require.main === module) main();
