// The Activations panel's data side, in Node: run model, saved state, text, colours, series.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseToWebviewMessage, type ToWebviewMessage } from '../../src/shared/protocol';
import { fractionSeries, lossSeries, rateHistogram, DEAD_BAR_X } from '../../src/webview/chartData';
import { mix, over, packPixel, parseColor } from '../../src/webview/colors';
import { axisLabels, percent, ranWith, runStatus, shortLabel, stat, unitDetails } from '../../src/webview/format';
import { cellPixel, heatScale, RAMP_STEPS } from '../../src/webview/heatScale';
import { attentionLayer, deadFirstOrder, layerCounts, latestCheck, progressX, RunModel, STATE_CODES, type PanelRun } from '../../src/webview/runModel';
import { parseSavedState, runMessages } from '../../src/webview/savedState';
import type { Palette } from '../../src/webview/theme';
import { trySummary, winner } from '../../src/webview/tryFixesView';
import { CHECKS, FILE, SMALL_RUN, STARTED, TRY_RESULTS, UNITS } from '../webview/smallRun';

function load(messages: ToWebviewMessage[]): PanelRun {
  const model = new RunModel();
  for (const m of messages) model.apply(m);
  const run = model.run();
  assert.ok(run);
  return run;
}

const track = (run: PanelRun, name: string) => {
  const t = run.layers.find((l) => l.name === name);
  assert.ok(t, name);
  return t;
};

describe('run model', () => {
  it('keeps the monitored layers of the started message, in model order', () => {
    const run = load(SMALL_RUN.slice(0, 1));
    assert.deepEqual(run.layers.map((l) => [l.name, l.units, l.location?.line]), [['dense', 4, 7], ['dense_1', 3, 8]]);
    assert.equal(run.status, 'running');
    assert.equal(run.backend, 'wasm');
  });

  it('stores one column per check and counts its states', () => {
    const run = load(SMALL_RUN);
    const dense = track(run, 'dense');
    assert.equal(dense.columns.length, 3);
    assert.deepEqual(Array.from(dense.columns[1]!.state, (s) => STATE_CODES[s]), ['healthy', 'dying', 'dead', 'healthy']);
    assert.deepEqual([dense.columns[1]!.dead, dense.columns[1]!.dying, dense.columns[1]!.saturated], [1, 1, 0]);
    assert.equal(dense.columns[2]!.rate[2], 0.25);
    assert.equal(track(run, 'dense_1').columns[0]!.saturated, 1);
    assert.equal(latestCheck(dense), 2);
  });

  it('records when each unit first died', () => {
    const live = load(SMALL_RUN.slice(0, 7));
    assert.deepEqual(Array.from(track(live, 'dense').firstDead), [-1, 2, 0, -1]);
  });

  it('takes the counts from the latest check while running and from the report after', () => {
    const live = load(SMALL_RUN.slice(0, 4));
    assert.deepEqual(layerCounts(live, track(live, 'dense')), { dead: 1, dying: 1, saturated: 0 });
    const done = load(SMALL_RUN);
    assert.deepEqual(layerCounts(done, track(done, 'dense')), { dead: 1, dying: 0, saturated: 0 });
    assert.equal(done.status, 'completed');
    assert.deepEqual(Object.keys(done.fixes), ['dense']);
  });

  it('orders units dead first, then dying, saturated, and the rest by rate, at the latest check', () => {
    const run = load(SMALL_RUN);
    // epoch 1: rates [0.5, 0, 0.25, 0.75], unit 1 dead
    assert.deepEqual(Array.from(deadFirstOrder(track(run, 'dense'), 4)), [1, 2, 0, 3]);
    assert.deepEqual(Array.from(deadFirstOrder(track(run, 'dense'), 2)), [1, 2]);
    // early check: unit 2 dead, unit 1 dying
    const early = load(SMALL_RUN.slice(0, 4));
    assert.deepEqual(Array.from(deadFirstOrder(track(early, 'dense'), 4)), [2, 1, 0, 3]);
    assert.deepEqual(Array.from(deadFirstOrder(track(load(SMALL_RUN.slice(0, 1)), 'dense'), 4)), [0, 1, 2, 3]);
  });

  it('places progress in epochs, counting the worker\'s 1-based epoch and batch', () => {
    assert.equal(progressX({ epoch: 1, batch: 5, batches: 10 }), 0.5);
    assert.equal(progressX({ epoch: 2, batch: 10, batches: 10 }), 2);
    assert.deepEqual(load(SMALL_RUN).progress.map((p) => p.x), [0.1, 0.5, 1]);
  });

  it('starts over when the same file starts again, and follows the newest file', () => {
    const model = new RunModel();
    for (const m of SMALL_RUN) model.apply(m);
    const again = model.apply(SMALL_RUN[0]);
    assert.equal(again.reset, true);
    assert.equal(model.run()?.layers[0].columns.length, 0);
    assert.deepEqual(model.run()?.fixes, {});
    model.apply({ ...SMALL_RUN[0], file: '/proj/other.js' } as ToWebviewMessage);
    assert.equal(model.current, '/proj/other.js');
    assert.equal(model.runs.size, 2);
  });

  it('skips a layer whose arrays disagree with its unit count', () => {
    const bad: ToWebviewMessage = { type: 'worker', file: FILE, message: { type: 'units', check: CHECKS[0], layers: [{ ...UNITS[0][0], rate: [1] }] } };
    const run = load([SMALL_RUN[0], bad]);
    assert.equal(track(run, 'dense').columns[0], undefined);
  });

  it('records a worker error as a failed run', () => {
    const run = load([SMALL_RUN[0], { type: 'worker', file: FILE, message: { type: 'error', code: 'script-error', message: 'x is not defined', position: null } }]);
    assert.equal(run.status, 'failed');
    assert.equal(runStatus(run), 'Failed: x is not defined');
  });
});

