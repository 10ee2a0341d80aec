import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cellAt, parseNotebook } from '../../src/engine/notebook';

const notebook = (cells: object[], nbformat = 4) => JSON.stringify({ nbformat, nbformat_minor: 5, metadata: {}, cells });
const code = (source: string | string[], id?: string) => ({ cell_type: 'code', source, metadata: {}, outputs: [], ...(id ? { id } : {}) });
const markdown = (source: string) => ({ cell_type: 'markdown', source, metadata: {} });

describe('parseNotebook', () => {
  it('joins the code cells in order, skips markdown, and maps every line back to its cell', () => {
    const parsed = parseNotebook(
      notebook([
        markdown('# Title'),
        code(['import keras\n', 'x = 1'], 'imports'),
        markdown('text'),
        code('model = keras.Sequential([\n    keras.layers.Dense(4),\n])', 'model'),
      ]),
    );
    assert.ok(parsed.ok);
    const { program } = parsed;
    assert.equal(program.text, 'import keras\nx = 1\nmodel = keras.Sequential([\n    keras.layers.Dense(4),\n])\n');
    assert.deepEqual(program.cells, [
      { index: 1, id: 'imports', firstLine: 1, lineCount: 2 },
      { index: 3, id: 'model', firstLine: 3, lineCount: 3 },
    ]);
    assert.deepEqual(cellAt(program, 4), { cell: program.cells[1], line: 2 });
    assert.deepEqual(cellAt(program, 2), { cell: program.cells[0], line: 2 });
    assert.equal(cellAt(program, 6), null);
  });

  it('turns magics and shell lines into pass at their indentation, and lists them', () => {
    const parsed = parseNotebook(notebook([code('%matplotlib inline\n!pip install keras\nif True:\n    !ls\n    y = 2')]));
    assert.ok(parsed.ok);
    assert.equal(parsed.program.text, 'pass\npass\nif True:\n    pass\n    y = 2\n');
    assert.deepEqual(parsed.program.skipped, [
      { cell: 0, line: 1, text: '%matplotlib inline' },
      { cell: 0, line: 2, text: '!pip install keras' },
      { cell: 0, line: 4, text: '!ls' },
    ]);
  });

  it('runs the body of %%time but not of %%bash, keeping line numbers', () => {
    const parsed = parseNotebook(notebook([code('%%time\nmodel.fit(x)'), code('%%bash\necho hi\nls'), code('z = 3')]));
    assert.ok(parsed.ok);
    assert.equal(parsed.program.text, 'pass\nmodel.fit(x)\n\n\n\nz = 3\n');
    assert.deepEqual(parsed.program.skipped, [
      { cell: 0, line: 1, text: '%%time' },
      { cell: 1, line: 1, text: '%%bash' },
    ]);
    assert.deepEqual(cellAt(parsed.program, 6), { cell: parsed.program.cells[2], line: 1 });
  });

  it('refuses what is not a notebook it can read, saying what it found', () => {
    assert.deepEqual(parseNotebook('{"cells": ['), { ok: false, message: 'The notebook is not valid JSON: Unexpected end of JSON input' });
    assert.deepEqual(parseNotebook(notebook([], 3)), {
      ok: false,
      message: "The notebook has nbformat 3; scans read nbformat 4 (Jupyter's format since 2015). Open and save it in Jupyter or VS Code to convert it.",
    });
    assert.deepEqual(parseNotebook('[]'), {
      ok: false,
      message: "The notebook has no nbformat; scans read nbformat 4 (Jupyter's format since 2015). Open and save it in Jupyter or VS Code to convert it.",
    });
    assert.deepEqual(parseNotebook(notebook([{ cell_type: 'code', source: 3 }])), {
      ok: false,
      message: 'Cell 1 has no readable source (nbformat 4 keeps it as a string or a list of strings).',
    });
  });
});
