// Try Fixes results for a layer: each candidate fix measured against the unchanged model, best
// first, with a button that applies a row's fixes as one edit.
import type { FromWebviewMessage, TryResults, TryRow } from '../shared/protocol';
import { h } from './dom';
import { percent, stat } from './format';
import { GridTable, type Column } from './table';

const BASELINE = 'baseline';
const COLUMNS: Column[] = [
  { key: 'fix', label: 'Fix' },
  { key: 'status', label: 'Status' },
  { key: 'flagged', label: 'Dead + dying + saturated', cardLabel: 'Flagged' },
  { key: 'loss', label: 'Final loss', cardLabel: 'Final loss' },
  { key: 'accuracy', label: 'Accuracy', cardLabel: 'Accuracy' },
  { key: 'time', label: 'Time', cardLabel: 'Time' },
  { key: 'apply', label: '' },
];

/** The measured winner: the first row, when it is a fix that completed and the try is done. */
export function winner(results: TryResults): TryRow | undefined {
  const first = results.rows[0];
  return results.status === 'completed' && first !== undefined && first.id !== BASELINE && first.status === 'completed' ? first : undefined;
}

/** One line on the try: what ran and, once done, what won. */
export function trySummary(results: TryResults): string {
  const setup = `${results.epochs} epoch${results.epochs === 1 ? '' : 's'}${results.samples === null ? '' : ` on ${results.samples.toLocaleString('en-US')} samples`}, seed ${results.seed}`;
  if (results.status === 'running') {
    const done = results.rows.filter((r) => r.status !== 'pending' && r.status !== 'running').length;
    return `Running · ${done} of ${results.rows.length} measured · ${setup}`;
  }
  if (results.status === 'cancelled') return `Cancelled · ${setup}`;
  const best = winner(results);
  const baseline = results.rows.find((r) => r.id === BASELINE);
  if (best === undefined) return `Completed · no fix beat the unchanged model · ${setup}`;
  const from = baseline?.flagged ?? null;
  return `Completed · best: ${best.title}${from === null ? '' : ` (${from} → ${best.flagged} flagged units)`} · ${setup}`;
}

export class TryFixesView {
  readonly element: HTMLElement;
  private readonly heading = h('h3', {});
  private readonly summary = h('div', { class: 'try-summary', role: 'status' });
  private readonly table = new GridTable(COLUMNS, 'try-table');
  private shown: TryResults | null = null;

  constructor(private readonly post: (message: FromWebviewMessage) => void) {
    this.element = h('section', { class: 'try-fixes', 'aria-label': 'Try fixes', hidden: true }, this.heading, this.summary, this.table.element);
  }

  render(results: TryResults | null): void {
    this.element.hidden = results === null;
    if (results === null || results === this.shown) return;
    this.shown = results;
    // A notebook's layer is named as the scan names it: `cell 4:3` (cells from 1).
    this.heading.textContent = `Try fixes: ${results.layer} (${results.cell ? `cell ${results.cell.index + 1}:` : 'line '}${results.line})`;
    this.summary.textContent = trySummary(results);
    const best = winner(results);
    this.table.setRows(results.rows.map((row) => this.row(results, row, row === best)));
  }

  private row(results: TryResults, row: TryRow, best: boolean): HTMLElement {
    const baseline = row.id === BASELINE;
    const affected = row.layers.length === 0 ? null : h('div', { class: 'muted' }, `${row.layers.length} layer${row.layers.length === 1 ? '' : 's'} from ${results.layer} on`);
    const accuracy = row.accuracy === null ? '—' : percent(Math.round(row.accuracy * 1e4) / 1e4);
    return this.table.row({ class: `try-row${best ? ' best' : ''}`, 'data-try': row.id }, {
      fix: [row.title, baseline ? h('div', { class: 'muted' }, 'unchanged model') : null, row.error === undefined ? null : h('div', { class: 'error' }, row.error)],
      status: [best ? 'best' : row.status],
      flagged: [row.flagged === null ? '—' : row.flagged.toLocaleString('en-US'), affected],
      loss: [row.loss === null ? '—' : stat(row.loss)],
      accuracy: [accuracy, row.accuracyOf === null ? null : h('div', { class: 'muted' }, row.accuracyOf)],
      time: [row.ms > 0 ? `${(row.ms / 1000).toFixed(1)} s` : '—'],
      apply: [baseline || row.status !== 'completed' ? null : this.applyButton(results, row, best)],
    });
  }

  private applyButton(results: TryResults, row: TryRow, best: boolean): HTMLElement {
    const button = h('vscode-button', { secondary: !best, class: 'apply-fixes', 'aria-label': `Apply ${row.title} to ${results.layer}` }, 'Apply');
    button.addEventListener('click', () => this.post({ type: 'applyFixes', file: results.file, layer: results.layer, fixes: row.fixes }));
    return button;
  }
}
