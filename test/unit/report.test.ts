import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exitCode, RunTracker } from '../../src/engine/report';
import {
  DEFAULT_THRESHOLDS,
  isReport,
  type CheckInfo,
  type LayerSummary,
  type LayerUnits,
  type Report,
  type ReportDiagnostic,
  type UnitState,
} from '../../src/shared/protocol';

const FILE = '/work/model.js';

function layer(index: number, name: string, opts: Partial<LayerSummary> & { line?: number } = {}): LayerSummary {
  const { line = index + 3, ...rest } = opts;
  return {
    index,
    name,
    className: 'Dense',
    activation: 'relu',
    family: 'relu',
    units: 2,
    outputShape: [null, 2],
    location: { file: FILE, line, column: 15, endLine: line, endColumn: 60 },
    callers: [],
    inbound: [],
    ...rest,
  };
}

/** A Sequential-style chain: each layer's inbound is the previous layer. */
function chain(layers: LayerSummary[]): LayerSummary[] {
  return layers.map((l, i) => ({ ...l, index: i, inbound: i === 0 ? [] : [layers[i - 1].name] }));
}

function check(index: number, label: string, probeSamples?: number): CheckInfo {
  return { index, kind: index === 0 ? 'init' : 'epoch', epoch: index, step: index * 10, label, ...(probeSamples ? { probeSamples } : {}) };
}

/** Unit statistics whose states are `states`; the numbers are irrelevant to the tracker. */
function units(name: string, states: UnitState[]): LayerUnits {
  const zeros = states.map(() => 0);
  return { layer: name, rate: zeros, meanAbs: zeros, max: zeros, tau: zeros, saturation: null, state: states };
}

/** What a dead unit's message adds on a layer fed by the model's input. */
const FIRST_LAYER = '; first layer: its input does not change, these units will not recover without a fix';
/** What it adds on a deeper layer. */
const DEEPER_LAYER = '; deeper layer: its input changes as the layers before it train, so dead units can come back';

const softmaxOut = (index: number, name = 'out') => layer(index, name, { activation: 'softmax', family: null, units: 10, outputShape: [null, 10] });

describe('RunTracker layers', () => {
  it('lists every monitored layer in model order with counts, even before any check', () => {
    const model = chain([
      layer(0, 'dense_1'),
      layer(1, 'flatten', { className: 'Flatten', activation: 'linear', family: null }),
      layer(2, 'dense_2', { units: 3 }),
      softmaxOut(3),
    ]);
    const t = new RunTracker(FILE, model, DEFAULT_THRESHOLDS);
    assert.deepEqual(
      t.layers().map((l) => [l.name, l.units, l.dead, l.firstDeadCheck]),
      [
        ['dense_1', 2, 0, [null, null]],
        ['dense_2', 3, 0, [null, null, null]],
      ],
    );
    t.addCheck(check(0, 'init'), [units('dense_2', ['dead', 'dying', 'healthy']), units('dense_1', ['healthy', 'healthy'])]);
    const [, d2] = t.layers();
    assert.deepEqual(
      { dead: d2.dead, dying: d2.dying, saturated: d2.saturated, deadUnits: d2.deadUnits, dyingUnits: d2.dyingUnits, line: d2.line, column: d2.column },
      { dead: 1, dying: 1, saturated: 0, deadUnits: [0], dyingUnits: [1], line: 5, column: 15 },
    );
  });

  it('records the first check each unit was dead at, and the units that came back', () => {
    const model = chain([layer(0, 'dense', { units: 4 }), softmaxOut(1)]);
    const t = new RunTracker(FILE, model, DEFAULT_THRESHOLDS);
    t.addCheck(check(0, 'init'), [units('dense', ['healthy', 'dead', 'dead', 'healthy'])]);
    t.addCheck(check(1, 'epoch 1 batch 5'), [units('dense', ['dead', 'healthy', 'healthy', 'healthy'])]);
    t.addCheck(check(2, 'epoch 1', 1024), [units('dense', ['dead', 'dying', 'dead', 'healthy'])]);
    const [r] = t.layers();
    assert.deepEqual(r.firstDeadCheck, [1, 0, 0, null]);
    assert.deepEqual(r.cameBack, [1]);
    assert.deepEqual(r.deadUnits, [0, 2]);
    // Unit 0 has been dead since check 1; unit 2 died again at check 2.
    assert.equal(
      t.diagnostics()[0].message,
      'dense: 2 of 4 units dead at epoch 1: 1 since epoch 1 batch 5, 1 new at this check (never active on 1,024 probe samples); 1 more dying (active on < 1% of probe samples or τ-score ≤ 0.025)' +
        FIRST_LAYER,
    );
  });

  it('rejects statistics whose unit count differs from the model', () => {
    const t = new RunTracker(FILE, chain([layer(0, 'dense'), softmaxOut(1)]), DEFAULT_THRESHOLDS);
    assert.throws(() => t.addCheck(check(0, 'init'), [units('dense', ['dead'])]), /dense: check has 1 units, the model 2/);
  });
});

