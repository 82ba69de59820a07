// Child process of bench/memory.ts (run with --expose-gc): load 100,000 tables into the tree's model
// (src/extension/tree/model.ts) through Load more, with our client against the reference server, and report the heap.
import { TreeModel, childRows, type ChildKind } from '../src/extension/tree/model';
import { createRuntime } from '../src/core/runtime';
import type { Identifier, Page, PageRequest } from '../src/core/model';
import { lanceConnection } from './listing';

const gc = (globalThis as { gc?: () => void }).gc;

function heap(): number {
  for (let i = 0; i < 3; i++) gc!();
  return process.memoryUsage().heapUsed;
}

async function main(): Promise<void> {
  if (!gc) throw new Error('run with --expose-gc');
  const [uri, pageSizeArg] = process.argv.slice(2);
  const pageSize = Number(pageSizeArg ?? 1000);
  const runtime = createRuntime();
  const client = runtime.open(lanceConnection(uri!), {});
  await client.listTables(['n100'], { limit: 1 }); // warm: connection, code paths
  runtime.log.clear();
  const before = heap();

  const empty: Page = { items: [] };
  const fetcher =
    (_connectionId: string, parent: Identifier) =>
    (kind: ChildKind, page: PageRequest, signal: AbortSignal): Promise<Page> =>
      kind === 'namespace'
        ? client.listNamespaces(parent, page, { signal })
        : kind === 'table'
          ? client.listTables(parent, page, { signal })
          : Promise.resolve(empty);
  const model = new TreeModel(fetcher, () => pageSize);
  const root = model.connection({ id: 'bench', name: 'bench', protocol: 'lance-rest', uri: uri!, authType: 'none', source: 'user' });
  const ns = model.namespace(root, 'n100k');
  let loads = 0;
  const started = Date.now();
  let rowsMs = 0;
  while (ns.listing.hasMore) {
    await ns.listing.loadNext();
    if (ns.listing.error) throw new Error(ns.listing.error.message);
    loads += 1;
    // What the tree provider does after each Load more: build the rows under the namespace.
    const t = process.hrtime.bigint();
    childRows(ns);
    rowsMs += Number(process.hrtime.bigint() - t) / 1e6;
  }
  const loadMs = Date.now() - started;
  const withLog = heap();
  runtime.log.clear();
  const after = heap();
  const tables = ns.listing.loadedCount;
  process.stdout.write(
    JSON.stringify({
      tables,
      loads,
      pageSize,
      before,
      after,
      withLog,
      perTable: (after - before) / tables,
      perTableWithLog: (withLog - before) / tables,
      loadMs,
      rowsMs,
    }) + '\n',
  );
  client.dispose();
}

main().then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  },
);
