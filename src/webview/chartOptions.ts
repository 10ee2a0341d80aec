// uPlot options for the panel's charts, coloured from the VS Code theme palette.
import uPlot from 'uplot';
import type { ChartOptions } from './chart';
import { DEAD_BAR_X, HISTOGRAM_BINS } from './chartData';
import { cssColor } from './colors';
import { axisLabels, percent, stat } from './format';
import type { Palette } from './theme';

const FONT_SIZE = 11;

/** Room for the tick mark and the gap beside a y axis's labels, in CSS pixels. */
const AXIS_PADDING = 14;

/**
 * An axis in the theme's colours. `values` turns tick positions into labels (by default as many
 * decimals as it takes to tell them apart); a y axis is as wide as its longest label.
 */
function axis(p: Palette, extra: Omit<uPlot.Axis, 'values'> & { values?: (u: uPlot, splits: number[]) => string[] } = {}): uPlot.Axis {
  const font = `${FONT_SIZE}px ${p.fontFamily}`;
  const vertical = extra.side === 1 || extra.side === 3 || (extra.scale !== undefined && extra.scale !== 'x');
  return {
    stroke: cssColor(p.foreground),
    font,
    labelFont: font,
    grid: { stroke: cssColor(p.grid), width: 0.5 },
    ticks: { stroke: cssColor(p.grid), width: 0.5 },
    values: (_u, splits) => axisLabels(splits),
    ...(vertical ? { size: (_u: uPlot, values: string[] | null) => labelWidth(font, values ?? []) + AXIS_PADDING } : {}),
    ...extra,
  };
}

// A canvas of its own: uPlot caches the font it last set on its context.
let measuring: CanvasRenderingContext2D | null = null;

function labelWidth(font: string, labels: string[]): number {
  measuring ??= document.createElement('canvas').getContext('2d');
  if (measuring === null) return 48;
  measuring.font = font;
  const ctx = measuring;
  return Math.ceil(Math.max(16, ...labels.map((v) => ctx.measureText(v).width)));
}

/** A legend value: the hovered point's, or with no cursor the latest point's (never an empty label). */
function legendValue(format: (v: number) => string): uPlot.Series['value'] {
  return (u, v, sidx) => {
    if (v !== null) return format(v);
    const ys = u.data[sidx] ?? [];
    for (let i = ys.length - 1; i >= 0; i--) {
      const y = ys[i];
      if (y !== null && y !== undefined) return format(y);
    }
    return '—';
  };
}

/** At most `count` evenly spaced values of `xs`, as axis splits. */
function thin(xs: number[], count: number): number[] {
  const stride = Math.max(1, Math.ceil(xs.length / count));
  return xs.filter((_, i) => i % stride === 0);
}

const percentValues = (_u: uPlot, splits: number[]): string[] => axisLabels(splits.map((v) => v * 100)).map((t) => `${t}%`);
const share = (v: number): string => percent(Math.round(v * 1e4) / 1e4);

/** Dead / dying / saturated fraction per check; x ticks are the checks' labels. */
export function fractionOptions(label: (check: number) => string): (p: Palette) => ChartOptions {
  return (p) => ({
    scales: { x: { time: false }, y: { range: (_u, _min, max) => [0, Math.min(1, Math.max(0.05, max * 1.15))] } },
    axes: [
      axis(p, { splits: (u) => thin((u.data[0] as number[]) ?? [], 8), values: (_u, splits) => splits.map(label) }),
      axis(p, { scale: 'y', values: percentValues }),
    ],
    series: [
      { label: 'check', value: legendValue(label) },
      line('dead', p.dead),
      line('dying', p.dying),
      line('saturated', p.saturated),
    ],
  });
}

function line(label: string, color: Palette['dead']): uPlot.Series {
  return {
    label,
    stroke: cssColor(color),
    width: 2,
    points: { show: true, size: 5, fill: cssColor(color) },
    value: legendValue(share),
  };
}

/** Tick steps for unit counts: 1, 2, 5, 10, 20, 50, … (no half units). */
const WHOLE_STEPS = Array.from({ length: 21 }, (_, i) => [1, 2, 5][i % 3] * 10 ** Math.floor(i / 3));

/** Plot width (CSS pixels) under which the histogram labels fewer rates. */
const NARROW_PLOT = 360;

/** Units per activation-rate bin at the latest check, the dead units in a bar of their own. */
export function histogramOptions(p: Palette): ChartOptions {
  const bars = uPlot.paths.bars?.({ size: [0.85, 48] });
  const half = 0.5 / HISTOGRAM_BINS;
  const rateLabel = (x: number): string => (x === DEAD_BAR_X ? 'dead' : percent(Math.round(x * 100) / 100));
  const binLabel = (x: number): string => (x === DEAD_BAR_X ? 'dead' : `${percent(Math.round((x - half) * 100) / 100)}–${percent(Math.round((x + half) * 100) / 100)}`);
  return {
    scales: { x: { time: false, range: [DEAD_BAR_X - 0.05, 1 + half] }, y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] } },
    axes: [
      // A narrow chart has no room for "0%" beside "dead".
      axis(p, { splits: (u) => (u.bbox.width / devicePixelRatio < NARROW_PLOT ? [DEAD_BAR_X, 0.25, 0.5, 0.75, 1] : [DEAD_BAR_X, 0, 0.2, 0.4, 0.6, 0.8, 1]), values: (_u, splits) => splits.map(rateLabel) }),
      axis(p, { scale: 'y', incrs: WHOLE_STEPS }),
    ],
    series: [
      // With no cursor on a bin the legend gives the totals.
      { label: 'activation rate', value: (_u, v) => (v === null ? 'all' : binLabel(v)) },
      { label: 'dead units', fill: cssColor(p.dead), stroke: cssColor(p.dead), width: 0, paths: bars, points: { show: false }, value: unitCount },
      { label: 'other units', fill: cssColor(p.healthy), stroke: cssColor(p.healthy), width: 0, paths: bars, points: { show: false }, value: unitCount },
    ],
  };
}

/** A bin's units, or with no cursor all the series' units. */
const unitCount: uPlot.Series['value'] = (u, v, sidx) => {
  if (v !== null) return v.toLocaleString('en-US');
  let sum = 0;
  for (const n of u.data[sidx] ?? []) sum += n ?? 0;
  return sum.toLocaleString('en-US');
};

/** Loss (left axis) and metrics (right axis) over training, x in epochs. */
export function lossOptions(metricNames: string[]): (p: Palette) => ChartOptions {
  return (p) => ({
    scales: { x: { time: false }, loss: { auto: true }, metric: { auto: true } },
    axes: [
      axis(p, { label: 'epoch', labelSize: 16 }),
      axis(p, { scale: 'loss' }),
      ...(metricNames.length > 0 ? [axis(p, { scale: 'metric', side: 1, grid: { show: false } })] : []),
    ],
    series: [
      { label: 'epoch', value: legendValue((v) => v.toFixed(2)) },
      { label: 'loss', scale: 'loss', stroke: cssColor(p.series[0]), width: 1.5, spanGaps: true, points: { show: false }, value: legendValue(stat) },
      ...metricNames.map((name, i): uPlot.Series => ({
        label: name,
        scale: 'metric',
        stroke: cssColor(p.series[(i + 1) % p.series.length]),
        width: 1.5,
        spanGaps: true,
        points: { show: false },
        value: legendValue(stat),
      })),
    ],
  });
}
