// A runnable Python script that reads a table's first rows with the catalog's own libraries: pylance through
// lance_namespace.connect("rest", ...) for Lance, pyiceberg's load_catalog + load_table + scan(limit=...) for
// Iceberg. Secrets come from the environment variables nsb reads, never from the script.
import type { ConnectionConfig } from './connection';
import type { Identifier } from './model';
import { lancePropertiesOf } from './lance/properties';
import { icebergPropertiesOf } from './iceberg/properties';
import { lanceRestProtocol } from './lance/protocol';
import { catalogName } from './connectionExport';

export interface SnippetOptions {
  /** Rows to print. */
  limit: number;
  /** The environment variable of each secret setting the connection has (connectionExport.secretVariables). */
  secretVars: Map<string, string>;
}

/** A Python string literal of this text (exact: every character escaped that Python would read otherwise). */
export function pyString(text: string): string {
  let out = '"';
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (c >= 0x20 && c < 0x7f) out += ch;
    else if (c <= 0xff) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else if (c <= 0xffff) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += `\\U${c.toString(16).padStart(8, '0')}`;
  }
  return `${out}"`;
}

/** A value of the properties: a literal, or an expression that reads environment variables for `\0KEY` marks. */
function pyValue(value: string, secretVars: Map<string, string>): string {
  const parts = value.split(/(\0[^\0]+\0)/).filter((p) => p !== '');
  const exprs = parts.map((p) => (p.startsWith('\0') ? `os.environ[${pyString(secretVars.get(p.slice(1, -1))!)}]` : pyString(p)));
  return exprs.length ? exprs.join(' + ') : '""';
}

function dict(properties: [string, string][], secretVars: Map<string, string>, indent: string): string {
  return `{\n${properties.map(([k, v]) => `${indent}    ${pyString(k)}: ${pyValue(v, secretVars)},\n`).join('')}${indent}}`;
}

export function pythonSnippet(connection: ConnectionConfig, table: Identifier, options: SnippetOptions): string {
  const mark = (key: string) => (options.secretVars.has(key) ? `\0${key}\0` : undefined);
  const envNote = options.secretVars.size ? `# Secrets are read from the environment: ${[...new Set(options.secretVars.values())].join(', ')}.\n` : '';
  const limit = Math.max(1, Math.floor(options.limit));
  if (connection.protocol === lanceRestProtocol.id) {
    const { properties, notes } = lancePropertiesOf(connection, mark);
    const sigv4 = properties.some(([k, v]) => k === 'rest.auth.type' && v === 'sigv4');
    return [
      `# The first ${limit} rows of ${table.join('.')} in "${connection.name}", read with pylance (pip install pylance).`,
      envNote.trimEnd(),
      sigv4 ? '# rest.auth.* needs a Lance release with SigV4 for the REST namespace (lance PR 7099).' : '',
      ...notes.map((n) => `# ${n}`),
      'import os',
      '',
      'import lance',
      'import lance_namespace',
      '',
      `namespace = lance_namespace.connect("rest", ${dict(properties, options.secretVars, '')})`,
      `dataset = lance.dataset(namespace_client=namespace, table_id=[${table.map(pyString).join(', ')}])`,
      `for row in dataset.to_table(limit=${limit}).to_pylist():`,
      '    print(row)',
      '',
    ]
      .filter((l, i, all) => l !== '' || (i > 0 && all[i - 1] !== ''))
      .join('\n');
  }
  const { properties, notes } = icebergPropertiesOf(connection, mark);
  const withoutType = properties.filter(([k]) => k !== 'type');
  return [
    `# The first ${limit} rows of ${table.join('.')} in "${connection.name}", read with pyiceberg (pip install "pyiceberg[pyarrow]").`,
    envNote.trimEnd(),
    ...notes.map((n) => `# ${n}`),
    'import os',
    '',
    'from pyiceberg.catalog import load_catalog',
    '',
    `catalog = load_catalog(${pyString(catalogName(connection.name, '-'))}, **${dict([['type', 'rest'], ...withoutType], options.secretVars, '')})`,
    `table = catalog.load_table((${table.map(pyString).join(', ')}${table.length === 1 ? ',' : ''}))`,
    `for row in table.scan(limit=${limit}).to_arrow().to_pylist():`,
    '    print(row)',
    '',
  ]
    .filter((l, i, all) => l !== '' || (i > 0 && all[i - 1] !== ''))
    .join('\n');
}