describe('RunTracker diagnostics', () => {
  function diagnosticsFor(states: UnitState[], extra: Partial<LayerSummary> = {}): ReportDiagnostic[] {
    const model = chain([layer(0, 'hidden', { units: states.length, ...extra }), softmaxOut(1)]);
    const t = new RunTracker(FILE, model, DEFAULT_THRESHOLDS);
    t.addCheck(check(0, 'init', 256), [units('hidden', states)]);
    return t.diagnostics();
  }
  const healthy = (n: number): UnitState[] => new Array<UnitState>(n).fill('healthy');

  it('warns from 10% of the units on, with the layer range', () => {
    assert.deepEqual(diagnosticsFor(['dead', 'dead', ...healthy(18)]), [
      {
        severity: 'warning',
        code: 'dead-units',
        message: `hidden: 2 of 20 units dead at this check, init (never active on 256 probe samples)${FIRST_LAYER}`,
        file: FILE,
        line: 3,
        column: 15,
        endLine: 3,
        endColumn: 60,
        layer: 'hidden',
      },
    ]);
  });

  it('gives information below 10%', () => {
    const [d] = diagnosticsFor(['dying', ...healthy(19)]);
    assert.deepEqual(
      [d.severity, d.code, d.message],
      ['information', 'dying-units', 'hidden: 1 of 20 units dying (active on < 1% of probe samples or τ-score ≤ 0.025)'],
    );
  });

  it('reports saturated sigmoid units', () => {
    const [d] = diagnosticsFor(['saturated', 'saturated', 'healthy', 'healthy'], { activation: 'sigmoid', family: 'sigmoid' });
    assert.deepEqual(
      [d.severity, d.code, d.message],
      ['warning', 'saturated-units', 'hidden: 2 of 4 units saturated (sigmoid derivative below 1% of its peak on ≥ 90% of probe samples)'],
    );
  });

  it('takes the warning fraction as an option', () => {
    const model = chain([layer(0, 'hidden', { units: 4 }), softmaxOut(1)]);
    const t = new RunTracker(FILE, model, { ...DEFAULT_THRESHOLDS, warnFraction: 0.5 });
    t.addCheck(check(0, 'init'), [units('hidden', ['dead', 'healthy', 'healthy', 'healthy'])]);
    assert.deepEqual(
      t.diagnostics().map((d) => [d.severity, d.message]),
      [['information', `hidden: 1 of 4 units dead at this check, init (never active on the probe set)${FIRST_LAYER}`]],
    );
  });

  it('says nothing about a healthy layer', () => {
    assert.deepEqual(diagnosticsFor(healthy(4)), []);
  });

  it('points the callers of a helper as related information', () => {
    const callers = [{ file: FILE, line: 20, column: 3, endLine: 20, endColumn: 30, functionName: 'build' }];
    const [d] = diagnosticsFor(['dead', 'dead'], { callers });
    assert.deepEqual(d.related, [{ message: 'called from here', file: FILE, line: 20, column: 3 }]);
  });

  it('points at the compile and fit calls after the callers, on every layer diagnostic', () => {
    const callers = [{ file: FILE, line: 20, column: 3, endLine: 20, endColumn: 30, functionName: 'build' }];
    const model = chain([layer(0, 'hidden', { callers }), layer(1, 'next'), softmaxOut(2)]);
    const training = {
      compile: { file: FILE, line: 24, column: 1, endLine: 24, endColumn: 60 },
      fit: { file: FILE, line: 26, column: 7, endLine: 26, endColumn: 40 },
    };
    const t = new RunTracker(FILE, model, DEFAULT_THRESHOLDS, training);
    t.addCheck(check(0, 'init'), [units('hidden', ['dead', 'dead']), units('next', ['dead', 'healthy'])]);
    assert.deepEqual(
      t.diagnostics().map((d) => [d.layer, d.code, d.related]),
      [
        [
          'hidden',
          'dead-units',
          [
            { message: 'called from here', file: FILE, line: 20, column: 3 },
            { message: 'compiled here', file: FILE, line: 24, column: 1 },
            { message: 'trained here', file: FILE, line: 26, column: 7 },
          ],
        ],
        [
          'next',
          'input-dead',
          [
            { message: 'hidden: every unit is dead', file: FILE, line: 3, column: 15 },
            { message: 'compiled here', file: FILE, line: 24, column: 1 },
            { message: 'trained here', file: FILE, line: 26, column: 7 },
          ],
        ],
      ],
    );
    const fitOnly = new RunTracker(FILE, model, DEFAULT_THRESHOLDS, { compile: null, fit: training.fit });
    fitOnly.addCheck(check(0, 'init'), [units('hidden', ['dead', 'dead'])]);
    assert.deepEqual(
      fitOnly.diagnostics()[0].related?.map((r) => r.message),
      ['called from here', 'trained here'],
    );
  });

  it('puts a layer built at an unknown place at line 0 of the file', () => {
    const [d] = diagnosticsFor(['dead', 'dead'], { location: null });
    assert.deepEqual([d.file, d.line, d.column, d.endLine, d.endColumn], [FILE, 0, 0, 0, 0]);
  });

  it('never flags the model output layer', () => {
    const model = chain([layer(0, 'hidden'), layer(1, 'out', { activation: 'sigmoid', family: 'sigmoid' })]);
    const t = new RunTracker(FILE, model, DEFAULT_THRESHOLDS);
    t.addCheck(check(0, 'init'), [units('hidden', ['healthy', 'healthy']), units('out', ['saturated', 'saturated'])]);
    assert.deepEqual(t.diagnostics(), []);
    assert.equal(t.layers()[1].saturated, 2);
  });

  it('treats the layer before a final Activation layer as the output', () => {
    const model = chain([
      layer(0, 'hidden'),
      layer(1, 'logits', { activation: 'sigmoid', family: 'sigmoid' }),
      layer(2, 'activation', { className: 'Activation', activation: 'linear', family: null }),
    ]);
    const t = new RunTracker(FILE, model, DEFAULT_THRESHOLDS);
    t.addCheck(check(0, 'init'), [units('hidden', ['dead', 'dead']), units('logits', ['saturated', 'saturated'])]);
    assert.deepEqual(
      t.diagnostics().map((d) => d.layer),
      ['hidden'],
    );
  });
});

