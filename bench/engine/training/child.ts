// The training child of the bench: trains the tutorial workload for one epoch at a time, plainly
// (tfjs's own `fit`, as a user's script trains) and under the scan (the worker's monitoredFit:
// probe set, init check, early and epoch-end checks, progress messages over IPC, the report),
// alternating the order pair by pair. Started by bench/engine/training/bench.ts with the plan in argv.

import { DEFAULT_THRESHOLDS, type ScanOptions } from '../../../src/shared/protocol';
import { labelData, loadMnist, pixelData } from '../../../src/data';
import { ScanError } from '../../../src/engine/errors';
import { selectBackend } from '../../../src/worker/backend';
import { describeModel } from '../../../src/worker/modelSummary';
import { drawProbe, UnitMonitor } from '../../../src/worker/monitor';
import { monitoredFit } from '../../../src/worker/monitoredFit';
import { PACKAGE_ROOT } from '../../../src/worker/packageRoot';
import { ScanRun } from '../../../src/worker/scanRun';
import { loadTfjs, ownTfjsEntry, type Tensor, type Tf } from '../../../src/worker/tfjs';
import type { ChildMessage, Timing, TrainingPlan, Variant } from './messages';
import { BATCH_SIZE, tutorialModel } from './tutorialModel';

const WARM_UP_SAMPLES = 2_000;
const SEED = 42;

const send = (message: ChildMessage): Promise<void> =>
  new Promise((resolve, reject) => process.send?.(message, undefined, undefined, (e) => (e ? reject(e) : resolve())));

/** Collects garbage between timed epochs (the child runs with --expose-gc), so that no run pays for another's. */
const collect = (): void => (globalThis as { gc?: () => void }).gc?.();

interface Workload {
  tf: Tf;
  x: Tensor;
  y: Tensor;
  initial: Tensor[];
}

/** The timing since `start` (performance.now()) and `usage` (process.resourceUsage()). */
function since(start: number, usage: NodeJS.ResourceUsage): Timing {
  const now = process.resourceUsage();
  return {
    wallMs: performance.now() - start,
    cpuMs: (now.userCPUTime + now.systemCPUTime - usage.userCPUTime - usage.systemCPUTime) / 1000,
    voluntarySwitches: now.voluntaryContextSwitches - usage.voluntaryContextSwitches,
    involuntarySwitches: now.involuntaryContextSwitches - usage.involuntaryContextSwitches,
  };
}

/** One epoch of the tutorial model from its initial weights: its timing and how it ended. */
async function epoch(work: Workload, variant: Variant, x: Tensor, y: Tensor, plan: TrainingPlan, pair: number | null): Promise<{ timing: Timing; status: string }> {
  const { tf } = work;
  const model = tutorialModel(tf, work.initial);
  const args = { epochs: 1, batchSize: BATCH_SIZE };
  collect();
  const usage = process.resourceUsage();
  const start = performance.now();
  try {
    if (variant === 'plain') {
      await model.fit(x, y, args);
      return { timing: since(start, usage), status: 'completed' };
    }
    const options: ScanOptions = {
      file: `${PACKAGE_ROOT}/examples/tfjs/mnist-tutorial.js`,
      probe: 1024,
      seed: SEED,
      backend: plan.backend,
      thresholds: DEFAULT_THRESHOLDS,
    };
    // Every message goes over IPC as the worker's do; the report too, as the worker ends a scan.
    const run = new ScanRun(options, (message) => process.send?.({ kind: 'worker', pair, message } satisfies ChildMessage));
    await monitoredFit(run, { tf, model, site: null, x, y, args, fit: (x1, y1, a1) => model.fit(x1, y1, a1) });
    const report = await run.done;
    await send({ kind: 'worker', pair, message: { type: 'finished', report } });
    return { timing: since(start, usage), status: report.status };
  } finally {
    model.dispose();
  }
}

/** Times the unit check alone: the tutorial model's monitored layer over the probe set. */
async function checkTimes(work: Workload, repeats: number): Promise<{ timings: Timing[]; probeSamples: number }> {
  const { tf, x } = work;
  const model = tutorialModel(tf, work.initial);
  const probe = drawProbe(tf, [x], x.shape[0], Math.min(1024, x.shape[0]), SEED);
  const monitor = new UnitMonitor(tf, model, describeModel(model).monitored, probe, DEFAULT_THRESHOLDS);
  const timings: Timing[] = [];
  try {
    await monitor.measure(); // warm-up
    for (let i = 0; i < repeats; i++) {
      const usage = process.resourceUsage();
      const start = performance.now();
      await monitor.measure();
      timings.push(since(start, usage));
    }
    return { timings, probeSamples: monitor.probeSamples };
  } finally {
    monitor.dispose();
    tf.dispose(probe);
    model.dispose();
  }
}

async function main(plan: TrainingPlan): Promise<void> {
  const entry = ownTfjsEntry();
  const tf = loadTfjs(entry);
  const loadStart = performance.now();
  try {
    await selectBackend(tf, plan.backend, entry, () => undefined);
  } catch (error) {
    if (!(error instanceof ScanError)) throw error;
    await send({ kind: 'unavailable', reason: error.message });
    return;
  }
  const train = loadMnist('train', { limit: plan.samples });
  const px = pixelData(train);
  const lb = labelData(train);
  const work: Workload = { tf, x: tf.tensor(px.values, px.shape), y: tf.tensor(lb.values, lb.shape), initial: [] };
  const first = tutorialModel(tf);
  work.initial = first.getWeights().map((w) => w.clone());
  first.dispose();
  await send({ kind: 'ready', backend: plan.backend, loadMs: performance.now() - loadStart });

  // Warm-up, untimed: the first epochs of a process pay for kernel set-up and JIT compilation.
  const [wx, wy] = [work.x.slice(0, WARM_UP_SAMPLES), work.y.slice(0, WARM_UP_SAMPLES)];
  for (const variant of ['plain', 'scan'] as const) await epoch(work, variant, wx, wy, plan, null);
  tf.dispose([wx, wy]);

  for (let pair = 0; pair < plan.pairs; pair++) {
    const order: Variant[] = pair % 2 === 0 ? ['plain', 'scan'] : ['scan', 'plain'];
    for (const variant of order) {
      await send({ kind: 'epoch', variant, pair, ...(await epoch(work, variant, work.x, work.y, plan, pair)) });
    }
  }
  await send({ kind: 'checks', ...(await checkTimes(work, plan.checkRepeats)) });
  await send({ kind: 'done' });
}

main(JSON.parse(process.argv[2] ?? '{}') as TrainingPlan).then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`training child failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
