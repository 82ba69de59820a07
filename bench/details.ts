// Section 4: table details of a 2,000-column table vs a 20-column one, from request to parsed model in core.
import { Agent, request } from 'undici';
import { parseArrowSchema } from '../src/core/lance/schema';
import { ourClient } from './listing';
import type { Row } from './results';
import { fmtBytes, fmtMs, median, now, sideBySide } from './stats';

export async function benchDetails(uri: string, runs: number, log: (s: string) => void): Promise<Row[]> {
  const client = ourClient(uri);
  const columns: Record<string, number> = {};
  const r = await sideBySide(
    {
      cols2000: async () => (columns.cols2000 = (await client.describeTable(['wide', 'cols2000'])).schema.length),
      cols20: async () => (columns.cols20 = (await client.describeTable(['wide', 'cols20'])).schema.length),
    },
    runs,
  );
  if (columns.cols2000 !== 2000 || columns.cols20 !== 20) throw new Error(`columns parsed: ${JSON.stringify(columns)}`);
  client.dispose();

  // The parse alone, on the server's own answer.
  const agent = new Agent();
  const raw = async (name: string) => {
    const res = await request(`${uri}/v1/table/wide%24${name}/describe?with_table_uri=true&load_detailed_metadata=true`, {
      dispatcher: agent,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: ['wide', name], vend_credentials: false }),
    });
    return res.body.text();
  };
  const text2000 = await raw('cols2000');
  const text20 = await raw('cols20');
  await agent.close();
  const parse = (text: string) => {
    const xs: number[] = [];
    for (let i = 0; i < 25; i++) {
      const t = now();
      parseArrowSchema((JSON.parse(text) as { schema: unknown }).schema);
      xs.push(now() - t);
    }
    return median(xs);
  };
  const p2000 = parse(text2000);
  const p20 = parse(text20);
  log(
    `  details: describe ${fmtMs(r.cols2000!.median)} vs ${fmtMs(r.cols20!.median)}; JSON.parse + schema ${fmtMs(p2000)} vs ${fmtMs(p20)} (${fmtBytes(text2000.length)} vs ${fmtBytes(text20.length)})`,
  );
  return [
    {
      section: '4 Table details',
      measure: '2,000 vs 20 columns: describeTable to parsed model (core, with the row count request)',
      value: `${fmtMs(r.cols2000!.median)} vs ${fmtMs(r.cols20!.median)}`,
      ratio: r.cols2000!.median / r.cols20!.median,
      data: r,
    },
    {
      section: '4 Table details',
      measure: '2,000 vs 20 columns: JSON.parse + schema parse alone',
      value: `${fmtMs(p2000)} vs ${fmtMs(p20)} (answers of ${fmtBytes(text2000.length)} vs ${fmtBytes(text20.length)})`,
      ratio: p2000 / p20,
    },
  ];
}
