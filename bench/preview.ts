// Section 7: rows. The first 100 rows of a 50-column table through QueryTable (the reference server, seed `bench`,
// table wide$rows10k): our client (the request, the Arrow decode, and the cells the grid shows for those rows) against
// a bare undici POST of the same request with apache-arrow's own decode and its get() of every value; lancedb's
// query for information (it reads the table's files itself after DescribeTable, not through QueryTable).
import { Agent, request } from 'undici';
import { cellOf } from '../src/core/arrow/cells';
import type { Row } from './results';
import { ourClient } from './listing';
import { fmtMs, judged, sideBySide, type Check } from './stats';

const TABLE = ['wide', 'rows10k'];

type LanceDbTable = { query(): { limit(n: number): { toArray(): Promise<unknown[]> } } };
type LanceDb = { openTable(name: string, namespace?: string[]): Promise<LanceDbTable> };

export async function benchPreview(uri: string, runs: number, log: (s: string) => void): Promise<Row[]> {
  const client = ourClient(uri);
  const agent = new Agent({ keepAliveTimeout: 30_000, connections: 10 });
  const arrow = await import('apache-arrow');
  const url = `${uri}/v1/table/${encodeURIComponent(TABLE.join('$'))}/query`;
  const body = JSON.stringify({ id: TABLE, k: 100, vector: {} });
  const counts: Record<string, number> = {};
  const ours = async () => {
    const answer = await client.queryTable!(TABLE, { limit: 100 });
    const { rows } = answer;
    let n = 0;
    for (let r = 0; r < rows.length; r++) {
      const values = rows.row(r);
      for (let c = 0; c < rows.fields.length; c++) if (cellOf(rows.fields[c]!, values[c] ?? null) !== undefined) n++;
    }
    counts['ours'] = n;
  };
  const bare = async () => {
    const res = await request(url, {
      method: 'POST',
      dispatcher: agent,
      headers: { accept: 'application/vnd.apache.arrow.file', 'content-type': 'application/json' },
      body,
    });
    const table = arrow.tableFromIPC(new Uint8Array(await res.body.arrayBuffer()));
    let n = 0;
    for (let c = 0; c < table.numCols; c++) {
      const column = table.getChildAt(c)!;
      for (let r = 0; r < table.numRows; r++) if (column.get(r) !== undefined) n++;
    }
    counts['bare'] = n;
  };
  const lancedb = (await import('@lancedb/lancedb')) as unknown as { connectNamespace(impl: 'rest', config: { uri: string }): Promise<LanceDb> };
  const db = await lancedb.connectNamespace('rest', { uri });
  const table = await db.openTable(TABLE[1]!, [TABLE[0]!]);
  const viaLancedb = async () => {
    counts['lancedb'] = (await table.query().limit(100).toArray()).length;
  };
  const wallCheck: Check = { a: 'ours', b: 'bare', goal: { max: 1.1 } };
  const cpuCheck: Check = { a: 'ours', b: 'bare', cpu: true, goal: { max: 1.1 } };
  const rounds = Math.max(runs, 31);
  const r = await sideBySide({ ours, bare, lancedb: viaLancedb }, rounds, { checks: [wallCheck, cpuCheck], maxRuns: rounds * 3 });
  const wall = judged(r, wallCheck);
  const cpu = judged(r, cpuCheck);
  client.dispose();
  await agent.close();
  if (counts['ours'] !== 5000 || counts['bare'] !== 5000 || counts['lancedb'] !== 100)
    throw new Error(`the contenders read different rows: ${JSON.stringify(counts)}`);
  log(
    `  preview: ours ${fmtMs(r.ours!.median)}, bare ${fmtMs(r.bare!.median)}, lancedb ${fmtMs(r.lancedb!.median)}; CPU ${fmtMs(r.ours!.cpu)}, ${fmtMs(r.bare!.cpu)}, ${fmtMs(r.lancedb!.cpu)}`,
  );
  return [
    {
      section: '7 Rows',
      measure:
        "first 100 rows of a 50-column table (QueryTable, Arrow IPC): ours (request, decode, the grid's cells) vs bare undici POST + apache-arrow decode and get()",
      value: `${fmtMs(r.ours!.median)} vs ${fmtMs(r.bare!.median)} (${wall.spread})`,
      ratio: wall.ratio,
      goal: wall.goal,
      met: wall.met,
      verdict: wall.verdict,
      data: r,
    },
    {
      section: '7 Rows',
      measure: 'the same: client CPU time, ours vs bare undici + apache-arrow',
      value: `${fmtMs(r.ours!.cpu)} vs ${fmtMs(r.bare!.cpu)} (${cpu.spread})`,
      ratio: cpu.ratio,
      goal: cpu.goal,
      met: cpu.met,
      verdict: cpu.verdict,
    },
    {
      section: '7 Rows',
      measure: 'for information: @lancedb/lancedb 0.31.0 table.query().limit(100).toArray() (DescribeTable, then it reads the files itself); its CPU',
      value: `${fmtMs(r.lancedb!.median)}; CPU ${fmtMs(r.lancedb!.cpu)} (ours ${fmtMs(r.ours!.median)}, CPU ${fmtMs(r.ours!.cpu)})`,
    },
  ];
}