describe('saved state', () => {
  it('rebuilds the same run from its saved messages', () => {
    const run = load(SMALL_RUN);
    const restored = load(runMessages(run));
    assert.deepEqual(restored.layers.map((l) => l.columns.map((c) => Array.from(c!.state))), run.layers.map((l) => l.columns.map((c) => Array.from(c!.state))));
    assert.deepEqual(Array.from(track(restored, 'dense').columns[2]!.rate), [0.5, 0, 0.25, 0.75]);
    assert.deepEqual(restored.report, run.report);
    assert.deepEqual(restored.fixes, run.fixes);
    const tried = load([...SMALL_RUN, { type: 'tryResults', file: FILE, results: TRY_RESULTS }]);
    assert.deepEqual(load(runMessages(tried)).tryResults, TRY_RESULTS);
    assert.equal(restored.progress.length, 3);
  });

  it('keeps only the latest checks that fit the unit budget, and always the last', () => {
    const run = load(SMALL_RUN);
    // 7 unit values per check: a budget of 14 keeps the last two checks, 1 keeps the last.
    const kept = (budget: number) =>
      runMessages(run, budget).flatMap((m) => (m.type === 'worker' && m.message.type === 'units' ? [m.message.check.index] : []));
    assert.deepEqual(kept(21), [0, 1, 2]);
    assert.deepEqual(kept(14), [1, 2]);
    assert.deepEqual(kept(1), [2]);
  });

  it('accepts only its own shape and drops messages that no longer validate', () => {
    assert.equal(parseSavedState(null), undefined);
    assert.equal(parseSavedState({ v: 2, ui: {}, messages: [] }), undefined);
    const parsed = parseSavedState({ v: 1, ui: { file: FILE, layer: 7, deadFirst: 'yes' }, messages: [SMALL_RUN[0], { type: 'worker', file: FILE, message: { type: 'nope' } }] });
    assert.deepEqual(parsed, { v: 1, ui: { file: FILE, layer: null, deadFirst: false }, messages: [SMALL_RUN[0]] });
  });
});

