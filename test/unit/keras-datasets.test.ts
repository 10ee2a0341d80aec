// Keras's cached datasets read from Keras's own file formats (written by the project's .venv
// numpy into a temporary KERAS_HOME by test/fixtures/keras_cache.py): the values after
// load_data's arguments, checked against what Keras 3.15's own load_data returns on the same
// files (test/fixtures/keras_cache_expected.json, which a Python test checks against Keras; CIFAR
// computed once through keras.src.datasets.cifar.load_batch, as Keras's cifar10.load_data needs
// 10,000 images per batch), the strict pickle reader, numpy's shuffle, and the
// translator's use of the cache (pad_sequences, the one-hot loop, the missing-cache message).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { KerasDatasetCache } from '../../src/data/keras/cache';
import type { KerasArray } from '../../src/data/keras/datasets';
import { unpickle } from '../../src/data/keras/pickle';
import { RandomState, shuffledIndices } from '../../src/data/keras/randomState';
import { ScanError } from '../../src/engine/errors';
import { translateKeras } from '../../src/engine/keras/index';
import { LOAD_DATA_SIGNATURES, type KerasCacheDataset, type KerasDatasetArgs } from '../../src/engine/kerasDatasets';
import type { ArrayPlan } from '../../src/engine/plan';
import * as tf from '@tensorflow/tfjs';
import { arrayTensor, DatasetCache } from '../../src/worker/planArrays';
import { createRandom } from '../../src/worker/seededRandom';
import { FILE, layersOf } from './keras-helpers';
import { scan } from './worker-helpers';

const ROOT = path.resolve(__dirname, '..', '..');
const EXPECTED = JSON.parse(readFileSync(path.join(ROOT, 'test', 'fixtures', 'keras_cache_expected.json'), 'utf8')) as {
  cases: { dataset: KerasCacheDataset; args: KerasDatasetArgs; expected: unknown[] }[];
};
const PYTHON = path.join(ROOT, '.venv', 'bin', 'python');

let home = '';
let cache: KerasDatasetCache;

before(() => {
  assert.ok(existsSync(PYTHON), `${PYTHON} is missing: npm test's pretest makes it (bash scripts/python-venv.sh)`);
  home = mkdtempSync(path.join(tmpdir(), 'dn-keras-home-'));
  const made = spawnSync(PYTHON, [path.join(ROOT, 'test', 'fixtures', 'keras_cache.py'), home, 'small'], { encoding: 'utf8' });
  assert.equal(made.status, 0, made.stderr);
  cache = new KerasDatasetCache(home);
});
after(() => rmSync(home, { recursive: true, force: true }));

function args(name: KerasCacheDataset, given: KerasDatasetArgs = {}): KerasDatasetArgs {
  return { ...Object.fromEntries(LOAD_DATA_SIGNATURES[name]), ...given };
}

/** An array as nested lists, as numpy's tolist() gives it. */
function listOf(a: KerasArray): unknown {
  if (a.kind === 'sequences') return a.rows;
  const values = Array.from(a.values);
  const nest = (shape: number[], at: number): unknown =>
    shape.length === 1
      ? values.slice(at, at + shape[0])
      : Array.from({ length: shape[0] }, (_, i) => nest(shape.slice(1), at + i * shape.slice(1).reduce((p, d) => p * d, 1)));
  return nest(a.shape, 0);
}

function loaded(name: KerasCacheDataset, given: KerasDatasetArgs = {}): unknown[] {
  const d = cache.load(name, args(name, given));
  return [listOf(d.train.x), listOf(d.train.y), listOf(d.test.x), listOf(d.test.y)];
}

