// Renders media/icon.svg (the Marketplace icon, drawn for this project) to media/icon.png, 256 × 256, in the same
// Chromium the UI tests use. Run after changing the SVG: `node --import tsx scripts/render-icon.ts`.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { launchBrowser } from '../test/e2e/support/workbench';

async function main(): Promise<void> {
  const media = path.resolve(__dirname, '..', 'media');
  const svg = fs.readFileSync(path.join(media, 'icon.svg'), 'utf8');
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 256, height: 256 } });
    await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
    await page.locator('svg').screenshot({ path: path.join(media, 'icon.png'), omitBackground: true });
  } finally {
    await browser.close();
  }
}

void main();