describe('panel text', () => {
  it('formats percentages and statistics', () => {
    assert.deepEqual([0, 1, 0.5, 0.25, 0.0625, 0.005, 0.123456].map(percent), ['0%', '100%', '50%', '25%', '6.25%', '0.5%', '12.3%']);
    assert.deepEqual([0, 0.8, 1.23456, 0.0001234, 123456].map(stat), ['0', '0.800', '1.23', '1.23e-4', '1.23e+5']);
    assert.equal(shortLabel('epoch 1 batch 19'), 'e1 b19');
    assert.equal(shortLabel('init'), 'init');
  });

  it('describes a heatmap cell', () => {
    const run = load(SMALL_RUN);
    assert.deepEqual(unitDetails(run, track(run, 'dense'), 1, 2), [
      'dense · unit 1 · epoch 1',
      'state: dead',
      'activation rate: 0% (0 of 200 probe samples)',
      'mean |a|: 0',
      'τ-score: 0',
      'dead since epoch 1',
    ]);
    assert.deepEqual(unitDetails(run, track(run, 'dense'), 2, 2).slice(1, 3), ['state: healthy', 'activation rate: 25% (50 of 200 probe samples)']);
    assert.equal(unitDetails(run, track(run, 'dense'), 2, 2)[5], 'died at init, came back');
    assert.equal(unitDetails(run, track(run, 'dense'), 0, 0)[5], 'never dead so far');
    const saturated = unitDetails(run, track(run, 'dense_1'), 1, 0);
    assert.deepEqual([saturated[1], saturated[5]], ['state: saturated', 'saturated on: 95%']);
  });

  it('sums up the run in one line', () => {
    assert.equal(runStatus(load(SMALL_RUN)), 'Completed · 1 epoch on wasm · 1 dead, 0 dying, 1 saturated in 2 layers');
    assert.equal(runStatus(load(SMALL_RUN.slice(0, 5))), 'Training on wasm · epoch 1/1 · batch 5/10 · loss 1.20 · 1 dead, 1 dying, 1 saturated');
    assert.equal(runStatus(load(SMALL_RUN.slice(0, 1))), 'Starting on wasm · 0 dead, 0 dying, 0 saturated');
  });

  it('writes tick labels with the decimals it takes to tell them apart and to be exact', () => {
    assert.deepEqual(axisLabels([2.298, 2.3, 2.302, 2.304]), ['2.298', '2.300', '2.302', '2.304']);
    assert.deepEqual(axisLabels([1.5, 1.75, 2, 2.25]), ['1.50', '1.75', '2.00', '2.25']);
    assert.deepEqual(axisLabels([0, 0.5, 1, 1.5]), ['0.0', '0.5', '1.0', '1.5']);
    assert.deepEqual(axisLabels([0, 25, 50, 75, 100]), ['0', '25', '50', '75', '100']);
    assert.deepEqual(axisLabels([0.1 + 0.2, 0.6]), ['0.3', '0.6']);
    assert.deepEqual(axisLabels([-0.0004, 0, 0.0004]), ['-4e-4', '0', '4e-4']);
    assert.deepEqual(axisLabels([-1e-17, 0.5]), ['0.0', '0.5']);
    assert.deepEqual(axisLabels([100000, 150000, 200000]), ['1.0e+5', '1.5e+5', '2.0e+5']);
    // Not round numbers: enough decimals to differ.
    assert.deepEqual(axisLabels([1 / 3, 0.3334]), ['0.3333', '0.3334']);
  });

  it('says what ran when the runner tells, and leaves the backend to the status line otherwise', () => {
    const started = (extra: object): PanelRun['started'] => ({ ...STARTED, ...extra });
    assert.equal(ranWith(started({})), null);
    assert.equal(ranWith(started({ runner: 'python', framework: 'keras', kerasBackend: 'tensorflow', device: 'CPU' })), 'Keras in Python · tensorflow · CPU');
    assert.equal(ranWith(started({ runner: 'python', framework: 'keras', kerasBackend: 'jax' })), 'Keras in Python · jax');
    assert.equal(ranWith(started({ runner: 'python', framework: 'torch', device: 'GPU:0' })), 'PyTorch · GPU:0');
    assert.equal(ranWith(started({ runner: 'translate', framework: 'keras', device: 'CPU' })), 'Keras translated to TensorFlow.js · wasm · CPU');
    assert.equal(ranWith(started({ runner: 'tfjs', framework: 'tfjs' })), 'TensorFlow.js · wasm');
    const python = SMALL_RUN.map((m) => (m.type === 'worker' && m.message.type === 'started' ? { ...m, message: { ...m.message, runner: 'python', framework: 'keras', kerasBackend: 'tensorflow', device: 'CPU' } } : m)) as ToWebviewMessage[];
    assert.equal(runStatus(load(python)), 'Completed · 1 epoch · 1 dead, 0 dying, 1 saturated in 2 layers');
    assert.equal(runStatus(load(python.slice(0, 1))), 'Starting · 0 dead, 0 dying, 0 saturated');
  });
});

