// A separate process that writes connection files, so the store's concurrency is tested across real processes.
//   add <dir> <worker> <count>     adds <count> connections, renames every second one, removes every third
//   rename|remove <dir> <count>    renames (in a loop, 5 times) or removes the connections shared-0 … shared-<count-1>
import { ConnectionRecords, ConnectionRemovedError } from '../../src/extension/connections/records';

async function main(): Promise<void> {
  const [mode, dir, ...rest] = process.argv.slice(2) as [string, string, ...string[]];
  const records = new ConnectionRecords(dir);
  records.loadSync();
  if (mode === 'add') {
    const [worker, count] = rest as [string, string];
    const ids: string[] = [];
    for (let i = 0; i < Number(count); i++) {
      const id = `${worker}-${i}`;
      await records.add({ id, name: `${worker} ${i}`, protocol: 'lance-rest', uri: `http://127.0.0.1:${1000 + i}`, auth: { type: 'bearer', settings: {} } });
      ids.push(id);
    }
    for (const [i, id] of ids.entries()) {
      if (i % 2 === 0) await records.rename(id, `${worker} ${i} renamed`);
      if (i % 3 === 0) await records.remove(id);
    }
    return;
  }
  const count = Number(rest[0]);
  for (let round = 0; round < (mode === 'rename' ? 5 : 1); round++) {
    for (let i = 0; i < count; i++) {
      if (mode === 'remove') await records.remove(`shared-${i}`);
      else
        await records.rename(`shared-${i}`, `shared ${i} round ${round}`).catch((e: unknown) => {
          if (!(e instanceof ConnectionRemovedError)) throw e;
        });
    }
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
