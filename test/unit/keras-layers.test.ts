// Keras layer constructors, with keyword and positional arguments, translate to tfjs configs
// with Keras's defaults (glorot_uniform kernels, zero biases).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configs, GLOROT, layersOf, place, translate, ZEROS } from './keras-helpers';

const dense = (extra: Record<string, unknown>) => ({ factory: 'dense', activation: 'linear', kernelInitializer: GLOROT, biasInitializer: ZEROS, ...extra });
const conv = (factory: string, extra: Record<string, unknown>) => ({
  factory,
  activation: 'linear',
  kernelInitializer: GLOROT,
  biasInitializer: ZEROS,
  ...extra,
});

describe('Dense', () => {
  it('defaults to a linear layer with glorot_uniform kernel and zero bias, like Keras', () => {
    assert.deepEqual(configs('layers.Dense(64)', '16, 20'), [dense({ units: 64, name: 'dense' })]);
  });

  it('reads units, activation, use_bias and initializers positionally', () => {
    assert.deepEqual(configs("layers.Dense(32, 'relu', False, 'he_normal', 'ones')", '16, 20'), [
      dense({
        units: 32,
        activation: 'relu',
        useBias: false,
        kernelInitializer: { className: 'HeNormal', config: { seed: null } },
        biasInitializer: { className: 'Ones', config: {} },
        name: 'dense',
      }),
    ]);
  });

  it('reads initializer and regularizer objects with their arguments, name and trainable', () => {
    const layer = configs(
      [
        'layers.Dense(8, activation=keras.activations.tanh,',
        '  kernel_initializer=keras.initializers.RandomNormal(mean=-3., stddev=0.05, seed=7),',
        '  bias_initializer=keras.initializers.Constant(-1.0),',
        '  kernel_regularizer=keras.regularizers.l2(0.001), bias_regularizer="l1",',
        '  activity_regularizer=keras.regularizers.l1_l2(l1=0.01, l2=0.02), name="hidden", trainable=False)',
      ].join('\n'),
      '16, 20',
    );
    assert.deepEqual(layer, [
      {
        factory: 'dense',
        units: 8,
        activation: 'tanh',
        kernelInitializer: { className: 'RandomNormal', config: { mean: -3, stddev: 0.05, seed: 7 } },
        biasInitializer: { className: 'Constant', config: { value: -1 } },
        kernelRegularizer: { className: 'L1L2', config: { l1: 0, l2: 0.001 } },
        biasRegularizer: { className: 'L1L2', config: { l1: 0.01, l2: 0 } },
        activityRegularizer: { className: 'L1L2', config: { l1: 0.01, l2: 0.02 } },
        name: 'hidden',
        trainable: false,
      },
    ]);
  });

  it('maps every initializer Keras names to its tfjs class, defaults filled in', () => {
    const cases: [string, unknown][] = [
      [
        'keras.initializers.VarianceScaling(scale=2.0, mode="fan_avg", distribution="uniform")',
        { className: 'VarianceScaling', config: { scale: 2, mode: 'fanAvg', distribution: 'uniform', seed: null } },
      ],
      ['"variance_scaling"', { className: 'VarianceScaling', config: { scale: 1, mode: 'fanIn', distribution: 'normal', seed: null } }],
      ['keras.initializers.GlorotUniform(seed=42)', { className: 'GlorotUniform', config: { seed: 42 } }],
      ['keras.initializers.GlorotNormal()', { className: 'GlorotNormal', config: { seed: null } }],
      ['keras.initializers.HeNormal()', { className: 'HeNormal', config: { seed: null } }],
      ['keras.initializers.he_uniform', { className: 'HeUniform', config: { seed: null } }],
      ['"lecun_normal"', { className: 'LeCunNormal', config: { seed: null } }],
      ['"LecunUniform"', { className: 'LeCunUniform', config: { seed: null } }],
      ['keras.initializers.TruncatedNormal(0., 0.1)', { className: 'TruncatedNormal', config: { mean: 0, stddev: 0.1, seed: null } }],
      ['keras.initializers.RandomUniform(minval=-1, maxval=0.5)', { className: 'RandomUniform', config: { minval: -1, maxval: 0.5, seed: null } }],
      ['"random_normal"', { className: 'RandomNormal', config: { mean: 0, stddev: 0.05, seed: null } }],
      ['keras.initializers.Orthogonal(gain=2)', { className: 'Orthogonal', config: { gain: 2, seed: null } }],
      ['keras.initializers.Zeros()', { className: 'Zeros', config: {} }],
      ['"constant"', { className: 'Constant', config: { value: 0 } }],
    ];
    for (const [initializer, expected] of cases) {
      const [layer] = configs(`layers.Dense(4, kernel_initializer=${initializer})`, '16, 20');
      assert.deepEqual(layer.kernelInitializer, expected, initializer);
    }
  });

  it('maps Keras activation names and functions to tfjs names', () => {
    const cases: [string, string][] = [
      ["'sigmoid'", 'sigmoid'],
      ["'elu'", 'elu'],
      ["'selu'", 'selu'],
      ["'swish'", 'swish'],
      ["'silu'", 'swish'],
      ["'gelu'", 'gelu'],
      ["'hard_sigmoid'", 'hardSigmoid'],
      ["'softplus'", 'softplus'],
      ["'softsign'", 'softsign'],
      ["'relu6'", 'relu6'],
      ["'linear'", 'linear'],
      ['None', 'linear'],
      ['tf.nn.relu', 'relu'],
      ['tf.sigmoid', 'sigmoid'],
      ['keras.activations.softmax', 'softmax'],
    ];
    for (const [activation, expected] of cases) {
      const source = [
        'import numpy as np',
        'import tensorflow as tf',
        'from tensorflow import keras',
        'x = np.random.rand(16, 20)',
        'y = np.random.rand(16, 4)',
        `model = keras.Sequential([keras.layers.Dense(4, activation=${activation})])`,
        "model.compile('sgd', 'mse')",
        'model.fit(x, y)',
      ].join('\n');
      assert.equal(layersOf(translate(source))[0].config.activation, expected, activation);
    }
  });

  it('adds a LeakyReLU layer after the weights for leaky_relu, which tfjs has no activation name for', () => {
    const layers = configs("layers.Dense(4, activation='leaky_relu'), layers.Dense(3, activation=layers.LeakyReLU(alpha=0.1))", '16, 20');
    // The LeakyReLU object passed as activation takes its name when built, before the Dense.
    assert.deepEqual(layers, [
      dense({ units: 4, name: 'dense' }),
      { factory: 'leakyReLU', alpha: 0.2, name: 'leaky_re_lu' },
      dense({ units: 3, name: 'dense_1' }),
      { factory: 'leakyReLU', alpha: 0.1, name: 'leaky_re_lu_2' },
    ]);
  });
});

