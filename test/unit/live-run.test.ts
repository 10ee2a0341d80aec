// The one fold of run messages (engine/liveRun.ts) and the protocol guards of what it reports.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emptyReport, LiveRun } from '../../src/engine/liveRun';
import { DEFAULT_THRESHOLDS, parseWorkerMessage, type LayerSummary, type WorkerMessage } from '../../src/shared/protocol';

const FILE = '/work/model.js';
const at = (line: number) => ({ file: FILE, line, column: 5, endLine: line, endColumn: 40 });
const layer = (index: number, name: string, family: LayerSummary['family'], inbound: string[]): LayerSummary => ({
  index,
  name,
  className: 'Dense',
  activation: family ?? 'softmax',
  family,
  units: 3,
  outputShape: [null, 3],
  location: at(index + 4),
  callers: [],
  inbound,
});

const STARTED: WorkerMessage = {
  type: 'started',
  backend: 'wasm',
  file: FILE,
  model: [layer(0, 'dense', 'relu', []), layer(1, 'out', null, ['dense'])],
  epochs: 2,
  batchesPerEpoch: 4,
  samples: 128,
  training: { compile: at(12), fit: at(14) },
};
const units = (index: number, epoch: number, state: ('dead' | 'healthy')[]): WorkerMessage => ({
  type: 'units',
  check: { index, kind: index === 0 ? 'init' : 'epoch', epoch, step: epoch * 4, label: index === 0 ? 'init' : `epoch ${epoch}`, probeSamples: 64 },
  layers: [{ layer: 'dense', rate: [0, 0, 0], meanAbs: [0, 0, 0], max: [0, 0, 0], tau: [0, 0, 0], saturation: null, state }],
});

describe('LiveRun', () => {
  it('folds started, units and progress into counts, findings and a report', () => {
    const run = new LiveRun(FILE, DEFAULT_THRESHOLDS);
    assert.deepEqual([run.layers(), run.diagnostics(), run.backend], [[], [], null]);
    run.observe(STARTED);
    run.observe(units(0, 0, ['dead', 'healthy', 'healthy']));
    run.observe(units(1, 1, ['dead', 'dead', 'healthy']));
    run.observe({ type: 'progress', epoch: 2, epochs: 2, batch: 1, batches: 4, loss: 0.5, metrics: {} });
    assert.equal(run.progress?.batch, 1);
    assert.equal(run.started?.samples, 128);
    assert.equal(run.dead(), 2);
    assert.deepEqual(
      run.layers().map((l) => [l.name, l.dead, l.deadUnits, l.firstDeadCheck]),
      [['dense', 2, [0, 1], [0, 1, null]]],
    );
    assert.deepEqual(
      run.diagnostics().map((d) => [d.code, d.layer, d.line]),
      [['dead-units', 'dense', 4]],
    );
    const report = run.cancelled();
    assert.deepEqual([report.status, report.backend, report.epochsRun, report.checks.length], ['cancelled', 'wasm', 1, 2]);
    assert.deepEqual(
      report.diagnostics.map((d) => [d.severity, d.code, d.line]),
      [
        ['information', 'cancelled', 1],
        ['warning', 'dead-units', 4],
      ],
    );
  });

  it('puts the errors the process sent first, and a failed run reports them instead of its own account', () => {
    const run = new LiveRun(FILE, DEFAULT_THRESHOLDS);
    run.observe(STARTED);
    run.observe({ type: 'error', code: 'script-error', message: 'x is not defined', position: at(9) });
    run.observe({ type: 'error', code: 'nan-loss', message: 'the loss became NaN', position: null });
    assert.deepEqual(
      run.diagnostics().map((d) => [d.code, d.line, d.column]),
      [
        ['script-error', 9, 5],
        ['nan-loss', 1, 1],
      ],
    );
    const failed = run.failed('worker-crashed', 'The training process exited with code 1 before it finished.');
    assert.deepEqual(
      failed.diagnostics.map((d) => d.code),
      ['script-error', 'nan-loss'],
    );
    const quiet = new LiveRun(FILE, DEFAULT_THRESHOLDS).failed('worker-crashed', 'gone');
    assert.deepEqual(
      quiet.diagnostics.map((d) => [d.code, d.message, d.line]),
      [['worker-crashed', 'gone', 1]],
    );
  });

  it('refuses statistics for more units than the layer has', () => {
    const run = new LiveRun(FILE, DEFAULT_THRESHOLDS);
    run.observe(STARTED);
    assert.throws(() => run.observe(units(0, 0, ['dead', 'dead', 'dead', 'dead'] as never)), /dense: check has 4 units, the model 3/);
  });
});