describe("Keras's cached datasets, read as Keras 3.15 reads them", () => {
  it('numpy RandomState(113).shuffle orders as numpy does (two shuffles from one state)', () => {
    const random = new RandomState(113);
    assert.deepEqual(shuffledIndices(10, random), [9, 3, 6, 1, 0, 7, 4, 8, 2, 5]);
    assert.deepEqual(shuffledIndices(7, random), [5, 1, 0, 3, 6, 4, 2]);
    assert.deepEqual(shuffledIndices(1000, new RandomState(113)).slice(0, 8), [641, 987, 187, 779, 848, 237, 582, 883]);
  });

  // Keras 3.15's own load_data on the same files (python/tests/test_keras_cache_reference.py).
  for (const { dataset, args: given, expected } of EXPECTED.cases) {
    it(`${dataset}.load_data(${JSON.stringify(given)}) returns what Keras returns`, () => {
      assert.deepEqual(loaded(dataset, given), expected);
    });
  }

  it('cifar10: Python 2 pickled batches (bytes keys), channels last, labels of shape (n, 1)', () => {
    const d = cache.load('cifar10', args('cifar10'));
    assert.equal(d.train.x.kind, 'dense');
    if (d.train.x.kind !== 'dense' || d.test.x.kind !== 'dense') return;
    assert.deepEqual(d.train.x.shape, [10, 32, 32, 3]);
    const pixel = (a: { values: ArrayLike<number> }, n: number, row: number, col: number) =>
      Array.from({ length: 3 }, (_, c) => a.values[((n * 32 + row) * 32 + col) * 3 + c]);
    assert.deepEqual(pixel(d.train.x, 1, 0, 1), [62, 82, 102]);
    assert.deepEqual(pixel(d.train.x, 9, 31, 31), [84, 104, 124]);
    assert.deepEqual(pixel(d.test.x, 0, 31, 31), [26, 46, 66]);
    assert.deepEqual(listOf(d.train.y), [[1], [4], [2], [5], [3], [6], [4], [7], [5], [8]]);
    assert.deepEqual(listOf(d.test.y), [[9]]);
  });

  it("cifar100 with label_mode='coarse'", () => {
    const d = cache.load('cifar100', args('cifar100', { label_mode: 'coarse' }));
    assert.deepEqual(listOf(d.train.y), [[7], [19], [0]]);
    assert.deepEqual(listOf(d.test.y), [[1]]);
    if (d.train.x.kind !== 'dense') return assert.fail('dense images');
    assert.deepEqual(Array.from(d.train.x.values.subarray(((2 * 32 + 5) * 32 + 7) * 3, ((2 * 32 + 5) * 32 + 7) * 3 + 3)), [47, 67, 87]);
  });

  it('a missing file is named where Keras would look for it', () => {
    const lookup = new KerasDatasetCache(path.join(home, 'nowhere')).lookup('imdb', args('imdb'));
    assert.deepEqual(lookup, { found: false, file: path.join(home, 'nowhere', 'datasets', 'imdb.npz') });
    const cifar = new KerasDatasetCache(path.join(home, 'nowhere')).lookup('cifar10', args('cifar10'));
    assert.deepEqual(cifar, { found: false, file: path.join(home, 'nowhere', 'datasets', 'cifar-10-batches-py-target', 'cifar-10-batches-py') });
  });
});

describe('the pickle reader refuses what Keras refuses', () => {
  it('a global other than numpy array reconstruction', () => {
    const bytes = Buffer.from('\x80\x02cos\nsystem\nq\x00.', 'latin1');
    assert.throws(() => unpickle(bytes), /refusing the global os\.system/);
  });

  it('an opcode numpy does not write, by name and byte', () => {
    assert.throws(() => unpickle(Buffer.from('\x80\x02I12\n.', 'latin1')), /unsupported pickle opcode 0x49 at byte 2/);
  });
});

// ---------------------------------------------------------------------------
// The translator
// ---------------------------------------------------------------------------

const IMDB_SCRIPT = `import keras
from keras import layers
from keras.datasets import imdb
from keras.preprocessing.sequence import pad_sequences

(x_train, y_train), (x_test, y_test) = imdb.load_data(num_words=100)
x_train = pad_sequences(x_train, maxlen=20)
model = keras.Sequential([
    layers.Embedding(100, 8),
    layers.Flatten(),
    layers.Dense(16, activation='relu'),
    layers.Dense(1, activation='sigmoid'),
])
model.compile(optimizer='adam', loss='binary_crossentropy')
model.fit(x_train, y_train, epochs=1)
`;

