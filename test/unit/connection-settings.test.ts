// Which auth settings the wizard asks (from the real providers' descriptors), how answers are checked, and the
// values a setting's `choices` offers: the AWS profiles as the SDK's own loader reads them.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { AuthProviderRegistry } from '../../src/core/auth/registry';
import { registerBuiltinProviders } from '../../src/core/auth/builtins';
import type { AuthSettingDescriptor, SettingChoicesContext } from '../../src/core/auth/provider';
import { applies, checkDescriptors, expandDescriptors, splitAnswers } from '../../src/core/auth/descriptors';
import { awsProfiles } from '../../src/core/auth/sigv4/profiles';
import { isCatalogError } from '../../src/core/errors';
import { connectionId } from '../../src/extension/connections/connectionId';
import { planSettings, settingOptions, validateSetting } from '../../src/extension/connections/settingsPlan';

const registry = new AuthProviderRegistry();
registerBuiltinProviders(registry);
const settingsOf = (name: string) => registry.require(name).settings;
const keys = (ds: readonly AuthSettingDescriptor[]) => ds.map((d) => d.key);

describe('planSettings', () => {
  test('sigv4 asks region, signing name and credentials; static keys only when credentials = static', () => {
    const sigv4 = settingsOf('sigv4');
    assert.deepEqual(keys(planSettings(sigv4, {}).steps), ['region', 'service', 'credentials']);
    assert.deepEqual(keys(planSettings(sigv4, { credentials: 'static' }).steps), [
      'region',
      'service',
      'credentials',
      'accessKeyId',
      'secretAccessKey',
      'sessionToken',
    ]);
    assert.deepEqual(keys(planSettings(sigv4, { credentials: 'profile' }).steps), ['region', 'service', 'credentials', 'profile']);
    assert.deepEqual(keys(planSettings(sigv4, { credentials: 'assume-role' }).steps), [
      'region',
      'service',
      'credentials',
      'profile',
      'roleArn',
      'externalId',
      'roleSessionName',
    ]);
    // Optional free text without a condition goes to the one "Optional settings" pick.
    assert.deepEqual(keys(planSettings(sigv4, {}).optional), ['stsEndpoint', 'delegate']);
  });

  test('a when on a setting whose own when fails does not apply (google: source only for impersonate)', () => {
    const google = settingsOf('google');
    assert.deepEqual(keys(planSettings(google, {}).steps), ['credentials', 'tokenType', 'scopes']);
    assert.deepEqual(keys(planSettings(google, { credentials: 'service-account-key' }).steps), ['credentials', 'keyJson', 'tokenType', 'scopes']);
    assert.deepEqual(keys(planSettings(google, { tokenType: 'id' }).steps), ['credentials', 'tokenType', 'audience']);
    assert.deepEqual(keys(planSettings(google, {}).optional), ['quotaProject']);
    const chained: AuthSettingDescriptor[] = [
      {
        key: 'a',
        label: 'A',
        kind: 'enum',
        default: 'x',
        options: [
          { value: 'x', label: 'x' },
          { value: 'y', label: 'y' },
        ],
      },
      { key: 'b', label: 'B', kind: 'enum', default: 'on', when: { key: 'a', equals: ['y'] }, options: [{ value: 'on', label: 'on' }] },
      { key: 'c', label: 'C', kind: 'string', when: { key: 'b', equals: ['on'] } },
    ];
    assert.equal(applies(chained[2]!, chained, {}), false, 'b does not apply, so its default cannot switch c on');
    assert.equal(applies(chained[2]!, chained, { a: 'y' }), true);
  });

  test('oauth2 and bearer: required settings and secrets are steps, the rest optional', () => {
    assert.deepEqual(keys(planSettings(settingsOf('oauth2'), {}).steps), ['tokenUrl', 'clientId', 'clientSecret', 'clientAuth']);
    assert.deepEqual(keys(planSettings(settingsOf('oauth2'), {}).optional), ['scope', 'audience', 'resource']);
    assert.deepEqual(keys(planSettings(settingsOf('bearer'), {}).steps), ['token']);
    assert.deepEqual(keys(planSettings(settingsOf('none'), {}).steps), []);
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
    assert.deepEqual(splitAnswers(sigv4, answers), {
      settings: { region: 'eu-west-1', credentials: 'static', accessKeyId: 'AKIDEXAMPLE' },
      secrets: { secretAccessKey: 'SECRET' },
    });
    // Switched to a profile after typing static keys: the keys are not kept.
    assert.deepEqual(splitAnswers(sigv4, { ...answers, credentials: 'profile', profile: 'dev' }), {
      settings: { region: 'eu-west-1', credentials: 'profile', profile: 'dev' },
      secrets: {},
    });
  });
});

