import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { identifierPathSegment, joinIdentifier, splitIdentifier } from '../../src/core/lance/identifier';
import { encodeQuery, encodeRfc3986 } from '../../src/core/transport/encoding';
import { CatalogError } from '../../src/core/errors';

const decodeSegment = (segment: string, delimiter: string) => splitIdentifier(decodeURIComponent(segment), delimiter);

test('the root namespace is the delimiter alone', () => {
  assert.equal(joinIdentifier([], '$'), '$');
  assert.equal(identifierPathSegment([], '$'), '%24');
  assert.deepEqual(splitIdentifier('$', '$'), []);
});

test('identifier parts with reserved and non-ASCII characters survive a round trip as one path segment', () => {
  const cases: string[][] = [
    ['sales', 'emea', 'orders'],
    ['raw data', 'events 2024'],
    ['données', 'température'],
    ['a%b', 'c#d', 'e?f', 'g+h', 'i/j'],
    ['日本語', '🙂'],
    ['%24', '%2F'],
  ];
  for (const id of cases) {
    const segment = identifierPathSegment(id, '$');
    assert.doesNotMatch(segment, /[/?# +$]/, `segment ${segment} must not contain raw reserved characters`);
    assert.deepEqual(decodeSegment(segment, '$'), id);
  }
});

test('a space is %20 and a plus is %2B, never +', () => {
  assert.equal(encodeRfc3986('a b+c'), 'a%20b%2Bc');
  assert.equal(
    encodeQuery([
      ['page_token', 'x y'],
      ['limit', '10'],
    ]),
    'page_token=x%20y&limit=10',
  );
  assert.equal(encodeRfc3986("!'()*"), '%21%27%28%29%2A');
});

test('a join that a multi-character delimiter would make ambiguous is rejected', () => {
  assert.throws(
    () => joinIdentifier(['a:', ':b'], '::'),
    (e: unknown) => e instanceof CatalogError && /ambiguous/.test(e.message),
  );
  assert.equal(joinIdentifier(['a', 'b'], '::'), 'a::b');
});

test('a name containing the delimiter is rejected with a message that names the fix', () => {
  assert.throws(
    () => joinIdentifier(['a$b'], '$'),
    (e: unknown) => e instanceof CatalogError && e.kind === 'invalid-input' && /delimiter/.test(e.message),
  );
});

test('property: encode then decode is the identity for any parts without the delimiter (10,000 cases)', () => {
  const delimiters = fc.constantFrom('$', '.', '::', '|');
  fc.assert(
    fc.property(delimiters, fc.array(fc.string({ unit: 'grapheme', minLength: 1 }), { minLength: 1, maxLength: 6 }), (delimiter, parts) => {
      fc.pre(parts.every((p) => !p.includes(delimiter)));
      let segment: string;
      try {
        segment = identifierPathSegment(parts, delimiter);
      } catch (e) {
        // Only a multi-character delimiter can make a join ambiguous, and then it must say so.
        assert.ok(e instanceof CatalogError && e.kind === 'invalid-input' && delimiter.length > 1, String(e));
        return;
      }
      assert.ok(/^[A-Za-z0-9\-._~%]*$/.test(segment), `only unreserved or escapes: ${segment}`);
      assert.deepEqual(decodeSegment(segment, delimiter), parts);
    }),
    { numRuns: 10_000 },
  );
});
