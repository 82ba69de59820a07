// `npm run lint`: the layers of the project as rules (the README's Layout), plus correctness rules. Run by `npm test`.
import js from '@eslint/js';
import { builtinModules } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import tseslint from 'typescript-eslint';
import { onDemandRequire } from './scripts/eslintOnDemand.mjs';

/** `fs`, `node:fs`, `fs/promises`...: nothing of Node exists in a webview. */
const nodeBuiltins = [...new Set(builtinModules.map((m) => m.replace(/^node:/, '')))];
const nodeBuiltinRegex = `^(node:.*|(${nodeBuiltins.map((m) => m.replace(/[/]/g, '\\/')).join('|')})(\\/.*)?)$`;

const coreRules = {
  paths: [{ name: 'vscode', message: 'src/core runs under plain Node (the CLI, the unit tests): no vscode here.' }],
  patterns: [{ regex: '(^|/)(extension|webview|cli)(/|$)', message: 'src/core imports nothing above it (extension, webview, cli).' }],
};

/** The ground floor of src/core: the transport, the request records and the contracts they share. */
export const groundFloor = ['src/core/transport/**/*.ts', 'src/core/records.ts', 'src/core/authContract.ts', 'src/core/lineDiff.ts'];

/** Rules for the layers, one entry per folder: each entry is complete (flat config replaces a rule's options). */
export const layerRules = {
  core: coreRules,
  ground: {
    paths: coreRules.paths,
    patterns: [
      ...coreRules.patterns,
      {
        regex: '(^|/)(auth|lance|iceberg)(/|$)|(^|/)(catalog|runtime|protocols?|curl|connectionCheck)$',
        message:
          'the transport and the request records are the ground floor: they share contracts (authContract.ts), never a provider, a protocol or the catalog built on them.',
      },
    ],
  },
  cli: {
    paths: [{ name: 'vscode', message: 'the CLI runs under plain Node: no vscode here.' }],
    patterns: [{ regex: '(^|/)(extension|webview)(/|$)', message: 'the CLI is built on src/core only.' }],
  },
  extension: {
    patterns: [
      {
        regex: '(^|/)webview(/|$)',
        allowTypeImports: true,
        message: 'the extension host shares only types with the webviews (src/webview/protocol.ts); browser code stays out of the host bundle.',
      },
      { regex: '(^|/)cli(/|$)', message: 'the extension does not import the CLI; share through src/core.' },
    ],
  },
  webview: {
    paths: [{ name: 'vscode', message: 'a webview talks to the host only by messages (src/webview/protocol.ts).' }],
    patterns: [
      {
        regex: '(^|/)(core|extension|cli)(/|$)',
        allowTypeImports: true,
        message: 'a webview may import types from src/core and src/extension, never code: it runs in the browser, not the extension host.',
      },
      { regex: nodeBuiltinRegex, message: 'Node built-ins do not exist in a webview.' },
    ],
  },
};

/** Rules that need the type checker; on for src/ (the tests' `test(...)` calls return promises node:test awaits). */
export const typedRules = {
  '@typescript-eslint/no-floating-promises': 'error',
  '@typescript-eslint/no-misused-promises': 'error',
  '@typescript-eslint/await-thenable': 'error',
};

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'test-results/**', '.cache/**', 'src/core/*/generated/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // TypeScript checks names (and knows the DOM and Node globals per tsconfig); ESLint's own check does not.
      'no-undef': 'off',
      // `_x` marks a deliberately unused binding, e.g. a property split off with a rest pattern.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-throw-literal': 'error',
      'no-self-compare': 'error',
      'no-template-curly-in-string': 'error',
      'no-unmodified-loop-condition': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      '@typescript-eslint/no-import-type-side-effects': 'error',
      // A closure that reads a binding assigned just below it (the transport's fetch) is not a missed `const`.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // Finding and escaping control characters in server text and names is part of this project's job.
      'no-control-regex': 'off',
    },
  },
  {
    files: ['src/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: dirname(fileURLToPath(import.meta.url)) } },
    rules: typedRules,
  },
  { files: ['src/core/**/*.ts'], rules: { 'no-restricted-imports': ['error', layerRules.core] } },
  { files: groundFloor, rules: { 'no-restricted-imports': ['error', layerRules.ground] } },
  { files: ['src/cli/**/*.ts'], rules: { 'no-restricted-imports': ['error', layerRules.cli] } },
  { files: ['src/extension/**/*.ts'], rules: { 'no-restricted-imports': ['error', layerRules.extension] } },
  { files: ['src/webview/**/*.ts'], rules: { 'no-restricted-imports': ['error', layerRules.webview] } },
  {
    // `require` in our sources reaches an on-demand module, inside the function that needs it (scripts/onDemand.mjs);
    // this rule says so where the generic one could only refuse.
    files: ['src/**/*.ts'],
    plugins: { nsb: { rules: { 'on-demand-require': onDemandRequire } } },
    rules: { '@typescript-eslint/no-require-imports': 'off', 'nsb/on-demand-require': 'error' },
  },
  {
    // The library chunks are `require`d on first use, so that activation loads none of them (scripts/build.mjs).
    files: ['src/core/lazy/**/*.ts'],
    rules: { 'nsb/on-demand-require': 'off' },
  },
  {
    // Plain Node scripts (the build) and CommonJS helpers.
    files: ['**/*.mjs', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
