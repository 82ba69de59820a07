// Arrow rows read exactly: the IPC reader (file and stream, batches, nulls) and the exact text, JSON and CSV forms
// of every kind of value. Property-based where a rule can be checked against an independent computation.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { Dictionary, Field, Int32, List, makeData, makeVector, Struct, Table, tableToIPC, Utf8, vectorFromArray } from 'apache-arrow';
import { cellOf, DETAIL_LIMITS, GRID_LIMITS } from '../../src/core/arrow/cells';
import { readArrowIpc } from '../../src/core/arrow/decode';
import { columnKeys, jsonValueText, rowJson, rowsCsv, rowsJson } from '../../src/core/arrow/rows';
import {
  csvField,
  decimalText,
  float16FromBits,
  floatText,
  jsonOf,
  roundToFloat16,
  scalarText,
  summaryText,
  timestampText,
  typeName,
  type ValueField,
} from '../../src/core/arrow/values';
import { CatalogError } from '../../src/core/errors';

const RUNS = 2000;

describe('reading Arrow IPC', () => {
  const batch = (ids: bigint[], names: (string | null)[], xs: (number[] | null)[]) =>
    new Table({
      id: makeVector(BigInt64Array.from(ids)),
      name: vectorFromArray(names, new Utf8()),
      xs: vectorFromArray(xs, new List(new Field('item', new Int32(), true))),
    });
  const table = batch([2n ** 63n - 1n, -(2n ** 63n)], ['a', null], [[1, 2], null]).concat(batch([9007199254740993n], [''], [[]]));

  for (const format of ['file', 'stream'] as const) {
    test(`an IPC ${format} of two batches: every row, int64 exact, null apart from the empty string`, () => {
      const rows = readArrowIpc(tableToIPC(table, format));
      assert.equal(rows.format, format);
      assert.equal(rows.length, 3);
      assert.deepEqual(
        rows.fields.map((f) => [f.name, typeName(f), f.nullable]),
        [
          ['id', 'int64', false],
          ['name', 'string', true],
          ['xs', 'list<item: int32>', true],
        ],
      );
      assert.deepEqual(rows.row(0), [9223372036854775807n, 'a', [1, 2]]);
      assert.deepEqual(rows.row(1), [-9223372036854775808n, null, null]);
      assert.deepEqual(rows.row(2), [9007199254740993n, '', []]);
      assert.equal(rows.value(2, 0), 9007199254740993n);
      assert.throws(() => rows.row(3), RangeError);
    });
  }

  test('a dictionary column reads as its values; a struct as its fields', () => {
    const dict = vectorFromArray(['x', 'y', 'x', null], new Dictionary(new Utf8(), new Int32()));
    const struct = makeData({
      type: new Struct([new Field('a', new Int32()), new Field('b', new Utf8())]),
      length: 4,
      nullCount: 1,
      nullBitmap: Uint8Array.of(0b1011),
      children: [vectorFromArray([1, 2, 3, 4], new Int32()).data[0]!, vectorFromArray(['p', 'q', 'r', 's'], new Utf8()).data[0]!],
    });
    const t = new Table({ d: dict, s: makeVector(struct) } as never);
    const rows = readArrowIpc(tableToIPC(t, 'file'));
    assert.equal(typeName(rows.fields[0]!), 'dictionary<values=string, indices=int32, ordered=0>');
    assert.deepEqual(
      [0, 1, 2, 3].map((i) => rows.value(i, 0)),
      ['x', 'y', 'x', null],
    );
    assert.deepEqual(
      [0, 1, 2, 3].map((i) => rows.value(i, 1)),
      [[1, 'p'], [2, 'q'], null, [4, 's']],
    );
  });

  test('what is not Arrow IPC is a protocol error that says how large it was', () => {
    for (const bytes of [new Uint8Array(0), Buffer.from('{"error":"nope"}'), Buffer.from('ARROW1\0\0garbage')]) {
      assert.throws(
        () => readArrowIpc(bytes),
        (e: unknown) => e instanceof CatalogError && e.kind === 'protocol' && e.message.includes(`${bytes.byteLength} bytes`),
      );
    }
  });

  test('apache-arrow loads when rows are read, not when a connection opens', () => {
    const script = `const { createRuntime } = require(${JSON.stringify(join(__dirname, '../../src/core/runtime.ts'))});
      const arrow = () => Object.keys(require.cache).filter((k) => /node_modules[\\\\/]apache-arrow[\\\\/]/.test(k)).length;
      const runtime = createRuntime();
      runtime.open({ id: 'c', name: 'c', protocol: 'lance-rest', uri: 'http://127.0.0.1:9', auth: { type: 'none', settings: {} } }, {}).dispose();
      const before = arrow();
      try { require(${JSON.stringify(join(__dirname, '../../src/core/arrow/decode.ts'))}).readArrowIpc(new Uint8Array(8)); } catch {}
      process.stdout.write(JSON.stringify({ before, after: arrow() }));`;
    const out = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: join(__dirname, '../..'), encoding: 'utf8' })) as {
      before: number;
      after: number;
    };
    assert.equal(out.before, 0, 'opening a connection loads no Arrow');
    assert.ok(out.after > 0, 'reading rows loads it');
  });
});

