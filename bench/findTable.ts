// Section 8: Find Table over 100,000 tables (100 namespaces of 1,000), by one listing (ListAllTables) against the
// walk (ListNamespaces and ListTables for every namespace), 1,000 names a page, both through our client and
// src/extension/tree/tableSearch.ts. The server implements ListAllTables (test/support/lanceListingServer.ts, run in a
// child process so that its CPU is not the client's): the reference server answers it with no tables.
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { findTables } from '../src/extension/tree/tableSearch';
import type { Row } from './results';
import { ourClient } from './listing';
import { fmtMs, pairedRatio, ratioSpread, sideBySide } from './stats';

const REPO = path.resolve(__dirname, '..');

export async function benchFindTable(runs: number, log: (s: string) => void): Promise<Row[]> {
  // On loopback a request costs the client well under a millisecond; a real server spends time on each page (the
  // reference server about 8 ms): the second pass answers each request after 5 ms.
  const rows: Row[] = [];
  for (const latency of [0, 5]) rows.push(...(await findTableAt(latency, runs, log)));
  return rows;
}

async function findTableAt(latency: number, runs: number, log: (s: string) => void): Promise<Row[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO, 'test/support/lanceListingServer.ts'), '100', '1000', String(latency)], {
    cwd: REPO,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  try {
    const uri = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString('utf8');
        const line = out.split('\n')[0];
        if (out.includes('\n')) resolve((JSON.parse(line!) as { uri: string }).uri);
      });
      child.once('exit', (code) => reject(new Error(`the listing server exited (${code})`)));
    });
    const found: Record<string, number> = {};
    const search = (useListAll: boolean) => async () => {
      const client = ourClient(uri);
      const lister = useListAll ? client : { listNamespaces: client.listNamespaces.bind(client), listTables: client.listTables.bind(client) };
      let matches = 0;
      const result = await findTables(lister, 't0999', { pageSize: 1000, maxPages: 1000, signal: new AbortController().signal, onMatch: () => matches++ });
      client.dispose();
      found[useListAll ? 'listAll' : 'walk'] = matches;
      if (result.tables !== 100_000) throw new Error(`listed ${result.tables} tables (${result.via})`);
    };
    const r = await sideBySide({ listAll: search(true), walk: search(false) }, Math.max(5, runs));
    if (found['listAll'] !== 100 || found['walk'] !== 100) throw new Error(`the searches found different tables: ${JSON.stringify(found)}`);
    log(`  find table, ${latency} ms a request: one listing ${fmtMs(r.listAll!.median)}, walk ${fmtMs(r.walk!.median)}`);
    const where = latency ? `each answer after ${latency} ms` : 'loopback, answers at once';
    return [
      {
        section: '8 Find Table',
        measure: `100,000 tables in 100 namespaces, 1,000 a page, ${where}: ListAllTables (100 requests) vs the walk (202 requests)`,
        value: `${fmtMs(r.listAll!.median)} vs ${fmtMs(r.walk!.median)} (${ratioSpread(r.listAll!, r.walk!)})`,
        ratio: pairedRatio(r.listAll!, r.walk!),
        data: r,
      },
      {
        section: '8 Find Table',
        measure: `the same (${where}): client CPU time, one listing vs the walk`,
        value: `${fmtMs(r.listAll!.cpu)} vs ${fmtMs(r.walk!.cpu)}`,
        ratio: r.listAll!.cpu / r.walk!.cpu,
      },
    ];
  } finally {
    child.stdin!.end();
    child.kill();
  }
}
