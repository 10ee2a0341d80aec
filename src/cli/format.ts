// Plain-text rendering of a report and of training progress for the terminal.

import { cellLabel } from '../engine/notebookPositions';
import { describeReportRun } from '../engine/ranWith';
import path from 'node:path';
import type { CellRef, CheckInfo, FitReport, LayerReport, Report, ReportDiagnostic } from '../shared/protocol';

export const plural = (n: number, word: string, words = `${word}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? word : words}`;

/** `file` relative to `cwd` when it lies inside it (shorter, still clickable), else absolute. */
export function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

/** `file:line:col` (`file:cell N:line:col` in a notebook), or just the file for a position that is not known (line 0). */
const position = (file: string, line: number, column: number, cwd: string, cell?: CellRef) =>
  line > 0 ? `${displayPath(file, cwd)}:${cellLabel(cell)}${line}:${column}` : displayPath(file, cwd);

/** Layers and the checks their `firstDeadCheck` counts in: a report of one fit, or one fit of several. */
interface LayersPart {
  layers: LayerReport[];
  checks: CheckInfo[];
}

/** The label of the earliest check at which any unit of the layer was dead, or '-'. */
function firstDeadAt(layer: LayerReport, part: LayersPart): string {
  const checks = layer.firstDeadCheck.filter((c): c is number => c !== null);
  if (checks.length === 0) return '-';
  const first = Math.min(...checks);
  return part.checks.find((c) => c.index === first)?.label ?? `check ${first}`;
}

/** The per-layer table: names left-aligned, numbers right-aligned. */
export function layerTable(part: LayersPart): string {
  const header = ['layer', 'line', 'units', 'dead', 'dying', 'saturated', 'first dead at'];
  const rows = part.layers.map((l) => [
    l.name,
    l.line > 0 ? `${cellLabel(l.cell)}${l.line}` : '?',
    String(l.units),
    String(l.dead),
    String(l.dying),
    String(l.saturated),
    firstDeadAt(l, part),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const numeric = (c: number) => c > 0 && c < header.length - 1;
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => (numeric(c) ? cell.padStart(widths[c]) : cell.padEnd(widths[c])))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

/** `file:line:col: severity: message [code]`, then its related places as notes. */
export function diagnosticText(d: ReportDiagnostic, cwd: string): string {
  const lines = [`${position(d.file, d.line, d.column, cwd, d.cell)}: ${d.severity}: ${d.message} [${d.code}]`];
  for (const r of d.related ?? []) lines.push(`  ${position(r.file, r.line, r.column, cwd, r.cell)}: note: ${r.message}`);
  return lines.join('\n') + '\n';
}

export function summaryText(report: Report): string {
  if (report.status === 'cancelled') return `Cancelled after ${plural(report.epochsRun, 'epoch')}.\n`;
  const count = (severity: ReportDiagnostic['severity']) => report.diagnostics.filter((d) => d.severity === severity).length;
  if (report.status === 'failed') return `Could not scan: ${plural(count('error'), 'error')}.\n`;
  const found = [plural(count('warning'), 'warning'), `${count('information')} information`].join(', ');
  const revived = report.revived
    ? `Revived ${plural(report.revived.units, 'dead unit')} (ReDo); ${report.revived.aliveAtEnd.toLocaleString('en-US')} of them alive at the end.\n`
    : '';
  return `Scanned ${scanned(report)} on ${describeReportRun(report)}: ${found}.\n${revived}`;
}

/** `4 layers over 5 epochs`; with several fits `3 fits (12 layers, 15 epochs; 6 repeats counted, not scanned)`. */
function scanned(report: Report): string {
  const { fits } = report;
  if (!fits) return `${plural(report.layers.length, 'layer')} over ${plural(report.epochsRun, 'epoch')}`;
  const epochs = fits.reduce((sum, f) => sum + f.epochsRun, 0);
  const repeats = fits.reduce((sum, f) => sum + f.repeats, 0);
  const counted = repeats > 0 ? `; ${plural(repeats, 'repeat')} counted, not scanned` : '';
  return `${plural(fits.length, 'fit')} (${plural(report.layers.length, 'layer')}, ${plural(epochs, 'epoch')}${counted})`;
}

/** `Fit 2 of 3 (line 40): 5 epochs, 4 repeats counted, not scanned`: the heading of a fit's table. */
function fitHeading(fit: FitReport, count: number): string {
  const site = fit.training.fit;
  const at = site ? ` (line ${cellLabel(site.cell)}${site.line})` : '';
  const repeats = fit.repeats > 0 ? `, ${plural(fit.repeats, 'repeat')} counted, not scanned` : '';
  return `Fit ${fit.index + 1} of ${count}${at}: ${plural(fit.epochsRun, 'epoch')}${repeats}\n`;
}

/** The layer tables: one, or with several fits one per fit under its heading. */
function layerTables(report: Report): string {
  const { fits } = report;
  if (!fits) return report.layers.length > 0 ? layerTable(report) : '';
  return fits.map((f) => fitHeading(f, fits.length) + (f.layers.length > 0 ? layerTable(f) : '')).join('\n');
}

/** The whole human-readable report: the table(s) (when any layer was scanned), the diagnostics, a summary. */
export function reportText(report: Report, cwd: string): string {
  const parts = [layerTables(report), report.diagnostics.map((d) => diagnosticText(d, cwd)).join(''), summaryText(report)];
  return parts.filter((p) => p !== '').join('\n');
}

export interface ProgressState {
  /** The epoch in progress, counted from 1 as the worker sends it. */
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  loss: number;
  dead: number;
  units: number;
}

const lossText = (loss: number) => (Number.isFinite(loss) ? loss.toFixed(4) : String(loss));

/** One terminal line: `epoch 2/5 [#####.....] batch 40/94  loss 0.4321  dead 12/128`. */
export function progressLine(p: ProgressState, barWidth = 20): string {
  const done = p.batches > 0 ? Math.min(1, p.batch / p.batches) : 0;
  const filled = Math.round(done * barWidth);
  const bar = `[${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}]`;
  return `epoch ${p.epoch}/${p.epochs} ${bar} batch ${p.batch}/${p.batches}  loss ${lossText(p.loss)}  dead ${p.dead}/${p.units}`;
}

/** The line written after each check when stderr is not a terminal: `epoch 1: loss 0.4321, dead 3 of 128 units`. */
export function checkLine(label: string, loss: number | undefined, dead: number, units: number): string {
  const lossPart = loss === undefined ? '' : `loss ${lossText(loss)}, `;
  return `${label}: ${lossPart}dead ${dead} of ${plural(units, 'unit')}\n`;
}
