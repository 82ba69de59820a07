import type { Identifier, ViewDetails, ViewVersion } from '../model';
import { redactMap } from '../redact';
import { expectObject, isoTime, optionalNumber, optionalString, stringRecord, textOf } from '../validate';
import { parseIcebergSchema } from './schema';

type Json = Record<string, unknown>;

/** A `LoadViewResult`: the current version's schema, every version (newest first) with its SQL representations. */
export function viewDetailsFromLoadResult(identifier: Identifier, body: unknown, recordId?: string): ViewDetails {
  const result = expectObject(body, 'LoadView', recordId);
  const m = expectObject(result['metadata'], 'LoadView', recordId);
  const currentVersionId = optionalNumber(m['current-version-id']);
  const versions: ViewVersion[] = list(m['versions']).map((v) => {
    const o = obj(v);
    const millis = optionalNumber(o['timestamp-ms']);
    return {
      versionId: optionalNumber(o['version-id']) ?? 0,
      timestamp: isoTime(millis),
      schemaId: optionalNumber(o['schema-id']),
      summary: stringRecord(o['summary']),
      representations: list(o['representations']).map((r) => {
        const ro = obj(r);
        return { type: optionalString(ro['type']) ?? '', sql: optionalString(ro['sql']) ?? '', dialect: optionalString(ro['dialect']) ?? '' };
      }),
      defaultCatalog: optionalString(o['default-catalog']),
      defaultNamespace: list(o['default-namespace']).map(textOf),
    };
  });
  versions.sort((a, b) => b.versionId - a.versionId);
  const current = versions.find((v) => v.versionId === currentVersionId) ?? versions[0];
  const schema = list(m['schemas']).find((s) => optionalNumber(obj(s)['schema-id']) === current?.schemaId) ?? list(m['schemas']).at(-1);
  const raw: Json = { ...result };
  if (result['config'] !== undefined) raw['config'] = redactMap(stringRecord(result['config']));
  return {
    identifier,
    format: 'iceberg',
    viewUuid: optionalString(m['view-uuid']),
    formatVersion: optionalNumber(m['format-version']),
    location: optionalString(m['location']),
    metadataLocation: optionalString(result['metadata-location']),
    currentVersionId,
    schema: parseIcebergSchema(schema),
    versions,
    properties: redactMap(stringRecord(m['properties'])),
    raw,
  };
}

function obj(value: unknown): Json {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
