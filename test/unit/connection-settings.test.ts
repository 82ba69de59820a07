// The wizard's pure logic: which auth settings it asks (from the real providers' descriptors), presets, AWS profiles.
import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AuthProviderRegistry } from '../../src/core/auth/registry';
import { registerBuiltinProviders } from '../../src/core/auth/builtins';
import type { AuthSettingDescriptor } from '../../src/core/auth/provider';
import { applies, expandDescriptors, splitAnswers } from '../../src/core/auth/descriptors';
import {
  connectionId,
  parseAwsProfiles,
  presetEndpoint,
  presetOf,
  settingsSteps,
  validateSetting,
  validateUri,
} from '../../src/extension/connections/settingsSteps';

const registry = new AuthProviderRegistry();
registerBuiltinProviders(registry);
const settingsOf = (name: string) => registry.require(name).settings;
const keys = (ds: readonly AuthSettingDescriptor[]) => ds.map((d) => d.key);

describe('settingsSteps', () => {
  test('sigv4 asks region, signing name and credentials; static keys only when credentials = static', () => {
    const sigv4 = settingsOf('sigv4');
    assert.deepEqual(keys(settingsSteps(sigv4, {}).steps), ['region', 'service', 'credentials']);
    assert.deepEqual(keys(settingsSteps(sigv4, { credentials: 'static' }).steps), ['region', 'service', 'credentials', 'accessKeyId', 'secretAccessKey', 'sessionToken']);
    assert.deepEqual(keys(settingsSteps(sigv4, { credentials: 'profile' }).steps), ['region', 'service', 'credentials', 'profile']);
    assert.deepEqual(keys(settingsSteps(sigv4, { credentials: 'assume-role' }).steps), ['region', 'service', 'credentials', 'profile', 'roleArn', 'externalId', 'roleSessionName']);
    // Optional free text without a condition goes to the one "Optional settings" pick.
    assert.deepEqual(keys(settingsSteps(sigv4, {}).optional), ['stsEndpoint', 'delegate']);
  });

  test('a when on a setting whose own when fails does not apply (google: source only for impersonate)', () => {
    const google = settingsOf('google');
    assert.deepEqual(keys(settingsSteps(google, {}).steps), ['credentials', 'tokenType', 'scopes']);
    assert.deepEqual(keys(settingsSteps(google, { credentials: 'service-account-key' }).steps), ['credentials', 'keyJson', 'tokenType', 'scopes']);
    assert.deepEqual(keys(settingsSteps(google, { tokenType: 'id' }).steps), ['credentials', 'tokenType', 'audience']);
    assert.deepEqual(keys(settingsSteps(google, {}).optional), ['quotaProject']);
    const chained: AuthSettingDescriptor[] = [
      { key: 'a', label: 'A', kind: 'enum', default: 'x', options: [{ value: 'x', label: 'x' }, { value: 'y', label: 'y' }] },
      { key: 'b', label: 'B', kind: 'enum', default: 'on', when: { key: 'a', equals: ['y'] }, options: [{ value: 'on', label: 'on' }] },
      { key: 'c', label: 'C', kind: 'string', when: { key: 'b', equals: ['on'] } },
    ];
    assert.equal(applies(chained[2]!, chained, {}), false, 'b does not apply, so its default cannot switch c on');
    assert.equal(applies(chained[2]!, chained, { a: 'y' }), true);
  });

  test('oauth2 and bearer: required settings and secrets are steps, the rest optional', () => {
    assert.deepEqual(keys(settingsSteps(settingsOf('oauth2'), {}).steps), ['tokenUrl', 'clientId', 'clientSecret', 'clientAuth']);
    assert.deepEqual(keys(settingsSteps(settingsOf('oauth2'), {}).optional), ['scope', 'audience', 'resource']);
    assert.deepEqual(keys(settingsSteps(settingsOf('bearer'), {}).steps), ['token']);
    assert.deepEqual(keys(settingsSteps(settingsOf('none'), {}).steps), []);
  });

  test('a wrapped provider (sigv4 delegate) brings its settings under delegate., secrets included', () => {
    const lookup = (n: string) => registry.get(n);
    const expanded = expandDescriptors(settingsOf('sigv4'), { delegate: 'bearer' }, lookup);
    const token = expanded.find((d) => d.key === 'delegate.token');
    assert.ok(token?.secret, 'delegate.token is a secret');
    assert.equal(expandDescriptors(settingsOf('sigv4'), {}, lookup).length, settingsOf('sigv4').length, 'no delegate by default');
    const { settings, secrets } = splitAnswers(expanded, { region: 'us-east-1', delegate: 'bearer', 'delegate.token': 'TOKEN' });
    assert.deepEqual(secrets, { 'delegate.token': 'TOKEN' });
    assert.deepEqual(settings, { region: 'us-east-1', delegate: 'bearer' });
  });

  test('splitAnswers keeps secrets out of the settings and drops answers that no longer apply', () => {
    const sigv4 = settingsOf('sigv4');
    const answers = { region: 'eu-west-1', credentials: 'static', accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'SECRET', sessionToken: '' };
    assert.deepEqual(splitAnswers(sigv4, answers), { settings: { region: 'eu-west-1', credentials: 'static', accessKeyId: 'AKIDEXAMPLE' }, secrets: { secretAccessKey: 'SECRET' } });
    // Switched to a profile after typing static keys: the keys are not kept.
    assert.deepEqual(splitAnswers(sigv4, { ...answers, credentials: 'profile', profile: 'dev' }), { settings: { region: 'eu-west-1', credentials: 'profile', profile: 'dev' }, secrets: {} });
  });
});

