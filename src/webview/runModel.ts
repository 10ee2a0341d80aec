// The panel's data: one PanelRun per scanned file, built from the forwarded worker messages.
// Pure (no DOM) so it can be tested in Node. Per-unit statistics live in typed arrays, one
// column per check, so 10,000 units × 50 checks stay a few megabytes.
import {
  DEFAULT_THRESHOLDS,
  type CheckInfo,
  type DiagnosticCode,
  type FixOffer,
  type LayerReport,
  type LayerUnits,
  type Report,
  type SourceRange,
  type ToWebviewMessage,
  type TryResults,
  type UnitState,
  type WorkerMessage,
} from '../shared/protocol';

/** Unit states as stored in a Uint8Array column. */
export const STATE_CODES: readonly UnitState[] = ['healthy', 'dead', 'dying', 'saturated', 'inactive'];
export const DEAD = 1;
export const DYING = 2;
export const SATURATED = 3;

/** One check's statistics for one layer. */
export interface UnitColumn {
  rate: Float32Array;
  meanAbs: Float32Array;
  max: Float32Array;
  tau: Float32Array;
  saturation: Float32Array | null;
  state: Uint8Array;
  dead: number;
  dying: number;
  saturated: number;
}

/** A monitored layer and its statistics over the checks. */
export interface LayerTrack {
  name: string;
  className: string;
  activation: string;
  units: number;
  location: SourceRange | null;
  /** Indexed by check index; holes where a check has no data for this layer. */
  columns: (UnitColumn | undefined)[];
  /** Per unit: index of the first check at which it was dead, −1 when never. */
  firstDead: Int32Array;
  /** The index of its fit (PanelRun.fits) in a run of several; 0 otherwise. */
  fit: number;
}

type StartedMessage = Extract<WorkerMessage, { type: 'started' }>;

/**
 * One fit of a run that trains several: its checks sit in the run's check list from
 * `checkOffset` on, its progress messages from `progressFrom` on.
 */
export interface PanelFit {
  started: StartedMessage;
  /** Where the fit was called. */
  site: SourceRange | null;
  /** Later fits of the same model and settings, counted and not scanned. */
  repeats: number;
  checkOffset: number;
  progressFrom: number;
  /** Epochs of the fits before it: its progress is drawn after theirs. */
  epochOffset: number;
}

export interface ProgressPoint {
  /** Training progress in epochs (1.5 = half-way through the second epoch). */
  x: number;
  loss: number;
  metrics: Record<string, number>;
}

export type RunStatus = 'running' | 'completed' | 'failed' | 'cancelled';

export interface RunError {
  code: DiagnosticCode;
  message: string;
  position: SourceRange | null;
}

export interface PanelRun {
  file: string;
  status: RunStatus;
  backend: string | null;
  epochs: number;
  batchesPerEpoch: number;
  samples: number;
  /** The `started` message, kept as is for the saved state. */
  started: StartedMessage | null;
  /** Every fit the run has begun (one `started` each), in the order they ran. */
  fits: PanelFit[];
  layers: LayerTrack[];
  checks: (CheckInfo | undefined)[];
  progress: ProgressPoint[];
  /** Raw progress messages (small), kept for the saved state. */
  progressMessages: Extract<WorkerMessage, { type: 'progress' }>[];
  metricNames: string[];
  report: Report | null;
  fixes: Record<string, FixOffer[]>;
  /** The latest Try Fixes results for a layer of this file. */
  tryResults: TryResults | null;
  error: RunError | null;
  /** Bumped on every change; views compare it to skip work. */
  version: number;
}

/** What a message changed, so the views redraw only that. */
export interface Change {
  file: string;
  /** A new run (or the first message of a file): rebuild everything. */
  reset: boolean;
  /** Checks whose unit columns arrived. */
  checks: number[];
  /** The run ended (report or error) or Try Fixes results came: worth saving at once. */
  final: boolean;
}

function emptyRun(file: string): PanelRun {
  return {
    file,
    status: 'running',
    backend: null,
    epochs: 0,
    batchesPerEpoch: 0,
    samples: 0,
    started: null,
    fits: [],
    layers: [],
    checks: [],
    progress: [],
    progressMessages: [],
    metricNames: [],
    report: null,
    fixes: {},
    tryResults: null,
    error: null,
    version: 0,
  };
}

type TrackInfo = Pick<LayerTrack, 'name' | 'className' | 'activation' | 'units' | 'location'>;

/** A layer with no statistics yet (a LayerSummary fits). */
function newTrack({ name, className, activation, units, location }: TrackInfo, fit = 0): LayerTrack {
  return { name, className, activation, units, location, columns: [], firstDead: new Int32Array(units).fill(-1), fit };
}

