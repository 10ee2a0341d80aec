import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, COMMANDS, ourDiagnostics, until, withSettings, workerProcesses, workspaceFile } from './helpers';
import { suite, suiteSetup, suiteTeardown, test } from './tdd';

// fixtures/dead-bias.ipynb: cell 3 (0-based, after a markdown cell) builds the model; its line 3
// is `    keras.layers.Dense(8, …, bias_initializer=keras.initializers.Constant(-20.0)),`.
const MODEL_CELL = 3;
const FIT_CELL = 4;
const LAYER_LINE = 2; // 0-based, in the cell
const LAYER_TEXT = '    keras.layers.Dense(8, activation="relu", bias_initializer=keras.initializers.Constant(-20.0)),';

suite('Notebooks: Train and Scan a Keras notebook, findings in its cells', () => {
  const uri = workspaceFile('fixtures/dead-bias.ipynb');
  let notebook: vscode.NotebookDocument;
  const cellUri = (index: number) => notebook.cellAt(index).document.uri;
  const findings = () => ourDiagnostics(cellUri(MODEL_CELL));

  suiteSetup(async () => {
    notebook = await vscode.workspace.openNotebookDocument(uri);
    await vscode.window.showNotebookDocument(notebook);
    // The translator: the same on every machine, whatever Python it has.
    await withSettings({ runner: 'translate' }, async () => {
      // From the palette: no argument, the notebook is the active editor.
      await vscode.commands.executeCommand(COMMANDS.trainAndScan);
      await until(
        'the finding in the model cell and the scan to end',
        () => findings().some((d) => codeOf(d) === 'dead-units') && workerProcesses().length === 0,
        120_000,
      );
    });
  });

  suiteTeardown(async () => {
    await vscode.window.showNotebookDocument(notebook);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test("the dead layer's warning is on its line in its cell; compile and fit are related places in theirs", () => {
    const [d, ...others] = findings();
    assert.equal(others.length, 0, JSON.stringify(findings().map((f) => f.message)));
    assert.equal(codeOf(d), 'dead-units');
    assert.equal(d.range.start.line, LAYER_LINE);
    assert.equal(d.range.start.character, '    '.length);
    assert.match(d.message, /^dense: 8 of 8 units dead since init/);
    assert.deepEqual(
      (d.relatedInformation ?? []).map((r) => [r.message, r.location.uri.toString(), r.location.range.start.line]),
      [
        ['compiled here', cellUri(MODEL_CELL).toString(), 5],
        ['trained here', cellUri(FIT_CELL).toString(), 0],
      ],
    );
    const skipped = ourDiagnostics(cellUri(1));
    assert.deepEqual(
      skipped.map((s) => [codeOf(s), s.range.start.line]),
      [['notebook-line-skipped', 0]],
    );
    assert.equal(ourDiagnostics(uri).length, 0, 'nothing on the notebook file itself');
  });

  test("the notebook toolbar's button scans the notebook its argument names, unsaved cell edits included", async () => {
    // The toolbar passes `{ notebookEditor: { notebookUri } }`; another editor is active, so only the argument names the notebook.
    const other = await vscode.workspace.openTextDocument({ content: 'not the notebook', language: 'plaintext' });
    await vscode.window.showTextDocument(other);
    const layerLine = () => notebook.cellAt(MODEL_CELL).document.lineAt(LAYER_LINE).range;
    const setLayer = async (text: string) => {
      const edit = new vscode.WorkspaceEdit();
      edit.replace(cellUri(MODEL_CELL), layerLine(), text);
      assert.ok(await vscode.workspace.applyEdit(edit));
    };
    const fromToolbar = async (units: number) => {
      await withSettings({ runner: 'translate' }, async () => {
        await vscode.commands.executeCommand(COMMANDS.trainAndScan, { ui: true, notebookEditor: { notebookUri: uri }, source: 'notebookToolbar' });
        await until(
          `the toolbar's scan to find ${units} dead units`,
          () => findings().some((d) => d.message.startsWith(`dense: ${units} of ${units} units dead`)) && workerProcesses().length === 0,
          120_000,
        );
      });
    };
    await setLayer(LAYER_TEXT.replace('Dense(8,', 'Dense(6,'));
    await fromToolbar(6);
    await setLayer(LAYER_TEXT);
    await fromToolbar(8);
    await vscode.window.showTextDocument(other);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.window.showNotebookDocument(notebook);
  });

  test('the preferred quick fix edits the cell, once; the notebook is left for the user to save', async () => {
    assert.equal(notebook.cellAt(MODEL_CELL).document.lineAt(LAYER_LINE).text, LAYER_TEXT);
    const [d] = findings();
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      cellUri(MODEL_CELL),
      d.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const preferred = actions.find((a) => a.isPreferred);
    assert.equal(preferred?.title, 'Reset the bias initialiser to zeros');
    assert.ok(preferred?.edit);
    assert.deepEqual(
      preferred.edit.entries().map(([u]) => u.toString()),
      [cellUri(MODEL_CELL).toString()],
    );
    assert.ok(await vscode.workspace.applyEdit(preferred.edit));
    assert.equal(notebook.cellAt(MODEL_CELL).document.lineAt(LAYER_LINE).text, '    keras.layers.Dense(8, activation="relu", bias_initializer="zeros"),');
    assert.equal(notebook.isDirty, true, 'not saved by the fix');
  });
});
