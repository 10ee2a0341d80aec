// A uPlot chart that fills its container's width, follows the theme and is rebuilt only when
// its series change (new metric names, a new palette); otherwise it just takes new data.
import uPlot from 'uplot';
import { h } from './dom';
import type { Palette } from './theme';

export type ChartOptions = Omit<uPlot.Options, 'width' | 'height'>;

export class Chart {
  readonly element: HTMLElement;
  private readonly body: HTMLElement;
  private plot: uPlot | null = null;
  private key = '';
  private palette: Palette | null = null;

  constructor(title: string, private readonly height: number) {
    this.body = h('div', { class: 'chart-body', role: 'img', 'aria-label': title });
    this.element = h('figure', { class: 'chart' }, h('figcaption', {}, title), this.body);
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
    this.plot = new uPlot({ ...options(palette), width: this.width(), height: this.height }, data, this.body);
  }

  private width(): number {
    return Math.max(200, this.element.clientWidth);
  }
}
