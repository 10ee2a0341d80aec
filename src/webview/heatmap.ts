// The per-unit heatmap: one row per unit, one column per check, drawn into a canvas whose
// pixels are the cells (ImageData, scaled up by CSS with pixelated rendering). A new check
// writes one column and puts only that column, so 10,000 units × 50 checks stay cheap.
// Hover, or focus and the arrow keys, show a cell's details.
import { cssColor, mix } from './colors';
import { h, replaceChildren } from './dom';
import { checkLabel, shortLabel, unitDetails } from './format';
import { cellPixel, heatScale, rampPosition, type HeatScale } from './heatScale';
import { deadFirstOrder, type LayerTrack, type PanelRun } from './runModel';
import type { Palette } from './theme';

/** Tallest the heatmap grows before it scrolls, in CSS pixels. */
const VIEW_HEIGHT = 320;
const MAX_ROW_HEIGHT = 12;
const MIN_CELL_WIDTH = 3;
const MAX_CELL_WIDTH = 72;
/** Room per character of a check label above the columns (11 px text), and between labels. */
const LABEL_CHAR_WIDTH = 7;
const LABEL_GAP = 8;
/** Canvas side limit in Chromium; a layer with more units shows the first ones. */
const MAX_ROWS = 32_000;

/** A position in the grid: `row` is a unit, or a place in the "dead first" order. */
interface Cell {
  row: number;
  check: number;
}

export class Heatmap {
  readonly element: HTMLElement;
  private readonly scroller: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D;
  private readonly cursorBox: HTMLElement;
  private readonly tip: HTMLElement;
  private readonly info: HTMLElement;
  private readonly axis: HTMLElement;
  private readonly columnLabels: HTMLElement;
  private readonly legend: HTMLElement;
  private image: ImageData | null = null;
  private pixels = new Uint32Array(0);
  private cols = 0;
  /** The check of the first column: a later fit's layer shows its own fit's checks only. */
  private first = 0;
  private rows = 0;
  private cellW = 8;
  private rowH = 1;
  private run: PanelRun | null = null;
  private track: LayerTrack | null = null;
  private scale: HeatScale | null = null;
  private cursor: Cell | null = null;
  /** Row → unit when the dead units come first; null in unit order. */
  private order: Int32Array | null = null;
  private deadFirst = false;

  constructor() {
    this.canvas = h('canvas', { class: 'heat-canvas' });
    const ctx = this.canvas.getContext('2d');
    if (ctx === null) throw new Error('no 2d canvas');
    this.ctx = ctx;
    this.cursorBox = h('div', { class: 'heat-cursor', hidden: true });
    this.scroller = h('div', {
      class: 'heat-scroll',
      tabindex: '0',
      role: 'application',
      'aria-label': 'Per-unit heatmap. Arrow keys move between units (up, down) and checks (left, right).',
      'aria-describedby': 'heat-info',
    }, this.canvas, this.cursorBox);
    this.tip = h('div', { class: 'heat-tip', role: 'tooltip', hidden: true });
    this.info = h('div', { class: 'heat-info', id: 'heat-info', 'aria-live': 'polite' });
    this.axis = h('div', { class: 'heat-axis muted' });
    this.columnLabels = h('div', { class: 'heat-columns muted', 'aria-hidden': 'true' });
    this.legend = h('div', { class: 'legend' });
    this.element = h('div', { class: 'heatmap' }, this.columnLabels, this.scroller, this.axis, this.legend, this.info, this.tip);
    this.canvas.addEventListener('mousemove', (e) => this.hover(e));
    this.canvas.addEventListener('mouseleave', () => { this.tip.hidden = true; });
    this.scroller.addEventListener('keydown', (e) => this.key(e));
    this.scroller.addEventListener('focus', () => this.moveCursor(this.cursor ?? { row: 0, check: this.lastColumn() }));
    new ResizeObserver(() => this.layout()).observe(this.element);
  }

  /** Shows `track` of `run` from scratch (a new layer, a new run or a new theme). */
  show(run: PanelRun, track: LayerTrack | null, palette: Palette): void {
    if (track !== this.track) this.cursor = null;
    this.run = run;
    this.track = track;
    this.scale = heatScale(palette);
    this.renderLegend(palette);
    this.allocate();
    this.order = this.deadFirst && track !== null ? deadFirstOrder(track, this.rows) : null;
    this.drawAll();
  }

  /** Dead units first, then dying, saturated, and the rest by activation rate (at the latest check). */
  setDeadFirst(on: boolean): void {
    this.deadFirst = on;
    this.order = on && this.track !== null ? deadFirstOrder(this.track, this.rows) : null;
    this.drawAll();
  }

  private unitAt(row: number): number {
    return this.order === null ? row : this.order[row];
  }

