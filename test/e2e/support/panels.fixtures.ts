// A Lance REST stand-in for what the reference server cannot produce: a 2,000-column table and catalog text that
// tries to be HTML. Everything else about the protocol is tested against the real server.
import type { ServerResponse } from 'node:http';
import { json, startFaultServer, type SeenRequest } from '../../support/faultServer';

/** Text that would run script if a panel ever rendered catalog data as HTML. */
export const HOSTILE = `<img src=x onerror="document.title='pwned'">`;
export const HOSTILE_SCRIPT = `</script><img src=x onerror="document.title='pwned'"><script>document.title='pwned'</script>`;
/** The hostile table's identifier: namespace `hostile`, table named with markup. */
export const HOSTILE_TABLE = ['hostile', HOSTILE];
export const WIDE_TABLE = ['wide', 'cols2000'];
export const WIDE_COLUMNS = 2000;

function decodeAll(s: string): string {
  let prev = s;
  for (let i = 0; i < 3; i++) {
    try {
      const next = decodeURIComponent(prev);
      if (next === prev) break;
      prev = next;
    } catch {
      break;
    }
  }
  return prev;
}

function wideSchema(): unknown {
  const fields: unknown[] = [];
  for (let i = 0; i < WIDE_COLUMNS; i++) {
    fields.push(
      i % 100 === 7
        ? {
            name: `s_${i}`,
            nullable: true,
            type: {
              type: 'struct',
              fields: [
                { name: 'a', nullable: false, type: { type: 'int32' } },
                { name: 'b', nullable: true, type: { type: 'utf8' } },
              ],
            },
          }
        : {
            name: `c_${String(i).padStart(4, '0')}`,
            nullable: i % 3 !== 0,
            type: { type: i % 2 ? 'utf8' : 'int64' },
            metadata: i % 50 === 0 ? { comment: `column ${i}` } : undefined,
          },
    );
  }
  return { fields };
}

function hostileDescribe(): unknown {
  return {
    version: 1,
    location: `s3://bucket/${HOSTILE}`,
    schema: {
      fields: [
        { name: HOSTILE, nullable: false, type: { type: 'int64' }, metadata: { [HOSTILE]: HOSTILE_SCRIPT } },
        { name: HOSTILE_SCRIPT, nullable: true, type: { type: 'struct', fields: [{ name: HOSTILE, nullable: true, type: { type: 'utf8' } }] } },
      ],
    },
    properties: { [HOSTILE]: HOSTILE_SCRIPT, owner: HOSTILE },
    storage_options: { region: HOSTILE_SCRIPT },
  };
}

/** Starts the stand-in; it answers DescribeTable, ListTableVersions, ListTableIndices, CountTableRows, DescribeNamespace. */
export async function startPanelsFaultServer() {
  return startFaultServer((req: SeenRequest, res: ServerResponse) => {
    const url = decodeAll(req.url);
    const hostile = url.includes('hostile');
    // Routes by path: DescribeTable and ListTableVersions carry their flags in the query.
    const path = req.url.split('?')[0]!;
    if (/\/describe$/.test(path) && path.startsWith('/v1/table/'))
      return json(res, 200, hostile ? hostileDescribe() : { version: 7, location: 's3://bucket/wide', schema: wideSchema() });
    if (/\/count_rows$/.test(path)) return json(res, 200, 42);
    if (/\/version\/list$/.test(path)) {
      return json(res, 200, { versions: [{ version: 1, timestamp_millis: Date.UTC(2024, 0, 2), metadata: hostile ? { [HOSTILE]: HOSTILE_SCRIPT } : {} }] });
    }
    if (/\/index\/list$/.test(path)) {
      return json(res, 200, { indexes: hostile ? [{ index_name: HOSTILE, index_type: 'BTREE', columns: [HOSTILE_SCRIPT] }] : [] });
    }
    if (/\/index\/.*\/stats$/.test(path)) return json(res, 200, { num_indexed_rows: 1, note: HOSTILE });
    if (path.startsWith('/v1/namespace/') && /\/describe$/.test(path)) return json(res, 200, { properties: { [HOSTILE]: HOSTILE_SCRIPT } });
    if (/\/table\/list$/.test(path)) return json(res, 200, { tables: hostile ? [HOSTILE] : url.includes('wide') ? [WIDE_TABLE[1]] : [] });
    if (/^\/v1\/namespace\/.*\/list$/.test(path)) return json(res, 200, { namespaces: hostile || url.includes('wide') ? [] : ['hostile', 'wide'] });
    return json(res, 404, { error: `not here: ${req.method} ${req.url}`, code: 404 });
  });
}
