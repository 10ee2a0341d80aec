// The scan's costs measured apart, each many times, as a cross-check of the epoch-to-epoch
// comparison that other processes on the shared cores make noisy: the set-up around a fit (all
// the scan does but training), one unit check, the batch-end path, one progress message.

import { DEFAULT_THRESHOLDS, type ScanOptions } from '../../../src/shared/protocol';
import { describeModel } from '../../../src/worker/modelSummary';
import { drawProbe, UnitMonitor } from '../../../src/worker/monitor';
import { monitoredFit } from '../../../src/worker/monitoredFit';
import { PACKAGE_ROOT } from '../../../src/worker/packageRoot';
import { reviveUnits } from '../../../src/worker/revive';
import { WorkerScan } from '../../../src/worker/workerScan';
import { TrainingWatch } from '../../../src/worker/trainingWatch';
import type { Scalar, Tensor, Tf } from '../../../src/worker/tfjs';
import type { ChildMessage, ScanParts, Timing } from './messages';
import { collect, timed } from './timing';
import { tutorialModel } from './tutorialModel';

export const PROBE = 1024;
export const SEED = 42;
/** Progress messages sent per timing of the message cost. */
const MESSAGES = 100;

export interface Workload {
  tf: Tf;
  x: Tensor;
  y: Tensor;
  initial: Tensor[];
}

export const scanOptions = (backend: ScanOptions['backend']): ScanOptions => ({
  file: `${PACKAGE_ROOT}/examples/tfjs/mnist-tutorial.js`,
  probe: PROBE,
  seed: SEED,
  backend,
  thresholds: DEFAULT_THRESHOLDS,
});

/** A scan run whose messages go over IPC as the worker's do, wrapped for the bench. */
export const ipcRun = (options: ScanOptions, pair: number | null): WorkerScan =>
  new WorkerScan(options, (message) => process.send?.({ kind: 'worker', pair, message } satisfies ChildMessage));

/** monitoredFit around a fit that trains nothing: everything a scan adds but its per-batch and later checks. */
async function setUp(work: Workload, options: ScanOptions): Promise<Timing> {
  const { tf, x, y } = work;
  const model = tutorialModel(tf, work.initial);
  collect();
  try {
    const run = ipcRun(options, null);
    const { timing } = await timed(async () => {
      await monitoredFit(run, { tf, model, site: null, x, y, args: { epochs: 1 }, fit: async () => new tf.History() });
      const report = await run.done;
      process.send?.({ kind: 'worker', pair: null, message: { type: 'finished', report } } satisfies ChildMessage);
    });
    return timing;
  } finally {
    model.dispose();
  }
}

/** `batches` batch ends as fit delivers them (fresh loss and accuracy scalars), through `onBatchEnd` or not. */
type BatchEnd = (batch: number, logs: Record<string, number | Scalar>) => Promise<void>;

async function batchEnds(tf: Tf, batches: number, onBatchEnd: BatchEnd | null): Promise<Timing> {
  collect();
  const { timing } = await timed(async () => {
    for (let batch = 0; batch < batches; batch++) {
      const scalars = [tf.scalar(2.3), tf.scalar(0.1)];
      await onBatchEnd?.(batch, { batch, size: 32, loss: scalars[0], acc: scalars[1] });
      tf.dispose(scalars);
    }
  });
  return timing;
}

export async function measureParts(work: Workload, options: ScanOptions, batches: number, repeats: number): Promise<ScanParts> {
  const { tf, x } = work;
  const model = tutorialModel(tf, work.initial);
  const probe = drawProbe(tf, [x], x.shape[0], Math.min(PROBE, x.shape[0]), SEED);
  const monitor = new UnitMonitor(tf, model, describeModel(model).monitored, probe, options.thresholds);
  const run = ipcRun(options, null);
  // The worker's batch-end callback inside tfjs's CustomCallback, as fit runs it; past epoch 1, so no early check.
  const watch = new TrainingWatch(
    run,
    monitor,
    () => undefined,
    2,
    batches,
    (dead) => reviveUnits(tf, model, dead),
  );
  const callback = new tf.CustomCallback(watch.callback());
  await callback.onEpochBegin(1);
  const parts: ScanParts = {
    setup: [],
    check: [],
    batchEnd: [],
    batchEndBaseline: [],
    batches,
    messages: [],
    messagesPerTiming: MESSAGES,
    probeSamples: monitor.probeSamples,
  };
  const progress = { type: 'progress', epoch: 1, epochs: 1, batch: 1, batches, loss: 2.3, metrics: { acc: 0.1 } } as const;
  try {
    // Warm-up: the first runs of each part pay for JIT compilation.
    await setUp(work, options);
    await monitor.measure();
    await batchEnds(tf, batches, null);
    await batchEnds(tf, batches, (batch, logs) => callback.onBatchEnd(batch, logs));
    for (let i = 0; i < repeats; i++) {
      parts.setup.push(await setUp(work, options));
      parts.check.push((await timed(() => monitor.measure())).timing);
      parts.batchEndBaseline.push(await batchEnds(tf, batches, null));
      parts.batchEnd.push(await batchEnds(tf, batches, (batch, logs) => callback.onBatchEnd(batch, logs)));
      parts.messages.push((await timed(async () => Array.from({ length: MESSAGES }, () => run.emit(progress)))).timing);
    }
    return parts;
  } finally {
    monitor.dispose();
    tf.dispose(probe);
    model.dispose();
  }
}
