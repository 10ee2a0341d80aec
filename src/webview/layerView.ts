// The selected layer in detail: the per-unit heatmap first (what a narrow panel shows without
// scrolling), then the dead / dying / saturated fraction over the checks and the histogram of
// activation rates at the latest check.
import { Chart } from './chart';
import { fractionSeries, rateHistogram } from './chartData';
import { fractionOptions, histogramOptions } from './chartOptions';
import { breakable, h, replaceChildren } from './dom';
import { checkLabel, shortLabel } from './format';
import { Heatmap } from './heatmap';
import { latestCheck, type LayerTrack, type PanelRun } from './runModel';
import type { Palette } from './theme';

export class LayerView {
  readonly element: HTMLElement;
  private readonly heading = h('h3', {});
  private readonly fractions = new Chart('Dead, dying and saturated units over the checks', 200);
  private readonly histogram = new Chart('Activation rates at the latest check', 200);
  private readonly heatmap = new Heatmap();
  private readonly histogramNote = h('div', { class: 'muted' });
  private readonly deadFirst = h('vscode-checkbox', { class: 'dead-first', label: 'Dead units first' }) as HTMLElement & { checked: boolean };
  /** The run shown; the fraction chart's axis labels read its checks. */
  private run: PanelRun | null = null;

  constructor(onDeadFirst: (on: boolean) => void) {
    this.deadFirst.addEventListener('change', () => {
      this.heatmap.setDeadFirst(this.deadFirst.checked);
      onDeadFirst(this.deadFirst.checked);
    });
    this.element = h(
      'section',
      { class: 'layer-view', 'aria-label': 'Selected layer' },
      this.heading,
      h('div', { class: 'heat-heading' }, h('h4', {}, 'Units × checks'), this.deadFirst),
      this.heatmap.element,
      h('div', { class: 'chart-row' }, this.fractions.element, h('div', {}, this.histogram.element, this.histogramNote)),
    );
  }

  /** The heatmap with its labels and legend, which the panel keeps in view. */
  get heatmapElement(): HTMLElement {
    return this.heatmap.element;
  }

  /** Sets the "dead units first" order (e.g. restored from the saved state). */
  setDeadFirst(on: boolean): void {
    this.deadFirst.checked = on;
    this.heatmap.setDeadFirst(on);
  }

  /** Everything from scratch: another layer, a new run or a new theme. */
  show(run: PanelRun, track: LayerTrack, palette: Palette): void {
    const kind = [track.className, track.activation].filter((s) => s !== '').join(' · ');
    replaceChildren(this.heading, breakable(`${track.name}${kind === '' ? '' : ` (${kind})`} · ${track.units.toLocaleString('en-US')} units`));
    this.heatmap.show(run, track, palette);
    this.charts(run, track, palette);
  }

  /** New checks arrived for the shown layer. */
  update(run: PanelRun, track: LayerTrack, palette: Palette, checks: number[]): void {
    this.heatmap.update(checks);
    this.charts(run, track, palette);
  }

  private charts(run: PanelRun, track: LayerTrack, palette: Palette): void {
    this.run = run;
    const label = (i: number): string => (this.run === null ? '' : shortLabel(checkLabel(this.run, i)));
    this.fractions.render('fractions', fractionOptions(label), fractionSeries(track), palette);
    this.histogram.render('histogram', histogramOptions, rateHistogram(track), palette);
    const latest = latestCheck(track);
    this.histogramNote.textContent = latest < 0 ? 'No unit statistics yet.' : `At check ${checkLabel(run, latest)}.`;
  }
}
