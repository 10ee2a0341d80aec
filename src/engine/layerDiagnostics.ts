// The diagnostic a scanned layer gets: its code, severity, message and source range.

import type { DiagnosticCode, LayerReport, LayerSummary, RelatedInformation, ReportDiagnostic, Severity, Thresholds, TrainingSites } from '../shared/protocol';

/** Units dead at every check since the one labelled `label`. */
export interface DeadSince {
  label: string;
  units: number;
}

/** What a layer's message needs to know about the run besides the layer itself. */
export interface LayerContext {
  summary: LayerSummary;
  thresholds: Thresholds;
  /** The layer's currently dead units grouped by the check since which they have been dead, earliest first. */
  deadSince: DeadSince[];
  /** Label of the latest check. */
  checkLabel: string | null;
  /** The layer's input is the model's input (through layers that learn nothing): it never changes. */
  firstLayer: boolean;
  /** A monitored layer feeding this one has a warning. */
  inputWarned: boolean;
  /** Probe samples of the latest check, when the worker said. */
  probeSamples: number | undefined;
  /** The (at least MOSTLY_DEAD) dead upstream layer, when this layer's whole input is dead because of it. */
  root: { report: LayerReport; summary: LayerSummary } | null;
  /** Where the model was compiled and trained. */
  training: TrainingSites;
}

const percent = (fraction: number): string => `${+(fraction * 100).toPrecision(3)}%`;
const count = (n: number): string => n.toLocaleString('en-US');

function codeOf(r: LayerReport): DiagnosticCode {
  if (r.dead > 0) return 'dead-units';
  if (r.dying > 0) return 'dying-units';
  return r.saturated > 0 ? 'saturated-units' : 'inactive-units';
}

/**
 * Since when the dead units have been dead, as far as the checks tell: "dead at this check,
 * epoch 1", "dead since init and still dead at epoch 3", or per group "dead at epoch 1: 8 since
 * init, 4 new at this check".
 */
function deadText(ctx: LayerContext): string {
  const { deadSince, checkLabel: latest } = ctx;
  const at = latest ?? 'this check';
  const isNew = (g: DeadSince) => g.label === latest;
  if (deadSince.length === 1) {
    return isNew(deadSince[0]) || latest === null
      ? `dead at this check${latest === null ? '' : `, ${latest}`}`
      : `dead since ${deadSince[0].label} and still dead at ${at}`;
  }
  return `dead at ${at}: ${deadSince.map((g) => (isNew(g) ? `${g.units} new at this check` : `${g.units} since ${g.label}`)).join(', ')}`;
}

/** Dead units that were dead at the check before the latest too (every group but the one new at the latest check). */
function lastingDead(ctx: Pick<LayerContext, 'deadSince' | 'checkLabel'>): number {
  return ctx.deadSince.filter((g) => g.label !== ctx.checkLabel).reduce((n, g) => n + g.units, 0);
}

/**
 * Units that count toward a warning (the `deeper-lasting-dead` rule of the detection benchmark,
 * BENCHMARKS.md): saturated units; in a first layer, or one fed by a layer with a warning, every
 * dead unit; in another deeper layer only the units dead at two checks in a row — its input
 * changes as the layers before it train, and on the benchmark most deeper units dead at one check
 * only were active again by the end of training (those of deep-relu-he, a healthy He-initialised
 * stack, crossed 10% that way), while behind a warned layer units went on dying
 * (high-learning-rate's second layer: 20 dead at the quick scan, 24 at the end). Dying and
 * inactive units are information only: every benchmark rule counting dying units, even only those
 * dying at two checks in a row, gave 8 or more false warnings for at most one problem layer more
 * found.
 */
export function warningUnits(r: LayerReport, ctx: Pick<LayerContext, 'firstLayer' | 'inputWarned' | 'deadSince' | 'checkLabel'>): number {
  return (ctx.firstLayer || ctx.inputWarned ? r.dead : lastingDead(ctx)) + r.saturated;
}

