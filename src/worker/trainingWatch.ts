// The callback the scan adds to the user's fit: progress (throttled), the unit checks during
// training (early in epoch 1, every N batches, each epoch end), the epoch history, and NaN loss.
// Nothing here touches tensors per batch: the loss arrives as a number in tfjs's logs.

import type { CheckInfo, CheckKind } from '../shared/protocol';
import type { ScanRun } from './scanRun';
import type { UnitMonitor } from './monitor';
import type { CustomCallbackArgs, Logs } from './tfjs';

const PROGRESS_INTERVAL_MS = 100;
const EARLY_FRACTION = 0.1;
const EARLY_MAX_BATCH = 100;
/** When the number of batches per epoch is unknown (a dataset of unknown size). */
const EARLY_BATCH_UNKNOWN = 10;

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function metricsOf(logs: Logs | undefined): Record<string, number> {
  const metrics: Record<string, number> = {};
  for (const [name, value] of Object.entries(logs ?? {})) {
    if (name !== 'loss' && name !== 'batch' && name !== 'size' && typeof value === 'number') metrics[name] = value;
  }
  return metrics;
}

export class TrainingWatch {
  private step = 0;
  private epoch = 0;
  private lastProgress = -Infinity;
  /** Where the loss first became NaN (or infinite), e.g. "epoch 1 batch 12". */
  nanAt: string | null = null;
  private readonly earlyBatch: number;

  constructor(
    private readonly run: ScanRun,
    private readonly monitor: UnitMonitor,
    private readonly stop: () => void,
    private readonly epochs: number,
    /** Batches per epoch; 0 when unknown. */
    private readonly batches: number,
  ) {
    this.earlyBatch =
      batches > 0 ? Math.min(EARLY_MAX_BATCH, Math.max(1, Math.round(batches * EARLY_FRACTION))) : EARLY_BATCH_UNKNOWN;
  }

  /** Measures every monitored unit now and sends the result. */
  async check(kind: CheckKind, label: string, epochsDone: number): Promise<void> {
    const layers = await this.monitor.measure();
    const check: CheckInfo = {
      index: this.run.tracking.checks().length,
      kind,
      epoch: epochsDone,
      step: this.step,
      label,
      probeSamples: this.monitor.probeSamples,
    };
    this.run.tracking.addCheck(check, layers);
    this.run.emit({ type: 'units', check, layers });
  }

  private get halted(): boolean {
    return this.nanAt !== null || this.run.cancelled;
  }

  callback(): CustomCallbackArgs {
    return {
      onEpochBegin: async (epoch) => {
        this.epoch = epoch;
      },
      onBatchEnd: async (batch, logs) => {
        this.step++;
        const loss = logs?.loss;
        if (typeof loss === 'number' && !Number.isFinite(loss)) {
          this.nanAt ??= `epoch ${this.epoch + 1} batch ${batch + 1}`;
          this.stop();
          return;
        }
        const lastOfEpoch = batch + 1 === this.batches;
        const now = performance.now();
        if (typeof loss === 'number' && (lastOfEpoch || now - this.lastProgress >= PROGRESS_INTERVAL_MS)) {
          this.lastProgress = now;
          this.run.emit({
            type: 'progress',
            epoch: this.epoch + 1,
            epochs: this.epochs,
            batch: batch + 1,
            batches: this.batches,
            loss,
            metrics: metricsOf(logs),
          });
          // Lets a cancel message from the parent in while training runs.
          await yieldToEventLoop();
        }
        if (this.halted || lastOfEpoch) return;
        const checkEvery = this.run.options.checkEvery;
        if (this.epoch === 0 && batch + 1 === this.earlyBatch) {
          await this.check('early', `epoch 1 batch ${batch + 1}`, 0);
        } else if (checkEvery && this.step % checkEvery === 0) {
          await this.check('batch', `epoch ${this.epoch + 1} batch ${batch + 1}`, this.epoch);
        }
      },
      onEpochEnd: async (epoch, logs) => {
        if (this.halted) return;
        this.run.epochsRun = epoch + 1;
        const loss = logs?.loss;
        if (typeof loss === 'number') this.run.tracking.addEpoch({ epoch: epoch + 1, loss, metrics: metricsOf(logs) });
        await this.check('epoch', `epoch ${epoch + 1}`, epoch + 1);
      },
    };
  }
}
