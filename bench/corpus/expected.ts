// The corpus scripts that are broken as published (they fail in any Python or Node, whatever the
// scan does): a refusal of one counts as correct only when its first error is at one of the lines given.

export interface Broken {
  /** 1-based lines where the mistake may rightly be reported (where it is, where it fails). */
  lines: number[];
  why: string;
}

export const BROKEN_AS_PUBLISHED: Record<string, Broken> = {
  'keras-reuters_mlp.py': { lines: [24], why: 'Python 2 `print` statements: a syntax error in Python 3' },
  'blog-leaky_relu_mnist.py': { lines: [36], why: '`input_shape` is never defined' },
  'book-imdb_over_fit.py': { lines: [38], why: '`y_train` is never defined (and nothing is trained)' },
  'blog-exploring_mnist_depths.py': { lines: [62], why: '`evaluate` is never defined (after a first fit that runs)' },
  'book-rnn_keras_broken.py': { lines: [17, 18], why: 'the loss `binary_crossentrpy` is misspelled, and `input_train` is never defined' },
  'book-shared_lstm_two_inputs.py': { lines: [16], why: '`left_data` is never defined' },
  'esm-smart_quotes.mjs': { lines: [2], why: 'typographic quotes: a syntax error' },
  'keras-mnist_input_dim_mismatch.py': { lines: [9, 27], why: 'input_dim=100 for 28×28×1 images' },
  'tf-save_and_load_model.py': { lines: [17, 29], why: 'Dense(input_shape=(784,)) fed 28×28 images (no reshape)' },
  'tfjs-examples-mnist_node_model.js': { lines: [1], why: 'a module of a larger example: it builds and exports a model but trains nothing' },
};
