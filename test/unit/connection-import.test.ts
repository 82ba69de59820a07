// The mappers from other tools' catalog properties to a connection and back (src/core/connectionImport.ts,
// connectionExport.ts, lance/properties.ts, iceberg/properties.ts, iceberg/pyicebergConfig.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { detectFormat, expand, importConnection, readProperties, ChooseCatalogError, PropertiesError } from '../../src/core/connectionImport';
import { exportConnection, exportFormatsFor, secretVariables } from '../../src/core/connectionExport';
import { pyicebergCatalog, withPyicebergEnv } from '../../src/core/iceberg/pyicebergConfig';
import { pythonSnippet, pyString } from '../../src/core/pythonSnippet';
import { createRuntime } from '../../src/core/runtime';
import type { ConnectionConfig } from '../../src/core/connection';

const env = {};
/** `${env:NAME}`. */
const ref = (name: string) => `$${'{'}env:${name}}`;

test('Lance properties with PR 7099 SigV4 keys: a sigv4 connection, the secret key a secret', () => {
  const r = importConnection(
    'uri=https://abc.execute-api.eu-west-1.amazonaws.com/prod\ndelimiter=.\nheader.x-team=data\ntls.ssl_ca_cert=/etc/ca.pem\nrest.auth.type=sigv4\nrest.auth.sigv4.region=eu-west-1\nrest.auth.sigv4.access-key-id=AKID\nrest.auth.sigv4.secret-access-key=SECRET\nrest.auth.sigv4.session-token=TOKEN\n',
    { env },
  );
  assert.equal(r.format, 'lance-properties');
  assert.deepEqual(r.config, {
    protocol: 'lance-rest',
    uri: 'https://abc.execute-api.eu-west-1.amazonaws.com/prod',
    delimiter: '.',
    caFile: '/etc/ca.pem',
    headers: { 'x-team': 'data' },
    auth: { type: 'sigv4', settings: { region: 'eu-west-1', service: 'execute-api', credentials: 'static', accessKeyId: 'AKID' } },
  });
  assert.deepEqual(r.secrets, { secretAccessKey: 'SECRET', sessionToken: 'TOKEN' });
  assert.deepEqual(r.unknown, []);
});

test("client certificates (mutual TLS): Lance tls.cert_file/key_file and pyiceberg ssl.client.cert/key become the connection's", () => {
  const lance = importConnection('uri=https://h\ntls.cert_file=/c.pem\ntls.key_file=/c.key', { env });
  assert.deepEqual([lance.config.clientCertFile, lance.config.clientKeyFile, lance.unused, lance.unknown], ['/c.pem', '/c.key', [], []]);
  const yaml = importConnection('catalog:\n  c:\n    uri: https://h\n    ssl:\n      client:\n        cert: /c.pem\n        key: /c.key\n', { env });
  assert.deepEqual([yaml.config.clientCertFile, yaml.config.clientKeyFile, yaml.unused, yaml.unknown], ['/c.pem', '/c.key', [], []]);
});

test('credential headers become auth providers with secrets; other headers stay headers', () => {
  const bearer = importConnection('{"uri": "http://h", "headers.Authorization": "Bearer tok", "header.x-a": "1"}', { env });
  assert.deepEqual([bearer.config.auth, bearer.secrets, bearer.config.headers], [{ type: 'bearer' }, { token: 'tok' }, { 'x-a': '1' }]);
  const key = importConnection('uri=http://h\nheader.x-api-key=k1', { env });
  assert.deepEqual([key.config.auth, key.secrets], [{ type: 'api-key', settings: { header: 'x-api-key' } }, { key: 'k1' }]);
  assert.throws(() => importConnection('uri=http://h\nheader.Authorization=Basic dTpw', { env }), PropertiesError);
});

