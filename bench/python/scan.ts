// One scan of a Python script through the runner the CLI and the extension use (src/host/runners.ts:
// interpreter probe, then the user's Python or the translator), with the arrival time of every
// message and of each line the script prints, from the launch.

import { join } from 'node:path';
import { DEFAULT_THRESHOLDS, type Report, type RunnerChoice, type ScanOptions, type WorkerMessage } from '../../src/shared/protocol';
import { selectRunner } from '../../src/host/runners';
import { PACKAGE_ROOT } from '../../src/worker/packageRoot';

export const VENV_PYTHON = join(PACKAGE_ROOT, '.venv', 'bin', 'python');
const WORKER_PATH = join(PACKAGE_ROOT, 'dist', 'worker.js');

export interface ScanRequest {
  file: string;
  runner: Exclude<RunnerChoice, 'auto'>;
  epochs?: number;
  samples?: number;
  /** The environment of the training process (the datasets stub's variables). */
  env: NodeJS.ProcessEnv;
  /** Cancel at the init check. */
  stopAtInit?: boolean;
  /** Text the script prints whose arrival is timed. */
  marker?: string;
}

export interface TimedScan {
  report: Report;
  /** ms from the launch: the init check, each epoch-end check (in order), the marker line, the report. */
  initMs: number;
  epochEndMs: number[];
  markerMs: number;
  endMs: number;
  /** Samples per epoch and the backend the run said it trained on. */
  samples: number;
}

export function timedScan(request: ScanRequest): Promise<TimedScan> {
  const options: ScanOptions = {
    file: request.file,
    epochs: request.epochs,
    samples: request.samples,
    probe: 1024,
    seed: 42,
    backend: 'wasm',
    thresholds: DEFAULT_THRESHOLDS,
    runner: request.runner,
    python: request.runner === 'python' ? VENV_PYTHON : undefined,
  };
  const times = { initMs: NaN, epochEndMs: [] as number[], markerMs: NaN, samples: NaN };
  let printed = '';
  const start = performance.now();
  const handle = selectRunner(options, { workerPath: WORKER_PATH, env: request.env, cwd: PACKAGE_ROOT }).start(options, {
    message(message: WorkerMessage) {
      const at = performance.now() - start;
      if (message.type === 'started') times.samples = message.samples;
      if (message.type !== 'units') return;
      if (message.check.kind === 'init') {
        times.initMs = at;
        if (request.stopAtInit) handle.cancel();
      }
      if (message.check.kind === 'epoch') times.epochEndMs.push(at);
    },
    output(text: string) {
      if (!request.marker || Number.isFinite(times.markerMs)) return;
      printed += text;
      if (printed.includes(request.marker)) times.markerMs = performance.now() - start;
    },
  });
  return handle.done.then((report) => ({ ...times, report, endMs: performance.now() - start }));
}
