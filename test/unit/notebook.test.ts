import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emptyReport } from '../../src/engine/liveRun';
import { cellAt, cellText, parseNotebook, withCellText } from '../../src/engine/notebook';
import { NotebookPositions } from '../../src/engine/notebookPositions';
import { diagnosticAt } from '../../src/engine/report';
import type { LayerReport } from '../../src/shared/protocol';

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

const LAYER: LayerReport = {
  name: '',
  className: 'Dense',
  activation: 'relu',
  units: 4,
  line: 0,
  column: 0,
  endLine: 0,
  endColumn: 0,
  dead: 0,
  dying: 0,
  saturated: 0,
  deadUnits: [],
  dyingUnits: [],
  saturatedUnits: [],
  firstDeadCheck: [],
  cameBack: [],
  rootCause: null,
};

describe('cellText and withCellText (Try Fixes on a notebook)', () => {
  it("reads a cell's text and replaces it as a list of lines, the other cells and the metadata as they were", () => {
    const json = notebook([markdown('# T'), code(['a = 1\n', 'b = 2'], 'x')]);
    assert.equal(cellText(json, 1), 'a = 1\nb = 2');
    assert.equal(cellText(json, 5), null);
    assert.equal(cellText('not json', 0), null);
    const changed = JSON.parse(withCellText(json, 1, 'a = 3\nb = 2\n'));
    assert.deepEqual(changed.cells[1], { ...code(['a = 1\n', 'b = 2'], 'x'), source: ['a = 3\n', 'b = 2\n'] });
    assert.deepEqual(changed.cells[0], markdown('# T'));
    assert.equal(changed.nbformat, 4);
  });
});

describe('line breaks in cell sources (LF, CRLF and a lone CR, as LineIndex counts them)', () => {
  const FILE = '/w/cr.ipynb';
  // A CR-only cell (old Mac) and a CRLF cell: the program is LF-only, with the same lines.
  const json = notebook([code('import keras\r%matplotlib inline\rx = 1', 'cr'), code('model = keras.Sequential()\r\n  !ls\r\nmodel.fit(x)', 'crlf')]);
  const parsed = parseNotebook(json);
  assert.ok(parsed.ok);
  const positions = new NotebookPositions(FILE, parsed.program);

  it('splits every cell at LF, CRLF and lone CR, so program lines are cell lines', () => {
    assert.equal(parsed.program.text, 'import keras\npass\nx = 1\nmodel = keras.Sequential()\n  pass\nmodel.fit(x)\n');
    assert.deepEqual(
      parsed.program.cells.map((c) => [c.index, c.firstLine, c.lineCount]),
      [
        [0, 1, 3],
        [1, 4, 3],
      ],
    );
    assert.deepEqual(positions.sourceRange({ file: FILE, line: 6, column: 1, endLine: 6, endColumn: 13 }), {
      file: FILE,
      line: 3,
      column: 1,
      endLine: 3,
      endColumn: 13,
      cell: { index: 1, id: 'crlf' },
    });
    // An end past the CR-only cell stops at its last line's end ('x = 1').
    assert.deepEqual(positions.sourceRange({ file: FILE, line: 2, column: 1, endLine: 5, endColumn: 2 }), {
      file: FILE,
      line: 2,
      column: 1,
      endLine: 3,
      endColumn: 6,
      cell: { index: 0, id: 'cr' },
    });
    assert.deepEqual(
      positions.skippedNotes().map((d) => [d.cell?.id, d.line, d.column, d.endColumn]),
      [
        ['cr', 2, 1, 19],
        ['crlf', 2, 3, 6],
      ],
    );
  });

  it("keeps a fixed cell's lone CRs as nbformat lists lines: one entry per line, each with its break", () => {
    assert.equal(cellText(json, 0), 'import keras\r%matplotlib inline\rx = 1');
    const changed = JSON.parse(withCellText(json, 0, 'import keras\rx = 2\r\ny = 3\n')) as { cells: { source: string[] }[] };
    assert.deepEqual(changed.cells[0].source, ['import keras\r', 'x = 2\r\n', 'y = 3\n']);
    assert.deepEqual(JSON.parse(withCellText(json, 0, '')).cells[0].source, []);
  });
});

