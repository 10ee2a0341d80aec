// Try Fixes, the pure part: the candidates built with the quick fixes (pairs as their second fix
// computed on the first one's text), the layer a try is about, a report measured as a row, and
// the ranking of a constructed result set in exact order.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits, fixesFor, targetAfterEdits, type FixTarget } from '../../src/engine/fixes';
import { chooseLayer, measuredRow, selectLayers, rankRows, tryCandidates, winnerOf, type TryCandidate } from '../../src/engine/tryFixes';
import { revivedSummary } from '../../src/engine/revived';
import type { LayerReport, LayerSummary, Report, ReportDiagnostic, TryRow } from '../../src/shared/protocol';

const JS = `const tf = require('@tensorflow/tfjs');
const model = tf.sequential();
model.add(tf.layers.dense({ units: 8, activation: 'relu', inputShape: [4], biasInitializer: tf.initializers.constant({ value: -10 }) }));
model.add(tf.layers.dense({ units: 2, activation: 'softmax' }));
model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });
`;
const TARGET: FixTarget = { line: 3, column: 11, className: 'Dense', activation: 'relu', family: 'relu' };

const PY = `from tensorflow import keras
model = keras.Sequential([
    keras.layers.Dense(16, activation="sigmoid", input_shape=(4,), kernel_initializer=keras.initializers.RandomNormal(stddev=10.0)),
    keras.layers.Dense(2, activation="softmax"),
])
model.compile(optimizer="sgd", loss="categorical_crossentropy")
`;

describe('try: candidates', () => {
  it('lists the baseline, every offered fix, then the pairs that apply (JS, ReLU)', () => {
    const candidates = tryCandidates(JS, 'javascript', TARGET, 'dead-units');
    assert.deepEqual(
      candidates.map((c) => c.id),
      [
        'baseline',
        'zero-bias',
        'he-init',
        'batch-norm',
        'leaky-relu',
        'lower-lr',
        'l2',
        'dropout',
        'zero-bias+he-init',
        'he-init+batch-norm',
        'he-init+lower-lr',
        'he-init+leaky-relu',
      ],
    );
    assert.equal(candidates[0].source, JS);
    assert.equal(candidates[0].title, 'Unchanged model');
    // The target is the start of the constructor call, in each scratch copy.
    assert.ok(candidates.every((c) => c.target.line === 3 && c.target.column === 11));
  });

  it("builds a pair as the second quick fix computed on the first one's text", () => {
    const pair = tryCandidates(JS, 'javascript', TARGET, 'dead-units').find((c) => c.id === 'zero-bias+he-init') as TryCandidate;
    const first = fixesFor(JS, 'javascript', TARGET, 'dead-units').find((f) => f.id === 'zero-bias');
    assert.ok(first);
    const text = applyEdits(JS, first.edits);
    const moved = targetAfterEdits(JS, 'javascript', first.edits, TARGET);
    assert.ok(moved);
    const second = fixesFor(text, 'javascript', moved, 'dead-units').find((f) => f.id === 'he-init');
    assert.ok(second);
    assert.equal(pair.source, applyEdits(text, second.edits));
    assert.deepEqual(pair.fixes, ['zero-bias', 'he-init']);
    assert.equal(
      pair.source.split('\n')[2],
      "model.add(tf.layers.dense({ units: 8, activation: 'relu', inputShape: [4], biasInitializer: 'zeros', kernelInitializer: 'heNormal' }));",
    );
    assert.equal(pair.title, `${first.title} + ${second.title}`);
  });

  it('skips pairs whose fixes do not both apply (Python, sigmoid: no zero bias to reset)', () => {
    const target: FixTarget = { line: 3, column: 5, className: 'Dense', activation: 'sigmoid', family: 'sigmoid' };
    assert.deepEqual(
      tryCandidates(PY, 'python', target, 'saturated-units').map((c) => c.id),
      ['baseline', 'glorot-init', 'batch-norm', 'lower-lr', 'sgd-to-adam', 'l2', 'dropout', 'glorot-init+batch-norm', 'glorot-init+lower-lr'],
    );
  });

  it('has nothing to try where no layer call is', () => {
    assert.deepEqual(tryCandidates(JS, 'javascript', { ...TARGET, line: 1 }, 'dead-units'), []);
  });
});

