// pyiceberg's configuration, read as pyiceberg 0.12 reads it (pyiceberg/utils/config.py): the first
// `.pyiceberg.yaml` of $PYICEBERG_HOME, the home folder and the working folder; every key lower-cased; then
// `PYICEBERG_CATALOG__NAME__KEY` environment variables over it (name and key lower-cased, `_` read as `-`, a further
// `__` as `.`; an empty variable leaves the file's value). Values are text, as strictyaml gives them.
import { existsSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ChooseCatalogError, PropertiesError } from '../connectionProperties';
import { loadYaml } from '../lazy/load';

type Tree = { [key: string]: string | Tree };

export interface PyicebergCatalog {
  name: string;
  /** The catalog's properties, nested sections (`ssl`, `auth`) flattened with dots. */
  properties: Record<string, string>;
}

/** Where pyiceberg looks for its file, in order. */
export function pyicebergFiles(env: Record<string, string | undefined>, cwd = process.cwd()): string[] {
  return [env['PYICEBERG_HOME'], env['HOME'] ?? os.homedir(), cwd].filter((d): d is string => !!d).map((d) => path.join(d, '.pyiceberg.yaml'));
}

/** The YAML text of pyiceberg's configuration file and its path, or undefined when there is none. */
export function readPyicebergFile(env: Record<string, string | undefined>): { file: string; text: string } | undefined {
  for (const file of pyicebergFiles(env)) {
    if (!existsSync(file)) continue;
    return { file, text: readFileSync(file, 'utf8') };
  }
  return undefined;
}

/** The YAML as pyiceberg's tree: keys lower-cased, every scalar as text. */
export function parsePyicebergYaml(text: string): Tree {
  const doc = loadYaml().parseDocument(text, { schema: 'failsafe', uniqueKeys: true });
  if (doc.errors.length) throw new PropertiesError(`not valid YAML: ${doc.errors[0]!.message.split('\n')[0]}`);
  const js: unknown = doc.toJS();
  if (js === null || js === undefined) return {};
  if (typeof js !== 'object' || Array.isArray(js)) throw new PropertiesError('a pyiceberg configuration is a YAML mapping (catalog: ...)');
  return lowerKeys(js as Record<string, unknown>, '');
}

function lowerKeys(o: Record<string, unknown>, at: string): Tree {
  const out: Tree = {};
  for (const [k, v] of Object.entries(o)) {
    const key = k.toLowerCase();
    if (typeof v === 'string') out[key] = v;
    else if (v && typeof v === 'object' && !Array.isArray(v)) out[key] = lowerKeys(v as Record<string, unknown>, `${at}${key}.`);
    else if (v === null || v === undefined) out[key] = '';
    else throw new PropertiesError(`${at}${key} is a list; pyiceberg's settings are text or sections`);
  }
  return out;
}

/** pyiceberg's environment variables over the file's tree, by its rules. */
export function withPyicebergEnv(tree: Tree, env: Record<string, string | undefined>): Tree {
  const out = structuredClone(tree);
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || !name.toLowerCase().startsWith('pyiceberg_')) continue;
    const parts = splitMax(name.toLowerCase().slice('pyiceberg_'.length), '__', 2).map((p) => p.replaceAll('__', '.').replaceAll('_', '-'));
    let node = out;
    for (const part of parts.slice(0, -1)) {
      const next = node[part];
      if (next === undefined) node = node[part] = {};
      else if (typeof next === 'object') node = next;
      else throw new PropertiesError(`${name} sets a section where the configuration has a value (${part})`);
    }
    const last = parts.at(-1)!;
    if (typeof node[last] === 'object') throw new PropertiesError(`${name} sets a value where the configuration has a section (${last})`);
    // pyiceberg's merge keeps the file's value when the variable is empty.
    if (value !== '' || node[last] === undefined) node[last] = value;
  }
  return out;
}

/** Python's str.split(sep, maxsplit): at most `max` splits, the rest left whole. */
function splitMax(text: string, sep: string, max: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (parts.length < max) {
    const i = rest.indexOf(sep);
    if (i < 0) break;
    parts.push(rest.slice(0, i));
    rest = rest.slice(i + sep.length);
  }
  parts.push(rest);
  return parts;
}

/** The catalogs a configuration names. */
export function pyicebergCatalogNames(tree: Tree): string[] {
  const catalogs = tree['catalog'];
  if (catalogs === undefined) return [];
  if (typeof catalogs !== 'object') throw new PropertiesError('catalog must be a section of catalogs (catalog: {NAME: {uri: ...}})');
  return Object.keys(catalogs);
}

/**
 * One catalog of a pyiceberg configuration (YAML text, then environment variables), by name (case-insensitive, as
 * pyiceberg looks it up); without a name, `default-catalog` or the only one. Several and no name: ChooseCatalog.
 */
export function pyicebergCatalog(text: string | undefined, name: string | undefined, env: Record<string, string | undefined>): PyicebergCatalog {
  const tree = withPyicebergEnv(text === undefined ? {} : parsePyicebergYaml(text), env);
  const names = pyicebergCatalogNames(tree);
  const defaultName = typeof tree['default-catalog'] === 'string' ? tree['default-catalog'].toLowerCase() : undefined;
  const wanted = name?.toLowerCase() ?? defaultName ?? (names.length === 1 ? names[0] : undefined);
  if (wanted === undefined) {
    if (names.length === 0) throw new PropertiesError('no catalogs in it (catalog: {NAME: {uri: ...}})');
    throw new ChooseCatalogError(names);
  }
  const catalog = (tree['catalog'] as Tree | undefined)?.[wanted];
  if (catalog === undefined) throw new PropertiesError(`no catalog "${wanted}"${names.length ? ` (catalogs: ${names.join(', ')})` : ''}`);
  if (typeof catalog !== 'object') throw new PropertiesError(`catalog.${wanted} must be a section of properties`);
  return { name: wanted, properties: flatten(catalog, '') };
}

function flatten(tree: Tree, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(tree)) {
    if (typeof v === 'string') out[`${prefix}${k}`] = v;
    else Object.assign(out, flatten(v, `${prefix}${k}.`));
  }
  return out;
}
