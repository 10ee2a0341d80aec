// The fits of one scan, in the order they ran: a RunTracker each, and the one report they make —
// a single fit's report as it always was, several fits grouped (Report.fits).

import type {
  Backend,
  FitReport,
  LayerReport,
  LayerSummary,
  Report,
  ReportDiagnostic,
  ReportStatus,
  SourceRange,
  Thresholds,
  TrainingSites,
} from '../shared/protocol';
import { RunTracker } from './report';

interface FitRecord {
  tracker: RunTracker;
  epochsRun: number;
  /** Later fits of the same model and settings, counted and not scanned. */
  repeats: number;
}

export class FitSequence {
  private readonly records: FitRecord[] = [];
  private current: FitRecord;

  constructor(
    readonly file: string,
    readonly thresholds: Thresholds,
  ) {
    this.current = { tracker: new RunTracker(file, [], thresholds), epochsRun: 0, repeats: 0 };
  }

  /** Begins the next fit (the first replaces the empty tracker a run starts with). */
  start(layers: LayerSummary[], training: TrainingSites, repeats = 0): void {
    this.current = { tracker: new RunTracker(this.file, layers, this.thresholds, training), epochsRun: 0, repeats };
    this.records.push(this.current);
  }

  /** The fit being trained (or the last one). */
  get tracker(): RunTracker {
    return this.current.tracker;
  }

  get epochsRun(): number {
    return this.current.epochsRun;
  }

  set epochsRun(epochs: number) {
    this.current.epochsRun = epochs;
  }

  /** Where each fit begun so far was called (those whose site is known). */
  sites(): SourceRange[] {
    return this.records.flatMap((r) => (r.tracker.training.fit ? [r.tracker.training.fit] : []));
  }

  /** Whether the report groups its layers by fit: more than one fit ran (scanned, or counted as a repeat). */
  private get grouped(): boolean {
    return this.records.length > 1 || this.records.some((r) => r.repeats > 0);
  }

  /** Every fit's layers at its latest check, in fit order (each with its fit when the report groups them). */
  layers(): LayerReport[] {
    return this.grouped ? this.fitReports().flatMap((f) => f.layers) : this.tracker.layers();
  }

  /** Every fit's layer diagnostics; with several fits, each message says its fit. */
  diagnostics(): ReportDiagnostic[] {
    if (!this.grouped) return this.tracker.diagnostics();
    return this.records.flatMap((r, i) => r.tracker.diagnostics().map((d) => ({ ...d, message: `${this.fitLabel(i)}: ${d.message}` })));
  }

  /** The report: `extra` diagnostics (errors, notes) first, then every fit's; grouped by fit when several ran. */
  report(status: ReportStatus, backend: Backend | null, extra: readonly ReportDiagnostic[], epochsRun = this.epochsRun): Report {
    if (!this.grouped) return this.tracker.report(status, backend, epochsRun, extra);
    const first = this.records[0];
    const fits = this.fitReports();
    return {
      ...first.tracker.report(status, backend, first.epochsRun, extra),
      layers: fits.flatMap((f) => f.layers),
      diagnostics: [...extra, ...this.diagnostics()],
      fits,
    };
  }

  private fitReports(): FitReport[] {
    return this.records.map((r, index) => {
      const { checks, history } = r.tracker.report('completed', null, r.epochsRun, []);
      return {
        index,
        training: r.tracker.training,
        repeats: r.repeats,
        epochsRun: r.epochsRun,
        layers: r.tracker.layers().map((l) => ({ ...l, fit: index })),
        checks,
        history,
      };
    });
  }

  /**
   * `Fit 2 of 3`: which fit a diagnostic is about, when layers built at one line train in several
   * (its related information says where that fit is called, in a notebook at its cell).
   */
  private fitLabel(index: number): string {
    return `Fit ${index + 1} of ${this.records.length}`;
  }
}
