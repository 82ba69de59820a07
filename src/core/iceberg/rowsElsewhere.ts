// Why an Iceberg table has no data preview here, and what reads its rows instead: the catalog serves metadata; the
// rows are in Parquet data files in object storage, read with credentials the catalog vends (or the reader's own).
import type { ConnectionConfig } from '../connection';
import type { Identifier } from '../model';

export function icebergRowsElsewhere(connection: ConnectionConfig, table: Identifier): { reason: string; snippet: { language: string; code: string } } {
  const name = table.map((p) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(p) ? p : JSON.stringify(p))).join('.');
  const props = [`"uri": ${JSON.stringify(connection.uri)}`, ...(connection.warehouse ? [`"warehouse": ${JSON.stringify(connection.warehouse)}`] : [])].join(
    ', ',
  );
  return {
    reason:
      'No data preview for Iceberg tables. An Iceberg REST catalog serves metadata only; the rows are in ' +
      "Parquet data files in object storage, which need a scan planned from the table's manifests and storage credentials " +
      '(vended by the catalog, or your own). This extension and nsb read catalog metadata and never read data files. ' +
      'To look at the rows, read them with pyiceberg, with the same catalog settings (and its auth properties):',
    snippet: {
      language: 'python',
      code: `from pyiceberg.catalog import load_catalog\n\ncatalog = load_catalog("rest", **{${props}})\ntable = catalog.load_table(${JSON.stringify(name)})\nprint(table.scan(limit=100).to_pandas())\n`,
    },
  };
}
