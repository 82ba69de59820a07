// int64 values travel exactly: parsed as text beyond 2^53, BigInts in the core, digits in JSON output.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { hasDigitRun, int64, int64AsText, parseJsonExact, stringifyJson } from '../../src/core/int64';
import { prettyJson } from '../../src/webview/prettyJson';
import { optionalNumber } from '../../src/core/validate';

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Whether a JSON value holds a whole number a double cannot hold exactly (parseJsonExact keeps those as text). */
function hasUnsafeInteger(v: unknown): boolean {
  if (typeof v === 'number') return Number.isInteger(v) && !Number.isSafeInteger(v);
  if (Array.isArray(v)) return v.some(hasUnsafeInteger);
  return !!v && typeof v === 'object' && Object.values(v).some(hasUnsafeInteger);
}

describe('parseJsonExact', () => {
  test('integers beyond 2^53 become their exact digits; everything else is JSON.parse', () => {
    const text =
      '{"a":5414903734668045955,"b":-9223372036854775808,"c":9007199254740991,"d":9007199254740992,"e":1.5e300,"f":"12345678901234567890","g":[18446744073709551615, 0.1]}';
    assert.deepEqual(parseJsonExact(text), {
      a: '5414903734668045955',
      b: '-9223372036854775808',
      c: 9007199254740991,
      d: '9007199254740992',
      e: 1.5e300,
      f: '12345678901234567890',
      g: ['18446744073709551615', 0.1],
    });
  });

  test('digits inside strings, escaped quotes and keys are left alone', () => {
    const text = '{"k\\"12345678901234567890":"x \\" 98765432109876543210 \\\\","n":12345678901234567890}';
    assert.deepEqual(parseJsonExact(text), { 'k"12345678901234567890': 'x " 98765432109876543210 \\', n: '12345678901234567890' });
  });

  test('invalid JSON stays invalid', () => {
    assert.throws(() => parseJsonExact('{"a": 12345678901234567890'));
    assert.throws(() => parseJsonExact('{"a": 1234567890123456789x}'));
  });

  test('property: any int64 in any position survives exactly; JSON without big integers parses as JSON.parse does', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(2n ** 63n), max: 2n ** 64n - 1n }),
        fc.jsonValue().filter((v) => !hasUnsafeInteger(v)),
        (id, other) => {
          const text = `{"id":${id},"other":${JSON.stringify(other)},"list":[${id}]}`;
          const parsed = parseJsonExact(text) as { id: unknown; other: unknown; list: unknown[] };
          const exact = id >= -MAX_SAFE && id <= MAX_SAFE ? Number(id) : id.toString();
          assert.equal(parsed.id, exact);
          assert.equal(parsed.list[0], exact);
          assert.equal(int64(parsed.id), id);
          assert.deepEqual(parsed.other, JSON.parse(JSON.stringify(other)));
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('int64 and optionalNumber', () => {
  test('int64 takes whole numbers and digit text, nothing rounded or made up', () => {
    assert.equal(int64(42), 42n);
    assert.equal(int64('5414903734668045955'), 5414903734668045955n);
    assert.equal(int64(' -7 '), -7n);
    assert.equal(int64(2 ** 60), undefined, 'a number beyond 2^53 may already be rounded: refused');
    assert.equal(int64(1.5), undefined);
    assert.equal(int64('1e3'), undefined);
    assert.equal(int64(''), undefined);
    assert.equal(int64(null), undefined);
  });

  test('optionalNumber refuses whole-number text beyond 2^53 (callers keep the text)', () => {
    assert.equal(optionalNumber('9007199254740991'), 9007199254740991);
    assert.equal(optionalNumber('9007199254740993'), undefined);
    assert.equal(optionalNumber('1.5'), 1.5);
    assert.equal(optionalNumber('1e300'), 1e300);
  });
});

describe('stringifyJson and prettyJson', () => {
  test('a BigInt is written as a JSON number with every digit, at any depth, with indentation', () => {
    const value = { version: 5414903734668045955n, list: [{ v: -9223372036854775808n }], text: 'x' };
    assert.equal(stringifyJson(value), '{"version":5414903734668045955,"list":[{"v":-9223372036854775808}],"text":"x"}');
    assert.equal(
      stringifyJson(value, 2),
      '{\n  "version": 5414903734668045955,\n  "list": [\n    {\n      "v": -9223372036854775808\n    }\n  ],\n  "text": "x"\n}',
    );
    assert.equal(stringifyJson({ a: 1 }), '{"a":1}');
  });

  test('a string that looks like a marker stays a string', () => {
    const tricky = { s: '~int64~abc~123', n: 1n };
    assert.deepEqual(JSON.parse(stringifyJson(tricky)), { s: '~int64~abc~123', n: 1 });
  });

  test('property: stringifyJson then parseJsonExact gives the same ids back', () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }), { maxLength: 20 }), (ids) => {
        const back = parseJsonExact(stringifyJson({ ids })) as { ids: unknown[] };
        assert.deepEqual(back.ids.map(int64), ids);
      }),
    );
  });

  test("the inspector's prettyJson re-indents an answer keeping every token as written", () => {
    assert.equal(prettyJson('{"snapshot-id":5414903734668045955,"n":[1,2]}'), '{\n  "snapshot-id": 5414903734668045955,\n  "n": [\n    1,\n    2\n  ]\n}');
    assert.equal(prettyJson('{"s":"a, \\"b\\": [c]","e":{},"l":[ ]}'), '{\n  "s": "a, \\"b\\": [c]",\n  "e": {},\n  "l": []\n}');
    assert.equal(prettyJson('{"cut": 12'), '{"cut": 12', 'not JSON (a cut-short preview): as it is');
  });

  test("property: the inspector's prettyJson is JSON.stringify(…, null, 2) wherever that is exact", () => {
    fc.assert(
      fc.property(
        fc.jsonValue().filter((v) => !hasUnsafeInteger(v)),
        (v) => {
          const text = JSON.stringify(v);
          assert.equal(prettyJson(text), JSON.stringify(JSON.parse(text), null, 2));
        },
      ),
      { numRuns: 2000 },
    );
  });

  test('int64AsText: BigInts become decimal text for plain-JSON channels (webview messages)', () => {
    const out = int64AsText({ version: 9007199254740993n, versions: [{ version: 1n }], name: 'x', n: 3 });
    assert.deepEqual(out, { version: '9007199254740993', versions: [{ version: '1' }], name: 'x', n: 3 });
    assert.doesNotThrow(() => JSON.stringify(out));
  });
});

describe('hasDigitRun', () => {
  test('finds a run of 16 digits wherever it starts, and never a run of 15', () => {
    for (let len = 15; len <= 17; len++) {
      for (let at = 0; at < 40; at++) {
        const text = `${'a'.repeat(at)}${'7'.repeat(len)}${'b'.repeat(40 - at)}`;
        assert.equal(hasDigitRun(text, 16), len >= 16, `a run of ${len} at ${at}`);
      }
    }
    assert.equal(hasDigitRun('', 16), false);
    assert.equal(hasDigitRun('1234567890123456', 16), true);
  });

  test('agrees with /\\d{16}/ on texts full of short and long digit runs', () => {
    let seed = 42;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 2000; i++) {
      let text = '';
      while (text.length < 200) text += rand() < 0.7 ? String(Math.floor(rand() * 10)).repeat(1 + Math.floor(rand() * 9)) : '",';
      assert.equal(hasDigitRun(text, 16), /\d{16}/.test(text), text);
    }
  });
});
