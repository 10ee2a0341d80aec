// Follows a run check by check and builds its report. The worker uses it to write the final
// report; the extension and the CLI feed it the same worker messages to show a run live.

import {
  REPORT_VERSION,
  type Backend,
  type CheckInfo,
  type EpochMetrics,
  type LayerReport,
  type LayerSummary,
  type LayerUnits,
  type Report,
  type ReportDiagnostic,
  type ReportStatus,
  type Severity,
  type SourceRange,
  type Thresholds,
  type DiagnosticCode,
  type TrainingSites,
} from '../shared/protocol';
import { monitoredInputs, MOSTLY_DEAD, outputLayers, RootCauseFinder, seesOnlyTheInput } from './layerGraph';
import { layerDiagnostic, type DeadSince } from './layerDiagnostics';

interface LayerHistory {
  summary: LayerSummary;
  latest: LayerUnits | null;
  /** Per unit: first check (index) at which it was dead. */
  firstDeadCheck: (number | null)[];
  /** Per unit: the check that began its current run of dead checks. */
  deadSince: (number | null)[];
}

const unitsIn = (states: readonly string[], state: string): number[] => states.flatMap((s, u) => (s === state ? [u] : []));

export class RunTracker {
  private readonly tracks: LayerHistory[];
  private readonly outputs: Set<string>;
  private readonly checkList: CheckInfo[] = [];
  private readonly history: EpochMetrics[] = [];

  /** `training`: where the model was compiled and trained, for the diagnostics' related information. */
  constructor(
    readonly file: string,
    readonly model: readonly LayerSummary[],
    readonly thresholds: Thresholds,
    readonly training: TrainingSites = { compile: null, fit: null },
  ) {
    this.tracks = model
      .filter((l) => l.family !== null)
      .map((summary) => ({
        summary,
        latest: null,
        firstDeadCheck: new Array<number | null>(summary.units).fill(null),
        deadSince: new Array<number | null>(summary.units).fill(null),
      }));
    this.outputs = outputLayers(model);
  }

  /** Records one check. Statistics of layers the model does not monitor are ignored. */
  addCheck(check: CheckInfo, layers: readonly LayerUnits[]): void {
    this.checkList.push(check);
    for (const units of layers) {
      const track = this.tracks.find((t) => t.summary.name === units.layer);
      if (!track) continue;
      if (units.state.length !== track.summary.units) {
        throw new Error(`${units.layer}: check has ${units.state.length} units, the model ${track.summary.units}`);
      }
      units.state.forEach((state, u) => {
        const dead = state === 'dead';
        if (dead) track.firstDeadCheck[u] ??= check.index;
        track.deadSince[u] = dead ? (track.deadSince[u] ?? check.index) : null;
      });
      track.latest = units;
    }
  }

  addEpoch(metrics: EpochMetrics): void {
    this.history.push(metrics);
  }

  checks(): readonly CheckInfo[] {
    return this.checkList;
  }

  /**
   * Every monitored layer in model order with its counts at the latest check. A unit "came back"
   * when it was dead at an earlier check and is not dead at the latest. A layer built at an
   * unknown place has line and column 0.
   */
  layers(): LayerReport[] {
    const reports = new Map<string, LayerReport>();
    const finder = new RootCauseFinder(
      this.model,
      (name) => {
        const r = reports.get(name);
        return r !== undefined && r.units > 0 && r.dead >= MOSTLY_DEAD * r.units;
      },
      (name) => reports.get(name)?.rootCause ?? null,
    );
    for (const track of this.tracks) {
      const report = this.layerReport(track);
      report.rootCause = finder.inputDeadRoot(track.summary);
      reports.set(report.name, report);
    }
    return [...reports.values()];
  }

