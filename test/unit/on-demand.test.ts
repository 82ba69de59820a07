// The extension's on-demand chunk (scripts/onDemand.mjs): what activation does not run is in dist/lazy/onDemand.js,
// which takes every module the bundle has from the bundle, so that a class or a state is never there twice.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';

// The build scripts are ES modules: imported, not required.
const scripts = () => import('../../scripts/onDemand.mjs');

const FIXTURE = 'test/fixtures/on-demand';
const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'silent' } as const;

test('the chunk loads on the first require only, and uses the bundle’s classes and state, not copies', async () => {
  const { buildExtension, modulesOf } = await scripts();
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'nsb-on-demand-'));
  try {
    const built = await buildExtension(common, { entry: `${FIXTURE}/main.ts`, onDemand: [`${FIXTURE}/later.ts`], outdir });
    assert.deepEqual([...built.shared], [`${FIXTURE}/shared.ts`]);
    assert.ok(!modulesOf(built.chunk).has(`${FIXTURE}/shared.ts`), 'the chunk carries no copy of shared.ts');
    assert.ok(!modulesOf(built.bundle).has(`${FIXTURE}/later.ts`), 'the bundle carries no copy of later.ts');
    assert.ok(fs.existsSync(path.join(outdir, 'lazy', 'onDemand.js')));

    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const main = require(path.join(outdir, 'main.js')) as typeof import('../fixtures/on-demand/main');
    assert.equal(main.state.chunkEvaluations, 0, 'requiring the bundle does not evaluate the chunk');
    assert.ok(main.make() instanceof main.Marker, "the chunk's Marker is the bundle's class");
    assert.ok(main.make() instanceof main.Marker);
    assert.equal(main.state.chunkEvaluations, 1, 'the chunk is evaluated once, and it changed the bundle’s state');
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
});

test('a static import of an on-demand module is refused, naming both files', async () => {
  const { buildExtension } = await scripts();
  await assert.rejects(buildExtension(common, { entry: `${FIXTURE}/eager.ts`, onDemand: [`${FIXTURE}/later.ts`], write: false }), (e: Error) =>
    e.message.includes(`${FIXTURE}/eager.ts imports the on-demand module ${FIXTURE}/later.ts statically`),
  );
});

test('the extension: the bundle has no on-demand module and the chunk none of the bundle’s modules', async () => {
  const { buildExtension, modulesOf, ON_DEMAND } = await scripts();
  const built = await buildExtension({ ...common, minify: true }, { write: false });
  const bundle = modulesOf(built.bundle);
  const chunk = modulesOf(built.chunk);
  for (const m of ON_DEMAND) {
    assert.ok(!bundle.has(m), `${m} is not in dist/extension.js`);
    assert.ok(chunk.has(m), `${m} is in dist/lazy/onDemand.js`);
  }
  assert.deepEqual(
    [...chunk.keys()].filter((m) => bundle.has(m)),
    [],
  );
  assert.ok(built.shared.has('src/core/errors.ts'), 'the chunk takes CatalogError from the bundle');
});
