// The connection wizard without its UI: presets as data (derive and recognise are inverses), the steps in order with
// computed numbers and the values "Fix a Step…" lists, and how answers become a connection and back (Edit).
import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { registerBuiltinProviders } from '../../src/core/auth/builtins';
import { AuthProviderRegistry } from '../../src/core/auth/registry';
import type { ConnectionConfig } from '../../src/core/connection';
import { PROTOCOLS, protocolIds } from '../../src/core/protocols';
import { askedFields, fieldProblem } from '../../src/extension/connections/fields';
import { PRESETS, presetById, presetOf, presets, type PresetEntry } from '../../src/extension/connections/presets';
import { buildConnection, emptyState, offerDerivedSettings, planWizard, stateFor, type WizardState } from '../../src/extension/connections/wizardPlan';

const registry = new AuthProviderRegistry();
registerBuiltinProviders(registry);
const descriptorsOf = (state: WizardState) => registry.descriptors(state.authType, state.auth) ?? [];
const plan = (state: WizardState) => planWizard(state, descriptorsOf(state), registry.get(state.authType)?.displayName ?? state.authType);
const build = (state: WizardState, stored = {}) => buildConnection(state, descriptorsOf(state), 'c1', stored);

function state(over: Partial<WizardState>): WizardState {
  return { ...emptyState(), name: 'Catalog', ...over };
}