describe('validation', () => {
  test('URIs must be http(s) URLs without credentials', () => {
    assert.equal(validateUri('http://127.0.0.1:2333'), undefined);
    assert.equal(validateUri('https://glue.us-east-1.amazonaws.com/iceberg'), undefined);
    assert.match(validateUri('')!, /Enter the catalog URL/);
    assert.match(validateUri('localhost:2333')!, /http:\/\/ or https:\/\//);
    assert.match(validateUri('ftp://x')!, /Use an http/);
    assert.match(validateUri('https://u:p@x.example')!, /credentials out of the URL/);
  });

  test('settings by kind', () => {
    const json: AuthSettingDescriptor = { key: 'headers', label: 'Headers', kind: 'json', required: true };
    assert.match(validateSetting(json, '{nope')!, /not valid JSON/);
    assert.equal(validateSetting(json, '{"a":"b"}'), undefined);
    assert.match(validateSetting(json, '')!, /required/);
    const secret: AuthSettingDescriptor = { key: 't', label: 'Token', kind: 'secret', secret: true, required: true };
    assert.match(validateSetting(secret, '')!, /required/);
    assert.equal(validateSetting(secret, '', { hasStoredSecret: true }), undefined, 'empty keeps the stored secret');
    assert.match(validateSetting({ key: 'n', label: 'N', kind: 'number' }, 'abc')!, /must be a number/);
  });
});

describe('presets', () => {
  test('cloud presets derive URI, warehouse and auth settings', () => {
    assert.deepEqual(presetEndpoint('s3tables', { region: 'us-west-2', arn: 'arn:aws:s3tables:us-west-2:123456789012:bucket/b' }), {
      uri: 'https://s3tables.us-west-2.amazonaws.com/iceberg',
      warehouse: 'arn:aws:s3tables:us-west-2:123456789012:bucket/b',
      auth: { region: 'us-west-2', service: 's3tables' },
    });
    assert.deepEqual(presetEndpoint('glue', { region: 'eu-west-1', account: '123456789012' }), {
      uri: 'https://glue.eu-west-1.amazonaws.com/iceberg',
      warehouse: '123456789012',
      auth: { region: 'eu-west-1', service: 'glue' },
    });
    assert.deepEqual(presetEndpoint('biglake', { project: 'my-proj', warehouse: 'gs://bucket' }), {
      uri: 'https://biglake.googleapis.com/iceberg/v1/restcatalog',
      warehouse: 'gs://bucket',
      auth: { quotaProject: 'my-proj' },
    });
    assert.equal(presetEndpoint('lance', {}), undefined);
    assert.equal(presetOf({ protocol: 'iceberg-rest', uri: 'https://glue.eu-west-1.amazonaws.com/iceberg' }), 'glue');
    assert.equal(presetOf({ protocol: 'iceberg-rest', uri: 'https://s3tables.eu-west-1.amazonaws.com/iceberg' }), 's3tables');
    assert.equal(presetOf({ protocol: 'iceberg-rest', uri: 'http://localhost:8181' }), 'iceberg');
    assert.equal(presetOf({ protocol: 'lance-rest', uri: 'http://localhost:2333' }), 'lance');
  });
});

describe('AWS profiles and ids', () => {
  test('profiles from config ([default], [profile x]) and credentials ([x]), without sso-session sections', () => {
    const config = '[default]\nregion = us-east-1\n[profile dev]\nsso_session = corp\n[sso-session corp]\nsso_region = us-east-1\n[ profile  prod ]\n';
    const credentials = '[default]\naws_access_key_id = A\n[ci]\naws_access_key_id = B\n';
    assert.deepEqual(parseAwsProfiles(config, credentials), ['default', 'dev', 'prod', 'ci']);
    assert.deepEqual(parseAwsProfiles(undefined, undefined), []);
  });

  test('connection ids are readable and unique', () => {
    assert.equal(connectionId('Analytics (prod)', new Set(), () => 'x'), 'analytics-prod-x');
    const randoms = ['abc', 'def'];
    assert.equal(connectionId('Analytics (prod)', new Set(['analytics-prod-abc']), () => randoms.shift()!), 'analytics-prod-def', 'a taken id is never reused');
    assert.equal(connectionId('¿?', new Set(), () => 'x'), 'connection-x');
  });
});
