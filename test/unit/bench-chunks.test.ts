// The bench's chunk-duplication row: which package a bundled input belongs to, and which packages two chunks carry.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { duplicates, packageOf, packagesPerChunk } from '../../bench/chunks';

test('an input belongs to its innermost node_modules package, scoped or not; our sources to none', () => {
  assert.equal(packageOf('node_modules/undici/lib/fetch/index.js'), 'undici');
  assert.equal(packageOf('node_modules/@smithy/core/dist-cjs/index.js'), '@smithy/core');
  assert.equal(packageOf('node_modules/@aws-sdk/core/node_modules/@smithy/core/dist-cjs/index.js'), '@smithy/core');
  assert.equal(packageOf('src/core/lazy/awsSigning.ts'), undefined);
});

test("a package in two chunks is a duplicate with each chunk's bytes; one in a single chunk or tree-shaken away is not", () => {
  const out = (inputs: Record<string, number>) => ({
    bytes: 0,
    imports: [],
    exports: [],
    entryPoint: '',
    inputs: Object.fromEntries(Object.entries(inputs).map(([k, bytesInOutput]) => [k, { bytesInOutput }])),
  });
  const meta = {
    inputs: {},
    outputs: {
      'dist/lazy/a.js': out({ 'node_modules/x/a.js': 100, 'node_modules/x/b.js': 20, 'node_modules/y/i.js': 5, 'src/core/lazy/a.ts': 3 }),
      'dist/lazy/b.js': out({ 'node_modules/x/a.js': 100, 'node_modules/z/i.js': 7, 'node_modules/y/i.js': 0 }),
      'dist/lazy/a.js.map': out({ 'node_modules/z/i.js': 7 }),
    },
  };
  assert.deepEqual(duplicates(packagesPerChunk(meta)), [
    {
      pkg: 'x',
      chunks: [
        ['a', 120],
        ['b', 100],
      ],
    },
  ]);
});
