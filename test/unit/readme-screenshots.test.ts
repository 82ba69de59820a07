import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { docsDir, README_SCREENSHOTS } from '../../scripts/readme-screenshots';

test('every screenshot the README shows exists and is copied from a UI test by npm run screenshots', () => {
  const readme = fs.readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');
  const shown = [...readme.matchAll(/\(docs\/screenshots\/([\w-]+)\.png\)/g)].map((m) => m[1]!);
  assert.ok(shown.length > 0, 'the README shows screenshots');
  assert.deepEqual([...new Set(shown)].sort(), Object.keys(README_SCREENSHOTS).sort());
  for (const name of shown) assert.ok(fs.existsSync(path.join(docsDir, `${name}.png`)), `docs/screenshots/${name}.png`);
});
