// uPlot options for the panel's charts, coloured from the VS Code theme palette.
import uPlot from 'uplot';
import type { ChartOptions } from './chart';
import { DEAD_BAR_X, HISTOGRAM_BINS } from './chartData';
import { cssColor } from './colors';
import { percent, stat } from './format';
import type { Palette } from './theme';

const FONT_SIZE = 11;

function axis(p: Palette, extra: uPlot.Axis = {}): uPlot.Axis {
  return {
    stroke: cssColor(p.foreground),
    font: `${FONT_SIZE}px ${p.fontFamily}`,
    labelFont: `${FONT_SIZE}px ${p.fontFamily}`,
    grid: { stroke: cssColor(p.grid), width: 0.5 },
    ticks: { stroke: cssColor(p.grid), width: 0.5 },
    ...extra,
  };
}

/** At most `count` evenly spaced values of `xs`, as axis splits. */
function thin(xs: number[], count: number): number[] {
  const stride = Math.max(1, Math.ceil(xs.length / count));
  return xs.filter((_, i) => i % stride === 0);
}

const percentValues = (_u: uPlot, splits: number[]): string[] => splits.map((v) => percent(Math.round(v * 1e4) / 1e4));

/** Dead / dying / saturated fraction per check; x ticks are the checks' labels. */
export function fractionOptions(label: (check: number) => string): (p: Palette) => ChartOptions {
  return (p) => ({
    scales: { x: { time: false }, y: { range: (_u, _min, max) => [0, Math.min(1, Math.max(0.05, max * 1.15))] } },
    axes: [
      axis(p, { splits: (u) => thin((u.data[0] as number[]) ?? [], 8), values: (_u, splits) => splits.map(label) }),
      axis(p, { values: percentValues, size: 48 }),
    ],
    series: [
      { label: 'check', value: (_u, v) => (v === null ? '' : label(v)) },
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
    value: (_u, v) => (v === null ? '' : percent(Math.round(v * 1e4) / 1e4)),
  };
}

/** Units per activation-rate bin at the latest check, the dead units in a bar of their own. */
export function histogramOptions(p: Palette): ChartOptions {
  const bars = uPlot.paths.bars?.({ size: [0.85, 48] });
  const half = 0.5 / HISTOGRAM_BINS;
  const rateLabel = (x: number): string => (x === DEAD_BAR_X ? 'dead' : percent(Math.round(x * 100) / 100));
  const binLabel = (x: number): string => (x === DEAD_BAR_X ? 'dead' : `${percent(Math.round((x - half) * 100) / 100)}–${percent(Math.round((x + half) * 100) / 100)}`);
  return {
    scales: { x: { time: false, range: [DEAD_BAR_X - 0.05, 1 + half] }, y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] } },
    axes: [
      axis(p, { splits: () => [DEAD_BAR_X, 0, 0.2, 0.4, 0.6, 0.8, 1], values: (_u, splits) => splits.map(rateLabel) }),
      axis(p, { size: 48 }),
    ],
    series: [
      { label: 'activation rate', value: (_u, v) => (v === null ? '' : binLabel(v)) },
      { label: 'dead units', fill: cssColor(p.dead), stroke: cssColor(p.dead), width: 0, paths: bars, points: { show: false } },
      { label: 'other units', fill: cssColor(p.healthy), stroke: cssColor(p.healthy), width: 0, paths: bars, points: { show: false } },
    ],
  };
}

/** Loss (left axis) and metrics (right axis) over training, x in epochs. */
export function lossOptions(metricNames: string[]): (p: Palette) => ChartOptions {
  return (p) => ({
    scales: { x: { time: false }, loss: { auto: true }, metric: { auto: true } },
    axes: [
      axis(p, { label: 'epoch', labelSize: 16 }),
      axis(p, { scale: 'loss', size: 52, values: (_u, splits) => splits.map(stat) }),
      ...(metricNames.length > 0 ? [axis(p, { scale: 'metric', side: 1, size: 52, grid: { show: false }, values: (_u: uPlot, s: number[]) => s.map(stat) })] : []),
    ],
    series: [
      { label: 'epoch', value: (_u, v) => (v === null ? '' : v.toFixed(2)) },
      { label: 'loss', scale: 'loss', stroke: cssColor(p.series[0]), width: 1.5, spanGaps: true, points: { show: false }, value: (_u, v) => (v === null ? '' : stat(v)) },
      ...metricNames.map((name, i): uPlot.Series => ({
        label: name,
        scale: 'metric',
        stroke: cssColor(p.series[(i + 1) % p.series.length]),
        width: 1.5,
        spanGaps: true,
        points: { show: false },
        value: (_u, v) => (v === null ? '' : stat(v)),
      })),
    ],
  });
}