describe('warning rule and wording (issue 13)', () => {
  const LABELS = ['init', 'epoch 1 batch 6', 'epoch 1', 'epoch 2', 'epoch 3'];
  /** A 20-unit first layer and a 20-unit layer after it, tracked over checks giving the states of either or both. */
  function runBoth(checks: { first?: UnitState[]; second?: UnitState[] }[], extra: Partial<LayerSummary> = {}): ReportDiagnostic[] {
    const model = chain([layer(0, 'first', { units: 20 }), layer(1, 'second', { units: 20, ...extra }), softmaxOut(2)]);
    const t = new RunTracker(FILE, model, DEFAULT_THRESHOLDS);
    checks.forEach((states, i) =>
      t.addCheck(
        check(i, LABELS[i], 1024),
        Object.entries(states).map(([name, s]) => units(name, s)),
      ),
    );
    return t.diagnostics();
  }
  /** The same, the states of one layer only. */
  const run = (layerName: 'first' | 'second', checks: UnitState[][], extra: Partial<LayerSummary> = {}) =>
    runBoth(
      checks.map((states) => ({ [layerName]: states })),
      extra,
    );
  const healthy = (n: number): UnitState[] => new Array<UnitState>(n).fill('healthy');
  const dying = (n: number): UnitState[] => [...new Array<UnitState>(n).fill('dying'), ...healthy(20 - n)];
  const dead = (n: number, more: UnitState = 'healthy'): UnitState[] => [...new Array<UnitState>(n).fill('dead'), ...new Array<UnitState>(20 - n).fill(more)];
  const saturated = (n: number): UnitState[] => [...new Array<UnitState>(n).fill('saturated'), ...healthy(20 - n)];
  const severity = (d: ReportDiagnostic[]) => d.map((x) => [x.layer, x.severity, x.code]);

  it('never warns on dying units, however many and however long', () => {
    assert.deepEqual(severity(run('second', [healthy(20), dying(20)])), [['second', 'information', 'dying-units']]);
    assert.deepEqual(severity(run('second', [dying(20), dying(20), dying(20)])), [['second', 'information', 'dying-units']]);
    assert.deepEqual(severity(run('first', [dying(20), dying(20)])), [['first', 'information', 'dying-units']]);
  });

  it('first layer: warns from 10% of its units dead at one check, not at 1 unit fewer; dying units do not make up the difference', () => {
    assert.deepEqual(severity(run('first', [dead(2)])), [['first', 'warning', 'dead-units']]);
    assert.deepEqual(severity(run('first', [healthy(20), dead(2)])), [['first', 'warning', 'dead-units']]);
    assert.deepEqual(severity(run('first', [dead(1)])), [['first', 'information', 'dead-units']]);
    assert.deepEqual(severity(run('first', [dead(1, 'dying'), dead(1, 'dying')])), [['first', 'information', 'dead-units']]);
  });

  it('deeper layer: counts only the units dead at two checks in a row', () => {
    // Dead at one check only: information, however many.
    assert.deepEqual(severity(run('second', [dead(2)])), [['second', 'information', 'dead-units']]);
    assert.deepEqual(severity(run('second', [healthy(20), dead(20)])), [['second', 'information', 'dead-units']]);
    // The same two units dead at two checks in a row: 2 of 20 warn.
    assert.deepEqual(severity(run('second', [dead(2), dead(2)])), [['second', 'warning', 'dead-units']]);
    assert.deepEqual(severity(run('second', [healthy(20), dead(2), dead(2)])), [['second', 'warning', 'dead-units']]);
    // Two dead at the last check, but only one of them at the check before: 1 counts.
    const unit1: UnitState[] = ['healthy', 'dead', ...healthy(18)];
    assert.deepEqual(severity(run('second', [unit1, dead(2)])), [['second', 'information', 'dead-units']]);
    // Dead, alive, dead again: a new run of dead checks.
    assert.deepEqual(severity(run('second', [dead(2), healthy(20), dead(2)])), [['second', 'information', 'dead-units']]);
    // Lasting dead units, one short of 10%, with many new ones: information.
    assert.deepEqual(severity(run('second', [dead(1), dead(10)])), [['second', 'information', 'dead-units']]);
  });

  it('deeper layer fed by a layer with a warning: every dead unit counts', () => {
    assert.deepEqual(severity(runBoth([{ first: dead(2), second: dead(2) }])), [
      ['first', 'warning', 'dead-units'],
      ['second', 'warning', 'dead-units'],
    ]);
    // The layer before it only has information: the new dead units do not count.
    assert.deepEqual(severity(runBoth([{ first: dead(1), second: dead(2) }])), [
      ['first', 'information', 'dead-units'],
      ['second', 'information', 'dead-units'],
    ]);
    // Warned through a layer that is not monitored (Dropout) too.
    const model = chain([
      layer(0, 'first', { units: 20 }),
      layer(1, 'dropout', { className: 'Dropout', activation: 'linear', family: null }),
      layer(2, 'second', { units: 20 }),
      softmaxOut(3),
    ]);
    const t = new RunTracker(FILE, model, DEFAULT_THRESHOLDS);
    t.addCheck(check(0, 'init', 1024), [units('first', dead(2)), units('second', dead(2))]);
    assert.deepEqual(severity(t.diagnostics()), [
      ['first', 'warning', 'dead-units'],
      ['second', 'warning', 'dead-units'],
    ]);
  });

  it('deeper layer after a concatenation: one warned branch is enough', () => {
    const model: LayerSummary[] = [
      layer(0, 'left', { units: 20 }),
      layer(1, 'right', { units: 20 }),
      layer(2, 'concat', { className: 'Concatenate', activation: 'linear', family: null, inbound: ['left', 'right'] }),
      layer(3, 'after', { units: 20, inbound: ['concat'] }),
      layer(4, 'out', { activation: 'softmax', family: null, units: 10, inbound: ['after'] }),
    ];
    const judge = (left: UnitState[]) => {
      const t = new RunTracker(FILE, model, DEFAULT_THRESHOLDS);
      t.addCheck(check(0, 'init', 1024), [units('left', left), units('right', healthy(20)), units('after', dead(2))]);
      return severity(t.diagnostics());
    };
    assert.deepEqual(judge(dead(2)), [
      ['left', 'warning', 'dead-units'],
      ['after', 'warning', 'dead-units'],
    ]);
    assert.deepEqual(judge(dead(1)), [
      ['left', 'information', 'dead-units'],
      ['after', 'information', 'dead-units'],
    ]);
  });

  it('warns on saturated units from the first check they are saturated, in any layer, and adds them to dead ones', () => {
    const tanh = { activation: 'tanh', family: 'tanh' as const };
    assert.deepEqual(severity(run('second', [saturated(2)], tanh)), [['second', 'warning', 'saturated-units']]);
    assert.deepEqual(severity(run('second', [saturated(1)], tanh)), [['second', 'information', 'saturated-units']]);
    const both: UnitState[] = ['dead', 'saturated', ...healthy(18)];
    assert.deepEqual(severity(run('first', [both])), [['first', 'warning', 'dead-units']]);
    // In a deeper layer a dead unit new at this check does not count: 1 saturated of 20 is information.
    assert.deepEqual(severity(run('second', [both])), [['second', 'information', 'dead-units']]);
    assert.deepEqual(severity(run('second', [both, both])), [['second', 'warning', 'dead-units']]);
  });

  it("says how long units have been dead, and that a deeper layer's can come back", () => {
    const two: UnitState[] = ['dead', 'dead', ...healthy(18)];
    assert.deepEqual(
      run('second', [two, two, two, two]).map((d) => d.message),
      [`second: 2 of 20 units dead since init and still dead at epoch 2 (never active on 1,024 probe samples)${DEEPER_LAYER}`],
    );
    assert.deepEqual(
      run('second', [healthy(20), two]).map((d) => d.message),
      [`second: 2 of 20 units dead at this check, epoch 1 batch 6 (never active on 1,024 probe samples)${DEEPER_LAYER}`],
    );
    const oneMore: UnitState[] = ['dead', 'dead', 'dead', ...healthy(17)];
    assert.deepEqual(
      run('second', [two, two, oneMore]).map((d) => d.message),
      [`second: 3 of 20 units dead at epoch 1: 2 since init, 1 new at this check (never active on 1,024 probe samples)${DEEPER_LAYER}`],
    );
  });

  it("says a first layer's dead units will not recover, also behind Flatten and pooling, not behind Dropout", () => {
    const model = chain([
      layer(0, 'flatten', { className: 'Flatten', activation: 'linear', family: null }),
      layer(1, 'pool', { className: 'MaxPooling2D', activation: 'linear', family: null }),
      layer(2, 'dense', { units: 2 }),
      layer(3, 'after_norm', { className: 'BatchNormalization', activation: 'linear', family: null }),
      layer(4, 'dense_2', { units: 2 }),
      softmaxOut(5),
    ]);
    const t = new RunTracker(FILE, model, DEFAULT_THRESHOLDS);
    t.addCheck(check(0, 'init', 64), [units('dense', ['dead', 'healthy']), units('dense_2', ['dead', 'healthy'])]);
    assert.deepEqual(
      t.diagnostics().map((d) => d.message),
      [
        `dense: 1 of 2 units dead at this check, init (never active on 64 probe samples)${FIRST_LAYER}`,
        `dense_2: 1 of 2 units dead at this check, init (never active on 64 probe samples)${DEEPER_LAYER}`,
      ],
    );
    const dropped = new RunTracker(
      FILE,
      chain([layer(0, 'dropout', { className: 'Dropout', activation: 'linear', family: null }), layer(1, 'dense'), softmaxOut(2)]),
      DEFAULT_THRESHOLDS,
    );
    dropped.addCheck(check(0, 'init', 64), [units('dense', ['dead', 'healthy'])]);
    assert.deepEqual(
      dropped.diagnostics().map((d) => d.message),
      [`dense: 1 of 2 units dead at this check, init (never active on 64 probe samples)${DEEPER_LAYER}`],
    );
  });

  it('reports inactive LeakyReLU units as information only, even when every unit is inactive', () => {
    const inactive = new Array<UnitState>(20).fill('inactive');
    const diagnostics = run('second', [inactive, inactive], { activation: 'leakyRelu' });
    assert.deepEqual(
      diagnostics.map((d) => [d.severity, d.code, d.message]),
      [
        [
          'information',
          'inactive-units',
          'second: 20 of 20 units inactive (never positive on 1,024 probe samples): leakyRelu still passes gradient below zero, so they are not dead and can come back',
        ],
      ],
    );
  });

  it('counts inactive units in the layer report and never blames a fully inactive layer as the root of a dead input', () => {
    const model = chain([layer(0, 'leaky', { activation: 'leakyRelu' }), layer(1, 'next'), softmaxOut(2)]);
    const t = new RunTracker(FILE, model, DEFAULT_THRESHOLDS);
    t.addCheck(check(0, 'init'), [units('leaky', ['inactive', 'inactive']), units('next', ['dead', 'healthy'])]);
    assert.deepEqual(
      t.layers().map((l) => [l.name, l.dead, l.inactive, l.inactiveUnits, l.rootCause]),
      [
        ['leaky', 0, 2, [0, 1], null],
        ['next', 1, 0, [], null],
      ],
    );
  });
});

