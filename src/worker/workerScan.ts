// The state of one scan in the worker: what it has sent, the report it builds, and how it ends.
// Everything that ends a scan (fit finished, an error, cancel, a script that never calls fit)
// goes through `finish`, once; `done` resolves with the report.

import type { Backend, LayerSummary, Report, ReportDiagnostic, ReportStatus, ScanOptions, SourceRange, TrainingSites, WorkerMessage } from '../shared/protocol';
import { diagnosticAt, startOf, type RunTracker } from '../engine/report';
import { FitSequence } from '../engine/fitSequence';
import { unscannedFitNotes } from '../engine/unscannedFits';
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
  /** The fits this scan trains (a script: --max-fits, default 1; a training plan: its fits). */
  fitLimit: number;
  private readonly fits: FitSequence;
  private readonly extra: ReportDiagnostic[] = [];
  private training: Stoppable | null = null;
  private cancelRequested = false;
  private fitsClaimed = 0;
  /** A claimed fit is training (between its claim and its end). */
  private inFit = false;
  private finished = false;
  private reviveRequested = false;
  /** Units revived by ReDo, per layer. */
  private readonly revived = new Map<string, Set<number>>();
  private resolveDone!: (report: Report) => void;
  readonly done = new Promise<Report>((resolve) => (this.resolveDone = resolve));
  /** A script run: every fit call written in the script, for a note at each one the scan did not train. */
  fitCalls: (() => SourceRange[]) | null = null;
  /** Turns anything thrown into the error the user sees; a script run maps it into the user's file. */
  explainError: (error: unknown) => ScanError = internalError;

  constructor(
    readonly options: ScanOptions,
    readonly emit: Emit,
  ) {
    this.fits = new FitSequence(options.file, options.thresholds);
    this.fitLimit = options.maxFits ?? 1;
  }

  get isFinished(): boolean {
    return this.finished;
  }

  get cancelled(): boolean {
    return this.cancelRequested;
  }

  get tracking(): RunTracker {
    return this.fits.tracker;
  }

  /** Epochs the current fit has run. */
  get epochsRun(): number {
    return this.fits.epochsRun;
  }

  set epochsRun(epochs: number) {
    this.fits.epochsRun = epochs;
  }

  log(text: string, level: 'info' | 'warn' = 'info'): void {
    this.emit({ type: 'log', level, text });
  }

  /** Claims the scan for a fit call; false once the scan has its `fitLimit` fits (or has ended). */
  claimFit(): boolean {
    if (this.fitsClaimed >= this.fitLimit || this.finished) return false;
    this.fitsClaimed++;
    this.inFit = true;
    return true;
  }

  get fitStarted(): boolean {
    return this.fitsClaimed > 0;
  }

  /** Fits claimed so far. */
  get fitCount(): number {
    return this.fitsClaimed;
  }

  /** A claimed fit is training now. */
  get fitInProgress(): boolean {
    return this.inFit;
  }

  /** Where the scanned fits were called, in the order they ran. */
  get fitSites(): SourceRange[] {
    return this.fits.sites();
  }

  /** Begins the claimed fit's tracking; `repeats`: later fits of the same model and settings, counted (a training plan's). */
  startModel(layers: LayerSummary[], training: TrainingSites, repeats = 0): void {
    this.fits.start(layers, training, repeats);
  }

  /** The claimed fit ended as it should: the scan ends with its last fit, else the script goes on to the next. */
  fitEnded(): void {
    this.inFit = false;
    if (this.fitsClaimed >= this.fitLimit) this.finish('completed');
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
    const unscanned = status === 'completed' && this.fitCalls ? unscannedFitNotes(this.fitCalls(), this.fitSites, this.fitLimit) : [];
    const report = this.fits.report(status, this.backend, [...this.extra, ...cancelledNote, ...unscanned]);
    if (this.revived.size > 0 || this.options.reviveEvery) report.revived = revivedSummary(this.revived, report.layers);
    this.resolveDone(report);
  }
}
