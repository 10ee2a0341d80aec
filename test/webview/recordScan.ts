// Records a real scan as the messages the extension forwards to the panel: every worker message,
// then the fixes the engine offers for each flagged layer. Run after `npm run build`:
//   node --import tsx test/webview/recordScan.ts examples/tfjs/negative-bias.ts test/webview/recordings/negative-bias.json --samples 2000 --epochs 3
// Paths under the repository are rewritten to /workspace so the recording reads the same anywhere.
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { fixesFor, languageOf } from '../../src/engine/fixes';
import { DEFAULT_THRESHOLDS, type FixOffer, type Report, type ToWebviewMessage, type WorkerMessage } from '../../src/shared/protocol';
import { tfjsRunner } from '../../src/host/tfjsRunner';

const ROOT = path.resolve(__dirname, '../..');

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { samples: { type: 'string', default: '2000' }, epochs: { type: 'string', default: '3' }, probe: { type: 'string', default: '1024' } },
});
const [script, out] = positionals;
if (script === undefined || out === undefined) throw new Error('usage: recordScan.ts SCRIPT OUT.json [--samples N] [--epochs N]');

/** The fixes per flagged layer, as the extension posts them after a report. */
function fixesOf(report: Report, source: string, model: Extract<WorkerMessage, { type: 'started' }>['model']): Record<string, FixOffer[]> {
  const language = languageOf(report.file);
  if (language === undefined) return {};
  const fixes: Record<string, FixOffer[]> = {};
  for (const d of report.diagnostics) {
    const layer = report.layers.find((l) => l.name === d.layer);
    if (layer === undefined) continue;
    const family = model.find((m) => m.name === layer.name)?.family ?? null;
    const target = { line: layer.line, column: layer.column, className: layer.className, activation: layer.activation, family };
    const offers = fixesFor(source, language, target, d.code).map(({ id, title, preferred }) => ({ id, title, preferred }));
    if (offers.length > 0) fixes[layer.name] = offers;
  }
  return fixes;
}

async function main(): Promise<void> {
  const file = path.resolve(script);
  const messages: WorkerMessage[] = [];
  const handle = tfjsRunner({ workerPath: path.join(ROOT, 'dist/worker.js') }).start(
    { file, epochs: Number(values.epochs), samples: Number(values.samples), probe: Number(values.probe), seed: 1, backend: 'auto', thresholds: DEFAULT_THRESHOLDS },
    { message: (m) => messages.push(m), output: (t) => process.stderr.write(t) },
  );
  const report = await handle.done;
  if (!messages.some((m) => m.type === 'finished')) messages.push({ type: 'finished', report });
  const started = messages.find((m): m is Extract<WorkerMessage, { type: 'started' }> => m.type === 'started');
  const forwarded: ToWebviewMessage[] = [
    ...messages.filter((m) => m.type !== 'log').map((message): ToWebviewMessage => ({ type: 'worker', file, message })),
    { type: 'fixes', file, fixes: started === undefined ? {} : fixesOf(report, readFileSync(file, 'utf8'), started.model) },
  ];
  const json = JSON.stringify(forwarded).split(JSON.stringify(ROOT).slice(1, -1)).join('/workspace');
  writeFileSync(out, `${json}\n`);
  console.log(`${forwarded.length} messages, ${report.layers.length} layers, status ${report.status} → ${out}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
