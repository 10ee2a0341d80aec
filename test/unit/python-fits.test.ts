// A Keras script of two fits in your own Python: the first fit is scanned, the code after it does
// not run, and the second fit gets an information note at its line that says why and how;
// --max-fits 2 scans both, the report grouped by fit.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { isReport } from '../../src/shared/protocol';
import { runCaptured } from './fakes/captured';

const ROOT = path.join(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const PYTHON = path.join(ROOT, '.venv', 'bin', 'python');
const dir = mkdtempSync(path.join(tmpdir(), 'dn-python-fits-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const TWO_FITS = `import numpy as np
import keras

x = np.random.rand(128, 6).astype("float32")
y = np.random.randint(0, 2, size=(128,))

def build(width):
    model = keras.Sequential([keras.Input(shape=(6,)), keras.layers.Dense(width, activation="relu"), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss="binary_crossentropy")
    return model

small = build(4)
small.fit(x, y, epochs=1, verbose=0)
wide = build(32)
wide.fit(x, y, epochs=1, verbose=0)
`;

describe('Python runner: a script of two fits', () => {
  it('scans the first fit and notes the second at its line', async () => {
    assert.ok(existsSync(PYTHON), `${PYTHON} is missing: npm test's pretest makes it (bash scripts/python-venv.sh)`);
    writeFileSync(path.join(dir, 'two.py'), TWO_FITS);
    const r = await runCaptured(process.execPath, [CLI, 'scan', 'two.py', '--python', PYTHON, '--json', '--probe', '64'], { cwd: dir });
    const report: unknown = JSON.parse(r.stdout);
    assert.ok(isReport(report), r.stdout.slice(0, 300));
    assert.equal(report.status, 'completed', r.stderr);
    assert.equal(report.fits, undefined);
    assert.deepEqual(
      report.layers.map((l) => [l.name, l.line, l.units]),
      [
        ['dense', 8, 4],
        ['dense_1', 8, 1],
      ],
    );
    assert.deepEqual(
      report.diagnostics.filter((d) => d.code === 'fit-not-scanned').map((d) => [d.severity, d.message, d.line, d.column, d.endLine, d.endColumn]),
      [
        [
          'information',
          'Not scanned: the scan stops after the first model.fit (the code after it would run for real); pass --max-fits 2 / set dyingNeurons.maxFits to scan it.',
          15,
          1,
          15,
          36,
        ],
      ],
    );
  });

  it('--max-fits 2 scans both fits, each with its epochs, and notes none', async () => {
    const r = await runCaptured(process.execPath, [CLI, 'scan', 'two.py', '--python', PYTHON, '--json', '--probe', '64', '--max-fits', '2'], { cwd: dir });
    const report: unknown = JSON.parse(r.stdout);
    assert.ok(isReport(report), r.stdout.slice(0, 300));
    assert.equal(report.status, 'completed', r.stderr);
    assert.deepEqual(
      report.fits?.map((f) => [f.index, f.training.fit?.line, f.epochsRun, f.history.length, f.layers.map((l) => [l.name, l.line, l.units, l.fit])]),
      [
        [
          0,
          13,
          1,
          1,
          [
            ['dense', 8, 4, 0],
            ['dense_1', 8, 1, 0],
          ],
        ],
        [
          1,
          15,
          1,
          1,
          [
            ['dense_2', 8, 32, 1],
            ['dense_3', 8, 1, 1],
          ],
        ],
      ],
    );
    assert.equal(report.layers.length, 4);
    assert.equal(report.epochsRun, 1);
    assert.deepEqual(
      report.diagnostics.filter((d) => d.code === 'fit-not-scanned'),
      [],
    );
    assert.match(r.stderr, /Fit 2: Training on /);
  });
});