describe('layer that needs attention', () => {
  it('is the first the report warns about, in model order', () => {
    const run = load(SMALL_RUN);
    assert.equal(attentionLayer(run)?.name, 'dense');
    const report = run.report;
    assert.ok(report);
    run.report = { ...report, diagnostics: report.diagnostics.filter((d) => d.layer !== 'dense') };
    assert.equal(attentionLayer(run)?.name, 'dense_1');
    run.report = { ...report, diagnostics: report.diagnostics.map((d) => ({ ...d, severity: 'information' as const })) };
    assert.equal(attentionLayer(run), undefined);
  });

  it('before the report, is the first whose dead, dying and saturated share reaches 10%', () => {
    // At init: dense has 1 of 4 dead (25%), dense_1 1 of 3 saturated.
    assert.equal(attentionLayer(load(SMALL_RUN.slice(0, 2)))?.name, 'dense');
    const healthyDense = { ...UNITS[0][0], state: UNITS[0][0].state.map(() => 'healthy' as const) };
    const run = load([SMALL_RUN[0], { type: 'worker', file: FILE, message: { type: 'units', check: CHECKS[0], layers: [healthyDense, UNITS[0][1]] } }]);
    assert.equal(attentionLayer(run)?.name, 'dense_1');
    assert.equal(attentionLayer(load(SMALL_RUN.slice(0, 1))), undefined);
  });
});

describe('protocol: what the started message says about the runner', () => {
  const message = (extra: object): unknown => ({ type: 'worker', file: FILE, message: { ...STARTED, ...extra } });

  it('accepts the runner, framework, device and Keras backend, or none of them', () => {
    assert.ok(parseToWebviewMessage(message({})));
    assert.ok(parseToWebviewMessage(message({ runner: 'python', framework: 'torch', device: 'GPU:0' })));
    assert.ok(parseToWebviewMessage(message({ runner: 'translate', framework: 'keras', kerasBackend: 'tensorflow', device: 'CPU' })));
  });

  it('refuses values outside the protocol', () => {
    assert.equal(parseToWebviewMessage(message({ runner: 'java' })), undefined);
    assert.equal(parseToWebviewMessage(message({ framework: 'jax' })), undefined);
    assert.equal(parseToWebviewMessage(message({ device: 0 })), undefined);
    assert.equal(parseToWebviewMessage(message({ kerasBackend: null })), undefined);
  });
});

describe('colours', () => {
  it('parses the forms a canvas and VS Code give', () => {
    assert.deepEqual(parseColor('#f14c4c'), [241, 76, 76, 255]);
    assert.deepEqual(parseColor('#abc'), [170, 187, 204, 255]);
    assert.deepEqual(parseColor('#00000080'), [0, 0, 0, 128]);
    assert.deepEqual(parseColor('rgba(204, 204, 204, 0.5)'), [204, 204, 204, 128]);
    assert.deepEqual(parseColor(' rgb(1 2 3) '), [1, 2, 3, 255]);
    assert.equal(parseColor('var(--x)'), undefined);
    assert.equal(parseColor('#12345'), undefined);
  });

  it('composites, mixes and packs pixels', () => {
    assert.deepEqual(over([255, 255, 255, 128], [0, 0, 0, 255]), [128, 128, 128, 255]);
    assert.deepEqual(mix([0, 0, 0, 255], [200, 100, 50, 255], 0.5), [100, 50, 25, 255]);
    // little-endian RGBA: R in the lowest byte
    assert.equal(packPixel([0x11, 0x22, 0x33, 0xff]), 0xff332211);
  });

  it('gives dead, dying and saturated units their own colours and healthy ones a ramp', () => {
    const p: Palette = {
      foreground: [204, 204, 204, 255], background: [0, 0, 0, 255], grid: [1, 1, 1, 255],
      dead: [241, 76, 76, 255], dying: [209, 134, 22, 255], saturated: [177, 128, 215, 255], healthy: [0, 0, 255, 255],
      series: [], fontFamily: 'sans-serif',
    };
    const scale = heatScale(p);
    assert.equal(scale.ramp.length, RAMP_STEPS);
    assert.equal(cellPixel(scale, 1, 0), packPixel(p.dead));
    assert.equal(cellPixel(scale, 2, 0.004), packPixel(p.dying));
    assert.equal(cellPixel(scale, 3, 1), packPixel(p.saturated));
    assert.equal(cellPixel(scale, 0, 1), packPixel([0, 0, 255, 255]));
    // rate 0 still sits 15% of the way from the background, so a silent healthy unit shows
    assert.equal(cellPixel(scale, 0, 0), packPixel([0, 0, 38, 255]));
    assert.equal(cellPixel(scale, 0, 0.25), packPixel([0, 0, Math.round(255 * (0.15 + 0.85 * Math.sqrt(64 / 255))), 255]));
  });
});

