/**
 * Iceberg snapshot ids are random int64 values (usually above 2^53), which `JSON.parse` rounds: 8735294938485749321
 * becomes 8735294938485750000 and no longer names a snapshot. Parsing an Iceberg answer with this function keeps
 * every snapshot id exact, as a decimal string (the adapter's parsers accept ids as numbers or strings).
 *
 * Only the transport sees the response text; wiring this in needs a parse hook there (see the report).
 */
const SNAPSHOT_ID_KEY = /("(?:current-|parent-)?snapshot-id"\s*:\s*)(-?\d+)(?=\s*[,}\]])/g;

export function parseIcebergJson(text: string): unknown {
  return JSON.parse(text.replace(SNAPSHOT_ID_KEY, '$1"$2"'));
}
