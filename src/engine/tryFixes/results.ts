// A try's run as a row of the table: the target layer's and downstream layers' counts, the
// final loss and accuracy from the report — and the rows ranked.

import type { FixTarget } from '../fixes';
import type { LayerReport, Report, TryRow } from '../../shared/protocol';
import { BASELINE_ID, type TryCandidate } from './candidates';

/** Metric names tfjs and Keras give accuracy, validation first. */
const VALIDATION_ACCURACY = ['val_acc', 'val_accuracy'];
const TRAINING_ACCURACY = ['acc', 'accuracy'];

/** A row for a candidate that has not reported yet. */
export function pendingRow(candidate: TryCandidate, status: 'pending' | 'running' | 'cancelled' = 'pending'): TryRow {
  return {
    id: candidate.id,
    fixes: candidate.fixes,
    title: candidate.title,
    status,
    flagged: null,
    layers: [],
    loss: null,
    accuracy: null,
    accuracyOf: null,
    ms: 0,
  };
}

/**
 * The target layer in a run's report: the one with the tried layer's name built at its line in
 * that run's text, else the one built at that line nearest its column (a fix may rename nothing,
 * but a helper builds several layers on one line), else the one with its name.
 */
export function targetLayerIn(layers: readonly LayerReport[], name: string, target: FixTarget): number {
  const atLine = layers.map((l, i) => ({ l, i })).filter(({ l }) => l.line === target.line);
  const named = atLine.find(({ l }) => l.name === name);
  if (named) return named.i;
  const nearest = atLine.sort((a, b) => Math.abs(a.l.column - target.column) - Math.abs(b.l.column - target.column))[0];
  return nearest?.i ?? layers.findIndex((l) => l.name === name);
}

function lastMetric(report: Report, names: readonly string[]): number | null {
  const metrics = report.history.at(-1)?.metrics ?? {};
  const found = names.find((n) => typeof metrics[n] === 'number' && Number.isFinite(metrics[n]));
  return found === undefined ? null : metrics[found];
}

/** The row of a candidate's finished run; `layer` is the tried layer's name in the baseline. */
export function measuredRow(candidate: TryCandidate, layer: string, report: Report, ms: number): TryRow {
  const index = targetLayerIn(report.layers, layer, candidate.target);
  const measured = index < 0 ? [] : report.layers.slice(index);
  const layers = measured.map(({ name, units, dead, dying, saturated }) => ({ name, units, dead, dying, saturated }));
  const validation = lastMetric(report, VALIDATION_ACCURACY);
  const training = lastMetric(report, TRAINING_ACCURACY);
  const loss = report.history.at(-1)?.loss;
  const error = report.diagnostics.find((d) => d.severity === 'error')?.message;
  return {
    ...pendingRow(candidate),
    status: report.status,
    // Inactive units count too: a LeakyReLU swap whose units stay below zero has fixed nothing yet,
    // though its units are no longer called dead.
    flagged: report.status === 'completed' && index >= 0 ? measured.reduce((n, l) => n + l.dead + l.dying + l.saturated + (l.inactive ?? 0), 0) : null,
    layers,
    loss: loss !== undefined && Number.isFinite(loss) ? loss : null,
    accuracy: validation ?? training,
    accuracyOf: validation !== null ? 'validation' : training !== null ? 'training' : null,
    ms,
    ...(error !== undefined ? { error } : {}),
  };
}

/** Ascending, with null (unknown) after every number. */
const ascending = (a: number | null, b: number | null): number => (a === null ? (b === null ? 0 : 1) : b === null ? -1 : a - b);

/**
 * The rows best first: completed runs before the others; then fewest dead + dying + saturated +
 * inactive units in the target layer and downstream; then the best accuracy; then the lowest final loss;
 * ties keep the candidates' order (the baseline first).
 */
export function rankRows(rows: readonly TryRow[]): TryRow[] {
  const negate = (x: number | null) => (x === null ? null : -x);
  return rows
    .map((row, order) => ({ row, order }))
    .sort(
      (a, b) =>
        Number(a.row.status !== 'completed') - Number(b.row.status !== 'completed') ||
        ascending(a.row.flagged, b.row.flagged) ||
        ascending(negate(a.row.accuracy), negate(b.row.accuracy)) ||
        ascending(a.row.loss, b.row.loss) ||
        a.order - b.order,
    )
    .map(({ row }) => row);
}

/** The measured winner: the first ranked row when it is a fix that completed, else none (nothing beat the unchanged model). */
export function winnerOf(ranked: readonly TryRow[]): TryRow | undefined {
  const first = ranked[0];
  return first && first.id !== BASELINE_ID && first.status === 'completed' ? first : undefined;
}
