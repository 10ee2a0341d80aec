// Try Fixes and revive (ReDo) through the Python runner, end to end through the built CLI with the
// project's .venv: each candidate is the user's script with one edit, run as if it were the file
// (its folder's modules import, the shell's folder is the working directory), and the file itself
// is never written.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isReport, type TryResults } from '../../src/shared/protocol';
import { runCaptured } from './fakes/captured';

const ROOT = path.join(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const PYTHON = path.join(ROOT, '.venv', 'bin', 'python');
const dir = mkdtempSync(path.join(tmpdir(), 'dn-python-try-'));
after(() => rmSync(dir, { recursive: true, force: true }));

// The script reads its data through a module beside it (an import only the script's own folder
// resolves) from a file in the working directory.
const HELPERS = 'import numpy as np\n\n\ndef load():\n    data = np.load("data.npz")\n    return data["x"], data["y"]\n';
const MODEL = `import keras
from helpers import load

x, y = load()
model = keras.Sequential([
    keras.Input(shape=(20,)),
    keras.layers.Dense(16, activation="relu", bias_initializer=keras.initializers.Constant(-10.0)),
    keras.layers.Dense(8, activation="relu"),
    keras.layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x, y, epochs=2, batch_size=64)
`;
const SCRIPT = path.join('sub', 'model.py');
const PY_ARGS = ['--runner', 'python', '--python', PYTHON, '--samples', '256', '--json'];

before(() => {
  assert.ok(existsSync(PYTHON), `${PYTHON} is missing: npm test's pretest makes it (bash scripts/python-venv.sh)`);
  const code =
    'import numpy as np; r = np.random.default_rng(0); np.savez("data.npz", x=r.normal(size=(512, 20)).astype("float32"), y=r.integers(0, 2, size=(512,)))';
  assert.equal(spawnSync(PYTHON, ['-c', code], { cwd: dir, stdio: 'inherit' }).status, 0);
  mkdirSync(path.join(dir, 'sub'));
  writeFileSync(path.join(dir, 'sub', 'helpers.py'), HELPERS);
  writeFileSync(path.join(dir, SCRIPT), MODEL);
});

describe('Try Fixes through the Python runner', () => {
  it('measures every candidate in real Keras: exact dead units per fix, the zero bias wins, the file untouched', async () => {
    const r = await runCaptured(process.execPath, [CLI, 'try', SCRIPT, ...PY_ARGS], { cwd: dir });
    assert.equal(r.status, 0, r.stderr.slice(-2000));
    const results = JSON.parse(r.stdout) as TryResults & { winner: string | null };
    assert.equal(results.layer, 'dense');
    assert.equal(results.line, 7);
    assert.equal(results.rows.length, 12);
    const dead = (id: string, layer: string) => results.rows.find((row) => row.id === id)?.layers.find((l) => l.name === layer)?.dead;
    for (const row of results.rows) {
      assert.equal(row.status, 'completed', row.id);
      // Only a zero bias or a LeakyReLU (whose units are never called dead) gets the first layer out of -10.
      const revived = row.fixes.includes('zero-bias') || row.fixes.includes('leaky-relu');
      assert.equal(dead(row.id, 'dense'), revived ? 0 : 16, row.id);
    }
    // Behind a dead first layer, the second gets zeros: its units are dead too.
    assert.equal(dead('baseline', 'dense_1'), 8);
    assert.equal(dead('zero-bias', 'dense_1'), 0);
    assert.ok(results.winner?.startsWith('zero-bias'), `winner ${results.winner}`);
    assert.equal(readFileSync(path.join(dir, SCRIPT), 'utf8'), MODEL);
    assert.deepEqual(readdirSync(path.join(dir, 'sub')).sort(), ['helpers.py', 'model.py']);
  });
});

describe('revive (ReDo) through the Python runner', () => {
  it('--revive 2 reinitialises the dead units in place: all 24 revived and alive at the end', async () => {
    const r = await runCaptured(process.execPath, [CLI, 'scan', SCRIPT, ...PY_ARGS, '--revive', '2'], { cwd: dir });
    assert.equal(r.status, 0, r.stderr.slice(-2000));
    const report: unknown = JSON.parse(r.stdout);
    assert.ok(isReport(report), r.stdout.slice(0, 300));
    assert.equal(report.ranWith?.runner, 'python');
    assert.deepEqual(report.revived, { units: 24, aliveAtEnd: 24 });
    assert.deepEqual(
      report.layers.map((l) => [l.name, l.dead, l.cameBack.length]),
      [
        ['dense', 0, 16],
        ['dense_1', 0, 8],
        ['dense_2', 0, 0],
      ],
    );
    assert.match(r.stderr, /Revived 24 dead units at epoch 1 batch 2: dense 16, dense_1 8\./);
  });
});
