// The layer rules of eslint.config.mjs, and its rule for `require` (scripts/eslintOnDemand.mjs), fire where they
// should: the project's own config, run on small sources placed (by name only: nothing is written) in each folder.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { ESLint } from 'eslint';

const root = path.resolve(__dirname, '../..');

async function lintErrors(file: string, source: string, rule = 'no-restricted-imports'): Promise<string[]> {
  const config = (await import(path.join(root, 'eslint.config.mjs'))) as { typedRules: Record<string, string> };
  // The fixtures are not files of a tsconfig project, so the type-aware rules (tested by `npm run lint` itself) are off.
  const eslint = new ESLint({
    cwd: root,
    overrideConfig: [
      {
        files: ['**/*.ts'],
        languageOptions: { parserOptions: { projectService: false } },
        rules: Object.fromEntries(Object.keys(config.typedRules).map((r) => [r, 'off'])),
      },
    ],
  });
  const [result] = await eslint.lintText(source, { filePath: path.join(root, file) });
  assert.ok(result, 'no lint result');
  const fatal = result.messages.filter((m) => m.fatal);
  assert.deepEqual(fatal, [], 'the fixture must parse');
  return result.messages.filter((m) => m.ruleId === rule).map((m) => m.message);
}

const cases: { file: string; source: string; fires: RegExp | false }[] = [
  { file: 'src/core/fixture.ts', source: `import * as vscode from 'vscode';\nexport const w = vscode.window;\n`, fires: /plain Node/ },
  { file: 'src/core/auth/fixture.ts', source: `import type * as vscode from 'vscode';\nexport type W = typeof vscode.window;\n`, fires: /plain Node/ },
  { file: 'src/core/fixture.ts', source: `import { readSettings } from '../extension/settings';\nexport const s = readSettings;\n`, fires: /nothing above it/ },
  { file: 'src/core/fixture.ts', source: `import { join } from 'node:path';\nexport const j = join;\n`, fires: false },
  {
    file: 'src/core/transport/fixture.ts',
    source: `import type { AuthSession } from '../auth/provider';\nexport type S = AuthSession;\n`,
    fires: /ground floor/,
  },
  {
    file: 'src/core/transport/fixture.ts',
    source: `import type { CatalogProtocolDescriptor } from '../protocol';\nexport type P = CatalogProtocolDescriptor;\n`,
    fires: /ground floor/,
  },
  { file: 'src/core/records.ts', source: `import { LanceRestClient } from './lance/client';\nexport const c = LanceRestClient;\n`, fires: /ground floor/ },
  { file: 'src/core/records.ts', source: `import * as vscode from 'vscode';\nexport const w = vscode.window;\n`, fires: /plain Node/ },
  { file: 'src/core/transport/fixture.ts', source: `import type { AuthSession } from '../authContract';\nexport type S = AuthSession;\n`, fires: false },
  { file: 'src/cli/fixture.ts', source: `import { window } from 'vscode';\nexport const w = window;\n`, fires: /plain Node/ },
  { file: 'src/webview/fixture.ts', source: `import { CatalogError } from '../core/errors';\nexport const e = CatalogError;\n`, fires: /never code/ },
  { file: 'src/webview/fixture.ts', source: `import { renderShell } from '../extension/panels/html';\nexport const r = renderShell;\n`, fires: /never code/ },
  { file: 'src/webview/fixture.ts', source: `import type { CatalogErrorKind } from '../core/errors';\nexport type K = CatalogErrorKind;\n`, fires: false },
  { file: 'src/webview/fixture.ts', source: `import { type DetailsData } from './protocol';\nexport type D = DetailsData;\n`, fires: false },
  { file: 'src/webview/fixture.ts', source: `import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n`, fires: /Node built-ins/ },
  { file: 'src/webview/fixture.ts', source: `import * as path from 'path';\nexport const p = path;\n`, fires: /Node built-ins/ },
  { file: 'src/webview/fixture.ts', source: `import { readFile } from 'fs/promises';\nexport const r = readFile;\n`, fires: /Node built-ins/ },
  { file: 'src/webview/fixture.ts', source: `import * as vscode from 'vscode';\nexport const v = vscode;\n`, fires: /only by messages/ },
  { file: 'src/webview/fixture.ts', source: `import { h } from './dom';\nexport const x = h;\n`, fires: false },
  {
    file: 'src/extension/panels/fixture.ts',
    source: `import { statusClass } from '../../webview/protocol';\nexport const s = statusClass;\n`,
    fires: /only types/,
  },
  {
    file: 'src/extension/panels/fixture.ts',
    source: `import type { DetailsToHost } from '../../webview/protocol';\nexport type M = DetailsToHost;\n`,
    fires: false,
  },
  { file: 'src/extension/fixture.ts', source: `import * as vscode from 'vscode';\nexport const w = vscode.window;\n`, fires: false },
  { file: 'test/unit/fixture.ts', source: `import * as vscode from 'vscode';\nexport const w = vscode.window;\n`, fires: false },
];

for (const c of cases) {
  test(`${c.file}: ${c.source.split('\n')[0]} ${c.fires ? 'is refused' : 'is allowed'}`, async () => {
    const errors = await lintErrors(c.file, c.source);
    if (c.fires === false) assert.deepEqual(errors, []);
    else {
      assert.equal(errors.length, 1, JSON.stringify(errors));
      assert.match(errors[0]!, c.fires);
    }
  });
}

// `require` reaches an on-demand module, inside the function that needs it; nothing else.
const requires: { file: string; source: string; fires: RegExp | false }[] = [
  {
    file: 'src/core/auth/sigv4/provider.ts',
    source: `export function f() {\n  return require('./session') as typeof import('./session');\n}\n`,
    fires: false,
  },
  {
    file: 'src/extension/network.ts',
    source: `export const f = () => require('../core/transport/systemCertificates') as unknown;\n`,
    fires: false,
  },
  { file: 'src/core/auth/sigv4/provider.ts', source: `export const s = require('./session') as unknown;\n`, fires: /top level runs at activation/ },
  { file: 'src/core/auth/fixture.ts', source: `export function f() {\n  return require('./registry') as unknown;\n}\n`, fires: /not of an on-demand module/ },
  { file: 'src/core/fixture.ts', source: `export function f() {\n  return require('node:fs') as unknown;\n}\n`, fires: /not of an on-demand module/ },
  { file: 'src/core/fixture.ts', source: `export function f(m: string) {\n  return require(m) as unknown;\n}\n`, fires: /written out/ },
  { file: 'src/core/fixture.ts', source: `import fs = require('node:fs');\nexport const r = fs.readFileSync;\n`, fires: /loads at activation/ },
  { file: 'src/core/lazy/fixture.ts', source: `export const u = require('undici/lib/api') as unknown;\n`, fires: false },
];

for (const c of requires) {
  test(`${c.file}: ${c.source
    .split('\n')
    .find((l) => l.includes('require'))!
    .trim()} ${c.fires ? 'is refused' : 'is allowed'}`, async () => {
    const errors = await lintErrors(c.file, c.source, 'nsb/on-demand-require');
    if (c.fires === false) assert.deepEqual(errors, []);
    else {
      assert.equal(errors.length, 1, JSON.stringify(errors));
      assert.match(errors[0]!, c.fires);
    }
  });
}
