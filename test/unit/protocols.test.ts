// The protocol registry is the one place that knows the protocols: each descriptor is complete and consistent, the
// manifest's enum equals it, and outside the registry and each protocol's own folder almost nothing names a protocol.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import type { ConnectionConfig } from '../../src/core/connection';
import { connectionFieldProblems } from '../../src/core/connectionCheck';
import { CatalogError } from '../../src/core/errors';
import { DEFAULT_PROTOCOL, PROTOCOLS, protocolFields, protocolIds, protocolLabel, requireProtocol } from '../../src/core/protocols';
import { parseArgs, UsageError } from '../../src/cli/args';

const root = path.resolve(__dirname, '../..');

function filesUnder(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const file = path.posix.join(dir, e.name);
    if (e.isDirectory()) return filesUnder(file);
    return e.name.endsWith('.ts') ? [file] : [];
  });
}

/** Where a protocol may be named: the registry, and the protocol's own folder. */
const REGISTRY = 'src/core/protocols.ts';
const FOLDERS: Record<string, string> = { 'lance-rest': 'src/core/lance/', 'iceberg-rest': 'src/core/iceberg/' };

/**
 * Files outside the registry and the protocol folders that spell a protocol id as a string. Adding a protocol should
 * touch its folder and one registry line; each file listed here is one more place to edit. The wizard's presets
 * are data that names the protocol of each preset, so they are expected here.
 */
const ALLOWED = ['src/extension/connections/presets.ts'];
const MAX_FILES_NAMING_A_PROTOCOL = 2;

describe('the protocol registry', () => {
  test('every descriptor has a unique id, its labels, a URI field and consistent field descriptors', () => {
    assert.deepEqual(protocolIds(), ['lance-rest', 'iceberg-rest']);
    assert.equal(DEFAULT_PROTOCOL, 'lance-rest', 'connections made before there were two protocols are Lance');
    for (const p of PROTOCOLS) {
      assert.ok(FOLDERS[p.id], `${p.id} has a folder of its own in this test's map`);
      assert.ok(p.label.trim() && p.title.trim(), p.id);
      const uri = p.fields.find((f) => f.key === 'uri');
      assert.ok(uri?.required && uri.cli.flag === '--uri', `${p.id}: a required uri field set by --uri`);
      assert.equal(new Set(p.fields.map((f) => f.key)).size, p.fields.length, `${p.id}: a field twice`);
      for (const f of p.fields) {
        assert.match(f.cli.flag, /^--[a-z][a-z-]*$/, `${p.id}.${f.key}`);
        assert.ok(f.label.trim() && f.prompt.trim() && f.cli.help.trim(), `${p.id}.${f.key}: words`);
        assert.ok(f.required || f.ask === 'optional' || f.ask === 'step', `${p.id}.${f.key}`);
      }
    }
    // A field two protocols read means the same thing to both: one flag.
    for (const { field, protocols } of protocolFields()) {
      for (const id of protocols) assert.equal(requireProtocol(id).fields.find((f) => f.key === field.key)!.cli.flag, field.cli.flag, `${id}.${field.key}`);
    }
  });

  test("package.json's namespaceBrowser.connections enum is the registry's ids, default first", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      contributes: { configuration: { properties: Record<string, { items: { properties: { protocol: { enum: string[]; default: string } } } }> } };
    };
    const protocol = pkg.contributes.configuration.properties['namespaceBrowser.connections']!.items.properties.protocol;
    assert.deepEqual(protocol.enum, protocolIds());
    assert.equal(protocol.default, DEFAULT_PROTOCOL);
  });

  test(`at most ${MAX_FILES_NAMING_A_PROTOCOL} files outside the registry and the protocol folders name a protocol id`, () => {
    const ids = protocolIds();
    const naming = filesUnder('src').filter((file) => {
      if (file === REGISTRY || Object.values(FOLDERS).some((folder) => file.startsWith(folder))) return false;
      const text = fs.readFileSync(path.join(root, file), 'utf8');
      return ids.some((id) => new RegExp(`['"\`]${id}['"\`]`).test(text));
    });
    assert.ok(naming.length <= MAX_FILES_NAMING_A_PROTOCOL, `files naming a protocol: ${naming.join(', ')}`);
    for (const file of naming) assert.ok(ALLOWED.includes(file), `${file} names a protocol id; read it from src/core/protocols.ts instead`);
  });

  test('an unknown protocol is an error that names it and the known ones', () => {
    assert.throws(
      () => requireProtocol('unity-rest'),
      (e: unknown) => e instanceof CatalogError && e.kind === 'config' && /"unity-rest"/.test(e.message) && /lance-rest, iceberg-rest/.test(e.message),
    );
    assert.equal(protocolLabel('iceberg-rest'), 'Iceberg REST');
    assert.equal(protocolLabel('unity-rest'), 'unity-rest', 'an unknown id is shown as it is');
  });

  test('each protocol reads back the identifiers it writes (parse ∘ display = identity), 10,000 cases each', () => {
    const connection = (protocol: string, delimiter?: string) => ({ protocol, delimiter }) as ConnectionConfig;
    const part = fc.string({ unit: 'grapheme', minLength: 0, maxLength: 8 });
    const iceberg = requireProtocol('iceberg-rest').identifiers;
    fc.assert(
      fc.property(fc.array(part, { maxLength: 5 }), (id) => {
        fc.pre(id.length === 0 || !(id.length === 1 && id[0] === '')); // the root is the empty text
        const c = connection('iceberg-rest');
        assert.deepEqual(iceberg.parse(iceberg.display(id, c), c), id);
      }),
      { numRuns: 10_000 },
    );
    const lance = requireProtocol('lance-rest').identifiers;
    fc.assert(
      fc.property(
        fc.constantFrom('$', '.', '::'),
        fc.array(
          part.filter((p) => p !== ''),
          { maxLength: 5 },
        ),
        (delimiter, id) => {
          fc.pre(id.every((p) => !p.includes(delimiter) && !p.includes(delimiter[0]!)));
          const c = connection('lance-rest', delimiter);
          assert.deepEqual(lance.parse(lance.display(id, c), c), id);
        },
      ),
      { numRuns: 10_000 },
    );
    assert.equal(iceberg.display(['db', 'odd.name', ''], connection('iceberg-rest')), 'db.`odd.name`.``');
    for (const bad of ['a..b', '`a', '`a`b', 'a.', 'a`b']) assert.throws(() => iceberg.parse(bad, connection('iceberg-rest')), CatalogError, bad);
  });

  test('every operation the Lance adapter sends by POST is a read the registry names, and a spec operation', () => {
    const lance = requireProtocol('lance-rest');
    const spec = fs.readFileSync(path.join(root, 'src/core/lance/generated/spec.ts'), 'utf8');
    const specOperations = new Set([...spec.matchAll(/^ {4}([A-Z][A-Za-z]+): \{$/gm)].map((m) => m[1]!));
    for (const op of lance.readOperations) assert.ok(specOperations.has(op), `${op} is not an operation of the Lance spec`);
    const sent = filesUnder('src/core/lance')
      .filter((f) => !f.includes('/generated/'))
      .flatMap((f) =>
        [...fs.readFileSync(path.join(root, f), 'utf8').matchAll(/operation: '([A-Za-z]+)',\s*method: '([A-Z]+)'/g)].map((m) => ({ op: m[1]!, method: m[2]! })),
      );
    assert.ok(sent.length >= 8, `found ${sent.length} calls`);
    for (const { op, method } of sent) {
      assert.ok(specOperations.has(op), `${op} is not an operation of the Lance spec`);
      if (method !== 'GET') assert.ok(lance.readOperations.has(op), `${op} is sent by ${method}: is it a read (add it to readOperations) or a write?`);
    }
  });
});