describe('Conv1D and Conv2D', () => {
  it('reads filters, kernel_size, strides and padding positionally', () => {
    assert.deepEqual(configs("layers.Conv2D(16, 3), layers.Conv2D(8, (3, 3), (2, 2), 'same', activation='relu')"), [
      conv('conv2d', { filters: 16, kernelSize: 3, name: 'conv2d' }),
      conv('conv2d', { filters: 8, kernelSize: [3, 3], strides: [2, 2], padding: 'same', activation: 'relu', name: 'conv2d_1' }),
    ]);
  });

  it('reads every supported keyword', () => {
    const source =
      "layers.Conv2D(filters=4, kernel_size=(5, 3), strides=1, padding='VALID', data_format='channels_last', dilation_rate=(2, 1), use_bias=False)";
    assert.deepEqual(configs(source, '16, 12, 12, 3'), [
      conv('conv2d', { filters: 4, kernelSize: [5, 3], strides: 1, padding: 'valid', dilationRate: [2, 1], useBias: false, name: 'conv2d' }),
    ]);
  });

  it('takes one-element tuples for Conv1D and its causal padding', () => {
    assert.deepEqual(configs("layers.Conv1D(6, 5, padding='causal', activation='relu'), layers.Conv1D(6, (3,), strides=(2,))", '16, 20, 3'), [
      conv('conv1d', { filters: 6, kernelSize: 5, padding: 'causal', activation: 'relu', name: 'conv1d' }),
      conv('conv1d', { filters: 6, kernelSize: 3, strides: 2, name: 'conv1d_1' }),
    ]);
  });
});

