// Bundles and packages the extensions the tests and the bench install beside ours (test/fixture-extension, the
// bench's bare panel in bench/bare-panel) into a .vsix each, as their authors would ship them.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { repoRoot } from './codeServer';

/** Builds test/fixture-extension into a fresh folder and packages it offline; returns the .vsix path. */
export function packageFixtureExtension(): Promise<string> {
  return packageExtension(path.join(repoRoot, 'test', 'fixture-extension'));
}

/** The bench's bare webview panel (bench/bare-panel): its extension and its one webview script. */
export function packageBarePanelExtension(): Promise<string> {
  return packageExtension(path.join(repoRoot, 'bench', 'bare-panel'), ['bare']);
}

/** Builds src/extension.ts (and src/<script>.ts for a webview) of `source` into a fresh folder and packages it offline. */
async function packageExtension(source: string, webviewScripts: string[] = []): Promise<string> {
  const name = (JSON.parse(fs.readFileSync(path.join(source, 'package.json'), 'utf8')) as { name: string }).name;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${name}-`));
  for (const f of ['package.json', 'README.md']) fs.copyFileSync(path.join(source, f), path.join(dir, f));
  const common = { bundle: true, outdir: path.join(dir, 'dist'), logLevel: 'error' } as const;
  await build({ ...common, entryPoints: [path.join(source, 'src', 'extension.ts')], platform: 'node', target: 'node20', format: 'cjs', external: ['vscode'] });
  if (webviewScripts.length) {
    await build({
      ...common,
      entryPoints: webviewScripts.map((s) => path.join(source, 'src', `${s}.ts`)),
      platform: 'browser',
      target: 'chrome120',
      format: 'iife',
    });
  }
  const vsix = path.join(dir, `${name}.vsix`);
  await promisify(execFile)(
    path.join(repoRoot, 'node_modules', '.bin', 'vsce'),
    ['package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '-o', vsix],
    { cwd: dir },
  );
  return vsix;
}
