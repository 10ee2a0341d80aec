// What a TensorFlow.js run leaves behind, through the worker as the extension starts it and through
// the built CLI: the script's code after its fit never runs (a file it would write keeps its old
// content), every line it printed arrives, and no process or temporary folder outlives the run,
// however it ends (report, Ctrl+C, two Ctrl+C, the CLI killed, the worker killed).

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it, type TestContext } from 'node:test';
import { isReport, type Report } from '../../src/shared/protocol';
import { runCaptured, type Captured, type During } from './fakes/captured';
import { eventually, isAlive } from './fakes/poll';
import { TALKATIVE, TALKATIVE_LINES } from './talkative-script';
import { diagnosticsOf, FIXTURES, ROOT, scan } from './worker-helpers';

const CLI = path.join(ROOT, 'dist', 'cli.js');
const dir = mkdtempSync(path.join(tmpdir(), 'dn-lifecycle-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const OLD_CONTENT = 'the model saved by an earlier run\n';

/** Starts a \`sleep\` of its own, says so, and stays busy (a loop) before any fit. */
const BUSY = `const { spawn } = require('child_process');
require('@tensorflow/tfjs');
const sleeper = spawn('sleep', ['1000'], { stdio: 'ignore' });
console.error('busy pid ' + process.pid + ' sleep ' + sleeper.pid);
for (;;) {}
`;
/** As BUSY, but waits (a timer) instead of looping. */
const IDLE = BUSY.replace('for (;;) {}', 'setTimeout(() => undefined, 1e6);');

/** A fresh folder with the script, saved.bin holding OLD_CONTENT, and an empty tmp/ to run with as TMPDIR. */
function workspace(name: string, script: string): { folder: string; file: string; tmp: string } {
  const folder = path.join(dir, name);
  const tmp = path.join(folder, 'tmp');
  mkdirSync(tmp, { recursive: true });
  const file = path.join(folder, 'script.js');
  writeFileSync(file, script);
  writeFileSync(path.join(folder, 'saved.bin'), OLD_CONTENT);
  return { folder, file, tmp };
}

const countLines = (text: string) => text.split('\n').filter((l) => /^line \d+$/.test(l)).length;

/** Runs the worker (through the runner) with TMPDIR at `tmp`, as the extension would. */
async function scanWithTmp(tmp: string, file: string, options: Parameters<typeof scan>[1] = {}) {
  const saved = process.env.TMPDIR;
  process.env.TMPDIR = tmp;
  try {
    return await scan(file, options);
  } finally {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
  }
}

const cli = (args: string[], cwd: string, tmp: string, during?: During): Promise<Captured> =>
  runCaptured(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, TMPDIR: tmp } }, during);

const jsonReport = (stdout: string): Report => {
  const value: unknown = JSON.parse(stdout);
  assert.ok(isReport(value), stdout.slice(0, 300));
  return value;
};

/** Runs BUSY (or IDLE) through the CLI and acts on it once it is busy; the worker's pid and its sleep's. */
async function busyCli(t: TestContext, name: string, act: (cliPid: number) => void, script = BUSY) {
  const { folder, file, tmp } = workspace(name, script);
  const pids = { worker: 0, sleep: 0 };
  // Should the run leave them behind, the test still does not.
  t.after(() => [pids.worker, pids.sleep].forEach((pid) => pid > 0 && isAlive(pid) && process.kill(pid, 'SIGKILL')));
  const r = await cli(['scan', file, '--json'], folder, tmp, {
    waitFor: /busy pid (\d+) sleep (\d+)/,
    act: (pid, stderr) => {
      const [, worker, sleep] = /busy pid (\d+) sleep (\d+)/.exec(stderr) ?? [];
      Object.assign(pids, { worker: Number(worker), sleep: Number(sleep) });
      act(pid);
    },
  });
  assert.ok(pids.worker > 0 && pids.sleep > 0);
  return { r, pids, tmp };
}

