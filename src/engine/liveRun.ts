// The one fold of a run's protocol messages: what the parent (host, extension, CLI) knows of a
// run while it goes — its model, progress, per-layer counts, findings — and the report it ends
// with when the training process could not send its own (crash, cancel).

import type { Backend, DiagnosticCode, LayerReport, LayerSummary, Report, ReportDiagnostic, ReportStatus, Thresholds, WorkerMessage } from '../shared/protocol';
import { REPORT_VERSION } from '../shared/protocol';
import { FitSequence } from './fitSequence';
import { diagnosticAt, startOf } from './report';

export type StartedMessage = Extract<WorkerMessage, { type: 'started' }>;
export type ProgressMessage = Extract<WorkerMessage, { type: 'progress' }>;

/** A report of a run that measured nothing (no file, cancelled before it started, …). */
export function emptyReport(file: string, status: ReportStatus, diagnostics: ReportDiagnostic[]): Report {
  return { version: REPORT_VERSION, file, status, backend: null, epochsRun: 0, layers: [], diagnostics, checks: [], history: [] };
}

export class LiveRun {
  /** The `started` message: the model, the backend, the training budget. */
  started: StartedMessage | undefined;
  /** The latest `progress` message. */
  progress: ProgressMessage | undefined;
  /** Every fit's model summary (a `started` message each), in the order they ran. */
  private readonly models: LayerSummary[][] = [];
  private readonly fits: FitSequence;
  private readonly errors: ReportDiagnostic[] = [];

  constructor(
    readonly file: string,
    readonly thresholds: Thresholds,
  ) {
    this.fits = new FitSequence(file, thresholds);
  }

  get backend(): Backend | null {
    return this.started?.backend ?? null;
  }

  /** Takes one message in. Throws when it contradicts the model (statistics for more units than a layer has). */
  observe(message: WorkerMessage): void {
    switch (message.type) {
      case 'started':
        // A scan of several fits sends a `started` for each.
        this.started = message;
        this.models.push(message.model);
        this.settleEpochs();
        this.fits.start(message.model, message.training ?? { compile: null, fit: null }, message.fit?.repeats);
        break;
      case 'progress':
        this.progress = message;
        break;
      case 'units':
        this.fits.tracker.addCheck(message.check, message.layers);
        break;
      case 'error':
        // An engine error (syntax, unsupported layer, shape, …) is a diagnostic at its position.
        this.errors.push(diagnosticAt('error', message.code, message.message, message.position ?? startOf(this.file)));
        break;
      case 'log':
      case 'finished':
        break;
    }
  }

  /** The layers of every fit's model, in the order the fits ran. */
  get model(): LayerSummary[] {
    return this.models.flat();
  }

  /** Per-layer counts at the latest check (every fit's, in a scan of several). */
  layers(): LayerReport[] {
    return this.fits.layers();
  }

  /** Dead units at the latest check, over every layer. */
  dead(): number {
    return this.layers().reduce((sum, l) => sum + l.dead, 0);
  }

  /** The findings so far: the errors the process sent, then the layers'. */
  diagnostics(): ReportDiagnostic[] {
    return [...this.errors, ...this.fits.diagnostics()];
  }

  /** The run's report from what it sent: `extra` diagnostics first, then the layers'. */
  report(status: ReportStatus, extra: readonly ReportDiagnostic[]): Report {
    this.settleEpochs();
    return this.fits.report(status, this.backend, extra);
  }

  /** The fit's epochs run, from its checks (the worker's own report counts them as they end). */
  private settleEpochs(): void {
    this.fits.epochsRun = Math.max(0, ...this.fits.tracker.checks().map((c) => c.epoch));
  }

  cancelled(): Report {
    return this.report('cancelled', [diagnosticAt('information', 'cancelled', 'Scan cancelled.', startOf(this.file))]);
  }

  /** A failed run: the errors the process sent, else `code` and `message` at the start of the file. */
  failed(code: DiagnosticCode, message: string): Report {
    if (this.errors.length > 0) return this.report('failed', this.errors);
    return this.report('failed', [diagnosticAt('error', code, message, startOf(this.file))]);
  }
}
