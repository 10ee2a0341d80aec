// Notebooks the tests write: nbformat 4.5 JSON as Jupyter saves it (sources as lists of lines,
// cell ids, outputs), from each cell's text.

export interface TestCell {
  kind: 'code' | 'markdown';
  text: string;
  id?: string;
}

export const codeCell = (text: string, id?: string): TestCell => ({ kind: 'code', text, id });
export const markdownCell = (text: string): TestCell => ({ kind: 'markdown', text });

/** Jupyter's `source`: the text split after each newline. */
const sourceLines = (text: string): string[] => text.split(/(?<=\n)/).filter((l) => l !== '');

export function notebookJson(cells: readonly TestCell[], nbformat = 4): string {
  return JSON.stringify(
    {
      nbformat,
      nbformat_minor: 5,
      metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' }, language_info: { name: 'python' } },
      cells: cells.map((c) =>
        c.kind === 'code'
          ? { cell_type: 'code', ...(c.id ? { id: c.id } : {}), metadata: {}, execution_count: null, outputs: [], source: sourceLines(c.text) }
          : { cell_type: 'markdown', metadata: {}, source: sourceLines(c.text) },
      ),
    },
    null,
    1,
  );
}

/** A Keras notebook whose first Dense layer (cell 3, line 3) is dead from init; `data.npz` holds x (256×20) and y. */
export const KERAS_NOTEBOOK: readonly TestCell[] = [
  markdownCell('# Dead units in a notebook\nThe first layer starts dead.'),
  codeCell('%matplotlib inline\n!touch shell-ran.txt\nimport numpy as np\nimport keras', 'imports'),
  codeCell('data = np.load("data.npz")\nx, y = data["x"], data["y"]', 'data'),
  codeCell(
    [
      'model = keras.Sequential([',
      '    keras.Input(shape=(20,)),',
      '    keras.layers.Dense(16, activation="relu", bias_initializer=keras.initializers.Constant(-10.0)),',
      '    keras.layers.Dense(1, activation="sigmoid"),',
      '])',
      'model.compile(optimizer="adam", loss="binary_crossentropy")',
    ].join('\n'),
    'model',
  ),
  markdownCell('Train it.'),
  codeCell('model.fit(x, y, epochs=2, batch_size=64)', 'fit'),
];

/** The command that writes KERAS_NOTEBOOK's data.npz (run with the test interpreter in the notebook's folder). */
export const WRITE_DATA =
  'import numpy as np; r = np.random.default_rng(0); np.savez("data.npz", x=r.normal(size=(256, 20)).astype("float32"), y=r.integers(0, 2, size=(256,)))';