describe('root cause', () => {
  // Dense(2) → Dropout → Dense(2) → Dense(2) → Dense(10, softmax), the first 100% dead.
  const model = chain([
    layer(0, 'dense_1', { line: 12 }),
    layer(1, 'dropout', { className: 'Dropout', activation: 'linear', family: null, line: 13 }),
    layer(2, 'dense_2', { line: 14 }),
    layer(3, 'dense_3', { line: 15 }),
    softmaxOut(4),
  ]);

  function track(states: Record<string, UnitState[]>): RunTracker {
    const t = new RunTracker(FILE, model, DEFAULT_THRESHOLDS);
    t.addCheck(check(0, 'init'), []);
    t.addCheck(
      check(1, 'epoch 1', 1024),
      Object.entries(states).map(([name, s]) => units(name, s)),
    );
    return t;
  }

  it('keeps the warning on the first collapsed layer and names it from every later one', () => {
    const t = track({ dense_1: ['dead', 'dead'], dense_2: ['dead', 'dead'], dense_3: ['dead', 'dead'] });
    assert.deepEqual(
      t.layers().map((l) => [l.name, l.rootCause]),
      [
        ['dense_1', null],
        ['dense_2', 'dense_1'],
        ['dense_3', 'dense_1'],
      ],
    );
    assert.deepEqual(
      t.diagnostics().map((d) => [d.layer, d.severity, d.code, d.message, d.related]),
      [
        [
          'dense_1',
          'warning',
          'dead-units',
          `dense_1: 2 of 2 units dead at this check, epoch 1 (never active on 1,024 probe samples)${FIRST_LAYER}`,
          undefined,
        ],
        [
          'dense_2',
          'information',
          'input-dead',
          'dense_2: input is dead: see dense_1 at line 12; 2 of 2 units dead at this check, epoch 1 (never active on 1,024 probe samples)',
          [{ message: 'dense_1: every unit is dead', file: FILE, line: 12, column: 15 }],
        ],
        [
          'dense_3',
          'information',
          'input-dead',
          'dense_3: input is dead: see dense_1 at line 12; 2 of 2 units dead at this check, epoch 1 (never active on 1,024 probe samples)',
          [{ message: 'dense_1: every unit is dead', file: FILE, line: 12, column: 15 }],
        ],
      ],
    );
  });

  it('blames a layer from 90% of its units dead, not at 1 unit fewer', () => {
    const model10 = chain([layer(0, 'wide', { units: 10, line: 12 }), layer(1, 'next'), softmaxOut(2)]);
    const tracked = (deadUnits: number) => {
      const t = new RunTracker(FILE, model10, DEFAULT_THRESHOLDS);
      const wide: UnitState[] = Array.from({ length: 10 }, (_, u) => (u < deadUnits ? 'dead' : 'healthy'));
      t.addCheck(check(0, 'init', 64), [units('wide', wide), units('next', ['dead', 'dead'])]);
      return t.diagnostics().map((d) => [d.layer, d.severity, d.code, d.message, d.related?.[0]?.message]);
    };
    assert.deepEqual(tracked(9)[1], [
      'next',
      'information',
      'input-dead',
      'next: input is mostly dead: see wide at line 12; 2 of 2 units dead at this check, init (never active on 64 probe samples)',
      'wide: 9 of 10 units are dead',
    ]);
    assert.deepEqual(tracked(8)[1].slice(0, 3), ['next', 'warning', 'dead-units']);
  });

  it('does not blame a layer that is only partly dead', () => {
    const t = track({ dense_1: ['dead', 'healthy'], dense_2: ['dead', 'dead'], dense_3: ['dead', 'dead'] });
    assert.deepEqual(
      t.layers().map((l) => l.rootCause),
      [null, null, 'dense_2'],
    );
    assert.deepEqual(
      t.diagnostics().map((d) => [d.layer, d.severity, d.code]),
      [
        ['dense_1', 'warning', 'dead-units'],
        ['dense_2', 'warning', 'dead-units'],
        ['dense_3', 'information', 'input-dead'],
      ],
    );
  });

  it('needs every inbound branch dead', () => {
    const branches: LayerSummary[] = [
      layer(0, 'input', { className: 'InputLayer', activation: 'linear', family: null }),
      { ...layer(1, 'a'), inbound: ['input'] },
      { ...layer(2, 'b'), inbound: ['input'] },
      { ...layer(3, 'concat', { className: 'Concatenate', activation: 'linear', family: null }), inbound: ['a', 'b'] },
      { ...layer(4, 'c'), inbound: ['concat'] },
      { ...softmaxOut(5), inbound: ['c'] },
    ];
    const rootOfC = (a: UnitState[], b: UnitState[]) => {
      const t = new RunTracker(FILE, branches, DEFAULT_THRESHOLDS);
      t.addCheck(check(0, 'init'), [units('a', a), units('b', b), units('c', ['dead', 'dead'])]);
      return t.layers().find((l) => l.name === 'c')?.rootCause;
    };
    assert.equal(rootOfC(['dead', 'dead'], ['dead', 'healthy']), null);
    assert.equal(rootOfC(['dead', 'dead'], ['dead', 'dead']), 'a');
  });
});

