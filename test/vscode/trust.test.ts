import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMANDS, ourDiagnostics, until, workerProcesses, workspaceFile } from './helpers';
import { suite, test } from './tdd';

// Runs only in a Restricted Mode session (grep "Restricted Mode"); the trusted session leaves it out.
suite('Workspace Trust: Restricted Mode', () => {
  test('the workspace is not trusted', () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });

  test('Train and Scan starts no run, leaves the file without findings and says why, as the README promises', async () => {
    const uri = workspaceFile('fixtures/dead-bias.mjs');
    await vscode.window.showTextDocument(uri);
    // The suite runs as part of the extension under test: its vscode.window is the extension's,
    // so the warning it shows is seen here (answered with nothing, as when dismissed).
    const warnings: { message: string; items: unknown[] }[] = [];
    const window = vscode.window as { showWarningMessage: unknown };
    const original = window.showWarningMessage;
    window.showWarningMessage = (message: string, ...items: unknown[]) => {
      warnings.push({ message, items });
      return Promise.resolve(undefined);
    };
    try {
      await vscode.commands.executeCommand(COMMANDS.trainAndScan, uri);
      await until('the Restricted Mode warning', () => warnings.length > 0);
    } finally {
      window.showWarningMessage = original;
    }
    assert.deepEqual(workerProcesses(), []);
    assert.deepEqual(ourDiagnostics(uri), []);
    assert.deepEqual(warnings, [
      {
        message:
          'Dying Neurons: Train and Scan runs your training script, which is code from this workspace, so it is disabled in Restricted Mode. Trust the workspace to scan it.',
        items: ['Manage Workspace Trust'],
      },
    ]);
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
