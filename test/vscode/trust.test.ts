import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMANDS, ourDiagnostics, until, workerProcesses, workspaceFile } from './helpers';
import { suite, test } from './tdd';

// Runs only in a Restricted Mode session (grep "Restricted Mode"); the trusted session leaves it out.
suite('Workspace Trust: Restricted Mode', () => {
  test('the workspace is not trusted', () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });

  test('Train and Scan starts no run and leaves the file without findings', async () => {
    const uri = workspaceFile('fixtures/dead-bias.mjs');
    await vscode.window.showTextDocument(uri);
    await vscode.commands.executeCommand(COMMANDS.trainAndScan, uri);
    assert.deepEqual(workerProcesses(), []);
    assert.deepEqual(ourDiagnostics(uri), []);
  });

  test('the extension is active with limited support: Show Activations still opens the panel', async () => {
    await vscode.commands.executeCommand(COMMANDS.showActivations);
    await until('the Activations webview tab', () =>
      vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .some((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('dyingNeurons.activations')),
    );
  });
});