describe('a run leaves nothing behind', () => {
  it("keeps the script's file written after fit, and passes on every printed line (the extension's output)", async () => {
    const { folder, file, tmp } = workspace('runner', TALKATIVE);
    const { report, output } = await scanWithTmp(tmp, file);
    assert.equal(report.status, 'completed');
    assert.equal(countLines(output), TALKATIVE_LINES);
    assert.equal(output.split('training ended\n').length - 1, 1);
    assert.equal(readFileSync(path.join(folder, 'saved.bin'), 'utf8'), OLD_CONTENT);
    assert.deepEqual(readdirSync(tmp), []);
  });

  it("keeps the script's file written after fit, and prints every line of the script (the CLI)", async () => {
    const { folder, file, tmp } = workspace('cli', TALKATIVE);
    const r = await cli(['scan', file, '--json'], folder, tmp);
    assert.equal(jsonReport(r.stdout).status, 'completed');
    assert.equal(countLines(r.stderr), TALKATIVE_LINES);
    assert.equal(r.stderr.split('training ended\n').length - 1, 1);
    assert.equal(readFileSync(path.join(folder, 'saved.bin'), 'utf8'), OLD_CONTENT);
    assert.deepEqual(readdirSync(tmp), []);
  });

  it("keeps the script's file written after fit through every run of try", async () => {
    const script = readFileSync(path.join(FIXTURES, '..', 'try', 'dead-layer.js'), 'utf8').replace(
      /^model\.fit\((.*)\);$/m,
      "model.fit($1).then(() => require('fs').writeFileSync(__dirname + '/saved.bin', Buffer.alloc(64 * 1024 * 1024, 1)));",
    );
    assert.match(script, /writeFileSync/);
    const { folder, file, tmp } = workspace('try', script);
    const r = await cli(['try', file, '--json', '--epochs', '1', '--samples', '64'], folder, tmp);
    assert.equal(r.status, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as { rows: unknown[] }).rows.length, 12);
    assert.equal(readFileSync(path.join(folder, 'saved.bin'), 'utf8'), OLD_CONTENT);
    assert.deepEqual(readdirSync(tmp), []);
  });

  it("Ctrl+C ends the worker and the script's own children", async (t) => {
    const { r, pids, tmp } = await busyCli(t, 'ctrl-c', (pid) => process.kill(pid, 'SIGINT'));
    assert.equal(r.status, 130);
    assert.equal(jsonReport(r.stdout).status, 'cancelled');
    assert.equal(await eventually(() => !isAlive(pids.worker) && !isAlive(pids.sleep), 5000), true);
    assert.deepEqual(readdirSync(tmp), []);
  });

  it('a second Ctrl+C ends the CLI with its worker and everything the script started', async (t) => {
    const { r, pids, tmp } = await busyCli(t, 'ctrl-c-twice', (pid) => {
      process.kill(pid, 'SIGINT');
      // Apart, so that the two signals are not merged into one (the CLI may be gone by then).
      setTimeout(() => isAlive(pid) && process.kill(pid, 'SIGINT'), 100);
    });
    assert.equal(r.status, 130);
    assert.equal(await eventually(() => !isAlive(pids.worker) && !isAlive(pids.sleep), 5000), true);
    assert.equal(await eventually(() => readdirSync(tmp).length === 0, 5000), true);
  });

  for (const [how, script] of [
    ['busy', BUSY],
    ['waiting', IDLE],
  ] as const) {
    it(`the worker ends, with its children and its temporary folder, when the CLI is killed while the script is ${how}`, async (t) => {
      const { r, pids, tmp } = await busyCli(t, `cli-killed-${how}`, (pid) => process.kill(pid, 'SIGKILL'), script);
      assert.equal(r.status, null);
      assert.equal(await eventually(() => !isAlive(pids.worker) && !isAlive(pids.sleep), 5000), true);
      assert.equal(await eventually(() => readdirSync(tmp).length === 0, 5000), true);
    });
  }

  it('removes the temporary folder of a worker killed by a signal', async () => {
    const { tmp } = workspace('killed', '');
    const { report } = await scanWithTmp(tmp, path.join(FIXTURES, 'killed.js'));
    assert.deepEqual(
      report.diagnostics.map((d) => d.code),
      ['worker-crashed'],
    );
    assert.deepEqual(readdirSync(tmp), []);
  });
});

