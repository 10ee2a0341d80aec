// When each fix applies and when it is not offered, how a layer is found from its position,
// the learning-rate arithmetic, pairs of fixes, and the file's own conventions (CRLF, aliases).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ActivationFamily } from '../../src/shared/protocol';
import { applyEdits, fixesFor, languageOf, targetAfterEdits, type FixTarget, type SourceLanguage } from '../../src/engine/fixes';
import { assertSettled, fixed } from './fixes-helpers';

const lines = (...l: string[]): string => l.join('\n') + '\n';

function target(line: number, column: number, className = 'Dense', family: ActivationFamily | null = 'relu'): FixTarget {
  return { line, column, className, activation: family === 'relu' ? 'relu' : (family ?? 'linear'), family };
}

const ids = (source: string, language: SourceLanguage, t: FixTarget, code: 'dead-units' | 'saturated-units' = 'dead-units') =>
  fixesFor(source, language, t, code).map((f) => f.id);

const KERAS = lines(
  'from tensorflow.keras import layers, models',
  'model = models.Sequential([',
  "    layers.Dense(64, activation='relu', input_shape=(784,)),",
  "    layers.Dense(10, activation='softmax'),",
  '])',
  "model.compile(optimizer='adam', loss='mse')",
);

describe('languageOf', () => {
  it('maps the supported extensions', () => {
    assert.deepEqual(['a.py', 'a.js', 'a.mjs', 'a.cjs', 'a.ts', 'a.mts', 'A.PY', 'a.tsx', 'a.txt', 'py'].map(languageOf), [
      'python',
      'javascript',
      'javascript',
      'javascript',
      'typescript',
      'typescript',
      'python',
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe('finding the layer', () => {
  it('returns no fix when the position holds no layer call of that class', () => {
    assert.deepEqual(fixesFor(KERAS, 'python', target(1, 1), 'dead-units'), []); // the import line
    assert.deepEqual(fixesFor(KERAS, 'python', target(6, 1), 'dead-units'), []); // model.compile
    assert.deepEqual(fixesFor(KERAS, 'python', target(40, 1), 'dead-units'), []); // past the end
    assert.deepEqual(fixesFor(KERAS, 'python', target(3, 90), 'dead-units'), []); // past the line's end
    assert.deepEqual(fixesFor(KERAS, 'python', target(3, 5, 'Conv2D'), 'dead-units'), []); // another class
    assert.deepEqual(fixesFor(KERAS, 'python', target(2, 9), 'dead-units'), []); // Sequential([...]) holds two Dense calls
  });

  it('finds the call from any position inside it, or from the statement around it', () => {
    const expected = ids(KERAS, 'python', target(3, 5));
    assert.equal(expected[0], 'he-init');
    assert.deepEqual(ids(KERAS, 'python', target(3, 12)), expected); // at `Dense`, as V8 reports
    assert.deepEqual(ids(KERAS, 'python', target(3, 30)), expected); // inside the arguments
    const add = lines('import tensorflow as tf', 'model = tf.keras.Sequential()', "model.add(tf.keras.layers.Dense(8, activation='relu'))");
    assert.deepEqual(ids(add, 'python', target(3, 1)), ids(add, 'python', target(3, 11)));
  });

  it('offers nothing for codes other than unit diagnostics, or for an unmonitored layer', () => {
    assert.deepEqual(fixesFor(KERAS, 'python', target(3, 5), 'input-dead'), []);
    assert.deepEqual(fixesFor(KERAS, 'python', target(3, 5), 'shape-mismatch'), []);
    assert.deepEqual(fixesFor(KERAS, 'python', target(3, 5, 'Dense', null), 'dead-units'), []);
  });

  it('follows a Python import alias to the class', () => {
    const source = lines('from keras.layers import Dense as D', 'from keras.models import Sequential', "model = Sequential([D(64, activation='relu'), D(10)])");
    assert.equal(
      fixed(source, 'python', target(3, 21), 'batch-norm'),
      lines(
        'from keras.layers import Dense as D, BatchNormalization, Activation',
        'from keras.models import Sequential',
        "model = Sequential([D(64), BatchNormalization(), Activation('relu'), D(10)])",
      ),
    );
  });
});

describe('fixes that cannot apply are not offered', () => {
  const dense = (args: string, compile = "model.compile(optimizer='adam', loss='mse')") =>
    lines('from keras import layers, models, initializers, optimizers', `model = models.Sequential([layers.Dense(${args}), layers.Dense(1)])`, compile);
  const at = target(2, 28);

  it('He initialisation when the kernel initialiser is He already, in any spelling', () => {
    for (const init of ["'he_normal'", "'he_uniform'", 'initializers.HeNormal()', 'initializers.he_uniform(seed=1)']) {
      assert.ok(!ids(dense(`8, activation='relu', kernel_initializer=${init}`), 'python', at).includes('he-init'), init);
    }
    assert.ok(ids(dense("8, activation='relu', kernel_initializer='glorot_uniform'"), 'python', at).includes('he-init'));
  });

  it("Glorot initialisation when the layer already uses Glorot, Keras's default", () => {
    const sigmoid = target(2, 28, 'Dense', 'sigmoid');
    assert.ok(!ids(dense("8, activation='sigmoid'"), 'python', sigmoid, 'saturated-units').includes('glorot-init'));
    assert.ok(!ids(dense("8, activation='sigmoid', kernel_initializer='glorot_normal'"), 'python', sigmoid).includes('glorot-init'));
    assert.deepEqual(
      fixesFor(dense("8, activation='sigmoid', kernel_initializer=initializers.RandomNormal(0, 5)"), 'python', sigmoid, 'saturated-units')
        .slice(0, 2)
        .map(({ id, preferred }) => ({ id, preferred })),
      [
        { id: 'glorot-init', preferred: true },
        { id: 'batch-norm', preferred: false },
      ],
    );
  });

  it('zero bias unless the bias initialiser is strongly negative (≤ -0.1)', () => {
    const offered = (bias: string) => ids(dense(`8, activation='relu', bias_initializer=${bias}`), 'python', at).includes('zero-bias');
    assert.deepEqual(
      [
        'initializers.Constant(-0.05)',
        'initializers.Constant(0.5)',
        "'zeros'",
        "'ones'",
        'initializers.RandomNormal(mean=0.0)',
        'initializers.RandomUniform(-1, 1)',
        'b',
      ].map(offered),
      [false, false, false, false, false, false, false],
    );
    assert.deepEqual(
      [
        'initializers.Constant(-0.1)',
        'initializers.Constant(value=-3)',
        'initializers.constant(-1)',
        'initializers.RandomNormal(-1.0, 0.05)',
        'initializers.TruncatedNormal(mean=-0.5)',
        'initializers.RandomUniform(minval=-1, maxval=0)',
      ].map(offered),
      [true, true, true, true, true, true],
    );
  });

  it('zero bias is the preferred fix when it is offered', () => {
    const fixes = fixesFor(dense("8, activation='relu', bias_initializer=initializers.Constant(-1)"), 'python', at, 'dead-units');
    assert.deepEqual(
      fixes.slice(0, 2).map(({ id, preferred }) => ({ id, preferred })),
      [
        { id: 'zero-bias', preferred: true },
        { id: 'he-init', preferred: false },
      ],
    );
  });

  it('SGD to Adam only for plain SGD', () => {
    const offered = (optimizer: string) =>
      ids(dense("8, activation='relu'", `model.compile(optimizer=${optimizer}, loss='mse')`), 'python', at).includes('sgd-to-adam');
    assert.deepEqual(
      [
        "'sgd'",
        "'SGD'",
        'optimizers.SGD(0.1)',
        'optimizers.SGD(0.1, momentum=0.0, nesterov=False)',
        "'adam'",
        'optimizers.SGD(0.1, 0.9)',
        'optimizers.SGD(momentum=0.9)',
        'optimizers.SGD(nesterov=True)',
        'optimizers.RMSprop()',
      ].map(offered),
      [true, true, true, true, false, false, false, false, false],
    );
  });

  it('L2 when the layer has a kernel regulariser already; arguments added next to `**kwargs`', () => {
    assert.ok(!ids(dense("8, activation='relu', kernel_regularizer='l1'"), 'python', at).includes('l2'));
    assert.deepEqual(ids(dense("8, activation='relu', **extra"), 'python', at), ['batch-norm', 'leaky-relu', 'lower-lr', 'dropout']);
  });

  it('lowering the learning rate without a compile call, or with a rate that is not a literal', () => {
    assert.ok(!ids(dense("8, activation='relu'", ''), 'python', at).includes('lower-lr'));
    assert.ok(!ids(dense("8, activation='relu'", 'model.compile(optimizer=optimizers.Adam(rate), loss="mse")'), 'python', at).includes('lower-lr'));
  });

  it('layer insertions where the layer has no place in a model that the file spells out', () => {
    const helper = lines(
      'from keras import layers',
      'def block(units):',
      "    return layers.Dense(units, activation='relu')",
      'model = keras.Sequential([block(8), block(4)])',
    );
    assert.deepEqual(ids(helper, 'python', target(3, 12)), ['he-init', 'l2']);
    const js = lines(
      "import * as tf from '@tensorflow/tfjs';",
      "const config = {units: 8, activation: 'relu'};",
      'const model = tf.sequential();',
      'model.add(tf.layers.dense(config)); model.add(tf.layers.dense({units: 1}));',
      "model.compile({optimizer: 'adam', loss: 'meanSquaredError'});",
    );
    assert.deepEqual(ids(js, 'javascript', target(4, 21)), ['lower-lr']);
  });

  it('layer insertions that are already there', () => {
    const source = lines(
      'import tensorflow as tf',
      'model = tf.keras.Sequential([',
      '    tf.keras.layers.Dense(8),',
      '    tf.keras.layers.BatchNormalization(),',
      '    tf.keras.layers.LeakyReLU(),',
      '    tf.keras.layers.Dropout(0.5),',
      '])',
    );
    assert.deepEqual(ids(source, 'python', target(3, 5)), ['he-init', 'l2']);
  });
});

describe('lowering the learning rate', () => {
  const keras = (optimizer: string) =>
    lines(
      'from keras import layers, models, optimizers',
      "model = models.Sequential([layers.Dense(8, activation='relu')])",
      `model.compile(optimizer=${optimizer}, loss='mse')`,
    );
  const rate = (source: string, language: SourceLanguage, t: FixTarget) => fixesFor(source, language, t, 'dead-units').find((f) => f.id === 'lower-lr');

  it('multiplies literal rates by 0.1 and prints them cleanly, in their own notation', () => {
    const cases: [before: string, was: string, after: string][] = [
      ['optimizers.SGD(learning_rate=0.5)', '0.5', 'optimizers.SGD(learning_rate=0.05)'],
      ['optimizers.SGD(0.3)', '0.3', 'optimizers.SGD(0.03)'],
      ['optimizers.Adam(lr=0.01)', '0.01', 'optimizers.Adam(lr=0.001)'],
      ['optimizers.Adam(1e-3)', '1e-3', 'optimizers.Adam(1e-4)'],
      ['optimizers.Adam(learning_rate=3E-2)', '3E-2', 'optimizers.Adam(learning_rate=3E-3)'],
      ['optimizers.Adam(learning_rate=1)', '1', 'optimizers.Adam(learning_rate=0.1)'],
      ['optimizers.Adam()', '0.001', 'optimizers.Adam(learning_rate=0.0001)'],
      ["'adam'", '0.001', 'optimizers.Adam(learning_rate=0.0001)'],
      ["'rmsprop'", '0.001', 'optimizers.RMSprop(learning_rate=0.0001)'],
    ];
    for (const [before, was, after] of cases) {
      assert.equal(
        fixed(keras(before), 'python', target(2, 28), 'lower-lr'),
        lines(
          'from keras import layers, models, optimizers',
          "model = models.Sequential([layers.Dense(8, activation='relu')])",
          `# Dying Neurons: learning rate x0.1 (was ${was})`,
          `model.compile(optimizer=${after}, loss='mse')`,
        ),
        before,
      );
    }
    assert.equal(rate(keras("'sgd'"), 'python', target(2, 28))?.title, 'Lower the learning rate ×0.1 (0.01 → 0.001)');
    assert.equal(rate(keras('optimizers.SGD(0.3)'), 'python', target(2, 28))?.title, 'Lower the learning rate ×0.1 (0.3 → 0.03)');
  });

  it('uses tfjs defaults for tfjs optimisers', () => {
    const js = (optimizer: string) =>
      lines(
        "const tf = require('@tensorflow/tfjs');",
        "const model = tf.sequential({layers: [tf.layers.dense({units: 8, activation: 'relu', inputShape: [4]})]});",
        `model.compile({optimizer: ${optimizer}, loss: 'meanSquaredError'});`,
      );
    const cases: [before: string, was: string, after: string][] = [
      ["'adadelta'", '1', 'tf.train.adadelta(0.1)'],
      ["'adagrad'", '0.01', 'tf.train.adagrad(0.001)'],
      ["'adamax'", '0.002', 'tf.train.adamax(0.0002)'],
      ['tf.train.adam()', '0.001', 'tf.train.adam(0.0001)'],
      ['tf.train.rmsprop(0.002, 0.9)', '0.002', 'tf.train.rmsprop(0.0002, 0.9)'],
      ['tf.train.momentum(0.1, 0.9)', '0.1', 'tf.train.momentum(0.01, 0.9)'],
    ];
    for (const [before, was, after] of cases) {
      assert.equal(
        fixed(js(before), 'javascript', target(2, 50), 'lower-lr').split('\n').slice(2, 4).join('\n'),
        `// Dying Neurons: learning rate x0.1 (was ${was})\nmodel.compile({optimizer: ${after}, loss: 'meanSquaredError'});`,
        before,
      );
    }
  });

  it('is not offered again on the rate it lowered, and is again once the marker comment is gone', () => {
    const once = fixed(keras("'adam'"), 'python', target(2, 28), 'lower-lr');
    const moved = target(2, 28);
    assert.equal(rate(once, 'python', moved), undefined);
    const unmarked = once
      .split('\n')
      .filter((l) => !l.startsWith('# Dying Neurons'))
      .join('\n');
    const twice = fixed(unmarked, 'python', moved, 'lower-lr');
    assert.ok(twice.includes('optimizers.Adam(learning_rate=0.00001)'), twice);
  });

  it("finds the compile call of the layer's own model", () => {
    const source = lines(
      'from keras import layers, models',
      "encoder = models.Sequential([layers.Dense(8, activation='relu')])",
      "decoder = models.Sequential([layers.Dense(8, activation='relu')])",
      "decoder.compile(optimizer='adam', loss='mse')",
      "encoder.compile(optimizer='sgd', loss='mse')",
    );
    assert.equal(rate(source, 'python', target(2, 30))?.title, 'Lower the learning rate ×0.1 (0.01 → 0.001)');
    assert.equal(rate(source, 'python', target(3, 30))?.title, 'Lower the learning rate ×0.1 (0.001 → 0.0001)');
  });
});

describe('pairs of fixes (try-fixes applies one after another on a scratch copy)', () => {
  const source = lines(
    'from keras.models import Sequential',
    'from keras.layers import Dense',
    'model = Sequential([',
    "    Dense(64, activation='relu', input_shape=(784,)),",
    "    Dense(10, activation='softmax'),",
    '])',
  );
  const t = target(4, 5);
  const then = (text: string, first: 'batch-norm' | 'leaky-relu', second: 'batch-norm' | 'leaky-relu') => {
    const a = fixesFor(text, 'python', t, 'dead-units').find((f) => f.id === first)!;
    const moved = targetAfterEdits(text, 'python', a.edits, t)!;
    return fixed(applyEdits(text, a.edits), 'python', moved, second);
  };

  it('BatchNormalization then LeakyReLU, either way round, gives Dense → BatchNormalization → LeakyReLU', () => {
    const expected = (imports: string) =>
      lines(
        'from keras.models import Sequential',
        `from keras.layers import ${imports}`,
        'model = Sequential([',
        '    Dense(64, input_shape=(784,)),',
        '    BatchNormalization(),',
        '    LeakyReLU(),',
        "    Dense(10, activation='softmax'),",
        '])',
      );
    assert.equal(then(source, 'leaky-relu', 'batch-norm'), expected('Dense, LeakyReLU, BatchNormalization'));
    assert.equal(then(source, 'batch-norm', 'leaky-relu'), expected('Dense, BatchNormalization, Activation, LeakyReLU'));
  });

  it('maps the target through edits above it (an added import line)', () => {
    const js = lines(
      "import * as tf from '@tensorflow/tfjs';",
      'const model = tf.sequential();',
      "model.add(tf.layers.dense({units: 8, activation: 'relu', inputShape: [4]}));",
    );
    const edits = [{ start: 0, end: 0, newText: '// header\n' }];
    assert.deepEqual(targetAfterEdits(js, 'javascript', edits, target(3, 21)), target(4, 11));
    assert.equal(targetAfterEdits(js, 'javascript', [{ start: 80, end: 90, newText: '' }], target(3, 21)), undefined);
    assert.equal(targetAfterEdits(js, 'javascript', edits, target(2, 1)), undefined);
  });
});

describe("the file's conventions", () => {
  it('keeps CRLF line breaks and the tab indentation of a loop body', () => {
    const source = ['import keras', 'model = keras.Sequential()', 'for _ in range(2):', "\tmodel.add(keras.layers.Dense(8, activation='relu'))", ''].join(
      '\r\n',
    );
    const t = target(4, 12);
    assert.equal(
      fixed(source, 'python', t, 'batch-norm'),
      [
        'import keras',
        'model = keras.Sequential()',
        'for _ in range(2):',
        '\tmodel.add(keras.layers.Dense(8))',
        '\tmodel.add(keras.layers.BatchNormalization())',
        "\tmodel.add(keras.layers.Activation('relu'))",
        '',
      ].join('\r\n'),
    );
    for (const fix of fixesFor(source, 'python', t, 'dead-units')) assertSettled(source, 'python', t, 'dead-units', fix);
  });

  it('keeps a positional activation followed by more positional arguments in place, as None', () => {
    const source = lines('from keras.layers import Dense', "model = keras.Sequential([Dense(64, 'relu', False), Dense(1)])");
    assert.equal(
      fixed(source, 'python', target(2, 27), 'leaky-relu'),
      lines('from keras.layers import Dense, LeakyReLU', 'model = keras.Sequential([Dense(64, None, False), LeakyReLU(), Dense(1)])'),
    );
  });

  it('adds an argument on its own line to arguments written one per line, trailing comma kept', () => {
    const source = lines('import tensorflow as tf', 'x = tf.keras.layers.Dense(', '    64,', "    activation='relu',  # hidden", ')(x)');
    assert.equal(
      fixed(source, 'python', target(2, 5), 'he-init'),
      lines(
        'import tensorflow as tf',
        'x = tf.keras.layers.Dense(',
        '    64,',
        "    activation='relu',  # hidden",
        "    kernel_initializer='he_normal',",
        ')(x)',
      ),
    );
    assert.equal(
      fixed(source, 'python', target(2, 5), 'batch-norm'),
      lines(
        'import tensorflow as tf',
        'x = tf.keras.layers.Dense(',
        '    64,',
        ')(x)',
        'x = tf.keras.layers.BatchNormalization()(x)',
        "x = tf.keras.layers.Activation('relu')(x)",
      ),
    );
  });

  it('does not take a name the file already uses for a new import', () => {
    const source = lines('from keras.layers import Dense', 'l2 = 0.01', "model = keras.Sequential([Dense(64, activation='relu')])");
    assert.equal(
      fixed(source, 'python', target(3, 27), 'l2'),
      lines(
        'from keras.layers import Dense',
        'from keras import regularizers',
        'l2 = 0.01',
        "model = keras.Sequential([Dense(64, activation='relu', kernel_regularizer=regularizers.l2(1e-4))])",
      ),
    );
  });

  it('uses aliased tfjs imports, and adds names to a run-time import, not to `import type`', () => {
    const source = lines(
      "import type {SymbolicTensor} from '@tensorflow/tfjs';",
      "import {layers as L, sequential, train as T} from '@tensorflow/tfjs';",
      'const model = sequential();',
      "model.add(L.dense({units: 8, activation: 'relu', inputShape: [4]}));",
      "model.compile({optimizer: T.sgd(0.2), loss: 'meanSquaredError'});",
    );
    const t = target(4, 13);
    assert.deepEqual(ids(source, 'typescript', t), ['he-init', 'batch-norm', 'leaky-relu', 'lower-lr', 'sgd-to-adam', 'l2', 'dropout']);
    assert.equal(fixed(source, 'typescript', t, 'sgd-to-adam').split('\n')[4], "model.compile({optimizer: T.adam(0.001), loss: 'meanSquaredError'});");
    assert.deepEqual(fixed(source, 'typescript', t, 'l2').split('\n').slice(0, 4), [
      "import type {SymbolicTensor} from '@tensorflow/tfjs';",
      "import {layers as L, sequential, train as T, regularizers} from '@tensorflow/tfjs';",
      'const model = sequential();',
      "model.add(L.dense({units: 8, activation: 'relu', inputShape: [4], kernelRegularizer: regularizers.l2({l2: 1e-4})}));",
    ]);
  });

  it('inserts layers before the comment that introduces the next one', () => {
    const source = lines(
      'from tensorflow.keras import layers, Sequential',
      'model = Sequential([',
      '    # hidden',
      "    layers.Dense(64, activation='relu'),  # wide",
      '    # output',
      '    layers.Dense(10)  # logits',
      '])',
    );
    assert.equal(
      fixed(source, 'python', target(4, 5), 'dropout'),
      lines(
        'from tensorflow.keras import layers, Sequential',
        'model = Sequential([',
        '    # hidden',
        "    layers.Dense(64, activation='relu'),  # wide",
        '    layers.Dropout(0.2),',
        '    # output',
        '    layers.Dense(10)  # logits',
        '])',
      ),
    );
    assert.equal(
      fixed(source, 'python', target(6, 5), 'dropout'),
      lines(
        'from tensorflow.keras import layers, Sequential',
        'model = Sequential([',
        '    # hidden',
        "    layers.Dense(64, activation='relu'),  # wide",
        '    # output',
        '    layers.Dense(10),  # logits',
        '    layers.Dropout(0.2)',
        '])',
      ),
    );
  });

  it('adds a tfjs namespace to a destructured require', () => {
    const source = lines(
      "const {layers, sequential} = require('@tensorflow/tfjs');",
      'const model = sequential();',
      "model.add(layers.dense({units: 8, activation: 'relu', inputShape: [4]}))",
    );
    assert.equal(
      fixed(source, 'javascript', target(3, 18), 'l2'),
      lines(
        "const {layers, sequential, regularizers} = require('@tensorflow/tfjs');",
        'const model = sequential();',
        "model.add(layers.dense({units: 8, activation: 'relu', inputShape: [4], kernelRegularizer: regularizers.l2({l2: 1e-4})}))",
      ),
    );
  });
});
