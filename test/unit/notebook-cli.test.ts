// Notebooks through the built CLI: the code cells run as one program in the user's Python (the
// project's .venv) or through the Keras translator, positions reported in cells, and every bad
// input answered at the notebook, the cell and the line.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isReport, type Report, type TryResults } from '../../src/shared/protocol';
import { runCaptured, type Captured } from './fakes/captured';
import { codeCell, KERAS_NOTEBOOK, markdownCell, notebookJson, WRITE_DATA, type TestCell } from './notebook-helpers';

const ROOT = path.join(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const PYTHON = path.join(ROOT, '.venv', 'bin', 'python');
const dir = mkdtempSync(path.join(tmpdir(), 'dn-notebook-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, cells: readonly TestCell[]): string => {
  writeFileSync(path.join(dir, name), notebookJson(cells));
  return name;
};
const cli = (args: string[]): Promise<Captured> => runCaptured(process.execPath, [CLI, ...args], { cwd: dir });
const scanJson = async (name: string, ...extra: string[]): Promise<{ status: number | null; report: Report; stderr: string }> => {
  const r = await cli(['scan', name, '--python', PYTHON, '--json', '--epochs', '1', ...extra]);
  const value: unknown = JSON.parse(r.stdout);
  assert.ok(isReport(value), r.stdout.slice(0, 300));
  return { status: r.status, report: value, stderr: r.stderr };
};
const where = (report: Report) => report.diagnostics.map((d) => [d.severity, d.code, d.cell?.index ?? null, d.line, d.column, d.message]);

before(() => {
  assert.ok(existsSync(PYTHON), `${PYTHON} is missing: npm test's pretest makes it (bash scripts/python-venv.sh)`);
  assert.equal(spawnSync(PYTHON, ['-c', WRITE_DATA], { cwd: dir, stdio: 'inherit' }).status, 0);
});

const SKIPPED = 'the scan runs the code cells as plain Python and never runs magics or shell commands.';

describe('notebooks through the CLI', () => {
  it('runs the code cells in Python: layers and findings in their cells, magics and shell lines skipped and never run', async () => {
    const { status, report } = await scanJson(write('keras.ipynb', KERAS_NOTEBOOK));
    assert.equal(status, 1);
    assert.equal(report.status, 'completed');
    assert.equal(report.ranWith?.runner, 'python');
    assert.deepEqual(
      report.layers.map((l) => [l.name, l.cell, l.line, l.column, l.dead]),
      [
        ['dense', { index: 3, id: 'model' }, 3, 5, 16],
        ['dense_1', { index: 3, id: 'model' }, 4, 5, 0],
      ],
    );
    assert.deepEqual(where(report), [
      ['information', 'notebook-line-skipped', 1, 1, 1, `Skipped \`%matplotlib inline\` (an IPython magic): ${SKIPPED}`],
      ['information', 'notebook-line-skipped', 1, 2, 1, `Skipped \`!touch shell-ran.txt\` (a shell line): ${SKIPPED}`],
      ['warning', 'dead-units', 3, 3, 5, report.diagnostics[2].message],
    ]);
    assert.deepEqual(report.diagnostics[2].related, [
      { message: 'compiled here', file: path.join(dir, 'keras.ipynb'), line: 6, column: 1, cell: { index: 3, id: 'model' } },
      { message: 'trained here', file: path.join(dir, 'keras.ipynb'), line: 1, column: 1, cell: { index: 5, id: 'fit' } },
    ]);
    assert.equal(existsSync(path.join(dir, 'shell-ran.txt')), false, 'the shell line must not run');
  });

  it('prints cell positions in the text report', async () => {
    const r = await cli(['scan', write('text.ipynb', KERAS_NOTEBOOK), '--python', PYTHON, '--epochs', '1']);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /^dense {4}cell 4:3 {5}16 {4}16/m);
    assert.match(r.stdout, /^text\.ipynb:cell 4:3:5: warning: dense: 16 of 16 units dead/m);
    assert.match(r.stdout, /^ {2}text\.ipynb:cell 6:1:1: note: trained here$/m);
  });

  it('runs a PyTorch notebook in Python: the Linear layer, its relu and the training loop in their cells', async () => {
    const name = write('torch.ipynb', [
      codeCell(
        'import torch\nimport torch.nn.functional as F\nfrom torch import nn\nfrom torch.utils.data import DataLoader, TensorDataset\n!nvidia-smi',
        'imports',
      ),
      markdownCell('Random data.'),
      codeCell('torch.manual_seed(0)\nx = torch.randn(256, 20)\ny = torch.randint(0, 2, (256,))\nloader = DataLoader(TensorDataset(x, y), batch_size=64)'),
      codeCell(
        [
          'class Net(nn.Module):',
          '    def __init__(self):',
          '        super().__init__()',
          '        self.fc1 = nn.Linear(20, 16)',
          '        self.out = nn.Linear(16, 2)',
          '        nn.init.constant_(self.fc1.bias, -10.0)',
          '',
          '    def forward(self, x):',
          '        return self.out(F.relu(self.fc1(x)))',
          '',
          '',
          'model = Net()',
          'optimizer = torch.optim.Adam(model.parameters(), lr=0.001)',
        ].join('\n'),
        'model',
      ),
      codeCell(
        'for epoch in range(2):\n    for xb, yb in loader:\n        optimizer.zero_grad()\n        loss = F.cross_entropy(model(xb), yb)\n        loss.backward()\n        optimizer.step()',
        'train',
      ),
    ]);
    const { status, report } = await scanJson(name);
    assert.equal(status, 1);
    assert.equal(report.ranWith?.framework, 'torch');
    assert.deepEqual(
      report.layers.map((l) => [l.name, l.cell, l.line, l.column, l.dead, l.activationSite]),
      [['fc1', { index: 3, id: 'model' }, 4, 20, 16, { line: 9, column: 25 }]],
    );
    const file = path.join(dir, 'torch.ipynb');
    assert.deepEqual(
      report.diagnostics.map((d) => [d.code, d.cell, d.line, d.column]),
      [
        ['notebook-line-skipped', { index: 0, id: 'imports' }, 5, 1],
        ['dead-units', { index: 3, id: 'model' }, 4, 20],
      ],
    );
    assert.deepEqual(report.diagnostics[1].related, [
      { message: 'relu applied here', file, line: 9, column: 25, cell: { index: 3, id: 'model' } },
      { message: 'called from here', file, line: 12, column: 9, cell: { index: 3, id: 'model' } },
      { message: 'trained here', file, line: 6, column: 9, cell: { index: 4, id: 'train' } },
    ]);
  });

  it('translates a Keras notebook when asked to (--runner translate), positions in cells', async () => {
    const name = write('translated.ipynb', [
      codeCell('import numpy as np\nimport keras'),
      codeCell('x = np.random.rand(128, 8)\ny = np.random.randint(0, 2, size=(128,))'),
      codeCell(
        'model = keras.Sequential([\n    keras.Input(shape=(8,)),\n    keras.layers.Dense(4, activation="relu"),\n    keras.layers.Dense(1, activation="sigmoid"),\n])\nmodel.compile(optimizer="adam", loss="binary_crossentropy")\nmodel.fit(x, y, epochs=1)',
      ),
    ]);
    const { report } = await scanJson(name, '--runner', 'translate');
    assert.equal(report.status, 'completed', JSON.stringify(report.diagnostics));
    assert.equal(report.ranWith?.runner, 'translate');
    assert.deepEqual(
      report.layers.map((l) => [l.name, l.cell, l.line, l.column]),
      [
        ['dense', { index: 2 }, 3, 5],
        ['dense_1', { index: 2 }, 4, 5],
      ],
    );
  });

  it('tries the fixes of a notebook layer (try): each candidate fixes its cell, the notebook is not written', async () => {
    const name = write('try.ipynb', [
      markdownCell('# Dead from the start'),
      codeCell('import numpy as np\nimport keras\nx = np.random.rand(256, 4)\ny = np.random.randint(0, 2, size=(256,))'),
      codeCell(
        'model = keras.Sequential([\n    keras.Input(shape=(4,)),\n    keras.layers.Dense(8, activation="relu", bias_initializer=keras.initializers.Constant(-20.0)),\n    keras.layers.Dense(1, activation="sigmoid"),\n])\nmodel.compile(optimizer="adam", loss="binary_crossentropy")\nmodel.fit(x, y, epochs=1)',
        'model',
      ),
    ]);
    const before = readFileSync(path.join(dir, name), 'utf8');
    const r = await cli(['try', name, '--runner', 'translate', '--json']);
    assert.equal(r.status, 0, r.stderr);
    const results = JSON.parse(r.stdout) as TryResults;
    assert.deepEqual([results.status, results.layer, results.cell, results.line], ['completed', 'dense', { index: 2, id: 'model' }, 3]);
    const flagged = (id: string) => results.rows.find((row) => row.id === id)?.flagged;
    assert.equal(flagged('baseline'), 8);
    assert.ok((flagged('zero-bias') ?? 8) < 8, `zero bias flags ${flagged('zero-bias')} units`);
    assert.equal(readFileSync(path.join(dir, name), 'utf8'), before);
  });

  it('refuses a bare --layer LINE that has layers in two cells (try), naming them as CELL:LINE', async () => {
    const name = write('ambiguous.ipynb', [
      markdownCell('# Two cells, a layer at line 2 of each'),
      codeCell('import numpy as np\nimport keras\nx = np.random.rand(64, 4)\ny = np.random.randint(0, 2, size=(64,))'),
      codeCell('inputs = keras.Input(shape=(4,))\nhidden = keras.layers.Dense(8, activation="relu", name="hidden")(inputs)'),
      codeCell(
        'model = None\nout = keras.layers.Dense(1, activation="sigmoid", name="out")(hidden)\nmodel = keras.Model(inputs, out)\nmodel.compile(optimizer="adam", loss="binary_crossentropy")\nmodel.fit(x, y, epochs=1)',
      ),
    ]);
    const r = await cli(['try', name, '--layer', '2', '--runner', 'translate', '--json']);
    assert.equal(r.status, 2, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), {
      version: 1,
      file: path.join(dir, name),
      status: 'nothing-to-try',
      message: "Line 2 builds layers in 2 cells: hidden (cell 3:2), out (cell 4:2). Say which: --layer CELL:LINE (e.g. --layer 3:2) or the layer's name.",
      rows: [],
    });
    assert.match(r.stderr, /to find the layer at line 2…/);
  });

  it('refuses a notebook that is not JSON, or not nbformat 4, at the file', async () => {
    writeFileSync(path.join(dir, 'broken.ipynb'), '{"cells": [');
    const broken = await scanJson('broken.ipynb');
    assert.equal(broken.status, 2);
    assert.deepEqual(where(broken.report), [['error', 'notebook-invalid', null, 1, 1, 'The notebook is not valid JSON: Unexpected end of JSON input']]);
    writeFileSync(path.join(dir, 'old.ipynb'), notebookJson([codeCell('x = 1')], 3));
    const old = await scanJson('old.ipynb');
    assert.equal(old.status, 2);
    assert.deepEqual(where(old.report), [
      [
        'error',
        'notebook-invalid',
        null,
        1,
        1,
        "The notebook has nbformat 3; scans read nbformat 4 (Jupyter's format since 2015). Open and save it in Jupyter or VS Code to convert it.",
      ],
    ]);
  });

  it("puts a cell's syntax error at its cell and line", async () => {
    const name = write('syntax.ipynb', [codeCell('import numpy as np'), markdownCell('next'), codeCell('x = 1\ny = np.zeros((2,) 3)', 'bad')]);
    const { status, report } = await scanJson(name);
    assert.equal(status, 2);
    assert.deepEqual(
      report.diagnostics.map((d) => [d.code, d.cell, d.line, d.column]),
      [['syntax-error', { index: 2, id: 'bad' }, 2, 14]],
    );
  });

  it("puts a cell's own error (a file the notebook expects) at its cell and line, with no traceback of ours", async () => {
    const name = write('missing.ipynb', [codeCell('import numpy as np'), codeCell('print("loading")\ndata = np.load("expected.npz")', 'load')]);
    const { status, report, stderr } = await scanJson(name);
    assert.equal(status, 2);
    assert.deepEqual(where(report), [['error', 'script-error', 1, 2, 8, "FileNotFoundError: [Errno 2] No such file or directory: 'expected.npz'"]]);
    assert.match(stderr, /loading/);
    assert.doesNotMatch(stderr, /dying_neurons|Traceback/);
  });

  it('says there is nothing to scan when no cell calls fit, at the notebook', async () => {
    const { status, report } = await scanJson(write('nofit.ipynb', [codeCell('import numpy as np\nx = np.zeros(3)'), codeCell('print(x.sum())')]));
    assert.equal(status, 2);
    assert.deepEqual(where(report), [['error', 'no-fit', null, 1, 1, 'The notebook ended without calling model.fit(): there was nothing to scan.']]);
  });
});