/** "23 of 64 units dead since init and still dead at epoch 2 (never active on 1,024 probe samples); 2 more dying (…)". */
function countsText(r: LayerReport, ctx: LayerContext): string {
  const t = ctx.thresholds;
  const samples = ctx.probeSamples === undefined ? 'the probe set' : `${count(ctx.probeSamples)} probe samples`;
  const inactive = r.inactive ?? 0;
  const parts: { n: number; text: string }[] = [
    { n: r.dead, text: `${deadText(ctx)} (never active on ${samples})` },
    { n: r.dying, text: `dying (active on < ${percent(t.dyingRate)} of probe samples or τ-score ≤ ${t.tau})` },
    {
      n: r.saturated,
      text: `saturated (${r.activation} derivative below ${percent(t.saturationDerivative)} of its peak on ≥ ${percent(t.saturatedFraction)} of probe samples)`,
    },
    {
      n: inactive,
      text: `inactive (never positive on ${samples}): ${r.activation} still passes gradient below zero, so they are not dead and can come back`,
    },
  ].filter((p) => p.n > 0);
  return parts.map((p, i) => (i === 0 ? `${p.n} of ${r.units} units ${p.text}` : `${p.n} more ${p.text}`)).join('; ');
}

function relatedOf(ctx: LayerContext): RelatedInformation[] {
  const related: RelatedInformation[] = [];
  if (ctx.root?.summary.location) {
    const at = ctx.root.summary.location;
    const { name, dead, units } = ctx.root.report;
    related.push({
      message: `${name}: ${dead === units ? 'every unit is dead' : `${dead} of ${units} units are dead`}`,
      file: at.file,
      line: at.line,
      column: at.column,
    });
  }
  const activation = ctx.summary.activationSite;
  if (activation) {
    related.push({ message: `${ctx.summary.activation} applied here`, file: activation.file, line: activation.line, column: activation.column });
  }
  for (const frame of ctx.summary.callers) {
    related.push({ message: 'called from here', file: frame.file, line: frame.line, column: frame.column });
  }
  const { compile, fit } = ctx.training;
  if (compile) related.push({ message: 'compiled here', file: compile.file, line: compile.line, column: compile.column });
  if (fit) related.push({ message: 'trained here', file: fit.file, line: fit.line, column: fit.column });
  return related;
}

const FIRST_LAYER = '; first layer: its input does not change, these units will not recover without a fix';
const DEEPER_LAYER = '; deeper layer: its input changes as the layers before it train, so dead units can come back';

/**
 * The diagnostic of a layer with dead, dying, saturated or inactive units (undefined when it has
 * none). A layer whose input is dead gets information naming the root layer; otherwise it is a
 * warning from `warnFraction` of its units counted by `warningUnits` on, information below. A
 * first layer's dead units are said not to recover: its input never changes; a deeper layer's are
 * said to be able to come back (the benchmark saw them do so). A layer built at an
 * unknown place sits at line 0 of `file`, which consumers show at the top of the file.
 */
export function layerDiagnostic(r: LayerReport, ctx: LayerContext, file: string): ReportDiagnostic | undefined {
  const flagged = r.dead + r.dying + r.saturated + (r.inactive ?? 0);
  if (flagged === 0) return undefined;
  let severity: Severity = warningUnits(r, ctx) >= ctx.thresholds.warnFraction * r.units ? 'warning' : 'information';
  let code = codeOf(r);
  const recovery = r.dead === 0 ? '' : ctx.firstLayer ? FIRST_LAYER : DEEPER_LAYER;
  let message = `${r.name}: ${countsText(r, ctx)}${recovery}`;
  if (ctx.root) {
    const rootLine = ctx.root.report.line > 0 ? ` at line ${ctx.root.report.line}` : '';
    severity = 'information';
    code = 'input-dead';
    const input = ctx.root.report.dead === ctx.root.report.units ? 'input is dead' : 'input is mostly dead';
    message = `${r.name}: ${input}: see ${ctx.root.report.name}${rootLine}; ${countsText(r, ctx)}`;
  }
  const related = relatedOf(ctx);
  return {
    severity,
    code,
    message,
    file: ctx.summary.location?.file ?? file,
    line: r.line,
    column: r.column,
    endLine: r.endLine,
    endColumn: r.endColumn,
    layer: r.name,
    ...(related.length > 0 ? { related } : {}),
  };
}
