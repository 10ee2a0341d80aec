import assert from 'node:assert/strict';
import { once } from 'node:events';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { RunHandle } from '../../src/host/runner';
import { tfjsRunner } from '../../src/host/tfjsRunner';
import { DEFAULT_THRESHOLDS, type ScanOptions, type WorkerMessage } from '../../src/shared/protocol';
import { isAlive as processExists } from './fakes/poll';

const FAKE_WORKER = path.join(__dirname, 'fixtures', 'fake-worker.cjs');
const FILE = '/work/model.js';
const OPTIONS: ScanOptions = { file: FILE, probe: 64, seed: 1, backend: 'cpu', thresholds: DEFAULT_THRESHOLDS };

interface Started {
  handle: RunHandle;
  messages: WorkerMessage[];
  output: () => string;
  /** Resolves at the first message of the given type. */
  next: (type: WorkerMessage['type']) => Promise<void>;
}

function start(mode: string, workerPath = FAKE_WORKER): Started {
  const messages: WorkerMessage[] = [];
  let output = '';
  const events = new EventTarget();
  const handle = tfjsRunner({ workerPath, env: { ...process.env, FAKE_WORKER: mode } }).start(OPTIONS, {
    message: (m) => {
      messages.push(m);
      events.dispatchEvent(new Event(m.type));
    },
    output: (text) => (output += text),
  });
  const next = (type: WorkerMessage['type']) => (messages.some((m) => m.type === type) ? Promise.resolve() : once(events, type).then(() => undefined));
  return { handle, messages, output: () => output, next };
}

/** Whether the worker is still there (it must have had a process id). */
function isAlive(pid: number | undefined): boolean {
  assert.ok(pid !== undefined);
  return processExists(pid);
}

describe('the TensorFlow.js runner', () => {
  it('streams the worker messages and resolves with its report, leaving no process', async () => {
    const run = start('complete');
    const report = await run.handle.done;
    assert.deepEqual(
      run.messages.map((m) => m.type),
      ['started', 'units', 'progress', 'finished'],
    );
    assert.equal(report.status, 'completed');
    assert.deepEqual(
      report.layers.map((l) => [l.name, l.dead]),
      [['dense', 0]],
    );
    assert.equal(isAlive(run.handle.pid), false);
  });

  it('passes the worker output on, and drops invalid messages with a note', async () => {
    const printing = start('print');
    await printing.handle.done;
    assert.match(printing.output(), /hello from the script/);
    const invalid = start('invalid');
    await invalid.handle.done;
    assert.deepEqual(
      invalid.messages.map((m) => m.type),
      ['started', 'units', 'progress', 'finished'],
    );
    assert.match(invalid.output(), /dropped an invalid worker message: \{"type":"progress","epoch":"one"\}\n/);
    assert.match(invalid.output(), /dropped an inconsistent worker message: \{"type":"units","check":\{"index":1,/);
  });

  it('reports a crash at line 1 with the last line of the worker output', async () => {
    const run = start('crash');
    const report = await run.handle.done;
    assert.equal(report.status, 'failed');
    assert.equal(report.backend, 'cpu');
    assert.deepEqual(
      report.layers.map((l) => l.name),
      ['dense'],
    );
    assert.deepEqual(report.diagnostics, [
      {
        severity: 'error',
        code: 'worker-crashed',
        message: 'The training process exited with code 3 before it finished. Last output: Error: something broke',
        file: FILE,
        line: 1,
        column: 1,
        endLine: 1,
        endColumn: 1,
      },
    ]);
  });

  it('reports running out of memory', async () => {
    const report = await start('oom').handle.done;
    assert.deepEqual([report.status, report.diagnostics.map((d) => [d.severity, d.code, d.line])], ['failed', [['error', 'out-of-memory', 1]]]);
  });

  it('reports the worker error messages when it exits without a report', async () => {
    const report = await start('error').handle.done;
    assert.equal(report.status, 'failed');
    assert.deepEqual(
      report.diagnostics.map((d) => [d.code, d.message, d.line, d.column]),
      [['script-error', 'model.fit is not a function', 9, 7]],
    );
  });

  it('reports a worker bundle that is missing', async () => {
    const workerPath = path.join(__dirname, 'fixtures', 'no-such-worker.cjs');
    const report = await start('complete', workerPath).handle.done;
    assert.deepEqual(
      [report.status, report.diagnostics.map((d) => [d.code, d.message])],
      ['failed', [['worker-crashed', `The training process exited with code 1 before it finished. Last output: Error: Cannot find module '${workerPath}'`]]],
    );
  });

  it('reports a Node executable that cannot start', async () => {
    const handle = tfjsRunner({ workerPath: FAKE_WORKER, execPath: '/no/such/node' }).start(OPTIONS, { message: () => undefined });
    const report = await handle.done;
    assert.deepEqual(
      [report.status, report.diagnostics.map((d) => [d.code, d.message])],
      ['failed', [['worker-crashed', 'Could not start the training process: spawn /no/such/node ENOENT']]],
    );
  });

  it('forwards revive to the worker', async () => {
    const run = start('slow');
    await run.next('started');
    run.handle.revive();
    await run.next('log');
    run.handle.cancel();
    await run.handle.done;
    assert.deepEqual(
      run.messages.find((m) => m.type === 'log'),
      { type: 'log', level: 'info', text: 'revived 2 units' },
    );
  });

  it('takes the report a cancelled worker sends', async () => {
    const run = start('slow');
    await run.next('progress');
    run.handle.cancel();
    const report = await run.handle.done;
    assert.equal(report.status, 'cancelled');
    assert.equal(isAlive(run.handle.pid), false);
  });

  it('kills a worker that ignores cancel and reports the scan cancelled', async () => {
    const run = start('hang');
    await run.next('units');
    run.handle.cancel();
    const report = await run.handle.done;
    assert.equal(report.status, 'cancelled');
    assert.deepEqual(
      report.diagnostics.map((d) => [d.severity, d.code]),
      [['information', 'cancelled']],
    );
    assert.equal(isAlive(run.handle.pid), false);
  });

  it('counts a worker interrupted by a signal (Ctrl+C reaches the process group) as cancelled', async () => {
    const run = start('slow');
    await run.next('progress');
    const pid = run.handle.pid;
    assert.ok(pid !== undefined);
    process.kill(pid, 'SIGINT');
    assert.equal((await run.handle.done).status, 'cancelled');
  });

  it('leaves no orphan after 20 cancels', async () => {
    // Cancelled at once (while the worker boots), after it started, cooperative or ignoring cancel.
    const runs = Array.from({ length: 20 }, (_, i) => start(i % 2 === 0 ? 'hang' : 'slow'));
    await Promise.all(
      runs.map(async (run, i) => {
        if (i % 4 >= 2) await run.next('started');
        run.handle.cancel();
        assert.equal((await run.handle.done).status, 'cancelled');
      }),
    );
    assert.deepEqual(runs.filter((run) => isAlive(run.handle.pid)).length, 0);
  });
});