/** A `started` that begins a later fit of the run under way (a scan of several fits), not a new run. */
const nextFit = (run: PanelRun | undefined, m: WorkerMessage): boolean =>
  m.type === 'started' && run !== undefined && run.status === 'running' && run.fits.length > 0 && (m.fit?.index ?? 0) === run.fits.length;

/** A column from one layer's statistics; undefined when its arrays disagree in length. */
export function toColumn(units: LayerUnits, count: number): UnitColumn | undefined {
  const arrays = [units.rate, units.meanAbs, units.max, units.tau, units.state];
  if (arrays.some((a) => a.length !== count)) return undefined;
  if (units.saturation !== null && units.saturation.length !== count) return undefined;
  const state = new Uint8Array(count);
  let dead = 0;
  let dying = 0;
  let saturated = 0;
  for (let i = 0; i < count; i++) {
    const code = STATE_CODES.indexOf(units.state[i]);
    state[i] = code;
    if (code === DEAD) dead++;
    else if (code === DYING) dying++;
    else if (code === SATURATED) saturated++;
  }
  return {
    rate: Float32Array.from(units.rate),
    meanAbs: Float32Array.from(units.meanAbs),
    max: Float32Array.from(units.max),
    tau: Float32Array.from(units.tau),
    saturation: units.saturation === null ? null : Float32Array.from(units.saturation),
    state,
    dead,
    dying,
    saturated,
  };
}

/**
 * The progress of a `progress` message in epochs (1.5 = half-way through the second epoch); the
 * worker counts `epoch` and `batch` from 1, so the last batch of epoch 2 is at 2.
 */
export function progressX(m: { epoch: number; batch: number; batches: number }): number {
  return m.epoch - 1 + (m.batches > 0 ? Math.min(m.batch, m.batches) / m.batches : 0);
}

/** All runs the panel knows, and which one it shows. */
export class RunModel {
  readonly runs = new Map<string, PanelRun>();
  /** The file shown; follows the latest started run. */
  current: string | null = null;

  run(file: string | null = this.current): PanelRun | undefined {
    return file === null ? undefined : this.runs.get(file);
  }

  apply(message: ToWebviewMessage): Change {
    const change: Change = { file: message.file, reset: false, checks: [], final: false };
    let run = this.runs.get(message.file);
    if (run === undefined || (message.type === 'worker' && message.message.type === 'started' && !nextFit(run, message.message))) {
      run = emptyRun(message.file);
      this.runs.set(message.file, run);
      change.reset = true;
    }
    if (this.current === null || change.reset) this.current = message.file;
    if (message.type === 'fixes') {
      run.fixes = message.fixes;
    } else if (message.type === 'tryResults') {
      run.tryResults = message.results;
      change.final = true;
    } else {
      applyWorker(run, message.message, change);
    }
    run.version++;
    return change;
  }
}

function applyWorker(run: PanelRun, m: WorkerMessage, change: Change): void {
  switch (m.type) {
    case 'started': {
      const epochOffset = run.progress.at(-1)?.x ?? 0;
      const fit = run.fits.length;
      run.fits.push({
        started: m,
        site: m.training?.fit ?? null,
        repeats: m.fit?.repeats ?? 0,
        checkOffset: run.checks.length,
        progressFrom: run.progressMessages.length,
        epochOffset,
      });
      run.started = m;
      run.backend = m.backend;
      run.epochs = m.epochs;
      run.batchesPerEpoch = m.batchesPerEpoch;
      run.samples = m.samples;
      run.layers.push(...m.model.filter((l) => l.family !== null).map((l) => newTrack(l, fit)));
      change.reset = true;
      return;
    }
    case 'progress':
      run.progressMessages.push(m);
      run.progress.push({ x: (run.fits.at(-1)?.epochOffset ?? 0) + progressX(m), loss: m.loss, metrics: m.metrics });
      for (const name of Object.keys(m.metrics)) if (!run.metricNames.includes(name)) run.metricNames.push(name);
      if (run.epochs === 0) run.epochs = m.epochs;
      return;
    case 'units': {
      // A later fit's checks count from 0 again: they go after the checks of the fits before it.
      const fit = Math.max(0, run.fits.length - 1);
      const check = { ...m.check, index: m.check.index + (run.fits[fit]?.checkOffset ?? 0) };
      applyUnits(run, check, m.layers, fit);
      change.checks.push(check.index);
      return;
    }
    case 'error':
      run.error = { code: m.code, message: m.message, position: m.position };
      run.status = 'failed';
      change.final = true;
      return;
    case 'finished':
      applyReport(run, m.report);
      change.final = true;
      return;
    case 'log':
      return;
  }
}

