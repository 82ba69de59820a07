import type { ServerResponse } from 'node:http';
import { json, startFaultServer, type SeenRequest } from './faultServer';

/**
 * A Lance REST server that a hostile or broken catalog could be: it speaks just enough of the protocol to be
 * browsed (list, describe, count, versions, indices), and every name and value it returns is an attack on the
 * thing that shows it. Tests can replace the answer for any route with `answer(match, responder)`.
 */

/** Names that try to be markup, reorder text, drive a terminal, exhaust a layout, or be nothing at all. */
export const HOSTILE_NAMES = [
  '<img src=x onerror=alert(1)>',
  '</script><script>alert(document.cookie)</script>',
  'invoice\u202Egpj.exe',
  'bell\u0007esc\u001b[31mred\u001b[0m',
  'two\nlines\r\u0000nul',
  'sep\u2028arator\u061Cmark',
  'x'.repeat(10_000),
  '',
];

export const HOSTILE_PROPERTIES: Record<string, string> = {
  '<b>owner</b>': '<img src=x onerror=alert(1)>',
  comment: '</script><script>alert(1)</script>',
  direction: 'abc\u202Edef\u2066ghi',
  terminal: '\u001b]0;pwned\u0007title',
};

export type Responder = (req: SeenRequest, res: ServerResponse, n: number) => void | Promise<void>;

export interface HostileServer {
  uri: string;
  seen: SeenRequest[];
  /** Answer requests whose path matches with `responder` instead of the default hostile catalog (last wins). */
  answer(match: RegExp, responder: Responder): void;
  close(): Promise<void>;
}

export async function startHostileServer(): Promise<HostileServer> {
  const overrides: { match: RegExp; responder: Responder }[] = [];
  const server = await startFaultServer(async (req, res, n) => {
    const path = req.url.split('?')[0]!;
    for (const o of [...overrides].reverse()) if (o.match.test(path)) return o.responder(req, res, n);
    return defaultAnswer(path, res);
  });
  return {
    uri: server.uri,
    seen: server.seen,
    answer: (match, responder) => overrides.push({ match, responder }),
    close: () => server.close(),
  };
}

function defaultAnswer(path: string, res: ServerResponse): void {
  if (/^\/v1\/namespace\/[^/]+\/list$/.test(path)) return json(res, 200, { namespaces: HOSTILE_NAMES });
  if (/^\/v1\/namespace\/[^/]+\/table\/list$/.test(path)) return json(res, 200, { tables: HOSTILE_NAMES });
  if (/^\/v1\/namespace\/[^/]+\/describe$/.test(path)) return json(res, 200, { properties: HOSTILE_PROPERTIES });
  if (/^\/v1\/table\/[^/]+\/describe$/.test(path)) {
    return json(res, 200, {
      version: 3,
      location: 'file:///data/<script>alert(1)</script>.lance',
      schema: {
        fields: HOSTILE_NAMES.map((name) => ({ name, type: { type: 'utf8' }, nullable: true, metadata: HOSTILE_PROPERTIES })),
        metadata: HOSTILE_PROPERTIES,
      },
      properties: HOSTILE_PROPERTIES,
    });
  }
  if (/^\/v1\/table\/[^/]+\/count_rows$/.test(path)) return json(res, 200, 7);
  if (/^\/v1\/table\/[^/]+\/version\/list$/.test(path))
    return json(res, 200, { versions: [{ version: 1, timestamp_millis: 0, metadata: HOSTILE_PROPERTIES }] });
  if (/^\/v1\/table\/[^/]+\/index\/list$/.test(path))
    return json(res, 200, { indexes: [{ index_name: HOSTILE_NAMES[0], index_type: 'BTREE\u202E', columns: [HOSTILE_NAMES[1]] }] });
  if (/^\/v1\/table\/[^/]+\/index\/[^/]+\/stats$/.test(path)) return json(res, 200, { num_indexed_rows: 7, note: HOSTILE_NAMES[2] });
  json(res, 404, { error: `no route ${path}`, code: 1 });
}

/** A schema `depth` structs deep, as Lance's JSON Arrow schema; built as text so building it needs no recursion. */
export function nestedSchemaText(depth: number): string {
  const open = '{"name":"f","nullable":true,"type":{"type":"struct","fields":[';
  const close = ']}}';
  return `{"fields":[${open.repeat(depth)}{"name":"leaf","nullable":true,"type":{"type":"int64"}}${close.repeat(depth)}]}`;
}

/** Stream `totalBytes` of a JSON body in chunks, respecting back-pressure, stopping when the client goes away. */
export function streamHuge(res: ServerResponse, totalBytes: number): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  const chunk = Buffer.alloc(64 * 1024, 'x');
  let sent = 0;
  res.write('{"namespaces":["');
  const pump = () => {
    while (sent < totalBytes && !res.destroyed) {
      sent += chunk.length;
      if (!res.write(chunk)) return void res.once('drain', pump);
    }
    if (!res.destroyed) res.end('"]}');
  };
  res.on('close', () => res.removeAllListeners('drain'));
  pump();
}
