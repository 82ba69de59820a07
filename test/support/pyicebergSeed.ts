// Seeds an Iceberg REST catalog with pyiceberg (test/servers/iceberg_seed.py): real commits with the random 63-bit
// snapshot ids pyiceberg generates, odd names, nested namespaces. Returns what it made, every int64 as exact text.
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import type { Moto } from './moto';
import { pythonPath } from './pyserver';

const REPO = path.resolve(__dirname, '..', '..');

export interface SeededSnapshot {
  id: string;
  parent: string | null;
  sequence: number;
  operation: string | null;
  total_records: string | null;
}

export interface SeededTable {
  namespace: string[];
  name: string;
  format_version: number;
  snapshots: SeededSnapshot[];
  current: string | null;
  rows: number;
  columns: string[];
  properties: Record<string, string>;
}

export interface PyicebergSeed {
  namespaces: string[][];
  /** By identifier parts joined with the unit separator. */
  tables: Record<string, SeededTable>;
  views: Record<string, { namespace: string[]; name: string; sql: string; version: number }>;
}

export async function seedWithPyiceberg(opts: {
  uri: string;
  prefix?: string;
  warehouse?: string;
  variant?: 'main' | 'dev';
  s3?: Moto;
}): Promise<PyicebergSeed> {
  const args = [path.join(REPO, 'test', 'servers', 'iceberg_seed.py'), '--uri', opts.uri, '--variant', opts.variant ?? 'main'];
  if (opts.prefix) args.push('--prefix', opts.prefix);
  if (opts.warehouse) args.push('--warehouse', opts.warehouse);
  if (opts.s3)
    args.push(
      '--s3-endpoint',
      opts.s3.uri,
      '--s3-access-key-id',
      opts.s3.accessKeyId,
      '--s3-secret-access-key',
      opts.s3.secretAccessKey,
      '--s3-region',
      opts.s3.region,
    );
  const python = await pythonPath();
  return new Promise((resolve, reject) => {
    execFile(python, args, { cwd: REPO, maxBuffer: 16 * 1024 * 1024, timeout: 300_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`iceberg_seed.py failed: ${err.message}\n${stderr}`));
      else resolve(JSON.parse(stdout) as PyicebergSeed);
    });
  });
}

/** The ids of a seeded table's snapshots, newest (highest sequence number) first. */
export function snapshotIdsNewestFirst(t: SeededTable): string[] {
  return [...t.snapshots].sort((a, b) => b.sequence - a.sequence).map((s) => s.id);
}
