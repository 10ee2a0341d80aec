// One scan through the real worker (dist/worker.js, started by the launcher as the CLI and the
// extension start it), timed from the launch, with the worker's peak RSS polled from /proc.

import { join } from 'node:path';
import { DEFAULT_THRESHOLDS, type Report, type ScanOptions, type WorkerMessage } from '../../src/shared/protocol';
import { tfjsRunner } from '../../src/host/tfjsRunner';
import { PACKAGE_ROOT } from '../../src/worker/packageRoot';
import { cpuTimeMs, PeakRssWatch } from '../procStatus';

export const WORKER_PATH = join(PACKAGE_ROOT, 'dist', 'worker.js');

export interface WorkerScan {
  report: Report;
  /** From the launch to the `started` message, to the init check, to the report; ms. */
  startedMs: number;
  initMs: number;
  endMs: number;
  /** The worker's own CPU time (user + system) up to the init check; ms. */
  initCpuMs: number | undefined;
  /** Dead units and monitored units at the init check. */
  deadAtInit: number;
  unitsAtInit: number;
  /** The worker's VmHWM in KiB (undefined without /proc). */
  peakRssKib: number | undefined;
}

export interface WorkerScanOptions {
  epochs?: number;
  samples?: number;
  /** Cancel the scan as soon as the init check arrives. */
  stopAtInit: boolean;
}

export function scanWithWorker(file: string, { epochs, samples, stopAtInit }: WorkerScanOptions): Promise<WorkerScan> {
  const options: ScanOptions = { file, epochs, samples, probe: 1024, seed: 42, backend: 'auto', thresholds: DEFAULT_THRESHOLDS };
  const times = { startedMs: NaN, initMs: NaN, initCpuMs: undefined as number | undefined, deadAtInit: 0, unitsAtInit: 0 };
  let watch: PeakRssWatch | undefined;
  const start = performance.now();
  const onMessage = (message: WorkerMessage) => {
    const at = performance.now() - start;
    if (message.type === 'started') times.startedMs = at;
    if (message.type === 'finished') watch?.read();
    if (message.type !== 'units' || message.check.kind !== 'init') return;
    times.initMs = at;
    times.initCpuMs = handle.pid === undefined ? undefined : cpuTimeMs(handle.pid);
    const states = message.layers.flatMap((l) => l.state);
    times.deadAtInit = states.filter((s) => s === 'dead').length;
    times.unitsAtInit = states.length;
    watch?.read();
    if (stopAtInit) handle.cancel();
  };
  const handle = tfjsRunner({ workerPath: WORKER_PATH }).start(options, { message: onMessage });
  if (handle.pid !== undefined) watch = new PeakRssWatch(handle.pid);
  return handle.done.then((report) => ({ ...times, report, endMs: performance.now() - start, peakRssKib: watch?.stop() }));
}