describe('validation', () => {
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

  test('connection ids are readable and unique', () => {
    assert.equal(
      connectionId('Analytics (prod)', new Set(), () => 'x'),
      'analytics-prod-x',
    );
    const randoms = ['abc', 'def'];
    assert.equal(
      connectionId('Analytics (prod)', new Set(['analytics-prod-abc']), () => randoms.shift()!),
      'analytics-prod-def',
      'a taken id is never reused',
    );
    assert.equal(
      connectionId('¿?', new Set(), () => 'x'),
      'connection-x',
    );
  });
});

describe('choices: values a setting offers from this machine', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'nsb-aws-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const SECRET = 'wJalrXUtnFEMI-canary-secret';
  const config = path.join(dir, 'config');
  const credentials = path.join(dir, 'credentials');
  writeFileSync(
    config,
    [
      '[default]',
      'region = us-east-1',
      '[profile dev] ; the team account',
      'sso_session = corp',
      '[profile ops] # with a hash comment',
      'role_arn = arn:aws:iam::123456789012:role/ops',
      'source_profile = default',
      '[sso-session corp]',
      'sso_region = us-east-1',
      '[services local]',
      's3 =',
      '  endpoint_url = http://127.0.0.1:9000',
      '; [profile commented-out]',
      '[profile empty]',
      '',
    ].join('\n'),
  );
  writeFileSync(
    credentials,
    [
      '[default]',
      'aws_access_key_id = AKIDEXAMPLE',
      `aws_secret_access_key = ${SECRET}`,
      '[ci]',
      'aws_access_key_id = AKIDCI',
      `aws_secret_access_key = ${SECRET}`,
      '',
    ].join('\n'),
  );
  const env = { AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: credentials };

  test('the AWS profiles fromIni can use, as the SDK reads the files: comments after a section, no sso-session or services', async () => {
    const profiles = await awsProfiles(env);
    // `[profile empty]` has no settings: the SDK's loader keeps no such profile, so it is not offered either.
    assert.deepEqual(
      profiles.map((p) => p.value),
      ['default', 'dev', 'ops', 'ci'],
    );
    const described = Object.fromEntries(profiles.map((p) => [p.value, p.description]));
    assert.equal(described['default'], 'config and credentials · access keys · region us-east-1');
    assert.equal(described['dev'], 'config · SSO');
    assert.equal(described['ops'], 'config · assumes arn:aws:iam::123456789012:role/ops');
    assert.equal(described['ci'], 'credentials · access keys');
    assert.ok(!JSON.stringify(profiles).includes(SECRET), 'no secret from the files is offered');
    assert.deepEqual(
      await awsProfiles({ AWS_CONFIG_FILE: path.join(dir, 'none'), AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'none2') }),
      [],
      'no files, no profiles',
    );
  });

  test('the files are read afresh each time the wizard asks', async () => {
    const later = path.join(dir, 'later');
    writeFileSync(later, '[profile one]\nregion = eu-west-1\n');
    assert.deepEqual(
      (await awsProfiles({ AWS_CONFIG_FILE: later, AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'none') })).map((p) => p.value),
      ['one'],
    );
    writeFileSync(later, '[profile one]\nregion = eu-west-1\n[profile two]\nregion = eu-west-2\n');
    assert.deepEqual(
      (await awsProfiles({ AWS_CONFIG_FILE: later, AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'none') })).map((p) => p.value),
      ['one', 'two'],
    );
  });

  test("sigv4's profile setting offers them through its descriptor's choices, given the environment", async () => {
    const profile = settingsOf('sigv4').find((d) => d.key === 'profile')!;
    assert.equal(typeof profile.choices, 'function');
    const found = await settingOptions(profile, { env, settings: { credentials: 'profile' } }, (m) => assert.fail(m));
    assert.deepEqual(
      found.map((o) => o.value),
      ['default', 'dev', 'ops', 'ci'],
    );
  });

  test('options first, then choices, each value once; malformed entries are left out', async () => {
    const d: AuthSettingDescriptor = {
      key: 'k',
      label: 'K',
      kind: 'string',
      options: [{ value: 'a', label: 'A' }],
      choices: () =>
        [
          { value: 'a', label: 'again' },
          { value: 'b', label: 'B' },
          { value: '', label: 'empty' },
          { label: 'no value' },
          null,
          { value: 'c', label: 3 },
        ] as never,
    };
    assert.deepEqual(await settingOptions(d, { env: {}, settings: {} }, (m) => assert.fail(m)), [
      { value: 'a', label: 'A' },
      { value: 'b', label: 'B' },
    ]);
  });

  test('a choices() that throws, returns no list or never answers offers the options only, and says why', async () => {
    const warned: string[] = [];
    const warn = (m: string) => warned.push(m);
    const base: AuthSettingDescriptor = { key: 'k', label: 'Tenant', kind: 'string', options: [{ value: 'x', label: 'X' }] };
    assert.deepEqual(
      await settingOptions(
        {
          ...base,
          choices: () => {
            throw new Error('vault sealed');
          },
        },
        { env: {}, settings: {} },
        warn,
      ),
      base.options,
    );
    assert.deepEqual(await settingOptions({ ...base, choices: () => 'nope' as never }, { env: {}, settings: {} }, warn), base.options);
    assert.deepEqual(await settingOptions({ ...base, choices: () => new Promise(() => undefined) }, { env: {}, settings: {} }, warn, 20), base.options);
    assert.deepEqual(warned, [
      'the values of "Tenant" could not be listed (vault sealed); type one instead.',
      'the values of "Tenant" could not be listed (choices() returned string, not a list); type one instead.',
      'the values of "Tenant" could not be listed (no answer within 0.02 s); type one instead.',
    ]);
  });

  test('a wrapped provider’s choices see its own settings by their own keys; choices must be a function', async () => {
    const seen: SettingChoicesContext[] = [];
    const wrapped = {
      settings: [
        { key: 'tenant', label: 'Tenant', kind: 'string', choices: (c: SettingChoicesContext) => (seen.push(c), [{ value: 't1', label: 'T1' }]) },
      ] as AuthSettingDescriptor[],
    };
    const outer: AuthSettingDescriptor[] = [
      {
        key: 'delegate',
        label: 'Wrapped',
        kind: 'enum',
        default: 'none',
        options: [
          { value: 'none', label: 'None' },
          { value: 'w', label: 'W' },
        ],
      },
    ];
    const expanded = expandDescriptors(outer, { delegate: 'w' }, (n) => (n === 'w' ? wrapped : undefined));
    const tenant = expanded.find((d) => d.key === 'delegate.tenant')!;
    assert.deepEqual(await tenant.choices!({ env: {}, settings: { delegate: 'w', 'delegate.tenant': 'acme', region: 'x' } }), [{ value: 't1', label: 'T1' }]);
    assert.deepEqual(seen[0]!.settings, { tenant: 'acme' });
    assert.throws(
      () => checkDescriptors('p', [{ key: 'k', label: 'K', kind: 'string', choices: ['a'] as never }]),
      (e: unknown) => isCatalogError(e) && e.message === 'auth provider "p": setting "k": `choices` must be a function',
    );
  });
});