const layerReport = (name: string, line: number, counts: Partial<LayerReport> = {}): LayerReport => ({
  name,
  className: 'Dense',
  activation: 'relu',
  units: 8,
  line,
  column: 11,
  endLine: line,
  endColumn: 40,
  dead: 0,
  dying: 0,
  saturated: 0,
  deadUnits: [],
  dyingUnits: [],
  saturatedUnits: [],
  firstDeadCheck: [],
  cameBack: [],
  rootCause: null,
  ...counts,
});
const summary = (name: string, family: LayerSummary['family']): LayerSummary => ({
  index: 0,
  name,
  className: 'Dense',
  activation: family ?? 'softmax',
  family,
  units: 8,
  outputShape: [null, 8],
  location: null,
  callers: [],
  inbound: [],
});
const warning = (layer: string, code: ReportDiagnostic['code']): ReportDiagnostic => ({
  severity: 'warning',
  code,
  message: '',
  file: '/m.js',
  line: 3,
  column: 11,
  endLine: 3,
  endColumn: 40,
  layer,
});
const report = (layers: LayerReport[], diagnostics: ReportDiagnostic[] = [], metrics: Record<string, number> = {}): Report => ({
  version: 1,
  file: '/m.js',
  status: 'completed',
  backend: 'cpu',
  epochsRun: 1,
  layers,
  diagnostics,
  checks: [],
  history: [{ epoch: 1, loss: 0.5, metrics }],
});

describe('try: the layer to try', () => {
  const model = [summary('a', 'relu'), summary('b', 'tanh'), summary('out', null)];
  const scanned = report([layerReport('a', 3), layerReport('b', 4, { saturated: 5 })], [warning('b', 'saturated-units')]);

  it('defaults to the first layer with a warning about its units', () => {
    assert.deepEqual(chooseLayer(scanned, model), {
      ok: true,
      layer: { name: 'b', code: 'saturated-units', target: { line: 4, column: 11, className: 'Dense', activation: 'tanh', family: 'tanh' } },
    });
  });

  it('takes the layer built at a line, with the code its counts call for', () => {
    assert.deepEqual(chooseLayer(scanned, model, { line: 3 }), {
      ok: true,
      layer: { name: 'a', code: 'dead-units', target: { line: 3, column: 11, className: 'Dense', activation: 'relu', family: 'relu' } },
    });
  });

  it("passes a PyTorch layer's activation site and the framework the scan ran", () => {
    const torch: Report = {
      ...report([layerReport('a', 3, { activationSite: { line: 9, column: 13 } })], [warning('a', 'dead-units')]),
      ranWith: { runner: 'python', framework: 'torch' },
    };
    assert.deepEqual(chooseLayer(torch, model), {
      ok: true,
      layer: {
        name: 'a',
        code: 'dead-units',
        target: { line: 3, column: 11, className: 'Dense', activation: 'relu', family: 'relu', framework: 'torch', activationSite: { line: 9, column: 13 } },
      },
    });
  });

  it('says why there is no layer', () => {
    assert.deepEqual(chooseLayer(scanned, model, { line: 9 }), {
      ok: false,
      message: 'No layer with measured units is built at line 9. Layers with units: a (line 3), b (line 4).',
    });
    assert.deepEqual(chooseLayer(report([layerReport('a', 3)]), model), {
      ok: false,
      message: 'No layer has a warning about its units: nothing to fix (name a layer by its line or its name to try fixes on it anyway).',
    });
  });
});

describe('try: the layer --layer names in a notebook (CELL:LINE, a name; a bare line in two cells is ambiguous)', () => {
  const model = [summary('a', 'relu'), summary('b', 'tanh')];
  // 'a' at cell 2 line 3, 'b' at cell 5 line 3 (cells counted from 1, as printed).
  const notebook = report([
    { ...layerReport('a', 3), cell: { index: 1, id: 'first' } },
    { ...layerReport('b', 3, { saturated: 5 }), cell: { index: 4 } },
  ]);
  const target = (activation: string) => ({ line: 3, column: 11, className: 'Dense', activation, family: activation });

  it("takes the layer at a cell's line, or by its name, with its cell", () => {
    assert.deepEqual(chooseLayer(notebook, model, { cell: 5, line: 3 }), {
      ok: true,
      layer: { name: 'b', cell: { index: 4 }, code: 'saturated-units', target: target('tanh') },
    });
    assert.deepEqual(chooseLayer(notebook, model, { name: 'a' }), {
      ok: true,
      layer: { name: 'a', cell: { index: 1, id: 'first' }, code: 'dead-units', target: target('relu') },
    });
  });

  it('refuses a bare line with layers in two cells, listing them, and says what a selector that names nothing looked for', () => {
    const ambiguous = {
      ok: false,
      message: "Line 3 builds layers in 2 cells: a (cell 2:3), b (cell 5:3). Say which: --layer CELL:LINE (e.g. --layer 2:3) or the layer's name.",
    };
    assert.deepEqual(chooseLayer(notebook, model, { line: 3 }), ambiguous);
    assert.deepEqual(selectLayers(notebook, { line: 3 }), ambiguous);
    assert.deepEqual(chooseLayer(notebook, model, { cell: 2, line: 4 }), {
      ok: false,
      message: 'No layer with measured units is built at cell 2:4. Layers with units: a (cell 2:3), b (cell 5:3).',
    });
    assert.deepEqual(chooseLayer(notebook, model, { name: 'c' }), {
      ok: false,
      message: 'No layer with measured units is named c. Layers with units: a (cell 2:3), b (cell 5:3).',
    });
  });
});

