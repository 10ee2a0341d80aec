// TensorFlow.js scripts run as written in the real worker: every layer is placed at its
// constructor call in the user's file, through helpers, loops, TypeScript, ESM with top-level
// await, CommonJS, and local modules.

import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { FIXTURES, placeOf, ROOT, scan } from './worker-helpers';

const fixture = (name: string) => path.join(FIXTURES, name);

describe('worker: source positions of layers', () => {
  it('places layers built directly, in a helper (with its call site) and in a loop (.js, CommonJS)', async () => {
    const { report, model } = await scan(fixture('layers.js'));
    assert.equal(report.status, 'completed');
    assert.deepEqual(
      model.map((l) => [l.name, l.activation, l.family, l.units, placeOf(l)]),
      [
        ['dense_Dense1', 'relu', 'relu', 8, [9, 11, 9, 77]],
        ['dense_Dense2', 'relu', 'relu', 6, [5, 10, 5, 56]],
        ['dense_Dense3', 'tanh', 'tanh', 5, [13, 5, 16, 7]],
        ['dense_Dense4', 'tanh', 'tanh', 5, [13, 5, 16, 7]],
        ['dense_Dense5', 'softmax', null, 3, [19, 11, 19, 63]],
      ],
    );
    assert.ok(model.every((l) => l.location?.file === fixture('layers.js')));
    assert.deepEqual(model[1].callers, [{ file: fixture('layers.js'), line: 10, column: 11, endLine: 10, endColumn: 20, functionName: 'hidden' }]);
    assert.deepEqual(model[2].callers, []);
    assert.deepEqual(
      model.map((l) => l.inbound),
      [[], ['dense_Dense1'], ['dense_Dense2'], ['dense_Dense3'], ['dense_Dense4']],
    );
    // --epochs 1 overrides the script's 3; checks: init, early (batch 1 of 4), the epoch end.
    assert.equal(report.epochsRun, 1);
    assert.deepEqual(
      report.checks.map((c) => [c.kind, c.label, c.step, c.probeSamples]),
      [
        ['init', 'init', 0, 64],
        ['early', 'epoch 1 batch 1', 1, 64],
        ['epoch', 'epoch 1', 4, 64],
      ],
    );
    assert.deepEqual(
      report.layers.map((l) => [l.name, l.line, l.column]),
      [
        ['dense_Dense1', 9, 11],
        ['dense_Dense2', 5, 10],
        ['dense_Dense3', 13, 5],
        ['dense_Dense4', 13, 5],
      ],
    );
  });

  it('runs ESM with top-level await and attributes a separate ReLU layer to the Dense before it (.mjs)', async () => {
    const { report, model } = await scan(fixture('functional.mjs'), { options: { epochs: undefined } });
    assert.equal(report.status, 'completed');
    assert.equal(report.epochsRun, 2);
    assert.deepEqual(
      model.map((l) => [l.name, l.className, l.activation, l.family, placeOf(l), l.inbound]),
      [
        ['dense_Dense1', 'Dense', 'relu', 'relu', [5, 15, 5, 44], []],
        ['re_lu_ReLU1', 'ReLU', 'relu', null, [6, 19, 6, 35], ['dense_Dense1']],
        ['dense_Dense2', 'Dense', 'sigmoid', 'sigmoid', [7, 16, 7, 68], ['re_lu_ReLU1']],
      ],
    );
    assert.deepEqual(
      report.layers.map((l) => l.name),
      ['dense_Dense1', 'dense_Dense2'],
    );
  });

  it('maps TypeScript back to its own lines and names the callback caller (.ts)', async () => {
    const { report, model, messages } = await scan(fixture('typed.ts'));
    assert.equal(report.status, 'completed');
    assert.deepEqual(
      model.map((l) => [l.name, l.activation, placeOf(l)]),
      [
        ['dense_Dense1', 'relu', [16, 13, 16, 81]],
        ['dense_Dense2', 'tanh', [16, 13, 16, 81]],
        ['dense_Dense3', 'linear', [18, 11, 18, 40]],
      ],
    );
    assert.deepEqual(model[0].callers, [{ file: fixture('typed.ts'), line: 15, column: 1, endLine: 17, endColumn: 2, functionName: 'forEach' }]);
    // The calls of model.compile(...) and, inside the async helper, model.fit(...).
    const started = messages.find((m) => m.type === 'started');
    assert.deepEqual(started?.type === 'started' && started.training, {
      compile: { file: fixture('typed.ts'), line: 19, column: 1, endLine: 19, endColumn: 62 },
      fit: { file: fixture('typed.ts'), line: 22, column: 9, endLine: 22, endColumn: 100 },
    });
  });

  it('places a layer built in an imported module in that module (.mts)', async () => {
    const { report, model } = await scan(fixture('module.mts'));
    assert.equal(report.status, 'completed');
    assert.deepEqual(model[0].location, { file: fixture('builders.mts'), line: 4, column: 10, endLine: 4, endColumn: 77 });
    assert.deepEqual(model[0].callers, [{ file: fixture('module.mts'), line: 6, column: 11, endLine: 6, endColumn: 23, functionName: 'wideLayer' }]);
    assert.deepEqual([model[0].activation, model[0].family], ['elu', 'relu']);
  });

  it('runs a CommonJS main module that trains with fitDataset (.cjs)', async () => {
    const { report, model, messages } = await scan(fixture('commonjs.cjs'), { options: { epochs: undefined } });
    assert.equal(report.status, 'completed');
    assert.equal(report.epochsRun, 2);
    assert.deepEqual(placeOf(model[0]), [6, 14, 6, 80]);
    assert.deepEqual(placeOf(model[1]), [6, 82, 6, 111]);
    const started = messages.find((m) => m.type === 'started');
    assert.deepEqual(started?.type === 'started' && [started.epochs, started.batchesPerEpoch, started.samples], [2, 6, 48]);
    assert.deepEqual(
      report.checks.map((c) => c.label),
      ['init', 'epoch 1 batch 1', 'epoch 1', 'epoch 2'],
    );
  });

  it('loads our tfjs for a script outside any package, and caps the samples', async (t) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dn-script-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'layers.js');
    copyFileSync(fixture('layers.js'), file);
    const { report, messages } = await scan(file, { options: { samples: 40 } });
    assert.equal(report.status, 'completed');
    const started = messages.find((m) => m.type === 'started');
    assert.deepEqual(started?.type === 'started' && [started.samples, started.batchesPerEpoch], [40, 3]);
    assert.equal(report.layers[0].line, 9);
  });

  it("loads the script's own @tensorflow/tfjs from its node_modules first", async (t) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dn-own-tfjs-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const own = path.join(dir, 'node_modules', '@tensorflow', 'tfjs');
    mkdirSync(own, { recursive: true });
    writeFileSync(path.join(own, 'package.json'), JSON.stringify({ name: '@tensorflow/tfjs', main: 'index.js' }));
    const real = JSON.stringify(path.join(ROOT, 'node_modules', '@tensorflow', 'tfjs'));
    writeFileSync(path.join(own, 'index.js'), `console.log('the script tfjs'); module.exports = require(${real});\n`);
    const file = path.join(dir, 'layers.js');
    copyFileSync(fixture('layers.js'), file);
    const { report, output } = await scan(file);
    assert.equal(report.status, 'completed');
    assert.equal(output.split('the script tfjs').length - 1, 1);
    assert.deepEqual(
      report.layers.map((l) => l.line),
      [9, 5, 13, 13],
    );
  });

  it('scans a given source text in place of the file, with positions in that text', async () => {
    const file = fixture('layers.js');
    const text = readFileSync(file, 'utf8').replace('\nfunction hidden', '\n// one more line\nfunction hidden');
    const { report, model } = await scan(file, { options: { sourceText: text } });
    assert.equal(report.status, 'completed');
    assert.deepEqual(
      model.slice(0, 2).map((l) => [l.location?.file, placeOf(l)]),
      [
        [file, [10, 11, 10, 77]],
        [file, [6, 10, 6, 56]],
      ],
    );
  });
});
