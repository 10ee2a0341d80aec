// What the panel keeps in vscode.setState so that a reload (or a restart, when the extension
// has nothing to replay) shows the last run again. The run is saved as the protocol messages
// that rebuild it, so restoring goes through the same validation and code as live messages.
import { parseToWebviewMessage, type LayerUnits, type ToWebviewMessage } from '../shared/protocol';
import { STATE_CODES, type PanelRun, type UnitColumn } from './runModel';

export interface PanelUi {
  /** The file whose run is shown. */
  file: string | null;
  /** The layer shown in the detail view. */
  layer: string | null;
  /** The heatmap lists dead units first. */
  deadFirst: boolean;
}

export interface SavedState {
  v: 1;
  ui: PanelUi;
  messages: ToWebviewMessage[];
}

/** Unit × check values kept in the saved state; the latest checks win. */
export const SAVED_UNIT_BUDGET = 20_000;
/** Progress points kept in the saved state (thinned evenly, the last one always kept). */
export const SAVED_PROGRESS_BUDGET = 1_000;

const round = (x: number): number => Number(x.toPrecision(4));

/** The messages that rebuild `run`, within the budgets. */
export function runMessages(run: PanelRun, unitBudget = SAVED_UNIT_BUDGET): ToWebviewMessage[] {
  const file = run.file;
  const out: ToWebviewMessage[] = [];
  const worker = (message: ToWebviewMessage & { type: 'worker' }): void => { out.push(message); };
  const progress = run.progressMessages;
  const step = Math.ceil(progress.length / SAVED_PROGRESS_BUDGET);
  const kept = keptChecks(run, unitBudget);
  // Fit by fit, as they came: its `started`, its progress, its checks (counted from 0 again, as the worker sent them).
  const fits = run.fits.length > 0 ? run.fits : [null];
  fits.forEach((fit, f) => {
    const started = fit?.started ?? run.started;
    if (started !== null) worker({ type: 'worker', file, message: started });
    const next = run.fits[f + 1];
    for (let i = fit?.progressFrom ?? 0; i < (next?.progressFrom ?? progress.length); i++) {
      if (i % step === 0 || i === progress.length - 1) worker({ type: 'worker', file, message: progress[i] });
    }
    const offset = fit?.checkOffset ?? 0;
    for (const index of kept.filter((k) => k >= offset && k < (next?.checkOffset ?? Infinity))) {
      const check = run.checks[index];
      if (check === undefined) continue;
      const layers = run.layers.flatMap((track) => {
        const c = track.columns[index];
        return c === undefined ? [] : [layerUnits(track.name, c)];
      });
      worker({ type: 'worker', file, message: { type: 'units', check: { ...check, index: index - offset }, layers } });
    }
  });
  if (run.error !== null) {
    worker({ type: 'worker', file, message: { type: 'error', ...run.error } });
  }
  if (run.report !== null) worker({ type: 'worker', file, message: { type: 'finished', report: run.report } });
  if (Object.keys(run.fixes).length > 0) out.push({ type: 'fixes', file, fixes: run.fixes });
  if (run.tryResults !== null) out.push({ type: 'tryResults', file, results: run.tryResults });
  return out;
}

// Columns never change once made, so each is converted once, not at every save.
const converted = new WeakMap<UnitColumn, LayerUnits>();

function layerUnits(layer: string, c: UnitColumn): LayerUnits {
  let units = converted.get(c);
  if (units === undefined) {
    units = {
      layer,
      rate: Array.from(c.rate, round),
      meanAbs: Array.from(c.meanAbs, round),
      max: Array.from(c.max, round),
      tau: Array.from(c.tau, round),
      saturation: c.saturation === null ? null : Array.from(c.saturation, round),
      state: Array.from(c.state, (s) => STATE_CODES[s]),
    };
    converted.set(c, units);
  }
  return units;
}

/** Check indices to keep, in order: the latest ones whose unit values fit the budget (at least one). */
function keptChecks(run: PanelRun, budget: number): number[] {
  const kept: number[] = [];
  let used = 0;
  for (let index = run.checks.length - 1; index >= 0; index--) {
    if (run.checks[index] === undefined) continue;
    const size = run.layers.reduce((n, t) => n + (t.columns[index] === undefined ? 0 : t.units), 0);
    if (kept.length > 0 && used + size > budget) break;
    used += size;
    kept.push(index);
  }
  return kept.reverse();
}

/** The saved state if `v` is one; messages that no longer validate are dropped. */
export function parseSavedState(v: unknown): SavedState | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const s = v as Partial<SavedState>;
  if (s.v !== 1 || typeof s.ui !== 'object' || s.ui === null || !Array.isArray(s.messages)) return undefined;
  const text = (x: unknown): string | null => (typeof x === 'string' ? x : null);
  const messages = s.messages.map(parseToWebviewMessage).filter((m): m is ToWebviewMessage => m !== undefined);
  return { v: 1, ui: { file: text(s.ui.file), layer: text(s.ui.layer), deadFirst: s.ui.deadFirst === true }, messages };
}
