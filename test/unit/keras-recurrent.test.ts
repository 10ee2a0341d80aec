// Embedding, SimpleRNN, LSTM and GRU (issue 15): Keras arguments by keyword and position, Keras's
// defaults where tfjs differs (sigmoid gates, not hard_sigmoid), shapes, and what is refused.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configs, failure } from './keras-helpers';

describe('recurrent layers', () => {
  it('translates Embedding with input_length and the recurrent layers with Keras defaults and names', () => {
    assert.deepEqual(
      configs(
        'layers.Embedding(100, 8, input_length=12), layers.SimpleRNN(6, return_sequences=True), layers.LSTM(5, dropout=0.2, return_sequences=True), layers.GRU(4)',
        '16, 12',
      ),
      [
        { factory: 'embedding', inputDim: 100, outputDim: 8, name: 'embedding' },
        { factory: 'simpleRNN', units: 6, activation: 'tanh', returnSequences: true, name: 'simple_rnn' },
        { factory: 'lstm', units: 5, activation: 'tanh', recurrentActivation: 'sigmoid', dropout: 0.2, returnSequences: true, name: 'lstm' },
        { factory: 'gru', units: 4, activation: 'tanh', recurrentActivation: 'sigmoid', name: 'gru' },
      ],
    );
  });

  it('reads LSTM arguments positionally, in Keras order', () => {
    assert.deepEqual(configs("layers.Embedding(50, 4, input_length=6), layers.LSTM(3, 'relu', 'hard_sigmoid', False)", '16, 6').slice(1), [
      { factory: 'lstm', units: 3, activation: 'relu', recurrentActivation: 'hardSigmoid', useBias: false, name: 'lstm' },
    ]);
  });

  it('refuses a recurrent layer fed samples that are not sequences of vectors (at the layer) and state outputs (at the argument)', () => {
    const source = (layer: string) =>
      [
        'import numpy as np',
        'from tensorflow import keras',
        'x = np.random.rand(16, 12, 3, 2)',
        'y = np.random.rand(16, 1)',
        `model = keras.Sequential([${layer}, keras.layers.Dense(1)])`,
        "model.compile(optimizer='sgd', loss='mse')",
        'model.fit(x, y)',
      ].join('\n');
    assert.deepEqual(failure(source('keras.layers.LSTM(4)')), [
      'shape-mismatch',
      "3-D input (batch, steps, features) expected by LSTM 'lstm', got (None, 12, 3, 2)",
      5,
      27,
      5,
      47,
    ]);
    assert.deepEqual(failure(source('keras.layers.GRU(4, return_state=True)')), [
      'unsupported',
      'GRU: return_state=True is not supported (the scan trains a model with one output per sample)',
      5,
      47,
      5,
      64,
    ]);
  });
});
