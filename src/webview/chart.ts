// A uPlot chart that fills its container's width, follows the theme and is rebuilt only when
// its series change (new metric names, a new palette); otherwise it just takes new data. The
// tick labels it draws are also written out as text, for screen readers (the canvas has none).
import uPlot from 'uplot';
import { h, replaceChildren } from './dom';
import type { Palette } from './theme';

export type ChartOptions = Omit<uPlot.Options, 'width' | 'height'>;

export class Chart {
  readonly element: HTMLElement;
  private readonly body: HTMLElement;
  private readonly axes = h('ul', { class: 'chart-axes visually-hidden' });
  /** The labels each axis drew last. */
  private ticks: string[][] = [];
  private plot: uPlot | null = null;
  private key = '';
  private palette: Palette | null = null;

  constructor(title: string, private readonly height: number) {
    this.body = h('div', { class: 'chart-body', role: 'img', 'aria-label': title });
    this.element = h('figure', { class: 'chart' }, h('figcaption', {}, title), this.body, this.axes);
    new ResizeObserver(() => this.plot?.setSize({ width: this.width(), height: this.height })).observe(this.element);
  }

  /**
   * Shows `data`; `key` names the series layout and `options` builds uPlot's options for it.
   */
  render(key: string, options: (p: Palette) => ChartOptions, data: uPlot.AlignedData, palette: Palette): void {
    if (this.plot !== null && key === this.key && palette === this.palette) {
      this.plot.setData(data);
      return;
    }
    this.plot?.destroy();
    this.key = key;
    this.palette = palette;
    const opts = options(palette);
    const sides = (opts.axes ?? []).map((a, i) => a.side ?? (i === 0 ? 2 : 3));
    this.ticks = [];
    const axes = (opts.axes ?? []).map((a, i): uPlot.Axis => {
      const values = a.values;
      if (typeof values !== 'function') return a;
      return {
        ...a,
        values: (u, splits, ...rest) => {
          const labels = values(u, splits, ...rest);
          this.ticks[i] = labels.map(String);
          return labels;
        },
      };
    });
    const draw = [...(opts.hooks?.draw ?? []), () => this.describeAxes(sides)];
    this.plot = new uPlot({ ...opts, axes, hooks: { ...opts.hooks, draw }, width: this.width(), height: this.height }, data, this.body);
  }

  private describeAxes(sides: number[]): void {
    const name = (side: number): string => (side === 1 ? 'right' : side === 3 ? 'left' : side === 0 ? 'top' : 'x');
    const items = this.ticks.flatMap((labels, i) => (labels === undefined ? [] : [h('li', { 'data-axis': name(sides[i]) }, `${name(sides[i])} axis: ${labels.join(', ')}`)]));
    replaceChildren(this.axes, ...items);
  }

  private width(): number {
    return Math.max(200, this.element.clientWidth);
  }
}
