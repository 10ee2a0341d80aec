import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, COMMANDS, isAlive, openEditor, ourDiagnostics, scanToEnd, trainAndScan, until, withSettings, workspaceFile, type ScanRun } from './helpers';
import { suite, test } from './tdd';

const longTraining = workspaceFile('fixtures/long-training.mjs');

/** The workspace caps epochs at 2; these tests need a run that goes on until stopped. */
const untilStopped = { epochs: 0 };

async function trainingUnderWay(run: ScanRun): Promise<number> {
  await until('the worker to report training progress', () => run.progress || !run.running);
  assert.ok(run.running, `the run ended (${run.status}) before training: ${JSON.stringify(run.report?.diagnostics)}`);
  assert.ok(run.pid, 'the run has a worker process');
  return run.pid;
}

async function workerGone(pid: number): Promise<void> {
  await until(`worker ${pid} to exit`, () => !isAlive(pid), 10_000);
}

suite('run lifecycle', () => {
  test('Stop Training ends the run as cancelled and its worker exits', () =>
    withSettings(untilStopped, async () => {
      await openEditor(longTraining);
      const run = await trainAndScan(longTraining);
      const pid = await trainingUnderWay(run);
      await vscode.commands.executeCommand(COMMANDS.stopTraining, longTraining);
      await run.ended;
      assert.equal(run.status, 'cancelled');
      await workerGone(pid);
    }));

  test('starting again stops the running scan of the same file', () =>
    withSettings(untilStopped, async () => {
      const older = await trainAndScan(longTraining);
      const olderPid = await trainingUnderWay(older);
      const newer = await trainAndScan(longTraining);
      await older.ended;
      assert.equal(older.status, 'cancelled');
      await workerGone(olderPid);
      assert.equal(newer.running, true);
      const newerPid = await trainingUnderWay(newer);
      await vscode.commands.executeCommand(COMMANDS.stopTraining, longTraining);
      await newer.ended;
      await workerGone(newerPid);
    }));

  test('five start/stop cycles leave no worker behind', () =>
    withSettings(untilStopped, async () => {
      const pids: number[] = [];
      for (let i = 0; i < 5; i++) {
        const run = await trainAndScan(longTraining);
        if (run.pid) pids.push(run.pid);
        run.stop();
        await run.ended;
        assert.equal(run.status, 'cancelled');
      }
      assert.equal(pids.length, 5);
      for (const pid of pids) await workerGone(pid);
    }));

  test('a syntax error is an error diagnostic at its position and the run fails', async () => {
    const uri = workspaceFile('fixtures/syntax-error.mjs');
    const run = await scanToEnd(uri);
    assert.equal(run.status, 'failed');
    const diagnostics = ourDiagnostics(uri);
    assert.deepEqual(
      diagnostics.map((d) => [codeOf(d), d.severity, d.range.start.line, d.range.start.character]),
      [['syntax-error', vscode.DiagnosticSeverity.Error, 2, 'const model = tf.sequential('.length]],
    );
  });

  test('a script that throws gets a script-error at the throw and the extension keeps working', async () => {
    const uri = workspaceFile('fixtures/script-error.mjs');
    const run = await scanToEnd(uri);
    assert.equal(run.status, 'failed');
    const diagnostics = ourDiagnostics(uri);
    assert.deepEqual(
      diagnostics.map((d) => [codeOf(d), d.severity, d.range.start.line]),
      [['script-error', vscode.DiagnosticSeverity.Error, 3]],
    );
    assert.match(diagnostics[0].message, /the dataset is missing/);
    const next = await trainAndScan(longTraining);
    next.stop();
    await next.ended;
    assert.equal(next.status, 'cancelled');
  });

  test('Show Activations opens the Activations panel', async () => {
    await vscode.commands.executeCommand(COMMANDS.showActivations);
    const panel = await until('the Activations webview tab', () =>
      vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('dyingNeurons.activations')),
    );
    assert.equal(panel.label, 'Dying Neurons: Activations');
  });
});
