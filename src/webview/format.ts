// Text the panel shows: numbers, check labels and a heatmap cell's details (pure: no DOM).
import { cellLabel } from '../engine/notebookPositions';
import { describeRun } from '../engine/ranWith';
import type { CellRef, SourceRange } from '../shared/protocol';
import { DEAD, STATE_CODES, layerCounts, type LayerTrack, type PanelRun } from './runModel';

export { cellLabel };

/** The cell of a position in a notebook, as a reveal message carries it; nothing for a script. */
export const cellOf = (at: SourceRange): { cell?: CellRef } => (at.cell ? { cell: at.cell } : {});

/** A fraction as a percentage: 0 → "0%", 0.5 → "50%", 0.01234 → "1.23%", 0.123 → "12.3%". */
export function percent(x: number): string {
  if (x === 0 || x === 1) return `${x * 100}%`;
  const p = x * 100;
  return `${Number(p >= 10 ? p.toFixed(1) : p >= 1 ? p.toFixed(2) : p.toPrecision(2))}%`;
}

/** A statistic with three significant digits (plain zero for 0). */
export function stat(x: number): string {
  if (x === 0) return '0';
  const a = Math.abs(x);
  return a >= 1e4 || a < 1e-3 ? x.toExponential(2) : x.toPrecision(3);
}

/**
 * Tick labels with as many decimals as it takes to write the ticks exactly, or at least to tell
 * them apart (2.298, 2.300, 2.302 rather than 2.30 three times; 1.75 rather than 1.8); very
 * large or very small values in exponent notation.
 */
export function axisLabels(values: number[]): string[] {
  const big = values.some((v) => Math.abs(v) >= 1e5);
  const small = values.every((v) => v === 0 || Math.abs(v) < 1e-3) && values.some((v) => v !== 0);
  // "-0.000" would read as another tick than "0.000".
  const write = (v: number, d: number): string =>
    (big || small ? (v === 0 ? '0' : v.toExponential(d)) : v.toFixed(d)).replace(/^-(?=0(\.0*)?$)/, '');
  const scale = Math.max(...values.map(Math.abs), Number.MIN_VALUE);
  const exact = (d: number): boolean => values.every((v) => Math.abs(Number(write(v, d)) - v) <= scale * 1e-12);
  const distinct = (d: number): boolean => new Set(values.map((v) => write(v, d))).size === values.length;
  const MAX_DECIMALS = 10;
  let d = 0;
  while (d < MAX_DECIMALS && !(exact(d) && distinct(d))) d++;
  if (d === MAX_DECIMALS) {
    // Not round numbers: just enough decimals to tell them apart.
    d = 0;
    while (d < MAX_DECIMALS && !distinct(d)) d++;
  }
  return values.map((v) => write(v, d));
}

/** What ran, when the runner says so: "Keras in Python · tensorflow · CPU", "TensorFlow.js · wasm". */
export function ranWith(started: PanelRun['started']): string | null {
  return started === undefined || started === null ? null : describeRun(started);
}

/** The label of check `index` ("init", "epoch 3", …), or "check N" when it is unknown. */
export function checkLabel(run: PanelRun, index: number): string {
  return run.checks[index]?.label ?? `check ${index}`;
}

/** A short axis label: "epoch 1 batch 19" → "e1 b19", "epoch 3" → "e3", "init" stays. */
export function shortLabel(label: string): string {
  return label.replace(/epoch\s*/g, 'e').replace(/batch\s*/g, 'b');
}

export function basename(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}

/** What the heatmap says about one unit at one check: one line each. */
export function unitDetails(run: PanelRun, track: LayerTrack, unit: number, check: number): string[] {
  const head = `${track.name} · unit ${unit} · ${checkLabel(run, check)}`;
  const column = track.columns[check];
  if (column === undefined) return [head, 'no data at this check'];
  const lines = [
    head,
    `state: ${STATE_CODES[column.state[unit]]}`,
    `activation rate: ${percent(column.rate[unit])}${probeCount(column.rate[unit], run.checks[check]?.probeSamples)}`,
    `mean |a|: ${stat(column.meanAbs[unit])}`,
    `τ-score: ${stat(column.tau[unit])}`,
  ];
  if (column.saturation !== null) lines.push(`saturated on: ${percent(column.saturation[unit])}`);
  lines.push(deathLine(run, track, unit, check, column.state[unit] === DEAD));
  return lines;
}

/** " (3 of 1,024 probe samples)" when the check says how many samples it measured. */
function probeCount(rate: number, samples: number | undefined): string {
  if (samples === undefined) return '';
  return ` (${Math.round(rate * samples).toLocaleString('en-US')} of ${samples.toLocaleString('en-US')} probe samples)`;
}

function deathLine(run: PanelRun, track: LayerTrack, unit: number, check: number, deadNow: boolean): string {
  const first = track.firstDead[unit];
  if (first < 0 || first > check) return 'never dead so far';
  const since = checkLabel(run, first);
  return deadNow ? `dead since ${since}` : `died at ${since}, came back`;
}

const plural = (n: number, word: string): string => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

/** Dead, dying and saturated units over all layers: the report's totals, else the latest check's. */
export function totals(run: PanelRun): { dead: number; dying: number; saturated: number; layers: number } {
  const sum = { dead: 0, dying: 0, saturated: 0, layers: 0 };
  for (const track of run.layers) {
    const c = layerCounts(run, track);
    sum.dead += c.dead;
    sum.dying += c.dying;
    sum.saturated += c.saturated;
    if (c.dead + c.dying + c.saturated > 0) sum.layers++;
  }
  return sum;
}

/** One line on the state of the run, for the panel's header. */
export function runStatus(run: PanelRun): string {
  const t = totals(run);
  const found = `${t.dead.toLocaleString('en-US')} dead, ${t.dying.toLocaleString('en-US')} dying, ${t.saturated.toLocaleString('en-US')} saturated`;
  // The header says what ran when the runner tells; else the status names the backend.
  const backend = run.backend === null || ranWith(run.started) !== null ? '' : ` on ${run.backend}`;
  const report = run.report;
  const revived = report?.revived === undefined ? '' : ` · ReDo revived ${plural(report.revived.units, 'unit')}, ${report.revived.aliveAtEnd.toLocaleString('en-US')} alive at the end`;
  switch (run.status) {
    case 'running': {
      const p = run.progressMessages[run.progressMessages.length - 1];
      if (p === undefined) return `Starting${backend} · ${found}`;
      return `Training${backend} · epoch ${p.epoch}/${p.epochs} · batch ${p.batch}/${p.batches} · loss ${stat(p.loss)} · ${found}`;
    }
    case 'completed':
      return `Completed · ${plural(report?.epochsRun ?? 0, 'epoch')}${backend} · ${found}${t.layers > 0 ? ` in ${plural(t.layers, 'layer')}` : ''}${revived}`;
    case 'cancelled':
      return `Cancelled after ${plural(report?.epochsRun ?? 0, 'epoch')} · ${found}`;
    case 'failed': {
      const why = run.error?.message ?? report?.diagnostics.find((d) => d.severity === 'error')?.message;
      return `Failed${why === undefined ? '' : `: ${why}`}`;
    }
  }
}
