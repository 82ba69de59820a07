import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/** Set by the bundler (scripts/build.mjs, test/support/cli.ts) to package.json's version. */
declare const __NSB_VERSION__: string | undefined;

/** nsb's version: the one the build wrote in, or (unbundled, under tsx) package.json's. */
export const NSB_VERSION: string =
  typeof __NSB_VERSION__ === 'string'
    ? __NSB_VERSION__
    : (JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;