describe('exact text of values', () => {
  test('decimals: every digit of the unscaled integer at its scale', () => {
    assert.equal(decimalText(12345n, 3), '12.345');
    assert.equal(decimalText(-5n, 3), '-0.005');
    assert.equal(decimalText(0n, 2), '0.00');
    assert.equal(decimalText(12n, -3), '12000');
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 76n), max: 10n ** 76n }), fc.integer({ min: 0, max: 40 }), (n, scale) => {
        const text = decimalText(n, scale);
        assert.match(text, scale ? new RegExp(`^-?\\d+\\.\\d{${scale}}$`) : /^-?\d+$/);
        assert.equal(BigInt(text.replace('.', '')), n);
      }),
      { numRuns: RUNS },
    );
  });

  test('float32 and float16: the shortest text that reads back as the same value, the even one on a tie', () => {
    assert.equal(floatText(Math.fround(0.1), 32), '0.1');
    assert.equal(floatText(Math.fround(-287756.125), 32), '-287756.12'); // a tie: 287756.12 and .13 are equally near
    assert.equal(floatText(Math.fround(1e-45), 32), '1e-45');
    assert.equal(floatText(-0, 32), '-0');
    assert.equal(floatText(NaN, 64), 'NaN');
    assert.equal(floatText(float16FromBits(0x7bff), 16), '65500');
    fc.assert(
      fc.property(fc.float({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const text = floatText(x, 32);
        if (Object.is(x, -0)) return;
        assert.equal(Math.fround(Number(text)), x);
        const digits = text.replace(/^-/, '').replace(/e.*$/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
        if (digits.length > 1) assert.notEqual(Math.fround(Number(x.toPrecision(digits.length - 1))), x, `${text} is not the shortest`);
      }),
      { numRuns: RUNS },
    );
    for (let bits = 0; bits < 0x10000; bits++) {
      const v = float16FromBits(bits);
      if (!Number.isFinite(v)) continue;
      assert.equal(roundToFloat16(Number(floatText(v, 16))), v, `float16 0x${bits.toString(16)}`);
    }
  });

  test('timestamps: ISO 8601 with every digit of the unit, UTC as Z, zones as their offset then', () => {
    assert.equal(timestampText(-1n, 'ns', 'Asia/Tokyo'), '1970-01-01T08:59:59.999999999+09:00');
    assert.equal(timestampText(0n, 's', undefined), '1970-01-01T00:00:00');
    assert.equal(timestampText(1720000000000123n, 'us', '+05:30'), '2024-07-03T15:16:40.000123+05:30');
    assert.equal(timestampText(-3786825600n, 's', 'America/New_York'), '1849-12-31T19:03:58-04:56:02'); // local mean time, before 1883
    assert.equal(timestampText(0n, 'ms', 'Mars/Olympus'), '1970-01-01T00:00:00.000Z [Mars/Olympus]');
    fc.assert(
      fc.property(fc.bigInt({ min: -62135596800000n, max: 253402300799999n }), (ms) => {
        assert.equal(timestampText(ms, 'ms', 'UTC'), new Date(Number(ms)).toISOString());
      }),
      { numRuns: RUNS },
    );
    // With a zone: the text names the same instant (Date parses the offset independently of how it was found).
    const zones = ['America/New_York', 'Europe/Paris', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Pacific/Chatham', 'UTC'];
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 4102444800000n }), fc.constantFrom(...zones), (ms, zone) => {
        assert.equal(BigInt(Date.parse(timestampText(ms, 'ms', zone))), ms);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('rows as JSON, CSV and cells', () => {
  const f = (name: string, type: ValueField['type'], nullable = true): ValueField => ({ name, type, nullable });
  const int64 = f('id', { kind: 'int', bits: 64, signed: true });
  const text = f('text', { kind: 'utf8', variant: 'utf8' });
  const bin = f('bin', { kind: 'binary', variant: 'binary' });
  const vec = f('vec', { kind: 'list', variant: 'fixed_size_list', size: 4, item: f('item', { kind: 'float', bits: 32 }) });
  const map = f('m', { kind: 'map', key: f('key', { kind: 'utf8', variant: 'utf8' }, false), value: f('value', { kind: 'int', bits: 64, signed: true }) });

  test('JSON: int64 as exact strings, binary as base64, maps as key/value pairs, -0 keeps its sign', () => {
    assert.equal(jsonOf(int64, 9007199254740993n), '9007199254740993');
    assert.equal(jsonOf(bin, Uint8Array.of(0, 255)), 'AP8=');
    assert.deepEqual(
      jsonOf(map, [
        ['k', 1n],
        ['k', null],
      ]),
      [
        { key: 'k', value: '1' },
        { key: 'k', value: null },
      ],
    );
    assert.equal(jsonValueText([-0, 0, { x: -0 }]), '[-0.0,0,{"x":-0.0}]');
  });

  test('row objects: duplicate names are kept apart, a column named __proto__ is data', () => {
    const fields = [int64, { ...text, name: 'id' }, { ...text, name: '__proto__' }];
    const keys = columnKeys(fields);
    assert.deepEqual(keys, ['id', 'id (2)', '__proto__']);
    const row = rowJson(fields, keys, [1n, 'x', 'y']);
    assert.equal(jsonValueText(row), '{"id":"1","id (2)":"x","__proto__":"y"}');
  });

  test('CSV: null is empty, the empty string is "", quotes, commas, newlines and edge spaces are quoted', () => {
    assert.equal(csvField(text, null), '');
    assert.equal(csvField(text, ''), '""');
    assert.equal(csvField(text, 'a,b'), '"a,b"');
    assert.equal(csvField(text, 'say "hi"'), '"say ""hi"""');
    assert.equal(csvField(text, 'two\nlines'), '"two\nlines"');
    assert.equal(csvField(text, ' padded'), '" padded"');
    assert.equal(csvField(bin, Uint8Array.of(1, 2)), 'AQI=');
    assert.equal(
      rowsCsv(
        [int64, text],
        [
          [1n, 'x'],
          [null, null],
        ],
      ),
      'id,text\r\n1,x\r\n,\r\n',
    );
  });

  test('cells: long text cut with its length, vectors summarised, lists cut with their size', () => {
    assert.deepEqual(cellOf(text, 'x'.repeat(5000)), { s: 'x'.repeat(GRID_LIMITS.chars), n: 5000 });
    assert.equal(cellOf(text, 'x'.repeat(5000), DETAIL_LIMITS), 'x'.repeat(5000));
    assert.equal(cellOf(text, ''), '');
    assert.equal(cellOf(text, null), null);
    const v = Array.from({ length: 768 }, (_, i) => Math.fround(i / 10));
    assert.deepEqual(cellOf(vec, v), { v: v.slice(0, GRID_LIMITS.dims).map((x) => floatText(x, 32)), n: 768 });
    assert.equal(summaryText(vec, v, 40), '[0, 0.1, 0.2, … 768 dims]');
    assert.equal(summaryText(text, 'a\nb\tc', 40), 'a⏎b→c');
    assert.equal(scalarText(int64, null), 'NULL');
    const list = f('l', { kind: 'list', variant: 'list', item: int64 });
    assert.deepEqual(
      cellOf(
        list,
        Array.from({ length: 50 }, (_, i) => BigInt(i)),
      ),
      { l: Array.from({ length: GRID_LIMITS.items }, (_, i) => String(i)), n: 50 },
    );
  });

  test('rowsJson: columns with their Arrow type, rows in order', () => {
    const set = readArrowIpc(tableToIPC(new Table({ id: makeVector(BigInt64Array.of(1n, 2n)) } as never), 'stream'));
    assert.deepEqual(JSON.parse(JSON.stringify(rowsJson([set], set.fields))), {
      columns: [{ name: 'id', type: 'int64', nullable: false }],
      rows: [{ id: '1' }, { id: '2' }],
    });
  });
});
