// Bad input never ends in a stack trace or a hang: each ends the scan with one clear diagnostic
// at its place in the user's file, a failed report (exit status 2), and the worker gone.

import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { describe, it } from 'node:test';
import { exitCode } from '../../src/engine/report';
import { DEFAULT_THRESHOLDS, parseWorkerMessage, type ScanOptions } from '../../src/shared/protocol';
import { diagnosticsOf, FIXTURES, scan, WORKER } from './worker-helpers';

const fixture = (name: string) => path.join(FIXTURES, name);
const NO_STACK = /^\s+at .*:\d+:\d+\)?$/m;

describe('worker: bad input', () => {
  it('reports a syntax error at its line and column', async () => {
    const { report, output } = await scan(fixture('syntax-error.js'));
    assert.equal(report.status, 'failed');
    assert.equal(exitCode(report), 2);
    assert.deepEqual(diagnosticsOf(report), [
      { severity: 'error', code: 'syntax-error', message: 'Unexpected ";"', line: 3, column: 29, endLine: 3, endColumn: 30 },
    ]);
    assert.doesNotMatch(output, NO_STACK);
  });

  it('reports what the script throws at the throw in the user file', async () => {
    const { report, output } = await scan(fixture('throws.mjs'));
    assert.deepEqual(diagnosticsOf(report), [
      { severity: 'error', code: 'script-error', message: 'RangeError: too many units: 512', line: 5, column: 11, endLine: 5, endColumn: 53 },
    ]);
    assert.doesNotMatch(output, NO_STACK);
  });

  it('reports a rejection in an async main at the failing expression, without a stack trace', async () => {
    const { report, output } = await scan(fixture('async-throws.js'));
    assert.equal(report.status, 'failed');
    assert.deepEqual(diagnosticsOf(report), [
      {
        severity: 'error',
        code: 'script-error',
        message: "TypeError: Cannot read properties of undefined (reading 'x')",
        line: 9,
        column: 24,
        endLine: 9,
        endColumn: 25,
      },
    ]);
    assert.doesNotMatch(output, NO_STACK);
  });

  it('says so when the script never calls fit', async () => {
    const { report, output } = await scan(fixture('no-fit.js'));
    assert.deepEqual(diagnosticsOf(report), [
      {
        severity: 'error',
        code: 'no-fit',
        message: 'The script ended without calling model.fit() or model.fitDataset(): there was nothing to scan.',
        line: 1,
        column: 1,
        endLine: 1,
        endColumn: 1,
      },
    ]);
    assert.match(output, /built, never trained/);
  });

  it('completes with information and exit status 0 when no layer has a monitored activation', async () => {
    const { report, model } = await scan(fixture('linear.mjs'));
    assert.equal(report.status, 'completed');
    assert.equal(exitCode(report), 0);
    assert.deepEqual(
      model.map((l) => [l.name, l.activation, l.family]),
      [
        ['dense_Dense1', 'linear', null],
        ['dense_Dense2', 'softmax', null],
      ],
    );
    assert.deepEqual(diagnosticsOf(report), [
      {
        severity: 'information',
        code: 'no-monitored-layers',
        message: 'No layer of this model has a ReLU-family, sigmoid or tanh activation: there are no units to monitor.',
        line: 7,
        column: 7,
        endLine: 7,
        endColumn: 83,
      },
    ]);
    assert.deepEqual([report.layers, report.checks, report.epochsRun], [[], [], 0]);
  });

  it('stops on a NaN loss and reports it at the fit call', async () => {
    const { report, messages } = await scan(fixture('nan-loss.js'), { options: { epochs: undefined } });
    assert.equal(report.status, 'failed');
    assert.deepEqual(diagnosticsOf(report), [
      {
        severity: 'error',
        code: 'nan-loss',
        message: 'The loss became NaN at epoch 1 batch 3: training stopped. A learning rate that is too high is the usual cause.',
        line: 8,
        column: 1,
        endLine: 8,
        endColumn: 67,
      },
    ]);
    // Training stopped in the first of its 5 epochs; only the check before training was made.
    assert.equal(report.epochsRun, 0);
    assert.deepEqual(
      report.checks.map((c) => c.label),
      ['init'],
    );
    assert.equal(
      messages.filter((m) => m.type === 'progress').every((m) => m.type === 'progress' && Number.isFinite(m.loss)),
      true,
    );
  });

  it('reports a worker killed during training', async () => {
    const { report, messages } = await scan(fixture('killed.js'));
    assert.equal(report.status, 'failed');
    assert.deepEqual(diagnosticsOf(report), [
      {
        severity: 'error',
        code: 'worker-crashed',
        message: 'The training process was killed by SIGKILL before it finished.',
        line: 1,
        column: 1,
        endLine: 1,
        endColumn: 1,
      },
    ]);
    // What was measured before the kill is kept.
    assert.deepEqual(
      report.checks.map((c) => c.label),
      ['init', 'epoch 1 batch 1'],
    );
    assert.equal(
      messages.some((m) => m.type === 'finished'),
      false,
    );
  });

  it('reports a worker out of memory', async () => {
    const { report } = await scan(fixture('out-of-memory.js'), { execArgv: ['--max-old-space-size=48'] });
    assert.equal(report.status, 'failed');
    assert.deepEqual(
      report.diagnostics.map((d) => d.code),
      ['out-of-memory'],
    );
  });

  it('stops training promptly when cancelled and sends its own cancelled report', async () => {
    const { report, messages } = await scan(fixture('long-training.js'), {
      options: { epochs: undefined },
      onMessage: (message, handle) => message.type === 'progress' && handle.cancel(),
    });
    assert.equal(report.status, 'cancelled');
    assert.equal(report.epochsRun, 0);
    assert.deepEqual(
      report.diagnostics.map((d) => [d.severity, d.code]),
      [['information', 'cancelled']],
    );
    assert.equal(messages.at(-1)?.type, 'finished');
  });

  it('refuses a file that is not a script, a missing file and an unavailable backend', async () => {
    const notes = await scan(fixture('notes.txt'));
    assert.deepEqual(diagnosticsOf(notes.report), [
      {
        severity: 'error',
        code: 'unsupported',
        message: 'Cannot scan .txt files: give a Python (Keras) or a JavaScript/TypeScript (TensorFlow.js) script.',
        line: 1,
        column: 1,
        endLine: 1,
        endColumn: 1,
      },
    ]);
    const missing = await scan(fixture('missing.js'));
    assert.deepEqual(
      missing.report.diagnostics.map((d) => [d.code, d.message]),
      [['file-not-found', `File not found: ${fixture('missing.js')}`]],
    );
    const backend = await scan(fixture('layers.js'), { options: { backend: 'tensorflow' } });
    assert.equal(backend.report.status, 'failed');
    assert.deepEqual(
      backend.report.diagnostics.map((d) => [d.code, d.message]),
      [['unsupported', 'The tensorflow backend is not available: @tensorflow/tfjs-node is not installed.']],
    );
  });

  it('exits by itself when its parent closes the channel during training (no orphan)', async () => {
    const child = fork(WORKER, [], { stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
    const options: ScanOptions = { file: fixture('long-training.js'), probe: 64, seed: 1, backend: 'auto', thresholds: DEFAULT_THRESHOLDS };
    child.send({ type: 'start', options });
    const exited = once(child, 'exit');
    await new Promise<void>((resolve) => child.on('message', (raw) => parseWorkerMessage(raw)?.type === 'progress' && resolve()));
    child.disconnect();
    const [code, signal] = await exited;
    assert.deepEqual([code, signal], [0, null]);
  });
});