describe('NotebookPositions', () => {
  const FILE = '/w/nb.ipynb';
  const parsed = parseNotebook(
    notebook([
      markdown('# Title'),
      code('%pip install keras\nimport keras', 'imports'),
      code('model = keras.Sequential([\n    keras.layers.Dense(4),\n])', 'model'),
      code('  !ls\nmodel.fit(x, y)'),
    ]),
  );
  assert.ok(parsed.ok);
  const positions = new NotebookPositions(FILE, parsed.program);
  const at = (line: number, column: number, endLine: number, endColumn: number, file = FILE) => ({ file, line, column, endLine, endColumn });

  it('maps a program range to its cell (index and id) and the line inside it', () => {
    assert.deepEqual(positions.sourceRange(at(4, 5, 4, 26)), { ...at(2, 5, 2, 26), cell: { index: 2, id: 'model' } });
    assert.deepEqual(positions.sourceRange(at(7, 1, 7, 16)), { ...at(2, 1, 2, 16), cell: { index: 3 } });
  });

  it('clamps an end past its cell to the end of the cell, and leaves other files, mapped ranges and the file start alone', () => {
    assert.deepEqual(positions.sourceRange(at(3, 1, 6, 3)), { ...at(1, 1, 3, 3), cell: { index: 2, id: 'model' } });
    assert.deepEqual(positions.sourceRange(at(4, 5, 4, 26, '/w/helpers.py')), at(4, 5, 4, 26, '/w/helpers.py'));
    const mapped = { ...at(2, 5, 2, 26), cell: { index: 2, id: 'model' } };
    assert.equal(positions.sourceRange(mapped), mapped);
    assert.deepEqual(positions.sourceRange(at(1, 1, 1, 1)), at(1, 1, 1, 1));
  });

  it("maps a report: layers (and a PyTorch activation's site), diagnostics and their related places, a layer at line 0 left unknown", () => {
    const report = emptyReport(FILE, 'completed', [
      {
        ...diagnosticAt('warning', 'dead-units', 'dense: dead', at(4, 5, 4, 26)),
        layer: 'dense',
        related: [
          { message: 'trained here', file: FILE, line: 7, column: 1 },
          { message: 'elsewhere', file: '/w/helpers.py', line: 7, column: 1 },
        ],
      },
    ]);
    const mapped = positions.report({
      ...report,
      layers: [
        { ...LAYER, name: 'dense', line: 4, column: 5, endLine: 4, endColumn: 26, activationSite: { line: 7, column: 3 } },
        { ...LAYER, name: 'lost', line: 0, column: 0, endLine: 0, endColumn: 0 },
      ],
    });
    assert.deepEqual(
      mapped.layers.map((l) => [l.name, l.cell, l.line, l.column, l.endLine, l.endColumn]),
      [
        ['dense', { index: 2, id: 'model' }, 2, 5, 2, 26],
        ['lost', undefined, 0, 0, 0, 0],
      ],
    );
    assert.deepEqual(mapped.layers[0].activationSite, { line: 2, column: 3 });
    assert.deepEqual(mapped.diagnostics[0].related, [
      { message: 'trained here', file: FILE, line: 2, column: 1, cell: { index: 3 } },
      { message: 'elsewhere', file: '/w/helpers.py', line: 7, column: 1 },
    ]);
    assert.deepEqual([mapped.diagnostics[0].cell, mapped.diagnostics[0].line], [{ index: 2, id: 'model' }, 2]);
    assert.equal(report.diagnostics[0].line, 4, 'the report given is not changed');
  });

  it('notes every skipped line at its cell, line and indentation', () => {
    assert.deepEqual(
      positions.skippedNotes().map((d) => [d.code, d.severity, d.cell, d.line, d.column, d.endColumn, d.message]),
      [
        [
          'notebook-line-skipped',
          'information',
          { index: 1, id: 'imports' },
          1,
          1,
          19,
          'Skipped `%pip install keras` (an IPython magic): the scan runs the code cells as plain Python and never runs magics or shell commands.',
        ],
        [
          'notebook-line-skipped',
          'information',
          { index: 3 },
          1,
          3,
          6,
          'Skipped `!ls` (a shell line): the scan runs the code cells as plain Python and never runs magics or shell commands.',
        ],
      ],
    );
  });
});
