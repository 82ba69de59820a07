// A connection written out in the formats other tools read (Copy Connection As…, `nsb snippet`): Lance namespace
// properties, pyiceberg YAML, Spark catalog properties, the team setting and an `nsb --connection` file. A secret is
// never written: each format names the environment variable it is read from instead.
import type { AuthSettingDescriptor } from './auth/provider';
import type { AuthProviderRegistry } from './auth/registry';
import { isSecret } from './auth/descriptors';
import type { ConnectionConfig } from './connection';
import { lancePropertiesOf } from './lance/properties';
import { icebergPropertiesOf } from './iceberg/properties';
import { lanceRestProtocol } from './lance/protocol';

export type ExportFormat = 'lance-properties' | 'pyiceberg-yaml' | 'spark-properties' | 'team-setting' | 'nsb-connection';

export const EXPORT_FORMATS: Record<ExportFormat, { label: string; detail: string; language: string }> = {
  'lance-properties': { label: 'Lance namespace properties', detail: 'lance_namespace.connect("rest", {...}), lance-spark', language: 'properties' },
  'pyiceberg-yaml': { label: 'pyiceberg YAML', detail: 'a catalog for ~/.pyiceberg.yaml', language: 'yaml' },
  'spark-properties': { label: 'Spark catalog properties', detail: 'spark.sql.catalog.NAME.* for spark-defaults.conf', language: 'properties' },
  'team-setting': { label: 'Team setting (JSON)', detail: 'an entry of namespaceBrowser.connections, without secrets', language: 'jsonc' },
  'nsb-connection': { label: 'nsb connection file', detail: 'nsb --connection FILE', language: 'json' },
};

/** The formats a connection can be written in: the properties of its own protocol, and ours. */
export function exportFormatsFor(connection: Pick<ConnectionConfig, 'protocol'>): ExportFormat[] {
  const own: ExportFormat[] = connection.protocol === lanceRestProtocol.id ? ['lance-properties'] : ['pyiceberg-yaml', 'spark-properties'];
  return [...own, 'team-setting', 'nsb-connection'];
}

/** The environment variable nsb reads a setting from: the provider's own (AWS_SECRET_ACCESS_KEY...) or NSB_AUTH_<KEY>. */
export function settingEnvName(d: Pick<AuthSettingDescriptor, 'key' | 'env'>): string {
  return (
    d.env ??
    `NSB_AUTH_${d.key
      .replace(/[A-Z]/g, (c) => `_${c}`)
      .replace(/[^a-zA-Z0-9]/g, '_')
      .toUpperCase()}`
  );
}

/**
 * For each secret setting the connection has (`has`), the environment variable that stands for it. The variables are
 * the ones `nsb` reads, so a user who runs nsb can run the exported configuration with the same environment.
 */
export function secretVariables(connection: ConnectionConfig, registry: AuthProviderRegistry, has: (d: AuthSettingDescriptor) => boolean): Map<string, string> {
  const out = new Map<string, string>();
  for (const d of registry.descriptors(connection.auth.type, connection.auth.settings ?? {}) ?? []) {
    if (isSecret(d) && has(d)) out.set(d.key, settingEnvName(d));
  }
  return out;
}

const ENV_REF = (name: string) => `\${env:${name}}`;

export function exportConnection(format: ExportFormat, connection: ConnectionConfig, secretVars: Map<string, string>): string {
  const header = (comment: string) => `${comment} "${connection.name}", written by Namespace Browser.\n`;
  const ref = (key: string) => {
    const v = secretVars.get(key);
    return v ? ENV_REF(v) : undefined;
  };
  const envLines = (comment: string) =>
    secretVars.size ? `${comment} Secrets are not written: \${env:NAME} stands for the environment variable NAME (nsb --properties reads it).\n` : '';
  switch (format) {
    case 'lance-properties': {
      const { properties, notes } = lancePropertiesOf(connection, ref);
      return `${header('# Lance namespace properties of')}${envLines('#')}${notes.map((n) => `# ${n}\n`).join('')}${propertyLines(properties)}`;
    }
    case 'spark-properties': {
      const name = catalogName(connection.name);
      const { properties, notes } = icebergPropertiesOf(connection, ref);
      const base = `spark.sql.catalog.${name}`;
      // Java names SigV4's keys rest.*; client.* is pyiceberg's spelling.
      const javaKey = (k: string) => k.replace(/^client\.(access-key-id|secret-access-key|session-token)$/, 'rest.$1');
      const lines: [string, string][] = [
        [base, 'org.apache.iceberg.spark.SparkCatalog'],
        ...properties.map(([k, v]): [string, string] => [`${base}.${javaKey(k)}`, v]),
      ];
      return `${header('# Spark catalog properties of')}${envLines('#')}${notes.map((n) => `# ${n}\n`).join('')}${propertyLines(lines)}`;
    }
    case 'pyiceberg-yaml': {
      const name = catalogName(connection.name, '-');
      // pyiceberg reads PYICEBERG_CATALOG__NAME__KEY itself: a secret stays out of the file and in that variable.
      const variables: string[] = [];
      const pyRef = (key: string) => (secretVars.has(key) ? `\0${key}` : undefined);
      const { properties, notes } = icebergPropertiesOf(connection, pyRef);
      const kept: [string, string][] = [];
      for (const [k, v] of properties) {
        const secret = /\0(.+)$/.exec(v);
        if (!secret) kept.push([k, v]);
        else
          variables.push(
            `#   PYICEBERG_CATALOG__${name.toUpperCase().replaceAll('-', '_')}__${k.toUpperCase().replaceAll('.', '__').replaceAll('-', '_')}=${v.replace(/\0.+$/, `$${secretVars.get(secret[1]!)}`)}`,
          );
      }
      const lines = kept.map(([k, v]) => `    ${k}: ${yamlScalar(v)}\n`).join('');
      const env = variables.length ? `# Secrets are not written: pyiceberg reads them from these environment variables:\n${variables.join('\n')}\n` : '';
      return `${header('# A pyiceberg catalog of')}${env}${notes.map((n) => `# ${n}\n`).join('')}catalog:\n  ${name}:\n${lines}`;
    }
    case 'team-setting': {
      const { id: _id, ...entry } = connection;
      return `${JSON.stringify(entry, null, 2)}\n`;
    }
    case 'nsb-connection': {
      const { id: _id, ...file } = connection;
      return `${JSON.stringify(file, null, 2)}\n`;
    }
  }
}

/**
 * A catalog name from a connection's: lower case (pyiceberg lower-cases it), letters, digits and `sep`. pyiceberg's
 * variables can name only a catalog spelled with `-` (it reads `_` as `-`); Spark SQL wants `_`.
 */
export function catalogName(name: string, sep: '-' | '_' = '_'): string {
  const n = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, sep)
    .replace(new RegExp(`^\\${sep}+|\\${sep}+$`, 'g'), '');
  return /^[a-z]/.test(n) ? n : `catalog${sep}${n}`;
}

function propertyLines(properties: [string, string][]): string {
  return properties.map(([k, v]) => `${k}=${v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}\n`).join('');
}

/** A YAML scalar that reads back as exactly this text (quoted when plain would be read otherwise). */
function yamlScalar(value: string): string {
  return /^[A-Za-z0-9_./:@-][A-Za-z0-9_./:@ -]*$/.test(value) && !/[: ]$|: | #/.test(value) ? value : JSON.stringify(value);
}
