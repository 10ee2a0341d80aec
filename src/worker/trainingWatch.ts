// The callback the scan adds to the user's fit: progress (throttled), the unit checks during
// training (early in epoch 1, every N batches, each epoch end), the epoch history, and NaN loss.
// Nothing here touches tensors per batch: the loss arrives as a number in tfjs's logs.

import type { CheckInfo, CheckKind, LayerUnits } from '../shared/protocol';
import type { WorkerScan } from './workerScan';
import type { UnitMonitor } from './monitor';
import type { ReviveOutcome } from './revive';
import type { CustomCallbackArgs, Logs } from './tfjs';
import { EpochLoss } from './epochLoss';

const PROGRESS_INTERVAL_MS = 100;
const EARLY_FRACTION = 0.1;
const EARLY_MAX_BATCH = 100;
/** When the number of batches per epoch is unknown (a dataset of unknown size). */
const EARLY_BATCH_UNKNOWN = 10;

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function metricsOf(logs: Logs | undefined): Record<string, number> {
  const metrics: Record<string, number> = {};
  for (const [name, value] of Object.entries(logs ?? {})) {
    // A NaN metric (validation data holding NaN) is left out: JSON has no NaN, the message would be dropped.
    if (name !== 'loss' && name !== 'batch' && name !== 'size' && typeof value === 'number' && Number.isFinite(value)) metrics[name] = value;
  }
  return metrics;
}

export class TrainingWatch {
  private step = 0;
  private epoch = 0;
  private lastProgress = -Infinity;
  private readonly epochLoss = new EpochLoss();
  /** Where the loss first became NaN (or infinite), e.g. "epoch 1 batch 12". */
  nanAt: string | null = null;
  private readonly earlyBatch: number;

  constructor(
    private readonly run: WorkerScan,
    private readonly monitor: UnitMonitor,
    private readonly stop: () => void,
    private readonly epochs: number,
    /** Batches per epoch; 0 when unknown. */
    private readonly batches: number,
    /** ReDo: reinitialises the given dead units of the model in training. */
    private readonly revive: (dead: Map<string, number[]>) => ReviveOutcome,
  ) {
    this.earlyBatch = batches > 0 ? Math.min(EARLY_MAX_BATCH, Math.max(1, Math.round(batches * EARLY_FRACTION))) : EARLY_BATCH_UNKNOWN;
  }

  /** Layers whose units could not be revived, said once. */
  private readonly unrevivable = new Set<string>();

  /** Measures every monitored unit now and sends the result. */
  async check(kind: CheckKind, label: string, epochsDone: number): Promise<LayerUnits[]> {
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
    return layers;
  }

  /** Whether to revive now: asked by the parent since the last batch, or every --revive N steps. */
  private reviveDue(): 'requested' | 'scheduled' | null {
    const every = this.run.options.reviveEvery;
    if (this.run.takeReviveRequest()) return 'requested';
    return every && this.step % every === 0 ? 'scheduled' : null;
  }

  /** Revives the units dead at a check just made (ReDo) and says what it did. */
  private reviveDead(measured: readonly LayerUnits[], label: string, why: 'requested' | 'scheduled'): void {
    const dead = new Map<string, number[]>();
    for (const l of measured) {
      const units = l.state.flatMap((s, u) => (s === 'dead' ? [u] : []));
      if (units.length > 0) dead.set(l.layer, units);
    }
    const outcome = this.revive(dead);
    for (const [layer, units] of outcome.revived) this.run.recordRevived(layer, units);
    for (const { layer, reason } of outcome.skipped) {
      if (!this.unrevivable.has(layer)) this.run.log(`Cannot revive the dead units of ${layer} in place: ${reason}.`, 'warn');
      this.unrevivable.add(layer);
    }
    const revived = [...outcome.revived].map(([layer, units]) => `${layer} ${units.length}`);
    const count = [...outcome.revived.values()].reduce((n, units) => n + units.length, 0);
    if (count > 0) this.run.log(`Revived ${count} dead unit${count === 1 ? '' : 's'} at ${label}: ${revived.join(', ')}.`);
    else if (why === 'requested') this.run.log(`No dead units to revive at ${label}.`);
  }

  private get halted(): boolean {
    return this.nanAt !== null || this.run.cancelled;
  }

  callback(): CustomCallbackArgs {
    return {
      onEpochBegin: async (epoch) => {
        this.epoch = epoch;
        this.epochLoss.reset();
      },
      onBatchEnd: async (batch, logs) => {
        this.step++;
        const loss = logs?.loss;
        if (typeof loss === 'number' && !Number.isFinite(loss)) {
          this.nanAt ??= `epoch ${this.epoch + 1} batch ${batch + 1}`;
          this.stop();
          return;
        }
        const meanLoss = typeof loss === 'number' ? this.epochLoss.add(loss, logs?.size) : undefined;
        const lastOfEpoch = batch + 1 === this.batches;
        const now = performance.now();
        if (meanLoss !== undefined && (lastOfEpoch || now - this.lastProgress >= PROGRESS_INTERVAL_MS)) {
          this.lastProgress = now;
          this.run.emit({
            type: 'progress',
            epoch: this.epoch + 1,
            epochs: this.epochs,
            batch: batch + 1,
            batches: this.batches,
            loss: meanLoss,
            metrics: metricsOf(logs),
          });
          // Lets a cancel message from the parent in while training runs.
          await yieldToEventLoop();
        }
        if (this.halted) return;
        const label = `epoch ${this.epoch + 1} batch ${batch + 1}`;
        const checkEvery = this.run.options.checkEvery;
        // After an epoch's last batch the epoch-end check follows.
        let measured: LayerUnits[] | undefined;
        if (!lastOfEpoch && this.epoch === 0 && batch + 1 === this.earlyBatch) {
          measured = await this.check('early', label, 0);
        } else if (!lastOfEpoch && checkEvery && this.step % checkEvery === 0) {
          measured = await this.check('batch', label, this.epoch);
        }
        const revive = this.reviveDue();
        if (revive) this.reviveDead(measured ?? (await this.check('batch', label, this.epoch)), label, revive);
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
