// Series for the charts, from the run model (pure: no DOM, no uPlot).
import { DEAD, latestCheck, type LayerTrack, type PanelRun } from './runModel';

/** x values then one array per series, as uPlot takes them. */
export type Series = [xs: number[], ...ys: (number | null)[][]];

/** Dead, dying and saturated fraction of the layer's units at each check that has data. */
export function fractionSeries(track: LayerTrack): Series {
  const xs: number[] = [];
  const dead: number[] = [];
  const dying: number[] = [];
  const saturated: number[] = [];
  track.columns.forEach((c, index) => {
    if (c === undefined) return;
    xs.push(index);
    dead.push(c.dead / track.units);
    dying.push(c.dying / track.units);
    saturated.push(c.saturated / track.units);
  });
  return [xs, dead, dying, saturated];
}

export const HISTOGRAM_BINS = 20;
/** Where the dead units' bar stands on the rate axis: left of 0%, apart from the lowest bin. */
export const DEAD_BAR_X = -0.125;

/**
 * Units per activation-rate bin at the latest check, as [x, dead, others]: x = DEAD_BAR_X for
 * the dead units, then the centre of each of HISTOGRAM_BINS equal bins of [0, 1].
 */
export function rateHistogram(track: LayerTrack): Series {
  const xs = [DEAD_BAR_X, ...Array.from({ length: HISTOGRAM_BINS }, (_, i) => (i + 0.5) / HISTOGRAM_BINS)];
  const dead: (number | null)[] = xs.map(() => null);
  const others: (number | null)[] = xs.map((_, i) => (i === 0 ? null : 0));
  const column = track.columns[latestCheck(track)];
  if (column === undefined) return [xs, dead, others];
  let deadCount = 0;
  const bins = new Int32Array(HISTOGRAM_BINS);
  for (let u = 0; u < track.units; u++) {
    if (column.state[u] === DEAD) deadCount++;
    else bins[Math.min(HISTOGRAM_BINS - 1, Math.floor(Math.max(0, column.rate[u]) * HISTOGRAM_BINS))]++;
  }
  dead[0] = deadCount;
  bins.forEach((n, i) => { others[i + 1] = n; });
  return [xs, dead, others];
}

export interface LossSeries {
  metricNames: string[];
  data: Series;
}

/** Loss and metrics over training, from the live progress or else the report's per-epoch history. */
export function lossSeries(run: PanelRun): LossSeries {
  const history = run.report?.history ?? [];
  const points = run.progress.length > 0
    ? run.progress
    : history.map((h) => ({ x: h.epoch, loss: h.loss, metrics: h.metrics }));
  const metricNames = run.progress.length > 0
    ? run.metricNames
    : [...new Set(history.flatMap((h) => Object.keys(h.metrics)))];
  const data: Series = [
    points.map((p) => p.x),
    points.map((p) => (Number.isFinite(p.loss) ? p.loss : null)),
    ...metricNames.map((name) => points.map((p) => p.metrics[name] ?? null)),
  ];
  return { metricNames, data };
}
