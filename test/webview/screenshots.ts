// Screenshots of the panel for the README, from the recorded real scan, in VS Code's dark and
// light themes, with the tooltip of a dead unit showing. Run by hand after `npm run build`:
//   node --import tsx test/webview/screenshots.ts
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { ToWebviewMessage } from '../../src/shared/protocol';
import { launchChromium, openPanel } from './harness';

const ROOT = path.resolve(__dirname, '../..');
const recording = JSON.parse(readFileSync(path.join(__dirname, 'recordings/negative-bias.json'), 'utf8')) as ToWebviewMessage[];
const LAYER = 'dense_Dense2';
const report = recording.flatMap((m) => (m.type === 'worker' && m.message.type === 'finished' ? [m.message.report] : []))[0];
const deadUnit = report?.layers.find((l) => l.name === LAYER)?.deadUnits[0] ?? 0;

async function main(): Promise<void> {
  const browser = await launchChromium();
  try {
    for (const theme of ['dark', 'light'] as const) {
      const panel = await openPanel(browser, { theme, width: 1100, height: 800 });
      await panel.send(recording);
      await panel.page.click(`[role=row][data-layer="${LAYER}"] button.layer-name`);
      await panel.frames();
      // A viewport as tall as the page: nothing scrolls, so the sticky header stays on top.
      const height = await panel.page.evaluate(() => document.documentElement.scrollHeight);
      await panel.page.setViewportSize({ width: 1100, height });
      await panel.frames();
      // Hover a unit that died, at the last check.
      const canvas = panel.page.locator('canvas.heat-canvas');
      await canvas.scrollIntoViewIfNeeded();
      const box = await canvas.boundingBox();
      const [cols, rows] = await canvas.evaluate((c) => [(c as HTMLCanvasElement).width, (c as HTMLCanvasElement).height]);
      if (box) await panel.page.mouse.move(box.x + ((cols - 0.5) * box.width) / cols, box.y + ((deadUnit + 0.5) * box.height) / rows);
      await panel.page.screenshot({ path: path.join(ROOT, `docs/panel-${theme}.png`) });
      await panel.page.close();
    }
  } finally {
    await browser.close();
  }
  console.log('docs/panel-dark.png, docs/panel-light.png');
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
