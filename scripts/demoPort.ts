// The demo's port: never one another program (another editor) already answers on.
import * as net from 'node:net';

/** Whether nothing listens on 127.0.0.1:port (something that does could be another editor, whose URL we must not print). */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ host: '127.0.0.1', port, exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

/**
 * The port code-server gets: NSB_DEMO_PORT exactly (or a clear failure if it is taken), else 8080, or any free port
 * when 8080 is taken: the printed URL is always the editor this script started.
 */
export async function demoPort(asked: string | undefined, preferred = 8080, say: (m: string) => void = (m) => console.error(m)): Promise<number> {
  if (asked !== undefined) {
    const port = Number(asked);
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`NSB_DEMO_PORT=${asked} is not a port number (1-65535)`);
    if (!(await portIsFree(port)))
      throw new Error(`port ${port} (NSB_DEMO_PORT) is in use by another program; choose another port or unset NSB_DEMO_PORT to let the demo pick one`);
    return port;
  }
  if (await portIsFree(preferred)) return preferred;
  const port = await new Promise<number>((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen({ host: '127.0.0.1', port: 0 }, () => {
      const { port: p } = s.address() as net.AddressInfo;
      s.close(() => resolve(p));
    });
  });
  say(`== port ${preferred} is in use by another program; the demo uses port ${port} (set NSB_DEMO_PORT to choose one)`);
  return port;
}