test('an unknown key is reported by name, whatever it is (property-based, every format)', () => {
  const knownish =
    /^(uri|delimiter|type|warehouse|prefix|token|credential|scope|audience|resource)$|^(header|headers|tls|rest|client|s3|gcs|adls|hf|oss|hive|cache|ssl|auth|dynamic_context_provider|metrics-reporter)[.-]|^ops_metrics|^py-io|^io-impl|^catalog-impl|^snapshot-|^scan-|^rest-|^namespace-sep|^view-end|^token-|^downcast|^oauth2/i;
  const key = fc.stringMatching(/^[a-z][a-z0-9_.-]{0,20}$/).filter((k) => !knownish.test(k));
  fc.assert(
    fc.property(key, fc.stringMatching(/^[a-zA-Z0-9]{1,8}$/), (k, v) => {
      const lance = importConnection(`uri=http://h\ndelimiter=$\n${k}=${v}`, { env });
      assert.deepEqual(lance.unknown, [k]);
      const iceberg = importConnection(`type=rest\nuri=http://h\nwarehouse=w\n${k}=${v}`, { env });
      assert.deepEqual(iceberg.unknown, [k]);
      const spark = importConnection(
        `spark.sql.catalog.c=org.apache.iceberg.spark.SparkCatalog\nspark.sql.catalog.c.uri=http://h\nspark.sql.catalog.c.${k}=${v}`,
        { env },
      );
      assert.deepEqual(spark.unknown, [`spark.sql.catalog.c.${k}`]);
      const yaml = importConnection(`catalog:\n  c:\n    uri: http://h\n    ${k}: "${v}"\n`, { env });
      assert.deepEqual(yaml.unknown, [`catalog.c.${k}`]);
    }),
    { numRuns: 300 },
  );
});

test('pyiceberg YAML: keys lower-cased, nested sections flattened, several catalogs need a choice', () => {
  const text =
    'catalog:\n  Prod:\n    URI: https://c.example.com\n    credential: id:sec\n    oauth2-server-uri: https://auth/token\n    ssl:\n      cabundle: /ca.pem\n  dev:\n    uri: http://localhost:8181\n';
  assert.throws(
    () => importConnection(text, { env }),
    (e: unknown) => e instanceof ChooseCatalogError && e.catalogs.join() === 'prod,dev',
  );
  const r = importConnection(text, { env, catalog: 'PROD' });
  assert.equal(r.catalogName, 'prod');
  assert.deepEqual(r.config.auth, { type: 'oauth2', settings: { tokenUrl: 'https://auth/token', clientId: 'id', scope: 'catalog' } });
  assert.deepEqual(r.secrets, { clientSecret: 'sec' });
  assert.equal(r.config.caFile, '/ca.pem');
  const withDefault = importConnection(`default-catalog: dev\n${text}`, { env });
  assert.equal(withDefault.config.uri, 'http://localhost:8181');
});

test("PYICEBERG_ variables by pyiceberg's rules: lower-cased, _ read as -, a further __ as a dot; empty keeps the file's", () => {
  const tree = withPyicebergEnv(
    { catalog: { prod: { uri: 'http://file' } } },
    {
      PYICEBERG_CATALOG__PROD__REST__SIGV4_ENABLED: 'true',
      PYICEBERG_CATALOG__PROD__URI: '',
      pyiceberg_catalog__prod__header__x_team: 'a',
      PYICEBERG_CATALOG__MY_CAT__URI: 'http://other',
    },
  );
  assert.deepEqual(tree, { catalog: { prod: { uri: 'http://file', 'rest.sigv4-enabled': 'true', 'header.x-team': 'a' }, 'my-cat': { uri: 'http://other' } } });
  assert.equal(pyicebergCatalog(undefined, 'My-Cat', { PYICEBERG_CATALOG__MY_CAT__URI: 'http://x' }).properties['uri'], 'http://x');
});

test('Spark properties: --conf lines and spark-defaults.conf spacing; other Spark settings listed, not dropped', () => {
  const r = importConnection(
    '--conf spark.sql.catalog.prod=org.apache.iceberg.spark.SparkCatalog\nspark.sql.catalog.prod.type   rest\nspark.sql.catalog.prod.uri=https://c\nspark.sql.catalog.prod.rest.auth.type=sigv4\nspark.sql.catalog.prod.rest.signing-region=us-east-1\nspark.sql.catalog.prod.rest.signing-name=s3tables\nspark.sql.extensions=x',
    { env },
  );
  assert.equal(r.format, 'spark-properties');
  assert.deepEqual(r.config.auth, { type: 'sigv4', settings: { region: 'us-east-1', service: 's3tables', credentials: 'default' } });
  assert.deepEqual(
    r.unused.map((u) => u.key),
    ['spark.sql.extensions'],
  );
});

