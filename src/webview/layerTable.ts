// The layer table: name (selects the layer for the charts), source line (reveals it in the
// editor), units, dead, dying, saturated, and the layer's quick fixes as buttons.
import type { FixOffer, FromWebviewMessage } from '../shared/protocol';
import { breakable, h } from './dom';
import { basename, cellLabel, cellOf, percent } from './format';
import { layerCounts, reportedLayer, type LayerTrack, type PanelFit, type PanelRun } from './runModel';
import { GridTable, type Column } from './table';

export interface TableActions {
  select(layer: string): void;
  post(message: FromWebviewMessage): void;
}

type CountCells = Record<'dead' | 'dying' | 'saturated', HTMLElement>;

const COLUMNS: Column[] = [
  { key: 'layer', label: 'Layer' },
  { key: 'source', label: 'Source' },
  { key: 'units', label: 'Units', cardLabel: 'Units' },
  { key: 'dead', label: 'Dead', cardLabel: 'Dead' },
  { key: 'dying', label: 'Dying', cardLabel: 'Dying' },
  { key: 'saturated', label: 'Saturated', cardLabel: 'Saturated' },
  { key: 'fixes', label: 'Fixes' },
];

export class LayerTable {
  private readonly table = new GridTable(COLUMNS, 'layer-table');
  readonly element = this.table.element;
  /** Rows are rebuilt only when this changes, so keyboard focus survives live updates. */
  private structure = '';
  private readonly counts = new Map<string, CountCells>();

  constructor(private readonly actions: TableActions) {}

  /** Shows `run`; true when the rows were rebuilt (and so may have changed height). */
  render(run: PanelRun, selected: string | null): boolean {
    const structure = JSON.stringify([
      run.file, selected, run.fixes, run.fits.length,
      run.layers.map((t) => [t.name, t.fit, t.units, t.location?.line, rootCause(run, t)]),
    ]);
    const rebuilt = structure !== this.structure;
    if (rebuilt) {
      this.structure = structure;
      this.counts.clear();
      const rows = (tracks: LayerTrack[]) => tracks.map((t) => this.row(run, t, t.name === selected));
      // A run of several fits: each fit's layers under a heading of their own.
      const grouped = run.fits.length > 1
        ? run.fits.flatMap((fit, i) => [this.table.heading(fitHeading(fit, i, run.fits.length)), ...rows(run.layers.filter((t) => t.fit === i))])
        : rows(run.layers);
      this.table.setRows(grouped);
    }
    for (const track of run.layers) {
      const cells = this.counts.get(trackKey(track));
      if (cells === undefined) continue;
      const counts = layerCounts(run, track);
      for (const kind of ['dead', 'dying', 'saturated'] as const) {
        const n = counts[kind];
        cells[kind].textContent = n === 0 ? '0' : `${n.toLocaleString('en-US')} (${percent(n / track.units)})`;
        cells[kind].classList.toggle(kind, n > 0);
      }
    }
    return rebuilt;
  }

  private row(run: PanelRun, track: LayerTrack, selected: boolean): HTMLElement {
    const select = h('button', { class: 'link-button layer-name', type: 'button', 'aria-pressed': String(selected), title: 'Show this layer in the charts' }, breakable(track.name));
    select.addEventListener('click', () => this.actions.select(track.name));
    const kind = [track.className, track.activation].filter((s) => s !== '').join(' · ');
    const cause = rootCause(run, track);
    const cells: CountCells = { dead: h('span', { class: 'count' }), dying: h('span', { class: 'count' }), saturated: h('span', { class: 'count' }) };
    this.counts.set(trackKey(track), cells);
    return this.table.row({ class: `layer-row${selected ? ' selected' : ''}`, 'data-layer': track.name }, {
      layer: [select, kind === '' ? null : h('div', { class: 'muted' }, kind), cause === null ? null : h('div', { class: 'muted' }, `input is dead: see ${cause}`)],
      source: [this.sourceLink(track)],
      units: [track.units.toLocaleString('en-US')],
      dead: [cells.dead],
      dying: [cells.dying],
      saturated: [cells.saturated],
      fixes: [this.fixButtons(run, track.name, run.fixes[track.name] ?? [])],
    });
  }

  private sourceLink(track: LayerTrack): HTMLElement | string {
    const at = track.location;
    if (at === null || at.line < 1) return '—';
    const place = `${cellLabel(at.cell)}${at.line}`;
    const link = h('a', { href: '#', class: 'source-link', title: `${at.file}:${place}:${at.column}` }, breakable(`${basename(at.file)}:${place}`));
    link.addEventListener('click', (e) => {
      e.preventDefault();
      this.actions.post({ type: 'reveal', file: at.file, line: at.line, column: Math.max(1, at.column), ...cellOf(at) });
    });
    return link;
  }

  /** The preferred fix and Try fixes as buttons; the other fixes behind a disclosure. */
  private fixButtons(run: PanelRun, layer: string, fixes: FixOffer[]): HTMLElement {
    const box = h('div', { class: 'fixes' });
    if (fixes.length === 0) return box;
    const button = (fix: FixOffer): HTMLElement => {
      const b = h('vscode-button', { secondary: !fix.preferred, 'data-fix': fix.id, 'aria-label': `${fix.title} (${layer})` }, fix.title);
      b.addEventListener('click', () => this.actions.post({ type: 'applyFix', file: run.file, layer, fix: fix.id }));
      return b;
    };
    const preferred = fixes.find((f) => f.preferred) ?? fixes[0];
    const others = fixes.filter((f) => f !== preferred);
    const trial = h('vscode-button', { secondary: true, class: 'try-fixes', 'aria-label': `Try fixes on ${layer}`, title: 'Train a short run with each fix and compare' }, 'Try fixes…');
    trial.addEventListener('click', () => this.actions.post({ type: 'tryFixes', file: run.file, layer }));
    box.append(button(preferred), trial);
    if (others.length > 0) {
      box.append(h('details', { class: 'more-fixes' }, h('summary', {}, `${others.length} more fix${others.length === 1 ? '' : 'es'}`), h('div', { class: 'fixes' }, ...others.map(button))));
    }
    return box;
  }
}

function rootCause(run: PanelRun, track: LayerTrack): string | null {
  return reportedLayer(run, track)?.rootCause ?? null;
}

const trackKey = (track: LayerTrack): string => `${track.fit}:${track.name}`;

/** `Fit 2 of 3 · line 19 · 1 repeat counted, not scanned`. */
export function fitHeading(fit: PanelFit, index: number, count: number): string {
  const parts = [`Fit ${index + 1} of ${count}`];
  if (fit.site) parts.push(`line ${cellLabel(fit.site.cell)}${fit.site.line}`);
  if (fit.repeats > 0) parts.push(`${fit.repeats} repeat${fit.repeats === 1 ? '' : 's'} counted, not scanned`);
  return parts.join(' · ');
}
