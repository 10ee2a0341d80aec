// keras.utils.get_file under the Keras translator: refused at the call with its URL and the way to
// scan such a script (the translator runs nothing of the script, so no download either).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { failure } from './keras-helpers';

/** A model trained on what the download gave. */
const FIT =
  'model = keras.Sequential([keras.layers.Dense(4, activation="relu"), keras.layers.Dense(1)])\nmodel.compile(optimizer="adam", loss="mse")\nmodel.fit(np.load(path)["x"], np.load(path)["y"])\n';

const WHY =
  'and the Keras translator runs nothing of the script (no download, no file read). Scan it in your own Python with TensorFlow (--runner python), where the download runs as written';

describe('keras translator: downloads', () => {
  it('refuses keras.utils.get_file at the call, naming its URL (keyword or positional)', () => {
    assert.deepEqual(
      failure('import numpy as np\nfrom tensorflow import keras\n\npath = keras.utils.get_file("data.npz", origin="https://example.invalid/data.npz")\n' + FIT),
      ['unsupported', `keras.utils.get_file(...) is not supported: it downloads https://example.invalid/data.npz, ${WHY}`, 4, 8, 4, 83],
    );
    assert.deepEqual(
      failure(
        'import numpy as np\nimport tensorflow as tf\nfrom tensorflow import keras\nURL = "https://example.invalid/a.csv"\npath = tf.keras.utils.get_file("a.csv", URL)\n' +
          FIT,
      ),
      ['unsupported', `tf.keras.utils.get_file(...) is not supported: it downloads https://example.invalid/a.csv, ${WHY}`, 5, 8, 5, 45],
    );
  });
});