describe('presets are data', () => {
  test('the wizard offers PRESETS in order, each complete; every protocol has at least one', () => {
    const all = presets();
    assert.deepEqual(
      all.map((p) => p.id),
      ['lance', 'iceberg', 's3tables', 'glue', 'biglake'],
    );
    for (const p of all) {
      assert.ok(protocolIds().includes(p.protocol), p.id);
      assert.ok(registry.get(p.auth), `${p.id}: its provider ${p.auth} is registered`);
      assert.ok(p.fields.length > 0 && p.fields.every((f) => f.key && f.label && f.prompt), `${p.id}: fields with words`);
      assert.equal(new Set(p.fields.map((f) => f.key)).size, p.fields.length, `${p.id}: a field twice`);
    }
    for (const id of protocolIds())
      assert.ok(
        all.some((p) => p.protocol === id),
        `${id} has a preset`,
      );
    // A generic preset asks its protocol's own step fields, read from the protocol descriptor.
    assert.deepEqual(
      presetById('iceberg').fields.map((f) => f.key),
      ['uri', 'warehouse'],
    );
    assert.deepEqual(
      presetById('lance').fields.map((f) => f.key),
      ['uri'],
    );
    assert.equal(presetById('lance').fields[0]!.prompt, 'The Lance REST Namespace server URL');
  });

  test('a protocol without an entry gets a generic preset from its descriptor: a new preset is one entry', () => {
    const onlyLance = PRESETS.filter((p) => p.protocol === 'lance-rest');
    const all = presets(onlyLance);
    const generic = all.find((p) => p.protocol === 'iceberg-rest')!;
    const iceberg = PROTOCOLS.find((p) => p.id === 'iceberg-rest')!;
    assert.equal(generic.label, iceberg.title);
    assert.deepEqual(
      generic.fields.map((f) => f.key),
      ['uri', 'warehouse'],
    );
    assert.deepEqual(generic.derive({ uri: 'https://x', warehouse: 'w' }), { fields: { uri: 'https://x', warehouse: 'w' }, auth: {} });
    const polaris: PresetEntry = { id: 'polaris', label: 'Polaris', description: 'Apache Polaris', protocol: 'iceberg-rest', auth: 'oauth2' };
    const withPolaris = presets([...PRESETS, polaris]);
    assert.equal(withPolaris.at(-1)!.id, 'polaris');
    assert.deepEqual(
      withPolaris.at(-1)!.fields.map((f) => f.key),
      ['uri', 'warehouse'],
      'an entry without fields asks its protocol’s',
    );
  });

  test('cloud presets derive the URI, warehouse and auth settings, and recognise what they made', () => {
    assert.deepEqual(presetById('s3tables').derive({ region: 'us-west-2', arn: 'arn:aws:s3tables:us-west-2:123456789012:bucket/b' }), {
      fields: { uri: 'https://s3tables.us-west-2.amazonaws.com/iceberg', warehouse: 'arn:aws:s3tables:us-west-2:123456789012:bucket/b' },
      auth: { region: 'us-west-2', service: 's3tables' },
    });
    assert.deepEqual(presetById('glue').derive({ region: 'eu-west-1', account: '123456789012' }), {
      fields: { uri: 'https://glue.eu-west-1.amazonaws.com/iceberg', warehouse: '123456789012' },
      auth: { region: 'eu-west-1', service: 'glue' },
    });
    assert.deepEqual(presetById('biglake').derive({ project: 'my-proj', warehouse: 'gs://bucket' }), {
      fields: { uri: 'https://biglake.googleapis.com/iceberg/v1/restcatalog', warehouse: 'gs://bucket' },
      auth: { quotaProject: 'my-proj' },
    });
    const c = (protocol: string, uri: string, extra: Partial<ConnectionConfig> = {}) =>
      ({ id: 'x', name: 'x', protocol, uri, auth: { type: 'none' }, ...extra }) as ConnectionConfig;
    assert.deepEqual(presetOf(c('iceberg-rest', 'https://glue.eu-west-1.amazonaws.com/iceberg', { warehouse: '123456789012' })), {
      preset: presetById('glue'),
      answers: { region: 'eu-west-1', account: '123456789012' },
    });
    assert.equal(presetOf(c('iceberg-rest', 'https://s3tables.eu-west-1.amazonaws.com/iceberg/')).preset.id, 's3tables');
    assert.equal(presetOf(c('iceberg-rest', 'https://s3tables.eu-west-1.amazonaws.com/iceberg/v1')).preset.id, 'iceberg', 'only the endpoint itself');
    assert.equal(presetOf(c('iceberg-rest', 'http://localhost:8181')).preset.id, 'iceberg');
    assert.equal(presetOf(c('lance-rest', 'http://localhost:2333')).preset.id, 'lance');
    assert.equal(presetOf(c('lance-rest', 'https://glue.eu-west-1.amazonaws.com/iceberg')).preset.id, 'glue', 'the URI decides, as before');
  });

  test('a field is checked by its descriptor: the URI by the core check, a preset field by its own, the required ones empty too', () => {
    const uri = presetById('iceberg').fields.find((f) => f.key === 'uri')!;
    assert.equal(fieldProblem(uri, ' https://glue.us-east-1.amazonaws.com/iceberg '), undefined);
    assert.match(fieldProblem(uri, '')!, /Enter the catalog URL/);
    assert.match(fieldProblem(uri, 'localhost:2333')!, /http:\/\/ or https:\/\//);
    assert.match(fieldProblem(uri, 'https://u:p@x.example')!, /credentials out of the URL/);
    assert.match(uri.warn!('http://catalog.corp')!, /^Plain http:\/\/ to catalog.corp/);
    assert.equal(
      fieldProblem(
        presetById('iceberg').fields.find((f) => f.key === 'warehouse')!,
        '',
      ),
      undefined,
      'the warehouse may be left to the catalog',
    );
    const [region, arn] = presetById('s3tables').fields;
    assert.match(fieldProblem(region!, 'US East')!, /is not an AWS region/);
    assert.match(fieldProblem(region!, '')!, /is not an AWS region/);
    assert.equal(fieldProblem(region!, 'eu-central-1'), undefined);
    assert.match(fieldProblem(arn!, 'arn:aws:s3:::bucket')!, /table bucket ARN/);
    const [prefix] = askedFields('iceberg-rest', 'optional');
    assert.equal(prefix!.key, 'prefix');
    assert.match(fieldProblem(prefix!, ' // ')!, /only slashes/);
    assert.equal(fieldProblem(prefix!, ''), undefined);
    const [delimiter] = askedFields('lance-rest', 'optional');
    assert.equal(fieldProblem(delimiter!, ' '), undefined, 'a delimiter may be a space');
  });
});

describe('the steps of the wizard', () => {
  test('numbered by position: preset, name, the preset’s fields, provider, its settings, optional', () => {
    const lance = plan(state({ preset: 'lance', authType: 'none' }));
    assert.deepEqual(
      lance.map((s) => s.id),
      ['preset', 'name', 'field:uri', 'provider', 'optional'],
    );
    const s3 = state({ preset: 's3tables', authType: 'sigv4', auth: { credentials: 'static' } });
    assert.deepEqual(
      plan(s3).map((s) => s.id),
      [
        'preset',
        'name',
        'field:region',
        'field:arn',
        'provider',
        'setting:region',
        'setting:service',
        'setting:credentials',
        'setting:accessKeyId',
        'setting:secretAccessKey',
        'setting:sessionToken',
        'optional',
      ],
    );
    // An answer that takes settings out renumbers what follows: profile credentials ask one setting, not three.
    s3.auth['credentials'] = 'profile';
    assert.deepEqual(
      plan(s3)
        .slice(-3)
        .map((s) => s.id),
      ['setting:credentials', 'setting:profile', 'optional'],
    );
  });

  test('"Fix a Step…" lists every step with what it holds now, the URI included, never a secret', () => {
    const s = state({
      preset: 'iceberg',
      name: 'Nessie',
      fields: { uri: 'http://127.0.0.1:19120/iceberg', prefix: 'dev' },
      authType: 'oauth2',
      auth: { tokenUrl: 'https://idp/token', clientId: 'app', clientSecret: 'CANARY-s3cret' },
    });
    const rows = plan(s);
    assert.ok(!JSON.stringify(rows).includes('CANARY-s3cret'));
    assert.deepEqual(
      rows.map((r) => [r.label, r.value]),
      [
        ['Catalog type', 'Generic Iceberg REST'],
        ['Name', 'Nessie'],
        ['URI', 'http://127.0.0.1:19120/iceberg'],
        ['Warehouse', 'not set'],
        ['Authentication', 'OAuth2 client credentials'],
        ['Token URL', 'https://idp/token'],
        ['Client ID', 'app'],
        ['Client secret', 'entered'],
        ['Client authentication', 'Secret in the request body'],
        ['Optional settings', 'Catalog prefix dev'],
      ],
    );
    const stored = { ...s, auth: { tokenUrl: 'https://idp/token', clientId: 'app' }, storedSecrets: new Set(['clientSecret']) };
    assert.equal(plan(stored).find((r) => r.label === 'Client secret')!.value, 'unchanged (stored)');
  });

  test('the provider step offers what the preset knows: region and signing name of S3 Tables, never over an answer', () => {
    const s = state({
      preset: 's3tables',
      fields: { region: 'eu-west-1', arn: 'arn:aws:s3tables:eu-west-1:123456789012:bucket/b' },
      authType: 'sigv4',
      auth: { service: 'execute-api' },
    });
    offerDerivedSettings(s, descriptorsOf(s));
    assert.deepEqual(s.auth, { service: 'execute-api', region: 'eu-west-1' });
    const google = state({ preset: 'biglake', fields: { project: 'my-proj' }, authType: 'bearer' });
    offerDerivedSettings(google, descriptorsOf(google));
    assert.deepEqual(google.auth, {}, 'a provider without the setting gets nothing');
  });
});

describe('answers become a connection, and a connection answers again (Edit)', () => {
  test('a Lance connection keeps its delimiter unless it is the default; an Iceberg one its warehouse and prefix', () => {
    assert.deepEqual(build(state({ preset: 'lance', fields: { uri: 'http://127.0.0.1:2333', delimiter: '$' } })).config, {
      id: 'c1',
      name: 'Catalog',
      protocol: 'lance-rest',
      uri: 'http://127.0.0.1:2333',
      auth: { type: 'none', settings: {} },
    });
    assert.equal(build(state({ preset: 'lance', fields: { uri: 'http://h', delimiter: '.' } })).config.delimiter, '.');
    const iceberg = build(state({ preset: 'iceberg', fields: { uri: 'http://h', warehouse: 'wh', prefix: 'dev', delimiter: '.' }, authType: 'none' })).config;
    assert.deepEqual([iceberg.warehouse, iceberg.prefix, iceberg.delimiter], ['wh', 'dev', undefined], 'a field of another protocol is never written');
  });

  test('S3 Tables: the URI and warehouse come from the answers, the prefix from the optional settings', () => {
    const s = state({
      preset: 's3tables',
      fields: { uri: 'http://stale', warehouse: 'stale', region: 'us-west-2', arn: 'arn:aws:s3tables:us-west-2:123456789012:bucket/b', prefix: 'p' },
      authType: 'sigv4',
      auth: { region: 'us-west-2', service: 's3tables', credentials: 'static', accessKeyId: 'AKID', secretAccessKey: 'SECRET' },
    });
    const { config, secrets } = build(s);
    assert.equal(config.uri, 'https://s3tables.us-west-2.amazonaws.com/iceberg');
    assert.equal(config.warehouse, 'arn:aws:s3tables:us-west-2:123456789012:bucket/b');
    assert.equal(config.prefix, 'p');
    assert.deepEqual(secrets, { secretAccessKey: 'SECRET' });
    assert.ok(!JSON.stringify(config).includes('SECRET'));
  });

  test('Edit: stateFor reads back what buildConnection wrote, for every preset (property-based)', () => {
    const region = fc.constantFrom('us-east-1', 'eu-west-2', 'ap-southeast-1', 'us-gov-west-1');
    const text = fc.stringMatching(/^[a-z0-9][a-z0-9._/-]{0,20}$/);
    const answers: Record<string, fc.Arbitrary<Record<string, string>>> = {
      lance: fc.record({ uri: fc.constantFrom('http://127.0.0.1:2333', 'https://lance.example.com/ns'), delimiter: fc.constantFrom('.', '::', '|') }),
      iceberg: fc.record({ uri: fc.constantFrom('http://localhost:8181', 'https://catalog.example.com/iceberg'), warehouse: text, prefix: text }),
      s3tables: fc.record({
        region,
        arn: fc.stringMatching(/^[a-z0-9-]{3,20}$/).map((b) => `arn:aws:s3tables:us-east-1:123456789012:bucket/${b}`),
        prefix: text,
      }),
      glue: fc.record({ region, account: fc.stringMatching(/^\d{12}$/), prefix: text }),
      biglake: fc.record({ project: fc.constantFrom('my-project', 'analytics-42'), warehouse: text.map((t) => `gs://${t}`), prefix: text }),
    };
    for (const preset of presets()) {
      fc.assert(
        fc.property(answers[preset.id]!, (fields) => {
          const s = state({ preset: preset.id, fields, authType: preset.auth });
          offerDerivedSettings(s, descriptorsOf(s));
          const { config } = build(s);
          const back = stateFor({ ...config, source: 'user' } as ConnectionConfig, []);
          assert.equal(back.preset, preset.id);
          for (const [k, v] of Object.entries(fields)) assert.equal(back.fields[k], v, `${preset.id}.${k}`);
          assert.deepEqual(back.rest, {}, 'nothing but the connection’s own fields is kept, not its source');
          assert.deepEqual(build(back).config, config, `${preset.id}: saved again unchanged`);
        }),
        { numRuns: 200 },
      );
    }
  });

  test('Edit keeps what the wizard does not ask (headers, timeouts); switching protocol drops the other’s fields', () => {
    const lance: ConnectionConfig = {
      id: 'l',
      name: 'L',
      protocol: 'lance-rest',
      uri: 'http://h',
      delimiter: '.',
      auth: { type: 'none' },
      headers: { 'x-team': 'a' },
      requestTimeoutMs: 5000,
    };
    const s = stateFor(lance, []);
    assert.deepEqual(s.rest, { headers: { 'x-team': 'a' }, requestTimeoutMs: 5000 });
    s.preset = 'iceberg';
    const { config } = build(s);
    assert.equal(config.protocol, 'iceberg-rest');
    assert.equal(config.delimiter, undefined);
    assert.equal(config.uri, 'http://h', 'the URI typed for Lance is kept');
    assert.deepEqual(config.headers, { 'x-team': 'a' });
  });

  test('Edit keeps a stored secret left unchanged while its setting still applies', () => {
    const c: ConnectionConfig = { id: 'b', name: 'B', protocol: 'lance-rest', uri: 'http://h', auth: { type: 'bearer', settings: {} } };
    const s = stateFor(c, ['token']);
    assert.deepEqual(build(s, { token: 'OLD' }).secrets, { token: 'OLD' });
    s.auth['token'] = 'NEW';
    assert.deepEqual(build(s, { token: 'OLD' }).secrets, { token: 'NEW' });
    s.authType = 'none';
    assert.deepEqual(build(s, { token: 'OLD' }).secrets, {}, 'not kept for a provider that does not have it');
  });
});