describe('report and exitCode', () => {
  const model = chain([layer(0, 'hidden'), softmaxOut(1)]);

  function reportWith(states: UnitState[], status: Report['status'] = 'completed', extra: ReportDiagnostic[] = []): Report {
    const t = new RunTracker(FILE, model, DEFAULT_THRESHOLDS);
    t.addCheck(check(0, 'init'), [units('hidden', states)]);
    t.addEpoch({ epoch: 1, loss: 0.5, metrics: { acc: 0.75 } });
    return t.report(status, 'wasm', 1, extra);
  }
  const error: ReportDiagnostic = {
    severity: 'error',
    code: 'script-error',
    message: 'boom',
    file: FILE,
    line: 4,
    column: 1,
    endLine: 4,
    endColumn: 9,
  };

  it('builds a valid version 1 report with the extra diagnostics first', () => {
    const r = reportWith(['dead', 'healthy'], 'completed', [{ ...error, severity: 'information', code: 'callbacks-skipped' }]);
    assert.ok(isReport(r));
    assert.deepEqual([r.version, r.file, r.status, r.backend, r.epochsRun], [1, FILE, 'completed', 'wasm', 1]);
    assert.deepEqual(
      r.diagnostics.map((d) => d.code),
      ['callbacks-skipped', 'dead-units'],
    );
    assert.deepEqual(r.history, [{ epoch: 1, loss: 0.5, metrics: { acc: 0.75 } }]);
    assert.deepEqual(
      r.checks.map((c) => c.label),
      ['init'],
    );
  });

  it('exits 0 with nothing at warning or above', () => {
    assert.equal(exitCode(reportWith(['healthy', 'healthy'])), 0);
    assert.equal(exitCode(reportWith(new Array<UnitState>(2).fill('healthy'), 'completed', [{ ...error, severity: 'information' }])), 0);
  });

  it('exits 1 with a warning', () => {
    assert.equal(exitCode(reportWith(['dead', 'healthy'])), 1);
  });

  it('exits 2 when the scan failed, was cancelled or has an error', () => {
    assert.equal(exitCode(reportWith(['healthy', 'healthy'], 'failed', [error])), 2);
    assert.equal(exitCode(reportWith(['healthy', 'healthy'], 'cancelled')), 2);
    assert.equal(exitCode(reportWith(['dead', 'healthy'], 'completed', [error])), 2);
  });
});
