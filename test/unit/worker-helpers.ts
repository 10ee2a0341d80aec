// Runs real scans for the worker tests: the built worker (dist/worker.js, from `npm run build`)
// started through the TensorFlow.js runner, exactly as the CLI and the extension start it.

import path from 'node:path';
import type { RunHandle } from '../../src/host/runner';
import { tfjsRunner } from '../../src/host/tfjsRunner';
import { DEFAULT_THRESHOLDS, type LayerSummary, type Report, type ScanOptions, type WorkerMessage } from '../../src/shared/protocol';

export const ROOT = path.join(__dirname, '..', '..');
export const WORKER = path.join(ROOT, 'dist', 'worker.js');
export const FIXTURES = path.join(__dirname, 'fixtures', 'worker');

export interface ScanResult {
  report: Report;
  messages: WorkerMessage[];
  /** What the worker and the script printed. */
  output: string;
  /** The model summary of the `started` message. */
  model: LayerSummary[];
}

export interface ScanSetup {
  options?: Partial<ScanOptions>;
  execArgv?: string[];
  /** Called with each message and the handle (e.g. to cancel at the first progress). */
  onMessage?: (message: WorkerMessage, handle: RunHandle) => void;
}

export async function scan(file: string, setup: ScanSetup = {}): Promise<ScanResult> {
  const options: ScanOptions = { file, probe: 256, seed: 7, epochs: 1, backend: 'auto', thresholds: DEFAULT_THRESHOLDS, ...setup.options };
  const messages: WorkerMessage[] = [];
  let output = '';
  const handle: RunHandle = tfjsRunner({ workerPath: WORKER, execArgv: setup.execArgv }).start(options, {
    message: (m) => {
      messages.push(m);
      setup.onMessage?.(m, handle);
    },
    output: (text) => (output += text),
  });
  const report = await handle.done;
  const started = messages.find((m) => m.type === 'started');
  return { report, messages, output, model: started?.type === 'started' ? started.model : [] };
}

/** The report's diagnostics without the file, for exact comparison. */
export const diagnosticsOf = (report: Report) =>
  report.diagnostics.map(({ severity, code, message, line, column, endLine, endColumn }) => ({ severity, code, message, line, column, endLine, endColumn }));

/** A layer's place as [line, column, endLine, endColumn]. */
export const placeOf = (layer: LayerSummary | undefined) =>
  layer?.location ? [layer.location.line, layer.location.column, layer.location.endLine, layer.location.endColumn] : null;