describe('try: a run as a row', () => {
  const candidate: TryCandidate = { id: 'he-init', fixes: ['he-init'], title: 'He', source: '', target: { ...TARGET, line: 5 } };

  it('counts the target layer (by name at its line in the scratch copy) and every layer after it', () => {
    const measured = report([layerReport('a', 2, { dead: 7 }), layerReport('b', 5, { dead: 1, dying: 2 }), layerReport('c', 6, { saturated: 3 })], [], {
      acc: 0.5,
      val_acc: 0.75,
    });
    assert.deepEqual(measuredRow(candidate, 'b', measured, 1234), {
      id: 'he-init',
      fixes: ['he-init'],
      title: 'He',
      status: 'completed',
      flagged: 6,
      layers: [
        { name: 'b', units: 8, dead: 1, dying: 2, saturated: 0 },
        { name: 'c', units: 8, dead: 0, dying: 0, saturated: 3 },
      ],
      loss: 0.5,
      accuracy: 0.75,
      accuracyOf: 'validation',
      ms: 1234,
    });
  });

  it('falls back to training accuracy, and leaves a failed run unmeasured with its error', () => {
    const training = measuredRow(candidate, 'b', report([layerReport('b', 5)], [], { acc: 0.5 }), 1);
    assert.deepEqual([training.accuracy, training.accuracyOf], [0.5, 'training']);
    const failed: Report = {
      ...report([layerReport('b', 5)]),
      status: 'failed',
      history: [],
      diagnostics: [{ ...warning('b', 'nan-loss'), severity: 'error', message: 'The loss became NaN' }],
    };
    const row = measuredRow(candidate, 'b', failed, 1);
    assert.deepEqual([row.status, row.flagged, row.loss, row.accuracy, row.accuracyOf, row.error], ['failed', null, null, null, null, 'The loss became NaN']);
  });
});

const row = (id: string, flagged: number | null, accuracy: number | null, loss: number | null, status: TryRow['status'] = 'completed'): TryRow => ({
  id,
  fixes: [],
  title: id,
  status,
  flagged,
  layers: [],
  loss,
  accuracy,
  accuracyOf: accuracy === null ? null : 'validation',
  ms: 0,
});

describe('try: ranking', () => {
  it('orders by flagged units, then accuracy, then loss, then candidate order; unfinished runs last', () => {
    const rows = [
      row('baseline', 40, 0.8, 0.6),
      row('failed-early', null, null, null, 'failed'),
      row('fewest', 3, 0.5, 0.9),
      row('same-as-baseline', 40, 0.8, 0.6),
      row('better-accuracy', 40, 0.9, 0.7),
      row('lower-loss', 40, 0.8, 0.5),
      row('no-accuracy', 40, null, 0.1),
      row('cancelled', null, null, null, 'cancelled'),
      row('fewest-tie', 3, 0.5, 0.9),
      row('unmeasured-layer', null, 0.99, 0.01),
    ];
    const ranked = rankRows(rows);
    assert.deepEqual(
      ranked.map((r) => r.id),
      ['fewest', 'fewest-tie', 'better-accuracy', 'lower-loss', 'baseline', 'same-as-baseline', 'no-accuracy', 'unmeasured-layer', 'failed-early', 'cancelled'],
    );
    assert.equal(winnerOf(ranked)?.id, 'fewest');
    assert.deepEqual(rows.map((r) => r.id)[0], 'baseline', 'the input is left as it was');
  });

  it('has no winner when the unchanged model ranks first', () => {
    assert.equal(winnerOf(rankRows([row('baseline', 0, 0.9, 0.1), row('he-init', 0, 0.9, 0.1)])), undefined);
  });
});

describe('revive: the report count', () => {
  it('counts distinct revived units and those not dead at the last check', () => {
    const revived = new Map([
      ['a', new Set([0, 2, 5])],
      ['b', new Set([1])],
    ]);
    assert.deepEqual(revivedSummary(revived, [layerReport('a', 1, { deadUnits: [2, 3] }), layerReport('b', 2)]), { units: 4, aliveAtEnd: 3 });
  });
});
