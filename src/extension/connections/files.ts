// Small file primitives for state that several extension hosts (one per window) share on one disk. No `vscode`.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Thrown by `writeNew` when the file exists already. */
export class FileExistsError extends Error {
  constructor(readonly file: string) {
    super(`${file} exists already`);
  }
}

/**
 * Writes `text` to `dir/name` so that a reader sees the old file or the new one, never a part: a temporary file in
 * the same folder (owner-only), flushed, then renamed over the target.
 */
export async function writeReplacing(dir: string, name: string, text: string): Promise<void> {
  const tmp = await writeTemp(dir, text);
  try {
    await retryBusy(() => fs.promises.rename(tmp, path.join(dir, name)));
  } catch (e) {
    await fs.promises.rm(tmp, { force: true });
    throw e;
  }
}

/**
 * Creates `dir/name` with `text` only if no such file exists (a hard link fails on an existing name, atomically,
 * where open(O_EXCL) followed by a write could leave an empty file behind after a crash).
 */
export async function writeNew(dir: string, name: string, text: string): Promise<void> {
  const target = path.join(dir, name);
  const tmp = await writeTemp(dir, text);
  try {
    await fs.promises.link(tmp, target);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new FileExistsError(target);
    // A file system without hard links (FAT, some network shares): exclusive create, not atomic against a crash
    // (a torn file is then reported as unreadable, never taken for a connection).
    if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS'].includes(code ?? '')) throw e;
    try {
      await fs.promises.writeFile(target, text, { flag: 'wx', mode: 0o600 });
    } catch (e2) {
      if ((e2 as NodeJS.ErrnoException).code === 'EEXIST') throw new FileExistsError(target);
      throw e2;
    }
  } finally {
    await fs.promises.rm(tmp, { force: true });
  }
}

/** Temporary files start with this; readers skip them and sweeps delete old ones. */
export const TEMP_PREFIX = '.tmp-';

async function writeTemp(dir: string, text: string): Promise<string> {
  const tmp = path.join(dir, `${TEMP_PREFIX}${process.pid}-${randomBytes(6).toString('hex')}`);
  const handle = await fs.promises.open(tmp, 'wx', 0o600);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  return tmp;
}

/** Removes temporary files older than `ageMs` (left by a process that died mid-write). */
export async function removeStaleTemps(dir: string, ageMs: number, now = Date.now()): Promise<void> {
  for (const name of await fs.promises.readdir(dir).catch(() => [] as string[])) {
    if (!name.startsWith(TEMP_PREFIX)) continue;
    const file = path.join(dir, name);
    const stat = await fs.promises.stat(file).catch(() => undefined);
    if (stat && now - stat.mtimeMs > ageMs) await fs.promises.rm(file, { force: true });
  }
}

/** Windows refuses a rename while another process has the target open (a reader): try again briefly. */
async function retryBusy<T>(op: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await op();
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (process.platform !== 'win32' || attempt >= 20 || !['EPERM', 'EACCES', 'EBUSY'].includes(code ?? '')) throw e;
      await new Promise((r) => setTimeout(r, 10 + attempt * 10));
    }
  }
}

/** Whether a process with this id runs on this machine (EPERM: it runs, as another user). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
