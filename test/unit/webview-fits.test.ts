// The panel's data for a run of several fits: one run, each fit's layers and checks apart (a later
// fit's checks after the earlier ones'), a heading per fit, and a saved state that rebuilds it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FitReport, LayerReport, Report, ToWebviewMessage, WorkerMessage } from '../../src/shared/protocol';
import { fitHeading } from '../../src/webview/layerTable';
import { layerCounts, RunModel, type PanelRun } from '../../src/webview/runModel';
import { runMessages } from '../../src/webview/savedState';
import { CHECKS, FILE, STARTED, UNITS } from '../webview/smallRun';

const worker = (message: WorkerMessage): ToWebviewMessage => ({ type: 'worker', file: FILE, message });
const site = (line: number) => ({ file: FILE, line, column: 1, endLine: line, endColumn: 20 });

/** The small run's model trained by a second fit at line 30, its layers renamed dense_5 and dense_6. */
const renamed = (units: typeof UNITS[number]) => units.map((u) => ({ ...u, layer: u.layer === 'dense' ? 'dense_5' : 'dense_6' }));
const SECOND: Extract<WorkerMessage, { type: 'started' }> = {
  ...STARTED,
  model: STARTED.model.map((l) => ({ ...l, name: `dense_${l.index + 5}` })),
  training: { compile: null, fit: site(30) },
  fit: { index: 1, repeats: 2 },
};

const layer = (name: string, fit: number, dead: number, firstDeadCheck: (number | null)[]): LayerReport => ({
  name, className: 'Dense', activation: 'relu', units: 4, line: 7, column: 3, endLine: 7, endColumn: 52,
  dead, dying: 0, saturated: 0, deadUnits: [], dyingUnits: [], saturatedUnits: [], firstDeadCheck, cameBack: [], rootCause: null, fit,
});

const fitReport = (index: number, line: number, repeats: number, layers: LayerReport[]): FitReport => ({
  index, training: { compile: null, fit: site(line) }, repeats, epochsRun: 1, layers, checks: CHECKS, history: [],
});

const FITS = [fitReport(0, 20, 0, [layer('dense', 0, 1, [null, 2, 0, null])]), fitReport(1, 30, 2, [layer('dense_5', 1, 3, [0, 0, 1, null])])];
const REPORT: Report = {
  version: 1, file: FILE, status: 'completed', backend: 'wasm', epochsRun: 1, checks: CHECKS, history: [],
  diagnostics: [], layers: FITS.flatMap((f) => f.layers), fits: FITS,
};

const MESSAGES: ToWebviewMessage[] = [
  worker({ ...STARTED, training: { compile: null, fit: site(20) } }),
  ...CHECKS.map((check, i) => worker({ type: 'units', check, layers: UNITS[i] })),
  worker({ type: 'progress', epoch: 1, epochs: 1, batch: 10, batches: 10, loss: 0.8, metrics: {} }),
  worker(SECOND),
  ...CHECKS.map((check, i) => worker({ type: 'units', check, layers: renamed(UNITS[i]) })),
  worker({ type: 'progress', epoch: 1, epochs: 1, batch: 5, batches: 10, loss: 0.9, metrics: {} }),
  worker({ type: 'finished', report: REPORT }),
];

function load(messages: ToWebviewMessage[]): PanelRun {
  const model = new RunModel();
  for (const m of messages) model.apply(m);
  assert.equal(model.runs.size, 1);
  const run = model.run();
  assert.ok(run);
  return run;
}

describe('a run of several fits in the panel', () => {
  it("keeps every fit's layers in one run, each fit's checks after the earlier fits'", () => {
    const run = load(MESSAGES);
    assert.deepEqual(
      run.fits.map((f) => [f.site?.line, f.repeats, f.checkOffset, f.progressFrom, f.epochOffset]),
      [
        [20, 0, 0, 0, 0],
        [30, 2, 3, 1, 1],
      ],
    );
    assert.deepEqual(
      run.layers.map((t) => [t.name, t.fit, t.columns.flatMap((c, i) => (c ? [i] : []))]),
      [
        ['dense', 0, [0, 1, 2]],
        ['dense_1', 0, [0, 1, 2]],
        ['dense_5', 1, [3, 4, 5]],
        ['dense_6', 1, [3, 4, 5]],
      ],
    );
    assert.deepEqual(
      run.checks.map((c) => [c?.index, c?.label]),
      [
        [0, 'init'],
        [1, 'epoch 1 batch 1'],
        [2, 'epoch 1'],
        [3, 'init'],
        [4, 'epoch 1 batch 1'],
        [5, 'epoch 1'],
      ],
    );
    // The second fit's progress is drawn after the first's epoch.
    assert.deepEqual(
      run.progress.map((p) => p.x),
      [1, 1.5],
    );
    // Counts and first-dead checks come from each layer's own fit in the report.
    const second = run.layers[2];
    assert.deepEqual(layerCounts(run, second), { dead: 3, dying: 0, saturated: 0 });
    assert.deepEqual(Array.from(second.firstDead), [3, 3, 4, -1]);
    assert.deepEqual(
      run.fits.map((f, i) => fitHeading(f, i, run.fits.length)),
      ['Fit 1 of 2 · line 20', 'Fit 2 of 2 · line 30 · 2 repeats counted, not scanned'],
    );
  });

  it('a new scan of the file starts over', () => {
    const run = load([...MESSAGES, worker(STARTED)]);
    assert.deepEqual(
      run.layers.map((t) => [t.name, t.fit]),
      [
        ['dense', 0],
        ['dense_1', 0],
      ],
    );
    assert.equal(run.fits.length, 1);
  });

  it('its saved state rebuilds the same fits, layers, checks and report', () => {
    const run = load(MESSAGES);
    const restored = load(runMessages(run));
    assert.deepEqual(
      restored.fits.map((f) => [f.site?.line, f.checkOffset, f.progressFrom]),
      run.fits.map((f) => [f.site?.line, f.checkOffset, f.progressFrom]),
    );
    assert.deepEqual(
      restored.layers.map((t) => [t.name, t.fit, t.columns.map((c) => Array.from(c!.state))]),
      run.layers.map((t) => [t.name, t.fit, t.columns.map((c) => Array.from(c!.state))]),
    );
    assert.deepEqual(restored.checks, run.checks);
    assert.deepEqual(restored.report, run.report);
  });
});
