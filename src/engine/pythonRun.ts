// Turns what the Python runner sends (raw counts, notes, a closing `done`) into the protocol's
// worker messages: the engine judges every unit (classifyMeasures) and builds the report, so a
// Python scan and a TensorFlow.js scan end the same way.

import type { EpochMetrics, LayerSummary, PythonMessage, RanWith, Report, ReportDiagnostic, Thresholds, WorkerMessage } from '../shared/protocol';
import type { LiveRun } from './liveRun';
import { diagnosticAt, startOf } from './report';
import { revivedSummary } from './revived';
import { classifyMeasures } from './stats';

export class PythonRunTranslator {
  private model: LayerSummary[] = [];
  private ranWith: RanWith | undefined;
  private readonly notes: ReportDiagnostic[] = [];
  private readonly revived = new Map<string, Set<number>>();
  /** Each fit's epochs and history, as its `fitEnded` (or, for the last, `done`) gives them. */
  private readonly fitsEnded: { epochsRun: number; history: EpochMetrics[] }[] = [];
  private fitsStarted = 0;

  constructor(
    private readonly file: string,
    private readonly thresholds: Thresholds,
  ) {}

  /** The worker message for `message`; `run` is the fold of what came before (for the closing report). */
  translate(message: PythonMessage, run: LiveRun): WorkerMessage {
    switch (message.type) {
      case 'started': {
        const { kerasVersion: _version, ...started } = message;
        this.fitsStarted++;
        this.model = started.model;
        this.ranWith = {
          runner: 'python',
          framework: started.framework ?? 'keras',
          ...(started.device ? { device: started.device } : {}),
          ...(started.kerasBackend ? { kerasBackend: started.kerasBackend } : {}),
          ...(started.python ? { python: started.python } : {}),
        };
        return { ...started, backend: null };
      }
      case 'measures':
        return {
          type: 'units',
          check: message.check,
          layers: message.layers.map(({ layer, ...measures }) => {
            const activation = this.model.find((l) => l.name === layer)?.activation ?? 'relu';
            return classifyMeasures({ name: layer, activation }, measures, this.thresholds);
          }),
        };
      case 'note':
        this.notes.push(diagnosticAt(message.severity, message.code, message.message, message.position ?? startOf(this.file)));
        return { type: 'log', level: 'info', text: message.message };
      case 'revived': {
        const named = Object.entries(message.layers).filter(([, units]) => units.length > 0);
        for (const [layer, units] of named) {
          const set = this.revived.get(layer) ?? new Set<number>();
          units.forEach((u) => set.add(u));
          this.revived.set(layer, set);
        }
        const total = named.reduce((sum, [, units]) => sum + units.length, 0);
        return {
          type: 'log',
          level: 'info',
          text: `Revived ${total} dead units at ${message.label}: ${named.map(([l, u]) => `${l} ${u.length}`).join(', ')}.`,
        };
      }
      case 'fitEnded':
        this.fitsEnded.push({ epochsRun: message.epochsRun, history: message.history });
        return { type: 'log', level: 'info', text: `Fit ${this.fitsEnded.length} scanned (${message.epochsRun} epochs); the script goes on to its next fit.` };
      case 'done':
        return { type: 'finished', report: this.report(message, run) };
      default:
        return message;
    }
  }

  private report(done: Extract<PythonMessage, { type: 'done' }>, run: LiveRun): Report {
    const report = done.status === 'cancelled' ? run.cancelled() : run.report('completed', []);
    report.diagnostics = [...this.notes, ...report.diagnostics];
    // `done` carries the fit in progress; a script that ended after its fits carries none.
    const fits = this.fitsEnded.length < this.fitsStarted ? [...this.fitsEnded, { epochsRun: done.epochsRun, history: done.history }] : this.fitsEnded;
    report.fits?.forEach((f, i) => Object.assign(f, fits[i] ?? {}));
    report.epochsRun = fits[0]?.epochsRun ?? done.epochsRun;
    report.history = fits[0]?.history ?? done.history;
    if (this.revived.size > 0) report.revived = revivedSummary(this.revived, report.layers);
    if (this.ranWith) report.ranWith = this.ranWith;
    return report;
  }
}
