// Regenerates the auth provider reference in docs/auth-providers.md (linked from the README) from the providers' own setting descriptors, so the
// documentation cannot drift from what the UI and the CLI offer. Run: node --import tsx scripts/readme-providers.ts
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { isSecret } from '../src/core/auth/descriptors';
import { createRuntime } from '../src/core/runtime';

const reference = path.resolve(__dirname, '..', 'docs', 'auth-providers.md');
const begin = '<!-- providers:begin -->';
const end = '<!-- providers:end -->';
const esc = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The providers reference as Markdown, from the registry's own descriptors. */
export function providersMarkdown(): string {
  const lines: string[] = [];
  for (const p of createRuntime({ env: {} }).registry.all()) {
    lines.push(`### \`${p.name}\`: ${p.displayName}`, '');
    if (p.description) lines.push(p.description, '');
    if (p.settings.length === 0) {
      lines.push('No settings.', '');
      continue;
    }
    lines.push('| setting | what | notes |', '|---|---|---|');
    for (const s of p.settings) {
      const notes = [
        s.required ? 'required' : '',
        isSecret(s) ? '**secret** (SecretStorage)' : '',
        s.default !== undefined ? `default \`${s.default}\`` : '',
        s.options
          ? `${s.kind === 'enum' ? 'one of' : 'e.g.'} ${s.options.map((o) => `\`${o.value}\``).join(', ')}${s.kind === 'enum' ? '' : ', or any other'}`
          : '',
        s.choices ? 'the wizard lists the values found on this machine' : '',
        s.when ? `when \`${s.when.key}\` is ${s.when.equals.map((v) => `\`${v}\``).join(' or ')}` : '',
        s.env ? `CLI env \`${s.env}\`` : '',
      ].filter(Boolean);
      lines.push(`| \`${s.key}\` | ${esc(s.label)}${s.description ? `: ${esc(s.description)}` : ''} | ${notes.join('; ')} |`);
    }
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}

/** The section as docs/auth-providers.md has it now. */
export function readmeProvidersSection(): string {
  const text = readFileSync(reference, 'utf8');
  const a = text.indexOf(begin);
  const b = text.indexOf(end);
  if (a < 0 || b < a) throw new Error('docs/auth-providers.md has no providers markers');
  return text.slice(a + begin.length + 1, b);
}

if (require.main === module) {
  const text = readFileSync(reference, 'utf8');
  const current = readmeProvidersSection();
  writeFileSync(reference, text.replace(`${begin}\n${current}${end}`, `${begin}\n${providersMarkdown()}${end}`));
  console.log('docs/auth-providers.md: providers section regenerated');
}