describe('non-finite numbers', () => {
  const NAN_DATA = `const tf = require('@tensorflow/tfjs');
const model = tf.sequential();
model.add(tf.layers.dense({ units: 32, activation: 'relu', inputShape: [3] }));
model.add(tf.layers.dense({ units: 1 }));
model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
const x = tf.randomNormal([64, 3]).mul(tf.tensor1d([1, NaN, 1]));
model.fit(x, tf.randomNormal([64, 1]), { epochs: 1 });
`;
  const DIVERGED = `const tf = require('@tensorflow/tfjs');
const model = tf.sequential();
const huge = tf.initializers.constant({ value: 1e30 });
model.add(tf.layers.dense({ units: 4, activation: 'relu', inputShape: [3], kernelInitializer: huge }));
model.add(tf.layers.dense({ units: 4, activation: 'relu', kernelInitializer: huge }));
model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
model.fit(tf.ones([64, 3]), tf.ones([64, 4]), { epochs: 1 });
`;
  const NAN_VALIDATION = `const tf = require('@tensorflow/tfjs');
const model = tf.sequential();
model.add(tf.layers.dense({ units: 4, activation: 'relu', inputShape: [3] }));
model.compile({ optimizer: 'sgd', loss: 'meanSquaredError', metrics: ['mse'] });
const validation = [tf.zeros([8, 3]), tf.fill([8, 4], NaN)];
model.fit(tf.randomNormal([32, 3]), tf.randomNormal([32, 4]), { epochs: 2, validationData: validation });
`;
  const file = path.join(dir, 'numbers.js');

  it('leaves NaN metrics (validation targets holding NaN) out of the history, losing no message', async () => {
    writeFileSync(file, NAN_VALIDATION);
    const { report, output } = await scan(file, { options: { epochs: 2 } });
    assert.equal(report.status, 'completed');
    assert.deepEqual(
      report.history.map((h) => [h.epoch, Object.keys(h.metrics)]),
      [
        [1, ['mse']],
        [2, ['mse']],
      ],
    );
    assert.doesNotMatch(output, /dropped/);
  });

  for (const backend of ['wasm', 'cpu'] as const) {
    it(`says that the training data holds NaN, on ${backend}`, async () => {
      writeFileSync(file, NAN_DATA);
      const { report, messages } = await scan(file, { options: { backend } });
      assert.equal(report.status, 'failed');
      assert.deepEqual(diagnosticsOf(report), [
        {
          severity: 'error',
          code: 'script-error',
          message: 'The training data given to fit holds NaN or infinite values: the model cannot train on it.',
          line: 7,
          column: 1,
          endLine: 7,
          endColumn: 54,
        },
      ]);
      assert.equal(
        messages.some((m) => m.type === 'units'),
        false,
      );
    });

    it(`says that a layer's outputs became infinite, with no statistics of them, on ${backend}`, async () => {
      writeFileSync(file, DIVERGED);
      const { report, messages, output } = await scan(file, { options: { backend } });
      assert.equal(report.status, 'failed');
      assert.deepEqual(
        report.diagnostics.map((d) => [d.code, d.message, d.line]),
        [
          [
            'nan-loss',
            'The outputs of dense_Dense2 became NaN or infinite on the probe set: training diverged. A learning rate that is too high is the usual cause.',
            7,
          ],
        ],
      );
      assert.equal(
        messages.some((m) => m.type === 'units'),
        false,
      );
      assert.doesNotMatch(output, /dropped/);
    });
  }
});
