// The training child of the bench: trains the tutorial workload for one epoch at a time, plainly
// (tfjs's own `fit`, as a user's script trains) and under the scan (the worker's monitoredFit:
// probe set, init check, early and epoch-end checks, progress messages over IPC, the report),
// alternating the order pair by pair; then the scan's parts apart (parts.ts). Started by
// bench/engine/training/bench.ts with the plan in argv.

import { labelData, loadMnist, pixelData } from '../../../src/data';
import { ScanError } from '../../../src/engine/errors';
import { selectBackend } from '../../../src/worker/backend';
import { monitoredFit } from '../../../src/worker/monitoredFit';
import { loadTfjs, ownTfjsEntry, type Tensor } from '../../../src/worker/tfjs';
import type { ChildMessage, Timing, TrainingPlan, Variant } from './messages';
import { ipcRun, measureParts, scanOptions, type Workload } from './parts';
import { collect, timed } from './timing';
import { BATCH_SIZE, tutorialModel } from './tutorialModel';

const WARM_UP_SAMPLES = 2_000;

const send = (message: ChildMessage): Promise<void> =>
  new Promise((resolve, reject) => process.send?.(message, undefined, undefined, (e) => (e ? reject(e) : resolve())));

/** One epoch of the tutorial model from its initial weights: its timing and how it ended. */
async function epoch(
  work: Workload,
  variant: Variant,
  x: Tensor,
  y: Tensor,
  plan: TrainingPlan,
  pair: number | null,
): Promise<{ timing: Timing; status: string }> {
  const { tf } = work;
  const model = tutorialModel(tf, work.initial);
  const args = { epochs: 1, batchSize: BATCH_SIZE };
  collect();
  try {
    if (variant === 'plain') {
      const { timing } = await timed(() => model.fit(x, y, args));
      return { timing, status: 'completed' };
    }
    const run = ipcRun(scanOptions(plan.backend), pair);
    const { value: status, timing } = await timed(async () => {
      await monitoredFit(run, { tf, model, site: null, x, y, args, fit: (x1, y1, a1) => model.fit(x1, y1, a1) });
      const report = await run.done;
      // The worker ends a scan by sending its report.
      await send({ kind: 'worker', pair, message: { type: 'finished', report } });
      return report.status;
    });
    return { timing, status };
  } finally {
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
  const batches = Math.ceil(plan.samples / BATCH_SIZE);
  await send({ kind: 'parts', parts: await measureParts(work, scanOptions(plan.backend), batches, plan.partRepeats) });
  await send({ kind: 'done' });
}

main(JSON.parse(process.argv[2] ?? '{}') as TrainingPlan).then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`training child failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
