import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { NAMESPACE_SEPARATOR, namespaceParam, namespacePathSegment } from '../../src/core/iceberg/identifier';
import { encodeQuery } from '../../src/core/transport/encoding';
import { CatalogError } from '../../src/core/errors';
import { outcome } from '../support/hostileOutcomes';

/** Iceberg's multi-level namespaces: encode, then decode as the server does, is the identity. */

const RUNS = 10_000;

/** How Iceberg's RESTUtil.decodeNamespace reads the `{namespace}` path segment: split on `%1F`, URL-decode each part. */
function decodeNamespace(segment: string): string[] {
  return segment.split('%1F').map((p) => decodeURIComponent(p));
}

const part = fc.string({ unit: 'binary', maxLength: 12 }).filter((s) => !s.includes(NAMESPACE_SEPARATOR));
const namespace = fc.array(part, { minLength: 1, maxLength: 5 });

test('Iceberg namespace path segment: decode(encode(ns)) = ns, and the segment is one path segment', () => {
  fc.assert(
    fc.property(namespace, (ns) => {
      const segment = namespacePathSegment(ns);
      assert.match(segment, /^[A-Za-z0-9\-._~%]*$/, 'only unreserved characters and escapes: no "/", "?" or "#"');
      assert.deepEqual(decodeNamespace(segment), ns);
    }),
    { numRuns: RUNS },
  );
  outcome(
    'property-based',
    `Iceberg namespace %1F encoding: ${RUNS.toLocaleString('en')} generated namespaces`,
    'decoded as the server decodes it, each is the same namespace',
  );
});

test('Iceberg parent= query value: the encoded query decodes back to the same namespace', () => {
  fc.assert(
    fc.property(namespace, (ns) => {
      const query = encodeQuery([['parent', namespaceParam(ns)]]);
      const value = new URLSearchParams(query).get('parent')!;
      assert.deepEqual(value.split(NAMESPACE_SEPARATOR), ns);
    }),
    { numRuns: RUNS },
  );
});

test('a namespace part holding 0x1F is refused instead of addressing another namespace', () => {
  assert.throws(
    () => namespacePathSegment(['db', 'a\x1Fb']),
    (e: unknown) => e instanceof CatalogError && e.kind === 'invalid-input' && /unit separator/.test(e.message),
  );
  assert.throws(() => namespaceParam(['a\x1Fb']), CatalogError);
});