describe('connection fields come from the registry', () => {
  test("a field of the other protocol is named, in a file and as a flag; the check reads the registry's lists", () => {
    assert.deepEqual(connectionFieldProblems({ uri: 'http://x', delimiter: '$' }, 'iceberg-rest'), [
      '"delimiter" is read only by lance-rest connections, and this one is iceberg-rest',
    ]);
    assert.deepEqual(connectionFieldProblems({ uri: 'http://x', warehouse: 'w', prefix: 'p' }, 'iceberg-rest'), []);
    assert.match(
      connectionFieldProblems({ prefx: 'p' }, 'iceberg-rest')[0]!,
      /^unknown field "prefx" \(fields: id, name, protocol, uri, delimiter, warehouse, prefix, auth, /,
    );
    assert.deepEqual(connectionFieldProblems({ warehouse: 3 }, 'iceberg-rest'), ['"warehouse" should be a string, got number']);
  });

  test('nsb takes each protocol field as a flag, checked by its descriptor', () => {
    assert.deepEqual(parseArgs(['--uri', 'http://127.0.0.1:1', '--protocol', 'iceberg-rest', '--warehouse', 'w', '--prefix', 'dev', 'ls']).fields, {
      uri: 'http://127.0.0.1:1',
      warehouse: 'w',
      prefix: 'dev',
    });
    assert.equal(parseArgs(['--delimiter', ' ', 'ls']).fields.delimiter, ' ', 'a delimiter is taken as typed');
    assert.throws(
      () => parseArgs(['--prefix', '  ', 'ls']),
      (e: unknown) => e instanceof UsageError && e.message === '--prefix cannot be empty',
    );
    assert.throws(
      () => parseArgs(['--prefix', '//', 'ls']),
      (e: unknown) => e instanceof UsageError && /only slashes/.test(e.message),
    );
    assert.throws(
      () => parseArgs(['--uri', 'ftp://x', 'ls']),
      (e: unknown) => e instanceof UsageError && /^--uri: Use an http/.test(e.message),
    );
    assert.throws(
      () => parseArgs(['--protocol', 'unity-rest', 'ls']),
      (e: unknown) => e instanceof UsageError && e.message === '--protocol must be lance-rest or iceberg-rest, not "unity-rest"',
    );
  });
});
