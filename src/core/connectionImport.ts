// The text formats users already describe catalogs in, read into a connection: Lance namespace properties
// (`key=value` lines or a JSON object), a pyiceberg `.pyiceberg.yaml` (one catalog of it), Spark catalog properties
// (`spark.sql.catalog.NAME.*`, as in spark-defaults.conf or `--conf` arguments), or Iceberg catalog properties.
// `${env:NAME}` in a value is the environment variable's value (how exported connections write secrets).
import { ChooseCatalogError, PropertiesError, type PropertiesMapping } from './connectionProperties';

export { ChooseCatalogError, PropertiesError };
import { connectionFromLanceProperties } from './lance/properties';
import { connectionFromIcebergProperties } from './iceberg/properties';
import { pyicebergCatalog, type PyicebergCatalog } from './iceberg/pyicebergConfig';

export type ImportFormat = 'lance-properties' | 'iceberg-properties' | 'pyiceberg-yaml' | 'spark-properties';

export const IMPORT_FORMAT_LABELS: Record<ImportFormat, string> = {
  'lance-properties': 'Lance namespace properties',
  'iceberg-properties': 'Iceberg catalog properties',
  'pyiceberg-yaml': 'pyiceberg YAML',
  'spark-properties': 'Spark catalog properties',
};

export interface ImportResult extends PropertiesMapping {
  format: ImportFormat;
  /** The catalog's name in the source (pyiceberg, Spark), a name to start from. */
  catalogName?: string;
}

export interface ImportOptions {
  env: Record<string, string | undefined>;
  /** Which catalog of a pyiceberg YAML or Spark properties with several; without it, one with several is an error listing them. */
  catalog?: string;
  /** A format to read the text as, instead of the one it looks like. */
  format?: ImportFormat;
}

/** Keys only a Lance namespace's properties have; keys only an Iceberg catalog's have. */
const LANCE_ONLY = /^(delimiter|headers\.|tls\.|rest\.auth\.sigv4\.|dynamic_context_provider\.|ops_metrics_enabled$)/i;
const ICEBERG_ONLY = /^(type|warehouse|prefix|token|credential|oauth2-server-uri|scope|rest\.sigv4-enabled|rest\.signing-|py-io-impl|io-impl|s3\.|client\.)/i;

export function importConnection(text: string, options: ImportOptions): ImportResult {
  const format = options.format ?? detectFormat(text);
  if (format === 'pyiceberg-yaml') {
    const chosen: PyicebergCatalog = pyicebergCatalog(text, options.catalog, {});
    return {
      ...connectionFromIcebergProperties(expand(chosen.properties, options.env), (k) => `catalog.${chosen.name}.${k}`),
      format,
      catalogName: chosen.name,
    };
  }
  const props = expand(readProperties(text), options.env);
  if (format === 'spark-properties') return sparkCatalog(props, options);
  if (format === 'lance-properties') return { ...connectionFromLanceProperties(props, options.env), format };
  return { ...connectionFromIcebergProperties(props), format };
}