function translateWith(source: string, kerasHome = home) {
  return translateKeras(source, FILE, { kerasDatasets: new KerasDatasetCache(kerasHome) });
}

function failureWith(source: string, kerasHome = home): [string, string, number, number] {
  try {
    translateWith(source, kerasHome);
  } catch (e) {
    if (!(e instanceof ScanError) || !e.range) throw e;
    return [e.code, e.message, e.range.line, e.range.column];
  }
  return assert.fail('expected a ScanError');
}

/** imdb's x one-hot encoded into np.zeros((len(x), 10)) by `loop` (lines 5 on). */
const oneHot = (loadArgs: string, loop: string) => `import numpy as np
from keras.datasets import imdb
(x, y), _ = imdb.load_data(${loadArgs})
results = np.zeros((len(x), 10))
${loop}`;

describe('the translator on Keras cached datasets', () => {
  it('imdb.load_data(num_words=100) + pad_sequences(maxlen=20) + Embedding + Dense', () => {
    const plan = translateWith(IMDB_SCRIPT);
    assert.deepEqual(
      layersOf(plan).map((l) => [l.factory, l.location.line]),
      [
        ['embedding', 9],
        ['flatten', 10],
        ['dense', 11],
        ['dense', 12],
      ],
    );
    const x: ArrayPlan = plan.fit.x;
    assert.deepEqual(x.source, { kind: 'kerasCache', dataset: 'imdb', args: args('imdb', { num_words: 100 }), split: 'train', part: 'x' });
    assert.deepEqual(x.ops, [{ op: 'padSequences', maxlen: 20, padding: 'pre', truncating: 'pre', value: 0, dtype: 'int32' }]);
  });

  it('the textbook vectorize_sequences loop (enumerate, range(len(x)) with x[i], an inner loop over the indices) → a multi-hot step', () => {
    for (const [loop, fill] of [
      ['for i, sequence in enumerate(sequences):\n        results[i, sequence] = 1.', 'results[i, sequence] = 1.'],
      ['for i in range(len(sequences)):\n        results[i][sequences[i]] = 1', 'results[i][sequences[i]] = 1'],
      ['for i, sequence in enumerate(sequences):\n        for j in sequence:\n            results[i, j] = 1', 'results[i, j] = 1'],
    ]) {
      const script = `import numpy as np
from tensorflow import keras
from tensorflow.keras.datasets import reuters
(train_data, train_labels), (test_data, test_labels) = reuters.load_data(num_words=10)
def vectorize_sequences(sequences, dimension=10):
    results = np.zeros((len(sequences), dimension))
    ${loop}
    return results
x_train = vectorize_sequences(train_data)
y_train = np.asarray(train_labels).astype('float32')
model = keras.models.Sequential()
model.add(keras.layers.Dense(4, activation='relu', input_shape=(10,)))
model.add(keras.layers.Dense(1))
model.compile(optimizer='rmsprop', loss='mse')
model.fit(x_train, y_train, epochs=1)
`;
      const plan = translateWith(script);
      assert.deepEqual(plan.fit.x.ops, [{ op: 'multiHot', dimension: 10, value: 1 }], fill);
      // The multi-hot array is made at the assignment: line 8, or 9 inside the inner loop.
      assert.equal(plan.fit.x.location.line, loop.includes('for j') ? 9 : 8, fill);
      assert.deepEqual(plan.fit.y.ops, [{ op: 'astype', dtype: 'float32' }]);
    }
  });

  it("indices past the zeros array's width are numpy's IndexError at the assignment (imdb's nb_words= ignored by Keras 3)", () => {
    const script = oneHot('nb_words=10', 'for i, s in enumerate(x):\n    results[i, s] = 1.');
    assert.deepEqual(failureWith(script), [
      'script-error',
      "IndexError: index 10 is out of bounds for axis 1 with size 10 (imdb.load_data() was given no num_words, so it keeps every word; Keras 3 ignores Keras 2's nb_words=)",
      6,
      5,
    ]);
  });

  it('a loop over the samples that is not the one-hot fill is refused at the loop', () => {
    const script =
      oneHot('num_words=10', 'for i, s in enumerate(x):\n    results[i, s] = 1.\n    print(i)') +
      `
from keras import Sequential, layers
model = Sequential([layers.Dense(1, input_shape=(10,))])
model.compile(loss='mse')
model.fit(results, y)
`;
    const [code, message, line, column] = failureWith(script);
    assert.deepEqual([code, line, column], ['unsupported', 5, 1]);
    assert.match(message, /a loop over the samples of x is followed only as the one-hot fill .*: its body is not that one assignment/);
  });

  it('training on the sequences themselves says to pad them, at the argument', () => {
    const script = IMDB_SCRIPT.replace('x_train = pad_sequences(x_train, maxlen=20)\n', '');
    const [code, message, line, column] = failureWith(script);
    assert.deepEqual([code, line, column], ['unsupported', 14, 11]);
    assert.match(message, /x_train is an object array of 3 sequences of different lengths \(shape \(3,\)\): pad them/);
  });

  it('a missing cache: the exact file looked for and the line of Python that fills it, at load_data', () => {
    const empty = path.join(home, 'empty-home');
    const [code, message, line, column] = failureWith(IMDB_SCRIPT, empty);
    assert.deepEqual([code, line, column], ['file-not-found', 6, 40]);
    assert.equal(
      message,
      `Keras's imdb is not in its cache: ${path.join(empty, 'datasets', 'imdb.npz')} does not exist (Keras downloads it on first use; the scan never downloads). ` +
        'Fill the cache with: python -c "from keras.datasets import imdb; imdb.load_data()"',
    );
  });

  it('an argument Keras 3 rejects is its TypeError at that argument; imdb ignores extra keywords as Keras 3 does, with a warning', () => {
    const reuters = `from keras.datasets import reuters\n(x, y), _ = reuters.load_data(nb_words=100)\n`;
    assert.deepEqual(failureWith(reuters), ['script-error', "TypeError: load_data() got an unexpected keyword argument 'nb_words'", 2, 31]);
    const plan = translateWith(IMDB_SCRIPT.replace('num_words=100', 'nb_words=100'));
    const note = plan.notes.find((n) => n.line === 6);
    assert.ok(note, 'a note at load_data');
    assert.match(note.message, /Keras 3 ignores nb_words= in imdb.load_data .*Keras 2's nb_words is num_words today/);
    assert.deepEqual(plan.fit.x.source, { kind: 'kerasCache', dataset: 'imdb', args: args('imdb'), split: 'train', part: 'x' });
  });

  it('a damaged cached file is said as such at load_data', () => {
    const damaged = path.join(home, 'damaged-home');
    mkdirSync(path.join(damaged, 'datasets'), { recursive: true });
    writeFileSync(path.join(damaged, 'datasets', 'imdb.npz'), 'not a zip');
    assert.deepEqual(failureWith(IMDB_SCRIPT, damaged), [
      'unsupported',
      `Keras's cached imdb cannot be read: ${path.join(damaged, 'datasets', 'imdb.npz')}: not a zip archive (no end of central directory)`,
      6,
      40,
    ]);
  });

  it("Keras's own ValueErrors: cifar100 label_mode, boston test_split", () => {
    assert.deepEqual(failureWith(`from keras.datasets import cifar100\n(x, y), _ = cifar100.load_data(label_mode='medium')\n`).slice(0, 3), [
      'script-error',
      'ValueError: `label_mode` must be one of `"fine"`, `"coarse"`. Received: label_mode=medium.',
      2,
    ]);
    assert.deepEqual(failureWith(`from keras.datasets import boston_housing\n(x, y), _ = boston_housing.load_data(test_split=1)\n`).slice(0, 3), [
      'script-error',
      'ValueError: Invalid `test_split` argument: 1. It must be between 0 and 1 (exclusive of 1).',
      2,
    ]);
  });

  it('cifar10 images and boston_housing rows have their shapes and label ranges', () => {
    const cifar = translateWith(`import keras
(x, y), _ = keras.datasets.cifar10.load_data()
y = keras.utils.to_categorical(y)
model = keras.Sequential([keras.layers.Conv2D(4, 3, activation='relu', input_shape=(32, 32, 3)), keras.layers.Flatten(), keras.layers.Dense(9, activation='softmax')])
model.compile(loss='categorical_crossentropy')
model.fit(x / 255.0, y)
`);
    assert.deepEqual(cifar.fit.y.ops, [{ op: 'toCategorical', classes: 9 }]);
  });
});

describe('the worker materialises cached sequences', () => {
  const at = { file: FILE, line: 1, column: 1, endLine: 1, endColumn: 2 };
  const imdbX = (ops: ArrayPlan['ops']): ArrayPlan => ({
    source: { kind: 'kerasCache', dataset: 'imdb', args: args('imdb', { num_words: 5 }), split: 'train', part: 'x' },
    ops,
    location: at,
  });
  // imdb train x with num_words=5: [1, 2, 2, 2, 4], [1, 4, 2, 2], [1, 2, 2] (see above).
  const values = (plan: ArrayPlan) => {
    const t = arrayTensor(tf, plan, createRandom(1), new DatasetCache(cache));
    const out = [t.shape, t.dtype, t.arraySync()];
    t.dispose();
    return out;
  };

  it("pad_sequences: 'pre' by default (truncating the front), 'post' on request, with value and dtype", () => {
    assert.deepEqual(values(imdbX([{ op: 'padSequences', maxlen: 4, padding: 'pre', truncating: 'pre', value: 0, dtype: 'int32' }])), [
      [3, 4],
      'int32',
      [
        [2, 2, 2, 4],
        [1, 4, 2, 2],
        [0, 1, 2, 2],
      ],
    ]);
    assert.deepEqual(values(imdbX([{ op: 'padSequences', maxlen: 4, padding: 'post', truncating: 'post', value: -1, dtype: 'float32' }])), [
      [3, 4],
      'float32',
      [
        [1, 2, 2, 2],
        [1, 4, 2, 2],
        [1, 2, 2, -1],
      ],
    ]);
  });

  it('a slice of the samples, then the one-hot loop', () => {
    assert.deepEqual(
      values(
        imdbX([
          { op: 'slice', start: 1, end: null },
          { op: 'multiHot', dimension: 6, value: 1 },
        ]),
      ),
      [
        [2, 6],
        'float32',
        [
          [0, 1, 1, 0, 1, 0],
          [0, 1, 1, 0, 0, 0],
        ],
      ],
    );
  });
});

describe('a scan in the built worker (dist/worker.js) reads $KERAS_HOME', () => {
  const scanIn = async (kerasHome: string) => {
    const file = path.join(home, 'imdb_model.py');
    writeFileSync(file, IMDB_SCRIPT);
    const saved = process.env.KERAS_HOME;
    process.env.KERAS_HOME = kerasHome;
    try {
      return (await scan(file, { options: { probe: 3 } })).report;
    } finally {
      if (saved === undefined) delete process.env.KERAS_HOME;
      else process.env.KERAS_HOME = saved;
    }
  };

  it('imdb + pad_sequences + Embedding + Dense trains to a report with its layers at their lines', async () => {
    const report = await scanIn(home);
    assert.equal(report.status, 'completed', JSON.stringify(report.diagnostics));
    assert.deepEqual(
      report.layers.map((l) => [l.name, l.line]),
      [
        ['dense', 11],
        ['dense_1', 12],
      ],
    );
  });

  it('an empty cache: the error names the file at the load_data call', async () => {
    const empty = path.join(home, 'empty-home');
    const report = await scanIn(empty);
    assert.equal(report.status, 'failed');
    const error = report.diagnostics.find((d) => d.severity === 'error');
    assert.deepEqual([error?.code, error?.line, error?.column], ['file-not-found', 6, 40]);
    assert.ok(error?.message.includes(path.join(empty, 'datasets', 'imdb.npz')), error?.message);
  });
});
