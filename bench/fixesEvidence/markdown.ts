// The fixes-evidence section of BENCHMARKS.md: per example what the unchanged model had and
// what the measured best fix left; per fix (and for revive) the change in dead units and in
// accuracy against the unchanged model.

import { relative } from 'node:path';
import { winnerOf } from '../../src/engine/tryFixes';
import type { FixId, TryRow } from '../../src/shared/protocol';
import { PACKAGE_ROOT } from '../../src/worker/packageRoot';
import { seconds } from '../stats';
import { markdownTable } from '../table';
import type { EvidenceResults, ExampleEvidence } from './index';

const FIX_COLUMNS: FixId[] = ['zero-bias', 'he-init', 'glorot-init', 'batch-norm', 'leaky-relu', 'lower-lr', 'sgd-to-adam', 'l2', 'dropout'];

type Kind = 'dead' | 'dying' | 'saturated';

const rel = (file: string) => `\`${relative(PACKAGE_ROOT, file)}\``;
const total = (row: TryRow, kind: Kind) => row.layers.reduce((n, l) => n + l[kind], 0);
const counts = (row: TryRow) => (row.status === 'completed' ? `${total(row, 'dead')} / ${total(row, 'dying')} / ${total(row, 'saturated')}` : row.status);
/** "+5.8 pp", "−100%", "±0.0 pp": the sign of the value as shown. */
function signed(x: number, digits: number, unit: string): string {
  const shown = Number(x.toFixed(digits));
  return `${shown > 0 ? '+' : shown < 0 ? '−' : '±'}${Math.abs(shown).toFixed(digits)}${unit}`;
}
const accuracy = (row: TryRow) => (row.accuracy === null ? '—' : `${(row.accuracy * 100).toFixed(1)}%${row.accuracyOf === 'validation' ? ' (val.)' : ''}`);

/** What an example's fixes are judged on: its dead units, else its saturated units (the sigmoid examples). */
const kindOf = (baseline: TryRow): Kind => (total(baseline, 'dead') > 0 || total(baseline, 'saturated') === 0 ? 'dead' : 'saturated');

/** "−100% · +31.2 pp": the change of the units of `kind` and of the accuracy against the baseline. */
function change(row: TryRow | undefined, baseline: TryRow, kind: Kind): string {
  if (!row) return '—';
  if (row.status !== 'completed') return row.error?.includes('NaN') ? 'NaN loss' : row.status;
  const before = total(baseline, kind);
  const units = before === 0 ? `${total(row, kind)} ${kind}` : signed(((total(row, kind) - before) / before) * 100, 0, '%');
  const acc = row.accuracy !== null && baseline.accuracy !== null ? ` · ${signed((row.accuracy - baseline.accuracy) * 100, 1, ' pp')}` : '';
  return units + acc;
}

interface Tried {
  example: ExampleEvidence;
  rows: TryRow[];
  baseline: TryRow;
  layer: string;
  line: number;
}

export function tried(examples: readonly ExampleEvidence[]): Tried[] {
  return examples.flatMap((example) => {
    if (example.outcome.kind !== 'results') return [];
    const { rows, layer, line } = example.outcome.results;
    const baseline = rows.find((r) => r.fixes.length === 0);
    return baseline ? [{ example, rows, baseline, layer, line }] : [];
  });
}

export function perExample(all: readonly Tried[]): string {
  return markdownTable({
    head: [
      'Example',
      'Layer (line)',
      'Unchanged: dead / dying / sat.',
      'Unchanged accuracy',
      'Measured best',
      'Best: dead / dying / sat.',
      'Best accuracy',
      'Runs',
      'Time',
    ],
    rows: all.map(({ example, rows, baseline, layer, line }) => {
      const best = winnerOf(rows);
      return [
        rel(example.file),
        `${layer} (${line})`,
        counts(baseline),
        accuracy(baseline),
        best ? `\`${best.id}\`` : 'none beat it',
        best ? counts(best) : '—',
        best ? accuracy(best) : '—',
        String(rows.length + 1),
        seconds(example.ms, 0),
      ];
    }),
  });
}

export function perFix(all: readonly Tried[]): string {
  return markdownTable({
    head: ['Example', 'Judged on', ...FIX_COLUMNS.map((f) => `\`${f}\``), 'Best pair', 'Revive'],
    rows: all.map(({ example, rows, baseline }) => {
      const kind = kindOf(baseline);
      const pair = rows.find((r) => r.fixes.length > 1);
      return [
        rel(example.file),
        kind,
        ...FIX_COLUMNS.map((id) =>
          change(
            rows.find((r) => r.id === id),
            baseline,
            kind,
          ),
        ),
        pair ? `\`${pair.id}\`: ${change(pair, baseline, kind)}` : '—',
        change(example.revive?.row, baseline, kind),
      ];
    }),
  });
}

export function revive(all: readonly Tried[], every: number): string {
  return markdownTable({
    head: ['Example', `Revived (every ${every} steps)`, 'Alive at the end', 'Dead: unchanged → revive', 'Accuracy: unchanged → revive'],
    rows: all.map(({ example, baseline }) => {
      const run = example.revive;
      const revived = run?.report.revived;
      return [
        rel(example.file),
        revived ? String(revived.units) : '—',
        revived ? String(revived.aliveAtEnd) : '—',
        run ? `${total(baseline, 'dead')} → ${run.row.status === 'completed' ? total(run.row, 'dead') : run.row.status}` : '—',
        run ? `${accuracy(baseline)} → ${accuracy(run.row)}` : '—',
      ];
    }),
  });
}

export function evidenceMarkdown(r: EvidenceResults): string {
  const all = tried(r.examples);
  const skipped = r.examples.filter((e) => e.outcome.kind !== 'results');
  const m = r.machine;
  return [
    '## Try Fixes and revive on the dying examples',
    '',
    `Measured by \`npm run bench\` (suite \`fixes-evidence\`, ${r.mode} mode) on ${m.date}, commit ${m.commit}: ${m.cpu}, ${m.cores} cores ` +
      `(shared), Node.js ${m.node}, @tensorflow/tfjs ${m.tfjs}. For each dying example, \`dying-neurons try\` without \`--layer\`: ` +
      `a scan of the unchanged model picks the first layer with a warning, then the unchanged model and every candidate ` +
      `(each quick fix, and the pairs that apply) train in separate workers, two at a time, for ${r.budget.epochs} epoch on at most ` +
      `${r.budget.samples.toLocaleString('en-US')} samples, seed ${r.seed}, 1,024 probe samples. The revive run is the unchanged model ` +
      `scanned with \`--revive ${r.budget.reviveEvery}\` on the same budget. Counts are over the tried layer and every monitored layer after it, ` +
      'at the last check. Accuracy is training accuracy unless marked (val.): only `negative-bias` has a validation split.',
    '',
    '### Per example: the unchanged model and the measured best fix',
    '',
    perExample(all),
    '',
    '### Per fix: change in dead units (saturated for the sigmoid examples) and in accuracy',
    '',
    'Each cell: the change of the units the example is judged on against the unchanged model (−100% = all gone), then the change ' +
      'in accuracy in percentage points. — = the fix does not apply to that layer.',
    '',
    perFix(all),
    '',
    '### Revive in place (ReDo)',
    '',
    revive(all, r.budget.reviveEvery),
    ...(skipped.length > 0 ? ['', `Not tried: ${skipped.map((e) => rel(e.file)).join(', ')}.`] : []),
  ].join('\n');
}