export function detectFormat(text: string): ImportFormat {
  const t = text.trimStart();
  if (!t.startsWith('{') && /^catalog\s*:\s*(#.*)?$/m.test(text)) return 'pyiceberg-yaml';
  const keys = Object.keys(readProperties(text));
  if (keys.some((k) => k.startsWith('spark.'))) return 'spark-properties';
  if (keys.some((k) => ICEBERG_ONLY.test(k)) && !keys.some((k) => LANCE_ONLY.test(k))) return 'iceberg-properties';
  return 'lance-properties';
}

/**
 * `key=value` lines (Java properties: `=`, `:` or spaces between key and value, `#` and `!` comments; spark-defaults.conf;
 * `--conf key=value` as pasted from spark-submit) or one JSON object of strings. A key given twice is an error.
 */
export function readProperties(text: string): Record<string, string> {
  const t = text.trim();
  const props: Record<string, string> = Object.create(null);
  if (t.startsWith('{')) {
    let doc: unknown;
    try {
      doc = JSON.parse(t);
    } catch (e) {
      throw new PropertiesError(`not valid JSON: ${(e as Error).message}`);
    }
    if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new PropertiesError('JSON properties must be one object of "key": "value"');
    for (const [k, v] of Object.entries(doc)) {
      if (typeof v === 'string') props[k] = v;
      else if (typeof v === 'number' || typeof v === 'boolean') props[k] = JSON.stringify(v);
      else throw new PropertiesError(`"${k}" should be a string, got ${v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v}`);
    }
    return { ...props };
  }
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    line = line.replace(/^--conf\s+/, '').replace(/\s*\\$/, '');
    const m = /^([^=:\s]+)\s*[=:\s]\s*(.*)$/.exec(line);
    if (!m) throw new PropertiesError(`line ${i + 1} is not key=value: "${line.slice(0, 60)}"`);
    const key = m[1]!;
    let value = m[2]!;
    if (/^(['"]).*\1$/.test(value) && value.length >= 2) value = value.slice(1, -1);
    if (key in props) throw new PropertiesError(`"${key}" is given twice (line ${i + 1})`);
    props[key] = value;
  }
  return { ...props };
}

/** `${env:NAME}` replaced by the variable's value; an unset variable is an error that names it. */
export function expand(props: Record<string, string>, env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(props)) {
    out[k] = v.replace(/\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => {
      const value = env[name];
      if (value === undefined || value === '') throw new PropertiesError(`${k} refers to the environment variable ${name}, which is not set`);
      return value;
    });
  }
  return out;
}

const SPARK_CATALOG = 'spark.sql.catalog.';

/** One catalog of Spark properties: `spark.sql.catalog.NAME=<class>` and its `spark.sql.catalog.NAME.*` keys. */
function sparkCatalog(props: Record<string, string>, options: ImportOptions): ImportResult {
  const names = [
    ...new Set(
      Object.keys(props)
        .filter((k) => k.startsWith(SPARK_CATALOG))
        .map((k) => k.slice(SPARK_CATALOG.length).split('.')[0]!),
    ),
  ];
  if (names.length === 0) throw new PropertiesError(`no ${SPARK_CATALOG}NAME keys: nothing names a catalog`);
  const name = options.catalog ?? (names.length === 1 ? names[0] : undefined);
  if (name === undefined) throw new ChooseCatalogError(names);
  if (!names.includes(name)) throw new PropertiesError(`no catalog "${name}" in these properties (catalogs: ${names.join(', ')})`);
  const base = `${SPARK_CATALOG}${name}`;
  const keyName = (k: string) => `${base}.${k}`;
  const own: Record<string, string> = {};
  const others: string[] = [];
  for (const [k, v] of Object.entries(props)) {
    if (k.startsWith(`${base}.`)) own[k.slice(base.length + 1)] = v;
    else if (k !== base) others.push(k);
  }
  const className = props[base] ?? '';
  let mapping: PropertiesMapping;
  if (/lance/i.test(className)) {
    const impl = own['impl'];
    if (impl !== undefined && impl !== 'rest')
      throw new PropertiesError(`${keyName('impl')} is "${impl}": only the REST namespace is reached over HTTP (impl=rest)`);
    delete own['impl'];
    mapping = connectionFromLanceProperties(own, options.env, keyName);
  } else {
    if (className && !/^org\.apache\.iceberg\.spark\.Spark(Session)?Catalog$/.test(className)) {
      throw new PropertiesError(
        `${base} is ${className}: an Iceberg (org.apache.iceberg.spark.SparkCatalog) or Lance namespace catalog is what can be browsed`,
      );
    }
    if (own['catalog-impl'] === 'org.apache.iceberg.rest.RESTCatalog') {
      own['type'] ??= 'rest';
      delete own['catalog-impl'];
    }
    mapping = connectionFromIcebergProperties(own, keyName);
  }
  // Settings of Spark itself or of its other catalogs are not this catalog's: listed, so nothing goes unsaid.
  for (const k of others) mapping.unused.push({ key: k, why: k.startsWith(SPARK_CATALOG) ? 'another catalog' : "a Spark setting, not the catalog's" });
  return { ...mapping, format: 'spark-properties', catalogName: name };
}