test('formats are told apart; a key twice and a bad line are errors; an environment reference is read from the environment', () => {
  assert.equal(detectFormat('catalog:\n  x:\n    uri: h'), 'pyiceberg-yaml');
  assert.equal(detectFormat('uri=h\nwarehouse=w'), 'iceberg-properties');
  assert.equal(detectFormat('uri=h\ndelimiter=$'), 'lance-properties');
  assert.equal(detectFormat('{"uri": "h"}'), 'lance-properties');
  assert.throws(() => readProperties('uri=a\nuri=b'), /"uri" is given twice/);
  assert.throws(() => readProperties('justakey'), /line 1 is not key=value/);
  assert.deepEqual(expand({ a: `x-${ref('V')}-y` }, { V: '1' }), { a: 'x-1-y' });
  assert.throws(() => expand({ a: ref('NOPE') }, {}), /NOPE, which is not set/);
});

const registry = createRuntime({ env: {} }).registry;
const lanceSigv4: ConnectionConfig = {
  id: 'x',
  name: 'Sales API',
  protocol: 'lance-rest',
  uri: 'https://api.example.com/prod',
  delimiter: '.',
  headers: { 'x-team': 'data' },
  clientCertFile: '/home/me/client.pem',
  clientKeyFile: '/home/me/client.key',
  auth: { type: 'sigv4', settings: { region: 'eu-west-1', service: 'execute-api', credentials: 'static', accessKeyId: 'AKID' } },
};
const icebergOauth: ConnectionConfig = {
  id: 'y',
  name: 'Prod Catalog',
  protocol: 'iceberg-rest',
  uri: 'https://c.example.com',
  warehouse: 'wh',
  prefix: 'main',
  caFile: '/etc/ssl/corp-ca.pem',
  clientCertFile: '/home/me/client.pem',
  clientKeyFile: '/home/me/client.key',
  auth: { type: 'oauth2', settings: { tokenUrl: 'https://auth/token', clientId: 'me', scope: 'catalog' } },
};

test('exports write no secret, and read back (with the secret in the environment) as the same connection', () => {
  for (const c of [lanceSigv4, icebergOauth]) {
    const vars = secretVariables(c, registry, () => true);
    assert.ok(vars.size > 0);
    for (const format of exportFormatsFor(c)) {
      const text = exportConnection(format, c, vars);
      assert.ok(!text.includes('SECRET-VALUE'));
      if (format === 'team-setting' || format === 'nsb-connection') {
        const { id: _id, ...rest } = c;
        assert.deepEqual(JSON.parse(text), rest);
        continue;
      }
      const secretEnv: Record<string, string> = Object.fromEntries([...vars.values()].map((v) => [v, 'SECRET-VALUE']));
      let imported;
      if (format === 'pyiceberg-yaml') {
        // pyiceberg reads its secrets from PYICEBERG_CATALOG__NAME__KEY: set them as the comment says.
        const lines = [...text.matchAll(/^#\s+(PYICEBERG_\w+)=(.*)$/gm)].map((m) => [m[1]!, m[2]!.replace(/\$(\w+)/g, (_, v: string) => secretEnv[v]!)]);
        const chosen = pyicebergCatalog(text, undefined, Object.fromEntries(lines));
        imported = importConnection(
          Object.entries(chosen.properties)
            .map(([k, v]) => `${k}=${v}`)
            .join('\n'),
          { env, format: 'iceberg-properties' },
        );
      } else imported = importConnection(text, { env: secretEnv });
      assert.deepEqual(imported.unknown, [], format);
      const { id: _id, name: _name, ...expected } = c;
      assert.deepEqual({ ...imported.config, headers: imported.config.headers ?? {} }, { ...expected, headers: expected.headers ?? {} }, format);
      assert.ok(
        Object.values(imported.secrets).every((v) => v === 'SECRET-VALUE'),
        format,
      );
    }
  }
});

test('Python snippets: identifiers and values as exact Python literals, secrets from os.environ', () => {
  assert.equal(pyString('a"b\\c\n\u00e9\u{1f600}'), '"a\\"b\\\\c\\x0a\\xe9\\U0001f600"');
  const vars = secretVariables(icebergOauth, registry, () => true);
  const py = pythonSnippet(icebergOauth, ['db', 'o"rders'], { limit: 5, secretVars: vars });
  assert.match(py, /"credential": "me:" \+ os\.environ\["NSB_OAUTH2_CLIENT_SECRET"\]/);
  assert.match(py, /load_table\(\("db", "o\\"rders"\)\)/);
  assert.match(py, /scan\(limit=5\)/);
});
