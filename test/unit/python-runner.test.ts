// The Python runner end to end through the built CLI: the user's script runs as written in a real
// interpreter with TensorFlow/Keras (the project's .venv, made by scripts/python-venv.sh), and the
// TypeScript engine judges what it measured.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isReport, type Report } from '../../src/shared/protocol';
import { runCaptured, type Captured, type During } from './fakes/captured';
import { eventually, isAlive } from './fakes/poll';

const ROOT = path.join(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const PYTHON = path.join(ROOT, '.venv', 'bin', 'python');
const dir = mkdtempSync(path.join(tmpdir(), 'dn-python-runner-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const cli = (args: string[], during?: During): Promise<Captured> => runCaptured(process.execPath, [CLI, ...args], { cwd: dir }, during);

const report = (stdout: string): Report => {
  const value: unknown = JSON.parse(stdout);
  assert.ok(isReport(value), stdout.slice(0, 300));
  return value;
};

const MODEL = `import numpy as np
import keras

data = np.load("data.npz")
x, y = data["x"], data["y"]
print("script says hello")
model = keras.Sequential([
    keras.Input(shape=(20,)),
    keras.layers.Dense(16, activation="relu", bias_initializer=keras.initializers.Constant(-10.0)),
    keras.layers.Dense(8, activation="relu"),
    keras.layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x, y, epochs=2, batch_size=64)
open("after-fit.txt", "w").write("code after fit ran")
`;

/** Starts a `sleep` of its own, says its pid, and stays busy before any fit. */
const BUSY = 'import os, subprocess, keras\nsubprocess.Popen(["sleep", "1000"])\nprint("busy pid", os.getpid(), flush=True)\nwhile True:\n    pass\n';

before(async () => {
  assert.ok(existsSync(PYTHON), `${PYTHON} is missing: npm test's pretest makes it (bash scripts/python-venv.sh)`);
  const made = spawn(
    PYTHON,
    [
      '-c',
      'import numpy as np; r = np.random.default_rng(0); np.savez("data.npz", x=r.normal(size=(256, 20)).astype("float32"), y=r.integers(0, 2, size=(256,)))',
    ],
    { cwd: dir, stdio: 'inherit' },
  );
  assert.equal(await new Promise((resolve) => made.on('close', resolve)), 0);
  writeFileSync(path.join(dir, 'model.py'), MODEL);
});

describe('Python runner through the CLI', () => {
  it('runs the script in the named interpreter: exact dead units at the constructor, code after fit not run', async () => {
    const r = await cli(['scan', 'model.py', '--python', PYTHON, '--json', '--epochs', '1']);
    assert.equal(r.status, 1, r.stderr);
    const scan = report(r.stdout);
    assert.equal(scan.status, 'completed');
    assert.deepEqual(
      scan.layers.map((l) => [l.name, l.line, l.column, l.units, l.dead]),
      [
        ['dense', 9, 5, 16, 16],
        ['dense_1', 10, 5, 8, 8],
        ['dense_2', 11, 5, 1, 0],
      ],
    );
    assert.deepEqual(
      scan.diagnostics.map((d) => [d.severity, d.code, d.line, d.column]),
      [
        ['warning', 'dead-units', 9, 5],
        ['information', 'input-dead', 10, 5],
      ],
    );
    assert.equal(scan.ranWith?.runner, 'python');
    assert.equal(scan.ranWith?.framework, 'keras');
    assert.equal(scan.ranWith?.kerasBackend, 'tensorflow');
    assert.equal(scan.ranWith?.python?.executable, PYTHON);
    assert.equal(scan.epochsRun, 1);
    assert.equal(scan.history.length, 1);
    assert.equal(existsSync(path.join(dir, 'after-fit.txt')), false);
    // The script's own output reaches the user; the report is alone on stdout.
    assert.match(r.stderr, /script says hello/);
    assert.match(r.stderr, /^Ran in .* with Keras 3\.\d+\.\d+\.$/m);
  });

  it("puts the script's own error at its line, with no traceback of ours", async () => {
    writeFileSync(path.join(dir, 'broken.py'), 'import keras\nimport numpy as np\n\nvalues = {"a": 1}\nprint(values["missing"])\n');
    const r = await cli(['scan', 'broken.py', '--python', PYTHON, '--json']);
    assert.equal(r.status, 2);
    const scan = report(r.stdout);
    assert.deepEqual(
      scan.diagnostics.map((d) => [d.severity, d.code, d.line, d.message]),
      [['error', 'script-error', 5, "KeyError: 'missing'"]],
    );
    assert.doesNotMatch(r.stderr, /dying_neurons|Traceback/);
  });

  it('says which interpreter the user named and why it cannot be used', async () => {
    const r = await cli(['scan', 'model.py', '--python', path.join(dir, 'no-such-python'), '--json']);
    assert.equal(r.status, 2);
    assert.deepEqual(
      report(r.stdout).diagnostics.map((d) => [d.code, d.message]),
      [
        [
          'python-not-found',
          `No Python interpreter could run the script (${path.join(dir, 'no-such-python')}: not found). Set dyingNeurons.pythonPath (or --python PATH) to the interpreter your project uses.`,
        ],
      ],
    );
  });

  it('Ctrl+C while the script is busy before fit ends the whole process group and exits 130', async () => {
    writeFileSync(path.join(dir, 'busy.py'), BUSY);
    let pythonPid = 0;
    const r = await cli(['scan', 'busy.py', '--python', PYTHON, '--json'], {
      waitFor: /busy pid (\d+)/,
      act: (pid, stderr) => {
        pythonPid = Number(/busy pid (\d+)/.exec(stderr)?.[1]);
        process.kill(pid, 'SIGINT');
      },
    });
    assert.equal(r.status, 130);
    assert.equal(report(r.stdout).status, 'cancelled');
    assert.ok(pythonPid > 0);
    assert.equal(await eventually(() => !isAlive(pythonPid), 2000), true);
    // The script's `sleep` was in the same process group: nothing of the group is left.
    assert.equal(await eventually(() => !isAlive(-pythonPid), 2000), true);
  });

  it('keeps the file the script writes after fit, and passes on every line it printed', async () => {
    const lines = 200_000;
    writeFileSync(path.join(dir, 'saved.bin'), 'saved by an earlier run\n');
    writeFileSync(
      path.join(dir, 'talkative.py'),
      MODEL.replace('print("script says hello")', `for i in range(${lines}):\n    print("line", i)`).replace(
        'open("after-fit.txt", "w").write("code after fit ran")',
        'open("saved.bin", "wb").write(bytes(64 * 1024 * 1024))',
      ),
    );
    const r = await cli(['scan', 'talkative.py', '--python', PYTHON, '--json', '--epochs', '1']);
    assert.equal(report(r.stdout).status, 'completed');
    assert.equal(r.stderr.split('\n').filter((l) => /^line \d+$/.test(l)).length, lines);
    assert.equal(readFileSync(path.join(dir, 'saved.bin'), 'utf8'), 'saved by an earlier run\n');
  });

  it('the Python process and its children end when the CLI is killed while the script is busy', async (t) => {
    let pythonPid = 0;
    t.after(() => pythonPid > 0 && isAlive(-pythonPid) && process.kill(-pythonPid, 'SIGKILL'));
    writeFileSync(path.join(dir, 'busy.py'), BUSY);
    const r = await cli(['scan', 'busy.py', '--python', PYTHON, '--json'], {
      waitFor: /busy pid (\d+)/,
      act: (pid, stderr) => {
        pythonPid = Number(/busy pid (\d+)/.exec(stderr)?.[1]);
        process.kill(pid, 'SIGKILL');
      },
    });
    assert.equal(r.status, null);
    assert.ok(pythonPid > 0);
    // Its `sleep` too: nothing of its process group is left.
    assert.equal(await eventually(() => !isAlive(-pythonPid), 5000), true);
  });
});
