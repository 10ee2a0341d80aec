// Parent side of the training bench: runs the child for one backend and gathers its timings and
// the scan's worker messages (validated as the launcher validates them).

import { join } from 'node:path';
import { parseWorkerMessage } from '../../../src/shared/protocol';
import { forkTs } from '../../children';
import type { ChildMessage, ScanParts, Timing, TrainingPlan } from './messages';

export interface TrainingResult {
  plan: TrainingPlan;
  /** Why the backend could not run; the timings are empty then. */
  unavailable?: string;
  /** Backend set-up, MNIST loading and tensor creation in the child. */
  loadMs: number;
  /** Epoch timings, by pair. */
  plain: Timing[];
  scan: Timing[];
  /** The scan's parts measured apart (absent when the backend is unavailable). */
  parts?: ScanParts;
  /** Worker messages of the timed scanned epochs by type, summed over them. */
  messages: Record<string, number>;
  invalidMessages: number;
}

const isChildMessage = (v: unknown): v is ChildMessage => typeof v === 'object' && v !== null && typeof (v as { kind?: unknown }).kind === 'string';

export function benchTraining(plan: TrainingPlan, onEpoch: (text: string) => void): Promise<TrainingResult> {
  const result: TrainingResult = { plan, loadMs: NaN, plain: [], scan: [], messages: {}, invalidMessages: 0 };
  const { child, output } = forkTs(join(__dirname, 'child.ts'), [JSON.stringify(plan)], ['--expose-gc']);
  return new Promise((resolve, reject) => {
    let failure: string | undefined;
    child.on('message', (raw: unknown) => {
      if (!isChildMessage(raw)) return;
      switch (raw.kind) {
        case 'unavailable':
          result.unavailable = raw.reason;
          break;
        case 'ready':
          result.loadMs = raw.loadMs;
          break;
        case 'epoch':
          if (raw.status !== 'completed') failure = `a scanned epoch ended ${raw.status}`;
          result[raw.variant].push(raw.timing);
          onEpoch(`${plan.backend} pair ${raw.pair + 1}/${plan.pairs} ${raw.variant}: ${(raw.timing.wallMs / 1000).toFixed(2)} s`);
          break;
        case 'worker': {
          if (raw.pair === null) break;
          const message = parseWorkerMessage(raw.message);
          if (message) result.messages[message.type] = (result.messages[message.type] ?? 0) + 1;
          else result.invalidMessages++;
          break;
        }
        case 'parts':
          result.parts = raw.parts;
          break;
        case 'done':
          break;
      }
    });
    child.on('exit', (code, signal) => {
      if (failure) reject(new Error(failure));
      else if (code === 0) resolve(result);
      else reject(new Error(`the ${plan.backend} training child ${signal ? `was killed by ${signal}` : `exited with ${code}`}:\n${output()}`));
    });
  });
}