function applyUnits(run: PanelRun, check: CheckInfo, layers: LayerUnits[], fit: number): void {
  run.checks[check.index] = check;
  for (const units of layers) {
    let track = run.layers.find((t) => t.name === units.layer && t.fit === fit);
    if (track === undefined) {
      // Units for a layer the `started` message did not list (e.g. it was missed): still show them.
      track = newTrack({ name: units.layer, className: '', activation: '', units: units.rate.length, location: null }, fit);
      run.layers.push(track);
    }
    const column = toColumn(units, track.units);
    if (column === undefined) continue;
    track.columns[check.index] = column;
    for (let u = 0; u < track.units; u++) {
      if (column.state[u] === DEAD && (track.firstDead[u] < 0 || track.firstDead[u] > check.index)) {
        track.firstDead[u] = check.index;
      }
    }
  }
}

function applyReport(run: PanelRun, report: Report): void {
  run.report = report;
  run.status = report.status;
  if (run.backend === null) run.backend = report.backend;
  // A report of several fits: each fit's checks after those of the fits before it.
  const offset = (fit: number) => run.fits[fit]?.checkOffset ?? 0;
  const checks = report.fits ? report.fits.flatMap((f) => f.checks.map((c) => ({ ...c, index: c.index + offset(f.index) }))) : report.checks;
  for (const check of checks) run.checks[check.index] ??= check;
  for (const layer of report.layers) {
    const fit = layer.fit ?? 0;
    let track = run.layers.find((t) => t.name === layer.name && t.fit === fit);
    if (track === undefined) {
      const { line, column, endLine, endColumn } = layer;
      track = newTrack({ ...layer, location: line > 0 ? { file: report.file, line, column, endLine, endColumn } : null }, fit);
      run.layers.push(track);
    }
    // The report's first-dead checks are authoritative (they cover checks the panel may have missed).
    if (layer.firstDeadCheck.length === track.units) {
      layer.firstDeadCheck.forEach((c, u) => { track.firstDead[u] = c === null ? -1 : c + offset(fit); });
    }
  }
}

/** The latest check index with data for this layer, or −1. */
export function latestCheck(track: LayerTrack): number {
  for (let c = track.columns.length - 1; c >= 0; c--) if (track.columns[c] !== undefined) return c;
  return -1;
}

export interface LayerCounts {
  dead: number;
  dying: number;
  saturated: number;
}

/** The layer's counts: the report's once it is in, else those of its latest check. */
/** The report's entry of `track` (by name and fit). */
export function reportedLayer(run: PanelRun, track: LayerTrack): LayerReport | undefined {
  return run.report?.layers.find((l) => l.name === track.name && (l.fit ?? 0) === track.fit);
}

export function layerCounts(run: PanelRun, track: LayerTrack): LayerCounts {
  const reported = reportedLayer(run, track);
  if (reported !== undefined) return { dead: reported.dead, dying: reported.dying, saturated: reported.saturated };
  const column = track.columns[latestCheck(track)];
  return column === undefined ? { dead: 0, dying: 0, saturated: 0 } : { dead: column.dead, dying: column.dying, saturated: column.saturated };
}

/**
 * The first layer, in model order, that needs attention: the first the report warns about, or
 * while there is no report, the first whose dead + dying + saturated share reaches the default
 * warning threshold (the scan's own thresholds reach the panel only through the report).
 */
export function attentionLayer(run: PanelRun): LayerTrack | undefined {
  const report = run.report;
  if (report !== null) {
    const warned = new Set(report.diagnostics.flatMap((d) => (d.severity === 'warning' && d.layer !== undefined ? [d.layer] : [])));
    return run.layers.find((t) => warned.has(t.name));
  }
  return run.layers.find((t) => {
    const c = layerCounts(run, t);
    return c.dead + c.dying + c.saturated >= DEFAULT_THRESHOLDS.warnFraction * t.units && t.units > 0;
  });
}

/** Row → unit for the first `rows` rows in "dead first" order; ties keep unit order. */
export function deadFirstOrder(track: LayerTrack, rows: number): Int32Array {
  const column = track.columns[latestCheck(track)];
  const units = Int32Array.from({ length: track.units }, (_, u) => u);
  if (column === undefined) return units.slice(0, rows);
  const rank = [3, 0, 1, 2]; // healthy, dead, dying, saturated → dead first
  units.sort((a, b) => rank[column.state[a]] - rank[column.state[b]] || column.rate[a] - column.rate[b] || a - b);
  return units.slice(0, rows);
}
