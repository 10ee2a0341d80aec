// Try Fixes, parent side: runs the unchanged model and every candidate fix as a run of its own
// (through the scan's Runner, as any scan), with the same seed, data, sample cap and a short epoch
// budget, at most one per CPU core at a time, and ranks what they measured. The candidates'
// texts go to the runs in memory (ScanOptions.sourceText): the user's file is never written.

import { cpus } from 'node:os';
import { languageOf, type SourceLanguage } from '../engine/fixes';
import { emptyReport } from '../engine/liveRun';
import { cellText, withCellText } from '../engine/notebook';
import { diagnosticAt, startOf } from '../engine/report';
import {
  chooseLayer,
  measuredRow,
  pendingRow,
  rankRows,
  TRY_DEFAULTS,
  tryCandidates,
  type LayerSelector,
  type TriedLayer,
  type TryCandidate,
} from '../engine/tryFixes';
import { isNotebook, type LayerSummary, type Report, type ScanOptions, type TryResults, type TryRow } from '../shared/protocol';
import type { Runner, RunHandle } from './runner';

export interface TryFixesRequest {
  /** Settings every run shares (file, seed, probe, backend, thresholds); epochs and samples default to TRY_DEFAULTS. */
  options: ScanOptions;
  /** The user's text (the file's, or an unsaved editor's); only ever passed to the runs. */
  source: string;
  /** The layer to try. Without it a baseline run comes first and picks the layer `select` names, else the first with a warning. */
  layer?: TriedLayer;
  select?: LayerSelector;
  /** Runs at a time; default the number of CPU cores. */
  parallel?: number;
}

export interface TryFixesConfig {
  /** Runs each candidate (and the unchanged model). */
  runner: Runner;
  /** The results so far, after each run starts and ends (ranked once every run has ended). */
  onUpdate?(results: TryResults): void;
}

export type TryOutcome =
  /** Every run ended (or was cancelled); the rows are ranked. */
  | { kind: 'results'; results: TryResults; baseline: Report; layer: TriedLayer }
  /** The baseline ran, but there is no layer to try (`message` says why). */
  | { kind: 'no-layer'; message: string; baseline: Report }
  /** The unchanged model could not be scanned (its report says why) or the try was cancelled first. */
  | { kind: 'no-baseline'; baseline: Report };

export interface TryFixesHandle {
  done: Promise<TryOutcome>;
  /** Stops every run and starts no more. */
  cancel(): void;
  /** Process ids of the runs alive now. */
  pids(): number[];
}

interface Measured {
  report: Report;
  model: LayerSummary[];
  ms: number;
}

/** Starts scans with at most `parallel` runs alive; once cancelled, queued scans never start. */
class RunPool {
  private readonly running = new Set<RunHandle>();
  private readonly waiting: (() => void)[] = [];
  private stopped = false;

  constructor(
    private readonly parallel: number,
    private readonly runner: Runner,
  ) {}

  /** The scan's report, or undefined when the pool was cancelled before it started. */
  async scan(options: ScanOptions, onStart: () => void): Promise<Measured | undefined> {
    if (this.running.size >= this.parallel) await new Promise<void>((resolve) => this.waiting.push(resolve));
    if (this.stopped) return undefined;
    let model: LayerSummary[] = [];
    const start = performance.now();
    const handle = this.runner.start(options, {
      message: (m) => {
        if (m.type === 'started') model = m.model;
      },
    });
    this.running.add(handle);
    onStart();
    try {
      const report = await handle.done;
      return { report, model, ms: Math.round(performance.now() - start) };
    } finally {
      this.running.delete(handle);
      this.waiting.shift()?.();
    }
  }

  cancel(): void {
    this.stopped = true;
    this.running.forEach((h) => h.cancel());
    this.waiting.splice(0).forEach((resolve) => resolve());
  }

  pids(): number[] {
    return [...this.running].flatMap((h) => (h.pid === undefined ? [] : [h.pid]));
  }
}