describe('chart series', () => {
  it('gives the dead, dying and saturated fraction per check', () => {
    const run = load(SMALL_RUN);
    assert.deepEqual(fractionSeries(track(run, 'dense')), [[0, 1, 2], [0.25, 0.25, 0.25], [0, 0.25, 0], [0, 0, 0]]);
    assert.deepEqual(fractionSeries(track(run, 'dense_1'))[3], [1 / 3, 1 / 3, 1 / 3]);
  });

  it('bins activation rates at the latest check, dead units apart', () => {
    const [xs, dead, others] = rateHistogram(track(load(SMALL_RUN), 'dense'));
    assert.equal(xs.length, 21);
    assert.equal(xs[0], DEAD_BAR_X);
    assert.equal(xs[1], 0.025);
    assert.equal(dead[0], 1);
    assert.deepEqual(dead.slice(1).filter((n) => n !== null), []);
    // rates 0.5, 0.25, 0.75 → bins 10, 5, 15 (x index + 1)
    assert.deepEqual(others.flatMap((n, i) => (n ? [i] : [])), [6, 11, 16]);
  });

  it('draws loss and metrics from the progress, or the report history when there is none', () => {
    const run = load(SMALL_RUN);
    assert.deepEqual(lossSeries(run), { metricNames: ['acc'], data: [[0.1, 0.5, 1], [2.5, 1.2, 0.8], [0.1, 0.5, 0.7]] });
    const restored = load(SMALL_RUN.filter((m) => !(m.type === 'worker' && m.message.type === 'progress')));
    assert.deepEqual(lossSeries(restored), { metricNames: ['acc'], data: [[1], [0.8], [0.7]] });
  });
});

describe('try fixes text', () => {
  it('names the winner once the try is done, and only a fix that completed', () => {
    assert.equal(winner(TRY_RESULTS)?.id, 'he-init');
    assert.equal(trySummary(TRY_RESULTS), 'Completed · best: Use He initialisation (2 → 0 flagged units) · 2 epochs on 2,000 samples, seed 1');
    assert.equal(winner({ ...TRY_RESULTS, status: 'running' }), undefined);
    const baselineFirst = { ...TRY_RESULTS, rows: [TRY_RESULTS.rows[1], TRY_RESULTS.rows[0]] };
    assert.equal(trySummary(baselineFirst), 'Completed · no fix beat the unchanged model · 2 epochs on 2,000 samples, seed 1');
  });

  it('counts the measured rows while running', () => {
    const running = { ...TRY_RESULTS, status: 'running' as const, samples: null, rows: [TRY_RESULTS.rows[1], { ...TRY_RESULTS.rows[0], status: 'running' as const }] };
    assert.equal(trySummary(running), 'Running · 1 of 2 measured · 2 epochs, seed 1');
    assert.equal(trySummary({ ...TRY_RESULTS, status: 'cancelled' }), 'Cancelled · 2 epochs on 2,000 samples, seed 1');
  });
});