  /** The layers' diagnostics in model order; the model's output layers are never flagged. */
  diagnostics(): ReportDiagnostic[] {
    const reports = this.layers();
    const byName = new Map(reports.map((r) => [r.name, r]));
    const latestCheck = this.checkList.at(-1);
    // Model order: a layer's inputs are judged before it.
    const warned = new Set<string>();
    return this.tracks.flatMap((track, i) => {
      const report = reports[i];
      if (this.outputs.has(report.name)) return [];
      const rootReport = report.rootCause === null ? undefined : byName.get(report.rootCause);
      const rootTrack = this.tracks.find((t) => t.summary.name === report.rootCause);
      const diagnostic = layerDiagnostic(
        report,
        {
          summary: track.summary,
          thresholds: this.thresholds,
          deadSince: this.deadSince(track),
          checkLabel: latestCheck?.label ?? null,
          firstLayer: seesOnlyTheInput(track.summary, this.model),
          inputWarned: monitoredInputs(track.summary, this.model).some((name) => warned.has(name)),
          probeSamples: latestCheck?.probeSamples,
          root: rootReport && rootTrack ? { report: rootReport, summary: rootTrack.summary } : null,
          training: this.training,
        },
        this.file,
      );
      if (diagnostic?.severity === 'warning') warned.add(report.name);
      return diagnostic ? [diagnostic] : [];
    });
  }

  /** The report (version 1): `extra` diagnostics (errors, notes) first, then the layers'. */
  report(status: ReportStatus, backend: Backend | null, epochsRun: number, extra: readonly ReportDiagnostic[]): Report {
    return {
      version: REPORT_VERSION,
      file: this.file,
      status,
      backend,
      epochsRun,
      layers: this.layers(),
      diagnostics: [...extra, ...this.diagnostics()],
      checks: [...this.checkList],
      history: [...this.history],
    };
  }

  private layerReport(track: LayerHistory): LayerReport {
    const { summary, latest, firstDeadCheck } = track;
    const states = latest?.state ?? [];
    const at = summary.location;
    const deadUnits = unitsIn(states, 'dead');
    const dyingUnits = unitsIn(states, 'dying');
    const saturatedUnits = unitsIn(states, 'saturated');
    const inactiveUnits = unitsIn(states, 'inactive');
    return {
      name: summary.name,
      className: summary.className,
      activation: summary.activation,
      units: summary.units,
      line: at?.line ?? 0,
      column: at?.column ?? 0,
      endLine: at?.endLine ?? 0,
      endColumn: at?.endColumn ?? 0,
      dead: deadUnits.length,
      dying: dyingUnits.length,
      saturated: saturatedUnits.length,
      deadUnits,
      dyingUnits,
      saturatedUnits,
      inactive: inactiveUnits.length,
      inactiveUnits,
      firstDeadCheck: [...firstDeadCheck],
      cameBack: firstDeadCheck.flatMap((first, u) => (first !== null && states[u] !== 'dead' ? [u] : [])),
      rootCause: null,
      ...(summary.activationSite ? { activationSite: { line: summary.activationSite.line, column: summary.activationSite.column } } : {}),
    };
  }

  /** The layer's currently dead units grouped by the check that began their run of dead checks, earliest first. */
  private deadSince(track: LayerHistory): DeadSince[] {
    const counts = new Map<number, number>();
    for (const c of track.deadSince) if (c !== null) counts.set(c, (counts.get(c) ?? 0) + 1);
    return [...counts]
      .sort(([a], [b]) => a - b)
      .map(([index, units]) => ({ label: this.checkList.find((c) => c.index === index)?.label ?? `check ${index}`, units }));
  }
}

/** Process exit status for a report: 0 nothing at warning or above, 1 a warning or above, 2 could not scan. */
export function exitCode(report: Report): 0 | 1 | 2 {
  if (report.status !== 'completed' || report.diagnostics.some((d) => d.severity === 'error')) return 2;
  return report.diagnostics.some((d) => d.severity === 'warning') ? 1 : 0;
}

/** The start of a file: where a problem without a better position is reported. */
export const startOf = (file: string): SourceRange => ({ file, line: 1, column: 1, endLine: 1, endColumn: 1 });

export function diagnosticAt(severity: Severity, code: DiagnosticCode, message: string, at: SourceRange): ReportDiagnostic {
  return { severity, code, message, file: at.file, line: at.line, column: at.column, endLine: at.endLine, endColumn: at.endColumn };
}
