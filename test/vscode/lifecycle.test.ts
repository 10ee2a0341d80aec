import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, COMMANDS, openEditor, ourDiagnostics, scanToEnd, startScan, until, withSettings, workerGone, workerProcesses, workspaceFile } from './helpers';
import { suite, test } from './tdd';

const longTraining = workspaceFile('fixtures/long-training.mjs');

/** The workspace caps epochs at 2; these tests need a run that goes on until stopped. */
const untilStopped = { epochs: 0 };

/** The check before the first step published the dead layer's finding: the worker is training. */
async function trainingUnderWay(): Promise<void> {
  await until('the first check to publish a finding', () => ourDiagnostics(longTraining).some((d) => codeOf(d) === 'dead-units'));
}

const stopTraining = async (): Promise<unknown> => vscode.commands.executeCommand(COMMANDS.stopTraining, longTraining);

const errorsIn = (uri: vscode.Uri): string[] =>
  ourDiagnostics(uri)
    .filter((d) => d.severity === vscode.DiagnosticSeverity.Error)
    .map((d) => d.message);

suite('run lifecycle', () => {
  test('Stop Training ends a run mid-training: its worker exits and no error is reported', () =>
    withSettings(untilStopped, async () => {
      await openEditor(longTraining);
      const pid = await startScan(longTraining);
      await trainingUnderWay();
      await stopTraining();
      await workerGone(pid);
      assert.deepEqual(errorsIn(longTraining), []);
    }));

  test('starting again stops the running scan of the same file', () =>
    withSettings(untilStopped, async () => {
      const older = await startScan(longTraining);
      await trainingUnderWay();
      const newer = await startScan(longTraining);
      await workerGone(older);
      assert.deepEqual(workerProcesses(), [newer]);
      await stopTraining();
      await workerGone(newer);
    }));

  test('five start/stop cycles leave no worker behind', () =>
    withSettings(untilStopped, async () => {
      for (let i = 0; i < 5; i++) {
        const pid = await startScan(longTraining);
        await stopTraining();
        await workerGone(pid);
      }
      assert.deepEqual(workerProcesses(), []);
    }));

  test('a syntax error is an error diagnostic at its position', async () => {
    const uri = workspaceFile('fixtures/syntax-error.mjs');
    await scanToEnd(uri);
    const found = await until('the syntax error', () => (ourDiagnostics(uri).length > 0 ? ourDiagnostics(uri) : undefined));
    assert.deepEqual(
      found.map((d) => [codeOf(d), d.severity, d.range.start.line, d.range.start.character]),
      [['syntax-error', vscode.DiagnosticSeverity.Error, 2, 'const model = tf.sequential('.length]],
    );
  });

  test('a script that throws gets a script-error at the throw, and the next scan runs', async () => {
    const uri = workspaceFile('fixtures/script-error.mjs');
    await scanToEnd(uri);
    const found = await until('the script error', () => (ourDiagnostics(uri).length > 0 ? ourDiagnostics(uri) : undefined));
    assert.deepEqual(
      found.map((d) => [codeOf(d), d.severity, d.range.start.line]),
      [['script-error', vscode.DiagnosticSeverity.Error, 3]],
    );
    assert.match(found[0].message, /the dataset is missing/);
    await withSettings(untilStopped, async () => {
      const pid = await startScan(longTraining);
      await stopTraining();
      await workerGone(pid);
    });
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