describe('emptyReport', () => {
  it('is a valid report of a run that measured nothing', () => {
    const note = { severity: 'information', code: 'cancelled', message: 'Scan cancelled.', ...at(1) } as const;
    const report = emptyReport(FILE, 'cancelled', [note]);
    assert.deepEqual(report, {
      version: 1,
      file: FILE,
      status: 'cancelled',
      backend: null,
      epochsRun: 0,
      layers: [],
      diagnostics: [note],
      checks: [],
      history: [],
    });
    assert.ok(parseWorkerMessage({ type: 'finished', report }));
  });
});

describe('protocol guards', () => {
  const run = new LiveRun(FILE, DEFAULT_THRESHOLDS);
  run.observe(STARTED);
  run.observe(units(0, 0, ['dead', 'dead', 'dead']));
  const report = run.report('completed', []);
  const finished = (change: (r: Record<string, unknown>) => void): unknown => {
    const copy = JSON.parse(JSON.stringify(report)) as Record<string, unknown>;
    change(copy);
    return { type: 'finished', report: copy };
  };
  const firstLayer = (r: Record<string, unknown>) => (r.layers as Record<string, unknown>[])[0];
  const firstDiagnostic = (r: Record<string, unknown>) => (r.diagnostics as Record<string, unknown>[])[0];

  it('take a report with every field', () => {
    assert.deepEqual(
      report.diagnostics[0].related?.map((r) => [r.message, r.line]),
      [
        ['compiled here', 12],
        ['trained here', 14],
      ],
    );
    assert.ok(parseWorkerMessage(finished(() => undefined)));
    assert.ok(parseWorkerMessage(finished((r) => (r.revived = { units: 2, aliveAtEnd: 1 }))));
  });

  it('check the fields the parent uses later', () => {
    const broken: [string, (r: Record<string, unknown>) => void][] = [
      ['cameBack', (r) => delete firstLayer(r).cameBack],
      ['rootCause', (r) => (firstLayer(r).rootCause = 3)],
      ['dyingUnits', (r) => delete firstLayer(r).dyingUnits],
      ['endLine', (r) => delete firstLayer(r).endLine],
      ['layer', (r) => (firstDiagnostic(r).layer = 7)],
      ['related', (r) => (firstDiagnostic(r).related = [{ message: 'trained here', line: 3 }])],
      ['revived', (r) => (r.revived = { units: 'two' })],
    ];
    for (const [field, change] of broken) assert.equal(parseWorkerMessage(finished(change)), undefined, field);
  });
});

describe('LiveRun of several fits', () => {
  const second: WorkerMessage = {
    ...STARTED,
    model: [layer(0, 'dense_2', 'relu', []), layer(1, 'out_1', null, ['dense_2'])],
    training: { compile: at(12), fit: at(20) },
    fit: { index: 1, repeats: 3 },
  };
  const secondUnits = (index: number, epoch: number, state: ('dead' | 'healthy')[]): WorkerMessage => {
    const m = units(index, epoch, state);
    return m.type === 'units' ? { ...m, layers: m.layers.map((l) => ({ ...l, layer: 'dense_2' })) } : m;
  };

  it('a started per fit: every fit its layers, checks and epochs; the report groups them', () => {
    const run = new LiveRun(FILE, DEFAULT_THRESHOLDS);
    run.observe(STARTED);
    run.observe(units(0, 0, ['dead', 'healthy', 'healthy']));
    run.observe(units(1, 1, ['dead', 'healthy', 'healthy']));
    run.observe(second);
    run.observe(secondUnits(0, 0, ['dead', 'dead', 'dead']));
    assert.deepEqual(
      run.model.map((l) => l.name),
      ['dense', 'out', 'dense_2', 'out_1'],
    );
    assert.equal(run.dead(), 4);
    assert.deepEqual(
      run.layers().map((l) => [l.name, l.fit, l.dead]),
      [
        ['dense', 0, 1],
        ['dense_2', 1, 3],
      ],
    );
    assert.deepEqual(
      run.diagnostics().map((d) => [d.code, d.line, d.message.split(': ')[0]]),
      [
        ['dead-units', 4, 'Fit 1 of 2'],
        ['dead-units', 4, 'Fit 2 of 2'],
      ],
    );
    const report = run.cancelled();
    assert.deepEqual(
      report.fits?.map((f) => [f.index, f.training.fit?.line, f.repeats, f.epochsRun, f.checks.length, f.layers.map((l) => l.name)]),
      [
        [0, 14, 0, 1, 2, ['dense']],
        [1, 20, 3, 0, 1, ['dense_2']],
      ],
    );
    assert.equal(report.epochsRun, 1);
    assert.deepEqual(
      report.checks.map((c) => c.label),
      ['init', 'epoch 1'],
    );
    assert.ok(parseWorkerMessage({ type: 'finished', report }), 'the grouped report passes the protocol guard');
    assert.equal(parseWorkerMessage({ type: 'finished', report: { ...report, fits: [{ ...report.fits![0], repeats: '3' }] } }), undefined);
  });
});
