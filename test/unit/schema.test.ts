import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseArrowSchema } from '../../src/core/lance/schema';
import { CatalogError } from '../../src/core/errors';

const f = (name: string, type: unknown, nullable = true, metadata?: Record<string, string>) => ({ name, type, nullable, ...(metadata ? { metadata } : {}) });
const t = (type: string, extra: Record<string, unknown> = {}) => ({ type, ...extra });

test('every Arrow type the Lance converter names is shown, nested types keep their children', () => {
  const primitives = [
    'null',
    'bool',
    'int8',
    'uint8',
    'int16',
    'uint16',
    'int32',
    'uint32',
    'int64',
    'uint64',
    'float16',
    'float32',
    'float64',
    'date32',
    'date64',
    'time32',
    'time64',
    'timestamp',
    'duration',
    'interval',
    'utf8',
    'large_utf8',
    'binary',
    'large_binary',
    'union',
  ];
  const schema = {
    metadata: { owner: 'x' },
    fields: [
      ...primitives.map((p) => f(p, t(p))),
      f('dec', t('decimal128', { length: 10002 })),
      f('dec256', t('decimal256', { length: 38010 })),
      f('dec32', t('decimal32', { length: 9000 })),
      f('dec64', t('decimal64', { length: 18004 })),
      f('fsb', t('fixed_size_binary', { length: 16 })),
      f('tags', t('list', { fields: [f('item', t('utf8'))] }), false),
      f('big', t('large_list', { fields: [f('item', t('int64'))] })),
      f('vec', t('fixed_size_list', { length: 4, fields: [f('item', t('float32'), false)] }), true, { 'lance:embedding': 'true' }),
      f('attrs', t('map', { fields: [f('entries', t('struct', { fields: [f('key', t('utf8'), false), f('value', t('int32'))] }), false)] })),
      f('address', t('struct', { fields: [f('city', t('utf8')), f('geo', t('struct', { fields: [f('lat', t('float64'))] }))] })),
      f('dict', t('dictionary', { fields: [f('value', t('utf8'))] })),
      f('future', t('some_new_type')),
    ],
  };
  const parsed = parseArrowSchema(schema);
  const byName = new Map(parsed.fields.map((x) => [x.name, x]));
  for (const p of primitives) assert.equal(byName.get(p)?.type, p);
  assert.equal(byName.get('dec')?.type, 'decimal128(10, 2)');
  assert.equal(byName.get('dec256')?.type, 'decimal256(38, 10)');
  assert.equal(byName.get('dec32')?.type, 'decimal32(9, 0)');
  assert.equal(byName.get('dec64')?.type, 'decimal64(18, 4)');
  assert.equal(byName.get('fsb')?.type, 'fixed_size_binary[16]');
  assert.equal(byName.get('tags')?.type, 'list<utf8>');
  assert.equal(byName.get('tags')?.nullable, false);
  assert.equal(byName.get('big')?.type, 'large_list<int64>');
  assert.equal(byName.get('vec')?.type, 'fixed_size_list<float32>[4]');
  assert.deepEqual(byName.get('vec')?.metadata, { 'lance:embedding': 'true' });
  assert.equal(byName.get('vec')?.children?.[0]?.nullable, false);
  assert.equal(byName.get('attrs')?.type, 'map<utf8, int32>');
  assert.equal(byName.get('attrs')?.children?.[0]?.children?.length, 2);
  assert.equal(byName.get('address')?.type, 'struct');
  assert.equal(byName.get('address')?.children?.[1]?.children?.[0]?.name, 'lat');
  assert.equal(byName.get('dict')?.type, 'dictionary<utf8>');
  assert.equal(byName.get('future')?.type, 'some_new_type');
  assert.deepEqual(parsed.metadata, { owner: 'x' });
});

test('a missing schema is an empty field list, not an error', () => {
  assert.deepEqual(parseArrowSchema(undefined).fields, []);
});

test('malformed schemas become protocol errors', () => {
  for (const bad of [
    'x',
    [],
    { fields: 'no' },
    { fields: [1] },
    { fields: [{ name: 'a', nullable: true }] },
    { fields: [{ name: 'a', type: { fields: [] } }] },
  ]) {
    assert.throws(
      () => parseArrowSchema(bad),
      (e: unknown) => e instanceof CatalogError && e.kind === 'protocol',
      JSON.stringify(bad),
    );
  }
});

test('a schema nested 200 levels deep parses; 5,000 levels is a protocol error, not a stack overflow', () => {
  const nest = (depth: number) => {
    let type: unknown = t('int32');
    for (let i = 0; i < depth; i++) type = t('struct', { fields: [f(`s${i}`, type)] });
    return { fields: [f('root', type)] };
  };
  let node = parseArrowSchema(nest(200)).fields[0];
  let depth = 0;
  while (node?.children?.length) {
    node = node.children[0];
    depth++;
  }
  assert.equal(depth, 200);
  assert.throws(
    () => parseArrowSchema(nest(5000)),
    (e: unknown) => e instanceof CatalogError && /nested more than/.test(e.message),
  );
});