export function launchTryFixes(request: TryFixesRequest, config: TryFixesConfig): TryFixesHandle {
  const options: ScanOptions = {
    ...request.options,
    epochs: request.options.epochs ?? TRY_DEFAULTS.epochs,
    samples: request.options.samples ?? TRY_DEFAULTS.samples,
    sourceText: request.source,
    // Fixes are measured on the script's first fit (a script of several trains the first model's layers here).
    maxFits: 1,
  };
  const pool = new RunPool(Math.max(1, request.parallel ?? cpus().length), config.runner);
  const done = tryAll(request, options, pool, config);
  return { done, cancel: () => pool.cancel(), pids: () => pool.pids() };
}

async function tryAll(request: TryFixesRequest, options: ScanOptions, pool: RunPool, config: TryFixesConfig): Promise<TryOutcome> {
  const notebook = isNotebook(options.file);
  const language = notebook ? 'python' : languageOf(options.file);
  const runOf = (candidate: TryCandidate, onStart: () => void) => pool.scan({ ...options, sourceText: candidate.source }, onStart);
  let layer = request.layer;
  let early: Measured | undefined;
  if (!layer) {
    // The baseline's report picks the layer (and is the baseline row).
    early = await pool.scan(options, () => undefined);
    if (!early) return { kind: 'no-baseline', baseline: cancelledReport(options) };
    if (early.report.status !== 'completed') return { kind: 'no-baseline', baseline: early.report };
    const choice = chooseLayer(early.report, early.model, request.select);
    if (!choice.ok) return { kind: 'no-layer', message: choice.message, baseline: early.report };
    layer = choice.layer;
  }
  const tried = layer;
  const candidates = language ? candidatesFor(request.source, language, tried, notebook) : [];
  if (candidates.length === 0) {
    const message = `No quick fix applies to ${tried.name} at line ${tried.target.line}: nothing to try.`;
    return { kind: 'no-layer', message, baseline: early?.report ?? cancelledReport(options) };
  }
  const rows: TryRow[] = candidates.map((c) => pendingRow(c));
  let status: TryResults['status'] = 'running';
  const results = (): TryResults => ({
    file: options.file,
    layer: tried.name,
    line: tried.target.line,
    ...(tried.cell ? { cell: tried.cell } : {}),
    status,
    epochs: options.epochs ?? TRY_DEFAULTS.epochs,
    samples: options.samples ?? null,
    seed: options.seed,
    rows: status === 'running' ? [...rows] : rankRows(rows),
  });
  const update = () => config.onUpdate?.(results());
  const measure = (i: number, measured: Measured | undefined) => {
    rows[i] = measured ? measuredRow(candidates[i], tried.name, measured.report, measured.ms) : pendingRow(candidates[i], 'cancelled');
    update();
    return measured;
  };
  const started = (i: number) => () => {
    rows[i] = pendingRow(candidates[i], 'running');
    update();
  };
  update();
  const runs = candidates.map((c, i) => (i === 0 && early ? Promise.resolve(measure(0, early)) : runOf(c, started(i)).then((m) => measure(i, m))));
  const baseline = (await runs[0]) ?? early;
  await Promise.all(runs);
  status = rows.some((r) => r.status === 'cancelled') ? 'cancelled' : 'completed';
  update();
  return { kind: 'results', results: results(), baseline: baseline?.report ?? cancelledReport(options), layer: tried };
}

/** A notebook's candidates fix the tried layer's cell: each is the whole notebook with that cell's fixed text. */
function candidatesFor(source: string, language: SourceLanguage, tried: TriedLayer, notebook: boolean): TryCandidate[] {
  if (!notebook) return tryCandidates(source, language, tried.target, tried.code);
  const cell = tried.cell;
  const text = cell && cellText(source, cell.index);
  if (!cell || text === null || text === undefined) return [];
  return tryCandidates(text, language, tried.target, tried.code).map((c) => ({ ...c, source: withCellText(source, cell.index, c.source) }));
}

/** The report of a baseline that never ran. */
function cancelledReport(options: ScanOptions): Report {
  return emptyReport(options.file, 'cancelled', [diagnosticAt('information', 'cancelled', 'Try Fixes cancelled.', startOf(options.file))]);
}
