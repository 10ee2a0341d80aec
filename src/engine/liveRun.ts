// The one fold of a run's protocol messages: what the parent (host, extension, CLI) knows of a
// run while it goes — its model, progress, per-layer counts, findings — and the report it ends
// with when the training process could not send its own (crash, cancel).

import type { Backend, DiagnosticCode, LayerReport, Report, ReportDiagnostic, ReportStatus, Thresholds, WorkerMessage } from '../shared/protocol';
import { REPORT_VERSION } from '../shared/protocol';
import { diagnosticAt, RunTracker, startOf } from './report';

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
  private tracker: RunTracker;
  private readonly errors: ReportDiagnostic[] = [];

  constructor(
    readonly file: string,
    readonly thresholds: Thresholds,
  ) {
    this.tracker = new RunTracker(file, [], thresholds);
  }

  get backend(): Backend | null {
    return this.started?.backend ?? null;
  }

  /** Takes one message in. Throws when it contradicts the model (statistics for more units than a layer has). */
  observe(message: WorkerMessage): void {
    switch (message.type) {
      case 'started':
        this.started = message;
        this.tracker = new RunTracker(this.file, message.model, this.thresholds, message.training);
        break;
      case 'progress':
        this.progress = message;
        break;
      case 'units':
        this.tracker.addCheck(message.check, message.layers);
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

  /** Per-layer counts at the latest check. */
  layers(): LayerReport[] {
    return this.tracker.layers();
  }

  /** Dead units at the latest check, over every layer. */
  dead(): number {
    return this.layers().reduce((sum, l) => sum + l.dead, 0);
  }

  /** The findings so far: the errors the process sent, then the layers'. */
  diagnostics(): ReportDiagnostic[] {
    return [...this.errors, ...this.tracker.diagnostics()];
  }

  /** The run's report from what it sent: `extra` diagnostics first, then the layers'. */
  report(status: ReportStatus, extra: readonly ReportDiagnostic[]): Report {
    const epochsRun = Math.max(0, ...this.tracker.checks().map((c) => c.epoch));
    return this.tracker.report(status, this.backend, epochsRun, extra);
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
