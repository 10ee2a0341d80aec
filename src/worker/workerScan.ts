// The state of one scan in the worker: what it has sent, the report it builds, and how it ends.
// Everything that ends a scan (fit finished, an error, cancel, a script that never calls fit)
// goes through `finish`, once; `done` resolves with the report.

import type { Backend, LayerSummary, Report, ReportDiagnostic, ReportStatus, ScanOptions, TrainingSites, WorkerMessage } from '../shared/protocol';
import { diagnosticAt, RunTracker, startOf } from '../engine/report';
import { ScanError } from '../engine/errors';
import { revivedSummary } from '../engine/revived';

export type Emit = (message: WorkerMessage) => void;

/** A model that can be told to stop training (tfjs LayersModel). */
interface Stoppable {
  stopTraining: boolean;
}

/** Something thrown that is not the user's mistake: the scan itself failed. */
function internalError(error: unknown): ScanError {
  if (error instanceof ScanError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ScanError('worker-crashed', `The scan failed: ${message}`, null);
}

export class WorkerScan {
  backend: Backend | null = null;
  epochsRun = 0;
  private tracker: RunTracker;
  private readonly extra: ReportDiagnostic[] = [];
  private training: Stoppable | null = null;
  private cancelRequested = false;
  private fitClaimed = false;
  private finished = false;
  private reviveRequested = false;
  /** Units revived by ReDo, per layer. */
  private readonly revived = new Map<string, Set<number>>();
  private resolveDone!: (report: Report) => void;
  readonly done = new Promise<Report>((resolve) => (this.resolveDone = resolve));
  /** Turns anything thrown into the error the user sees; a script run maps it into the user's file. */
  explainError: (error: unknown) => ScanError = internalError;

  constructor(
    readonly options: ScanOptions,
    readonly emit: Emit,
  ) {
    this.tracker = new RunTracker(options.file, [], options.thresholds);
  }

  get isFinished(): boolean {
    return this.finished;
  }

  get cancelled(): boolean {
    return this.cancelRequested;
  }

  get tracking(): RunTracker {
    return this.tracker;
  }

  log(text: string, level: 'info' | 'warn' = 'info'): void {
    this.emit({ type: 'log', level, text });
  }

  /** Claims the scan for the first fit call; false for later ones (the scan covers one fit). */
  claimFit(): boolean {
    if (this.fitClaimed || this.finished) return false;
    this.fitClaimed = true;
    return true;
  }

  get fitStarted(): boolean {
    return this.fitClaimed;
  }

  startModel(layers: LayerSummary[], training: TrainingSites): void {
    this.tracker = new RunTracker(this.options.file, layers, this.options.thresholds, training);
  }

  /** While `model` trains, cancel stops it at the end of the current batch. */
  setTraining(model: Stoppable | null): void {
    this.training = model;
    if (model && this.cancelRequested) model.stopTraining = true;
  }

  /** The parent asked to revive the dead units: done at the next batch end, if training goes on. */
  requestRevive(): void {
    if (this.finished) this.log('Reviving dead units works while the model trains.', 'warn');
    else this.reviveRequested = true;
  }

  /** Whether a revive was asked for since the last call. */
  takeReviveRequest(): boolean {
    const requested = this.reviveRequested;
    this.reviveRequested = false;
    return requested;
  }

  recordRevived(layer: string, units: readonly number[]): void {
    const set = this.revived.get(layer) ?? new Set<number>();
    units.forEach((u) => set.add(u));
    this.revived.set(layer, set);
  }

  cancel(): void {
    this.cancelRequested = true;
    if (this.training) this.training.stopTraining = true;
    else this.finish('cancelled');
  }

  /** Adds a diagnostic to the report (plan notes, "no monitored layers"). */
  note(diagnostic: ReportDiagnostic): void {
    this.extra.push(diagnostic);
  }

  /** Ends the scan on a user-facing error: an `error` message and a failed report. */
  fail(error: ScanError): void {
    if (this.finished) return;
    this.emit({ type: 'error', code: error.code, message: error.message, position: error.range });
    this.extra.unshift(diagnosticAt('error', error.code, error.message, error.range ?? startOf(this.options.file)));
    this.finish('failed');
  }

  finish(status: ReportStatus): void {
    if (this.finished) return;
    this.finished = true;
    const cancelledNote = status === 'cancelled' ? [diagnosticAt('information', 'cancelled', 'Scan cancelled.', startOf(this.options.file))] : [];
    const report = this.tracker.report(status, this.backend, this.epochsRun, [...this.extra, ...cancelledNote]);
    if (this.revived.size > 0 || this.options.reviveEvery) report.revived = revivedSummary(this.revived, report.layers);
    this.resolveDone(report);
  }
}
