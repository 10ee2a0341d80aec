// Screenshots of the panel for the README, from the recorded real scan, in VS Code's dark and
// light themes, with the tooltip of a dead unit showing: 500 px wide (where VS Code opens the
// panel, beside the editor) down to the heatmap, and 1100 px wide, the whole page. Run by hand
// after `npm run build`:
//   node --import tsx test/webview/screenshots.ts
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { ToWebviewMessage } from '../../src/shared/protocol';
import { launchChromium, openPanel, type PanelPage } from './harness';

const ROOT = path.resolve(__dirname, '../..');
const recording = JSON.parse(readFileSync(path.join(__dirname, 'recordings/negative-bias.json'), 'utf8')) as ToWebviewMessage[];
const LAYER = 'dense_Dense1';
const report = recording.flatMap((m) => (m.type === 'worker' && m.message.type === 'finished' ? [m.message.report] : []))[0];
const deadUnit = report?.layers.find((l) => l.name === LAYER)?.deadUnits[0] ?? 0;

/** Hovers a unit that died, at the last check. */
async function hoverDeadUnit(panel: PanelPage): Promise<void> {
  const canvas = panel.page.locator('canvas.heat-canvas');
  const box = await canvas.boundingBox();
  const [cols, rows] = await canvas.evaluate((c) => [(c as HTMLCanvasElement).width, (c as HTMLCanvasElement).height]);
  if (box) await panel.page.mouse.move(box.x + ((cols - 0.5) * box.width) / cols, box.y + ((deadUnit + 0.5) * box.height) / rows);
  await panel.frames();
}

async function shoot(width: number, theme: 'dark' | 'light', file: string): Promise<void> {
  const browser = await launchChromium();
  try {
    const panel = await openPanel(browser, { theme, width, height: 800 });
    await panel.send(recording);
    // A viewport that ends below the heatmap (500 px) or the page (1100 px): nothing scrolls, so
    // the sticky header stays on top.
    const height = await panel.page.evaluate((narrow) => {
      const end = narrow ? (document.querySelector('.heatmap .legend')?.getBoundingClientRect().bottom ?? 0) + window.scrollY + 6 : document.documentElement.scrollHeight;
      return Math.ceil(end);
    }, width < 800);
    await panel.page.setViewportSize({ width, height });
    await panel.page.evaluate(() => window.scrollTo(0, 0));
    await panel.frames();
    await hoverDeadUnit(panel);
    await panel.page.screenshot({ path: path.join(ROOT, 'docs', file) });
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  const shots: [number, 'dark' | 'light', string][] = [
    [500, 'dark', 'panel-500-dark.png'],
    [500, 'light', 'panel-500-light.png'],
    [1100, 'dark', 'panel-dark.png'],
    [1100, 'light', 'panel-light.png'],
  ];
  for (const [width, theme, file] of shots) await shoot(width, theme, file);
  console.log(shots.map(([, , file]) => `docs/${file}`).join(', '));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