  /** Draws the columns of the checks that just arrived. */
  update(checks: number[]): void {
    const { run, track } = this;
    if (run === null || track === null) return;
    if (columnCount(run, track) > this.cols || Math.min(track.units, MAX_ROWS) !== this.rows) {
      this.allocate();
      this.drawAll();
      return;
    }
    if (this.deadFirst) {
      // The order follows the latest check, so every column moves.
      this.order = deadFirstOrder(track, this.rows);
      this.drawAll();
      return;
    }
    for (const c of checks) this.drawColumn(c - this.first);
    this.renderAxis();
    this.renderColumnLabels();
    if (this.cursor !== null) this.showInfo(this.cursor);
  }

  private allocate(): void {
    const track = this.track;
    this.first = this.run !== null && track !== null ? firstColumn(this.run, track) : 0;
    this.cols = this.run !== null && track !== null ? columnCount(this.run, track) : 0;
    this.rows = track === null ? 0 : Math.min(track.units, MAX_ROWS);
    this.canvas.width = Math.max(1, this.cols);
    this.canvas.height = Math.max(1, this.rows);
    this.image = this.cols > 0 && this.rows > 0 ? this.ctx.createImageData(this.cols, this.rows) : null;
    this.pixels = this.image === null ? new Uint32Array(0) : new Uint32Array(this.image.data.buffer);
    this.layout();
  }

  private drawAll(): void {
    if (this.image === null || this.scale === null) {
      this.ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    } else {
      this.pixels.fill(this.scale.empty);
      for (let c = 0; c < this.cols; c++) this.fillColumn(c);
      this.ctx.putImageData(this.image, 0, 0);
    }
    this.renderAxis();
    if (this.cursor !== null) this.moveCursor(this.cursor);
  }

  private drawColumn(c: number): void {
    if (this.image === null || c < 0 || c >= this.cols) return;
    this.fillColumn(c);
    this.ctx.putImageData(this.image, 0, 0, c, 0, 1, this.rows);
  }

  private fillColumn(c: number): void {
    const column = this.track?.columns[this.first + c];
    const scale = this.scale;
    if (column === undefined || scale === null) return;
    const { pixels, cols, order } = this;
    for (let r = 0, i = c; r < this.rows; r++, i += cols) {
      const u = order === null ? r : order[r];
      pixels[i] = cellPixel(scale, column.state[u], column.rate[u]);
    }
  }

  /** Cell sizes from the available width; the canvas is scaled by CSS. */
  private layout(): void {
    const width = this.element.clientWidth || 600;
    this.cellW = this.cols === 0 ? MIN_CELL_WIDTH : clamp(Math.floor((width - 24) / this.cols), MIN_CELL_WIDTH, MAX_CELL_WIDTH);
    this.rowH = this.rows === 0 ? 1 : clamp(Math.floor(VIEW_HEIGHT / this.rows), 1, MAX_ROW_HEIGHT);
    this.canvas.style.width = `${this.cols * this.cellW}px`;
    this.canvas.style.height = `${this.rows * this.rowH}px`;
    if (this.cursor !== null) this.placeCursor(this.cursor);
    this.renderColumnLabels();
  }

