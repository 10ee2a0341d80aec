import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { commandId, contributedCommands, extension } from './extension';
import { suite, test } from './tdd';

suite('commands', () => {
  test('the user-facing commands are contributed under the "Dying Neurons" category', () => {
    const titles = new Set(contributedCommands().map((c) => `${c.category}: ${c.title}`));
    for (const title of ['Train and Scan', 'Stop Training', 'Show Activations', 'Re-scan']) {
      assert.ok(titles.has(`Dying Neurons: ${title}`), `"Dying Neurons: ${title}" is contributed`);
    }
  });

  test('running a command activates the extension and registers every command', async () => {
    await vscode.commands.executeCommand(commandId('Show Activations'));
    assert.equal(extension().isActive, true);
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const c of contributedCommands()) assert.ok(registered.has(c.command), `${c.command} is registered`);
  });
});
