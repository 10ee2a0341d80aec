// Plain-text rendering of a try: the ranked table, the verdict, and a line per finished run.

import { cellLabel } from '../engine/notebookPositions';
import { winnerOf } from '../engine/tryFixes';
import type { TryResults, TryRow } from '../shared/protocol';
import { displayPath, plural } from './format';

const total = (row: TryRow, key: 'dead' | 'dying' | 'saturated') => row.layers.reduce((n, l) => n + l[key], 0);
const fixed = (x: number | null, digits: number) => (x === null ? '-' : x.toFixed(digits));
const seconds = (ms: number) => (ms > 0 ? `${(ms / 1000).toFixed(1)} s` : '-');

/** The accuracy as shown: "0.912" for validation accuracy, "0.912 (train)" for training accuracy. */
const accuracyText = (row: TryRow) => (row.accuracy === null ? '-' : `${row.accuracy.toFixed(3)}${row.accuracyOf === 'training' ? ' (train)' : ''}`);

/** One line per finished run, for the progress on stderr. */
export function runLine(row: TryRow, done: number, count: number): string {
  const measured =
    row.status === 'completed'
      ? `${plural(row.flagged ?? 0, 'flagged unit')}, accuracy ${accuracyText(row)}, loss ${fixed(row.loss, 4)}`
      : `${row.status}${row.error ? `: ${row.error}` : ''}`;
  return `[${done}/${count}] ${row.id}: ${measured} (${seconds(row.ms)})\n`;
}

/** The ranked table: names left-aligned, numbers right-aligned. */
function tryTable(results: TryResults): string {
  const header = ['rank', 'fixes', 'dead', 'dying', 'saturated', 'flagged', 'accuracy', 'loss', 'time'];
  const rows = results.rows.map((r, i) => [
    String(i + 1),
    `${r.id === 'baseline' ? 'baseline (unchanged)' : r.id}${r.status === 'completed' ? '' : ` (${r.status})`}`,
    ...(r.status === 'completed' ? [String(total(r, 'dead')), String(total(r, 'dying')), String(total(r, 'saturated'))] : ['-', '-', '-']),
    fixed(r.flagged, 0),
    accuracyText(r),
    fixed(r.loss, 4),
    seconds(r.ms),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => (c === 1 ? cell.padEnd(widths[c]) : cell.padStart(widths[c])))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

/** What the try found: the measured best fix against the unchanged model, or that none beat it. */
function verdictText(results: TryResults): string {
  if (results.status === 'cancelled') return 'Cancelled: the table shows the runs that finished.\n';
  const baseline = results.rows.find((r) => r.id === 'baseline');
  const winner = winnerOf(results.rows);
  if (!winner || !baseline) return 'No fix beat the unchanged model on this budget.\n';
  const accuracy = winner.accuracy !== null && baseline.accuracy !== null ? `, accuracy ${accuracyText(winner)} vs ${accuracyText(baseline)}` : '';
  return `Best: ${winner.title}: ${plural(winner.flagged ?? 0, 'flagged unit')} instead of ${baseline.flagged ?? '?'}${accuracy}.\n`;
}

export function tryText(results: TryResults, cwd: string): string {
  const samples = results.samples === null ? 'all samples' : `at most ${plural(results.samples, 'sample')}`;
  const title = `Try Fixes for ${results.layer} (${displayPath(results.file, cwd)}:${cellLabel(results.cell)}${results.line}): ${plural(results.epochs, 'epoch')} on ${samples}, seed ${results.seed}.\n`;
  const legend = 'flagged = dead + dying + saturated + inactive units in the layer and the layers after it.\n';
  return [title, tryTable(results), legend + verdictText(results)].join('\n');
}