describe('pooling, shape and normalisation layers', () => {
  it('translates poolings with their defaults left to tfjs', () => {
    assert.deepEqual(
      configs(
        "layers.MaxPooling2D(), layers.MaxPooling2D((2, 2), strides=1, padding='same'), layers.AveragePooling2D(pool_size=2), layers.GlobalMaxPooling2D()",
      ),
      [
        { factory: 'maxPooling2d', name: 'max_pooling2d' },
        { factory: 'maxPooling2d', poolSize: [2, 2], strides: 1, padding: 'same', name: 'max_pooling2d_1' },
        { factory: 'averagePooling2d', poolSize: 2, name: 'average_pooling2d' },
        { factory: 'globalMaxPooling2d', name: 'global_max_pooling2d' },
      ],
    );
    assert.deepEqual(configs('layers.GlobalAveragePooling2D()'), [{ factory: 'globalAveragePooling2d', name: 'global_average_pooling2d' }]);
    assert.deepEqual(configs('layers.MaxPooling1D(2)', '16, 20, 3'), [{ factory: 'maxPooling1d', poolSize: 2, name: 'max_pooling1d' }]);
  });

  it('translates Flatten, Reshape and Dropout', () => {
    assert.deepEqual(
      configs('layers.Flatten(), layers.Reshape((64, 3)), layers.Reshape(target_shape=(-1, 8)), layers.Dropout(0.25), layers.Dropout(rate=0.5, seed=3)'),
      [
        { factory: 'flatten', name: 'flatten' },
        { factory: 'reshape', targetShape: [64, 3], name: 'reshape' },
        { factory: 'reshape', targetShape: [-1, 8], name: 'reshape_1' },
        { factory: 'dropout', rate: 0.25, name: 'dropout' },
        { factory: 'dropout', rate: 0.5, seed: 3, name: 'dropout_1' },
      ],
    );
  });

  it('translates BatchNormalization with its arguments', () => {
    const source =
      "layers.BatchNormalization(), layers.BatchNormalization(-1, 0.9, 1e-5, center=False, gamma_initializer='ones', beta_regularizer=keras.regularizers.l2(0.01))";
    assert.deepEqual(configs(source), [
      { factory: 'batchNormalization', name: 'batch_normalization' },
      {
        factory: 'batchNormalization',
        axis: -1,
        momentum: 0.9,
        epsilon: 1e-5,
        center: false,
        gammaInitializer: { className: 'Ones', config: {} },
        betaRegularizer: { className: 'L1L2', config: { l1: 0, l2: 0.01 } },
        name: 'batch_normalization_1',
      },
    ]);
  });

  it('translates the activation layers', () => {
    assert.deepEqual(
      configs(
        "layers.Activation('relu'), layers.Activation(keras.activations.sigmoid), layers.ReLU(), layers.ReLU(max_value=6.0), layers.LeakyReLU(), layers.LeakyReLU(0.1), layers.LeakyReLU(negative_slope=0.2), layers.ELU(), layers.ELU(0.5)",
      ),
      [
        { factory: 'activation', activation: 'relu', name: 'activation' },
        { factory: 'activation', activation: 'sigmoid', name: 'activation_1' },
        { factory: 'reLU', name: 're_lu' },
        { factory: 'reLU', maxValue: 6, name: 're_lu_1' },
        { factory: 'leakyReLU', alpha: 0.3, name: 'leaky_re_lu' },
        { factory: 'leakyReLU', alpha: 0.1, name: 'leaky_re_lu_1' },
        { factory: 'leakyReLU', alpha: 0.2, name: 'leaky_re_lu_2' },
        { factory: 'elu', alpha: 1, name: 'elu' },
        { factory: 'elu', alpha: 0.5, name: 'elu_1' },
      ],
    );
    assert.deepEqual(configs('layers.Softmax(), layers.Softmax(axis=-1)'), [
      { factory: 'softmax', name: 'softmax' },
      { factory: 'softmax', axis: -1, name: 'softmax_1' },
    ]);
  });
});

describe('input shapes', () => {
  const firstLayer = (model: string) =>
    layersOf(
      translate(
        [
          'import numpy as np',
          'from keras import layers, models',
          'x = np.random.randn(10, 20)',
          'y = np.random.randint(0, 3, size=(10,))',
          model,
          "model.compile(optimizer='adam', loss='sparse_categorical_crossentropy')",
          'model.fit(x, y)',
        ].join('\n'),
      ),
    )[0];

  it('puts the declared input shape on the first layer, however Keras users declare it', () => {
    for (const model of [
      "model = models.Sequential([layers.Dense(3, input_dim=20, activation='softmax')])",
      "model = models.Sequential([layers.Dense(3, input_shape=(20,), activation='softmax')])",
      "model = models.Sequential([layers.Dense(3, batch_input_shape=(None, 20), activation='softmax')])",
      "model = models.Sequential([layers.InputLayer(input_shape=(20,)), layers.Dense(3, activation='softmax')])",
      "model = models.Sequential([layers.Input(shape=(20,)), layers.Dense(3, activation='softmax')])",
      "model = models.Sequential()\nmodel.add(layers.Input((20,)))\nmodel.add(layers.Dense(3, activation='softmax'))",
      "model = models.Sequential([layers.Dense(3, activation='softmax')])",
    ]) {
      assert.deepEqual(firstLayer(model).config.inputShape, [20], model);
    }
  });

  it('points each layer at its constructor call', () => {
    const layer = firstLayer("model = models.Sequential([layers.InputLayer(input_shape=(20,)), layers.Dense(3, activation='softmax')])");
    assert.deepEqual(place(layer), [5, 66, 5, 103]);
  });
});
