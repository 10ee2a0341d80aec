// Files with CR-only (old Mac) or CRLF line endings get the same positions as LF files on every
// path: the line index, the Keras translator, the tfjs worker (layers and thrown errors) and the
// quick fixes, which also keep the file's own line break.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { applyEdits, fixesFor } from '../../src/engine/fixes';
import { lineEnd, lineStart, newlineOf } from '../../src/engine/fixes/text';
import { LineIndex } from '../../src/engine/lineIndex';
import { diagnosticsOf, placeOf, scan } from './worker-helpers';
import { layersOf, place, translate } from './keras-helpers';

const BREAKS = ['\n', '\r\n', '\r'];
const withBreak = (lf: string, lineBreak: string) => lf.replace(/\n/g, lineBreak);

const KERAS = [
  '# A comment: lezer would read it to the end of a CR-only file.',
  'import numpy as np',
  'from tensorflow import keras',
  '',
  'x = np.random.rand(32, 4)',
  'y = np.random.rand(32, 1)',
  'model = keras.Sequential([',
  '    keras.Input(shape=(4,)),',
  "    keras.layers.Dense(8, activation='relu'),",
  '    keras.layers.Dense(1),',
  '])',
  "model.compile(optimizer='sgd', loss='mse')",
  'model.fit(x, y)',
  '',
].join('\n');

describe('line endings: LF, CRLF and CR-only', () => {
  it('indexes lines, positions and offsets alike', () => {
    for (const lineBreak of BREAKS) {
      const text = withBreak('ab\ncd\n\nef', lineBreak);
      const index = new LineIndex(text);
      assert.equal(index.lineCount, 4, JSON.stringify(lineBreak));
      const e = text.indexOf('e');
      assert.deepEqual(index.position(e), { line: 4, column: 1 });
      assert.deepEqual(index.position(text.indexOf('d')), { line: 2, column: 2 });
      assert.equal(index.offset(4, 1), e);
      // Column 3 of "cd" is its end (before the break); column 4 is past it.
      assert.equal(index.offset(2, 3), text.indexOf('d') + 1);
      assert.equal(index.offset(2, 4), undefined);
      const d = text.indexOf('d');
      assert.deepEqual([lineStart(text, d), lineEnd(text, d)], [text.indexOf('c'), d + 1]);
      assert.equal(newlineOf(text), lineBreak);
    }
  });

  it('translates a Keras script with its layers on their lines', () => {
    for (const lineBreak of BREAKS) {
      assert.deepEqual(layersOf(translate(withBreak(KERAS, lineBreak))).map(place), [
        [9, 5, 9, 45],
        [10, 5, 10, 26],
      ]);
    }
  });

  it('fixes a CR-only file with CR line breaks', () => {
    const target = { line: 9, column: 5, className: 'Dense', activation: 'relu', family: 'relu' as const };
    const fix = (text: string) => {
      const batchNorm = fixesFor(text, 'python', target, 'dead-units').find((f) => f.id === 'batch-norm');
      assert.ok(batchNorm);
      return applyEdits(text, batchNorm.edits);
    };
    const lf = fix(KERAS);
    assert.match(lf, /keras\.layers\.BatchNormalization\(\),\n/);
    assert.equal(fix(withBreak(KERAS, '\r')), withBreak(lf, '\r'));
  });

  it('scans a CR-only TensorFlow.js script at the right lines, layers and thrown errors', async (t) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dn-cr-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const script = [
      "const tf = require('@tensorflow/tfjs'); // the comment ends at the CR",
      '',
      'const model = tf.sequential();',
      'model.add(',
      "  tf.layers.dense({ units: 4, activation: 'relu', inputShape: [3] }),",
      ');',
      "model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });",
      'await model.fit(tf.ones([8, 3]), tf.ones([8, 4]), { epochs: 1 });',
      "if (model.layers.length > 0) throw new Error('after fit');",
      '',
    ].join('\r');
    const file = path.join(dir, 'model.mjs');
    writeFileSync(file, script);
    const { model } = await scan(file);
    assert.deepEqual(placeOf(model[0]), [5, 3, 5, 69]);

    const throwing = path.join(dir, 'throws.mjs');
    writeFileSync(throwing, ['// throws', '', "if (Math.sqrt(4) === 2) throw new RangeError('too big');", ''].join('\r'));
    const { report } = await scan(throwing);
    assert.deepEqual(
      diagnosticsOf(report).map((d) => [d.code, d.message, d.line, d.column]),
      [['script-error', 'RangeError: too big', 3, 31]],
    );
  });
});