  private cellAt(clientX: number, clientY: number): Cell | null {
    const rect = this.canvas.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0) return null;
    const check = Math.floor(((clientX - rect.left) / rect.width) * this.cols);
    const row = Math.floor(((clientY - rect.top) / rect.height) * this.rows);
    if (check < 0 || check >= this.cols || row < 0 || row >= this.rows) return null;
    return { row, check };
  }

  private hover(e: MouseEvent): void {
    const cell = this.cellAt(e.clientX, e.clientY);
    if (cell === null) {
      this.tip.hidden = true;
      return;
    }
    const lines = this.details(cell);
    replaceChildren(this.tip, ...lines.map((line) => h('div', {}, line)));
    this.tip.hidden = false;
    // Keep the tooltip inside the viewport.
    const x = Math.min(e.clientX + 14, window.innerWidth - this.tip.offsetWidth - 4);
    const y = e.clientY + 14 + this.tip.offsetHeight > window.innerHeight ? e.clientY - this.tip.offsetHeight - 8 : e.clientY + 14;
    this.tip.style.left = `${Math.max(4, x)}px`;
    this.tip.style.top = `${Math.max(4, y)}px`;
    this.info.textContent = lines.join(' · ');
  }

  private key(e: KeyboardEvent): void {
    if (this.rows === 0 || this.cols === 0) return;
    const at = this.cursor ?? { row: 0, check: this.lastColumn() };
    const page = Math.max(1, Math.floor(this.scroller.clientHeight / this.rowH));
    const moves: Record<string, Cell> = {
      ArrowUp: { row: at.row - 1, check: at.check },
      ArrowDown: { row: at.row + 1, check: at.check },
      ArrowLeft: { row: at.row, check: at.check - 1 },
      ArrowRight: { row: at.row, check: at.check + 1 },
      PageUp: { row: at.row - page, check: at.check },
      PageDown: { row: at.row + page, check: at.check },
      Home: { row: 0, check: at.check },
      End: { row: this.rows - 1, check: at.check },
    };
    const next = moves[e.key];
    if (next === undefined) return;
    e.preventDefault();
    this.moveCursor({ row: clamp(next.row, 0, this.rows - 1), check: clamp(next.check, 0, this.cols - 1) });
  }

  private moveCursor(cell: Cell): void {
    if (this.rows === 0 || this.cols === 0) return;
    this.cursor = { row: Math.min(cell.row, this.rows - 1), check: Math.min(cell.check, this.cols - 1) };
    this.placeCursor(this.cursor);
    const top = this.cursor.row * this.rowH;
    if (top < this.scroller.scrollTop) this.scroller.scrollTop = top;
    else if (top + this.rowH > this.scroller.scrollTop + this.scroller.clientHeight) {
      this.scroller.scrollTop = top + this.rowH - this.scroller.clientHeight;
    }
    this.showInfo(this.cursor);
  }

  private placeCursor(cell: Cell): void {
    const box = this.cursorBox.style;
    box.left = `${cell.check * this.cellW}px`;
    box.top = `${cell.row * this.rowH}px`;
    box.width = `${this.cellW}px`;
    box.height = `${this.rowH}px`;
    this.cursorBox.hidden = false;
  }

  private showInfo(cell: Cell): void {
    this.info.textContent = this.details(cell).join(' · ');
  }

  private details(cell: Cell): string[] {
    return this.run === null || this.track === null ? [] : unitDetails(this.run, this.track, this.unitAt(cell.row), this.first + cell.check);
  }

  private lastColumn(): number {
    const track = this.track;
    if (track === null) return 0;
    return Math.max(0, Math.min(this.cols - 1, track.columns.length - 1 - this.first));
  }

  private renderAxis(): void {
    const { run, track } = this;
    if (run === null || track === null || this.cols === 0) {
      replaceChildren(this.axis, 'No unit statistics yet.');
      return;
    }
    const last = Math.max(this.first, track.columns.length - 1);
    const clipped = track.units > this.rows ? ` (first ${this.rows.toLocaleString('en-US')} shown)` : '';
    const rows = this.deadFirst ? 'units, dead first (then dying, saturated, and by activation rate at the latest check)' : `units 0–${track.units - 1}`;
    replaceChildren(
      this.axis,
      `Rows: ${rows}${clipped}. Columns: checks ${shortLabel(checkLabel(run, this.first))} → ${shortLabel(checkLabel(run, last))}`,
      this.first + this.cols > track.columns.length ? ' (room for the checks still to come).' : '.',
    );
  }

  /** Check labels above the columns, every few columns when they are narrow. */
  private renderColumnLabels(): void {
    const run = this.run;
    if (run === null || this.cols === 0) {
      replaceChildren(this.columnLabels);
      return;
    }
    const texts = Array.from({ length: this.cols }, (_, c) => (run.checks[this.first + c] === undefined ? '' : shortLabel(checkLabel(run, this.first + c))));
    // Every few columns when they are narrower than the longest label, so none is cut.
    const widest = Math.max(...texts.map((t) => t.length)) * LABEL_CHAR_WIDTH + LABEL_GAP;
    const stride = Math.ceil(widest / this.cellW);
    const labels: HTMLElement[] = [];
    for (let c = 0; c < this.cols; c += stride) {
      const label = h('span', {}, texts[c]);
      label.style.width = `${Math.min(stride, this.cols - c) * this.cellW}px`;
      labels.push(label);
    }
    replaceChildren(this.columnLabels, ...labels);
  }

  private renderLegend(p: Palette): void {
    const swatch = (color: string, label: string): HTMLElement => {
      const box = h('span', { class: 'swatch' });
      box.style.background = color;
      return h('span', { class: 'legend-item' }, box, label);
    };
    const ramp = h('span', { class: 'swatch ramp' });
    const stops = [0, 0.01, 0.1, 0.5, 1].map((r) => `${cssColor(mix(p.background, p.healthy, rampPosition(r)))} ${Math.sqrt(r) * 100}%`);
    ramp.style.background = `linear-gradient(to right, ${stops.join(', ')})`;
    replaceChildren(
      this.legend,
      swatch(cssColor(p.dead), 'dead'),
      swatch(cssColor(p.dying), 'dying'),
      swatch(cssColor(p.saturated), 'saturated'),
      h('span', { class: 'legend-item' }, 'activation rate 0%', ramp, '100%'),
    );
  }
}

/** The check of a layer's first column: its fit's first (a run of several fits lists every fit's checks in turn). */
function firstColumn(run: PanelRun, track: LayerTrack): number {
  return run.fits[track.fit]?.checkOffset ?? 0;
}

/** Columns to draw: every check of the layer's fit so far, and room for those the run will still make. */
function columnCount(run: PanelRun, track: LayerTrack): number {
  const first = firstColumn(run, track);
  const end = run.fits[track.fit + 1]?.checkOffset ?? run.checks.length;
  // init, early, one per epoch — until the report says how many there were (the last fit's, while it trains).
  const expected = run.report === null && run.epochs > 0 && track.fit === Math.max(0, run.fits.length - 1) ? run.epochs + 2 : 0;
  return Math.max(track.columns.length - first, end - first, expected);
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}
