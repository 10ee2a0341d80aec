// Train and Scan on a notebook in the fake vscode: the notebook's current cells run (the fake
// worker stands in for the translator: dyingNeurons.runner = translate), findings land on the cell
// documents at the layer's line in its cell, related places in their cells, and a quick fix edits
// the cell, never saving the notebook.
import './fakes/useFakeVscode';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, beforeEach, describe, it } from 'node:test';
import * as vscode from 'vscode';
import { ActivationsHost } from '../../src/extension/activationsHost';
import { NeuronCodeActions } from '../../src/extension/codeActions';
import { COMMANDS } from '../../src/extension/commandIds';
import { ScanDiagnostics } from '../../src/extension/diagnostics';
import { FixCommands } from '../../src/extension/fixCommands';
import { ScanController } from '../../src/extension/scanController';
import { StatusBar } from '../../src/extension/statusBar';
import { TryFixesController, type LaunchTry } from '../../src/extension/tryFixes';
import type { TryFixesRequest, TryOutcome } from '../../src/host/tryFixes';
import type { ToWebviewMessage, TryResults } from '../../src/shared/protocol';
import { fake, openDocument, openNotebook, resetFake, type FakeCellData, type FakeNotebookDocument } from './fakes/vscode';
import { notebookJson } from './notebook-helpers';

const FAKE_WORKER = path.join(__dirname, 'fixtures', 'fake-worker.cjs');
const dir = mkdtempSync(path.join(tmpdir(), 'dn-ext-notebooks-'));
const NOTEBOOK = path.join(dir, 'train.ipynb');
after(() => rmSync(dir, { recursive: true, force: true }));

// The fake worker reports its layers at lines 7 (dense, column 15) and 8 (out) of the program it
// runs: the code cells joined. Program lines 4–9 are the third cell's lines 1–6.
const CELLS: FakeCellData[] = [
  { kind: 'code', text: '%matplotlib inline\nimport numpy as np\nimport keras', id: 'imports' },
  { kind: 'markdown', text: '# The model' },
  {
    kind: 'code',
    text: [
      'inputs = keras.Input(shape=(8,))',
      'x = inputs',
      '',
      'hidden_layr = keras.layers.Dense(4, activation="relu")',
      'output_layr = keras.layers.Dense(2, activation="softmax")',
      'model = keras.Model(inputs, output_layr(hidden_layr(x)))',
    ].join('\n'),
    id: 'model',
  },
];

let diagnostics: ScanDiagnostics;
let controller: ScanController;

function setUp(): void {
  resetFake();
  process.env.FAKE_WORKER = 'warn';
  fake.configuration['dyingNeurons.runner'] = 'translate';
  diagnostics = new ScanDiagnostics(vscode.Uri.file('/ext/README.md'));
  diagnostics.register();
  controller = new ScanController({
    workerPath: FAKE_WORKER,
    diagnostics,
    statusBar: new StatusBar(COMMANDS.showActivations),
    output: vscode.window.createOutputChannel('Dying Neurons', { log: true }),
    panel: { post: () => undefined },
  });
  controller.register();
}

const rangeOf = (d: { range: vscode.Range }) => [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character];
const publishedIn = (uri: vscode.Uri) => fake.collections[0].get(uri) ?? [];
const cellUri = (notebook: FakeNotebookDocument, index: number) => notebook.cellAt(index).document.uri as unknown as vscode.Uri;

async function scanOpenNotebook(): Promise<FakeNotebookDocument> {
  writeFileSync(NOTEBOOK, notebookJson([{ kind: 'code', text: 'print("the saved text")' }]));
  const notebook = openNotebook(NOTEBOOK, CELLS, true);
  const run = await controller.trainAndScan();
  assert.ok(run, 'a run started');
  await run.ended;
  assert.equal(run.status, 'completed');
  return notebook;
}

describe('Train and Scan on a notebook', () => {
  beforeEach(setUp);

  it("scans the active notebook's current cells and puts the finding on the layer's line in its cell", async () => {
    const notebook = await scanOpenNotebook();
    const [d, ...rest] = publishedIn(cellUri(notebook, 2));
    assert.equal(rest.length, 0);
    assert.deepEqual(rangeOf(d), [3, 14, 3, 49]);
    assert.equal((d.code as { value: string }).value, 'dead-units');
    assert.equal(d.message, 'dense: 2 of 4 units dead since init (never active on 64 probe samples)');
    const [skipped] = publishedIn(cellUri(notebook, 0));
    assert.deepEqual([rangeOf(skipped), (skipped.code as { value: string }).value], [[0, 0, 0, 18], 'notebook-line-skipped']);
    assert.equal(publishedIn(vscode.Uri.file(NOTEBOOK)).length, 0, 'nothing at the notebook file itself');
    assert.equal(controller.runOf(NOTEBOOK)?.file, NOTEBOOK);
    assert.equal(fake.statusBarItems[0].visible, true);
  });

  it('offers the quick fixes on the cell document and applies one there as one edit, the notebook unsaved', async () => {
    const notebook = await scanOpenNotebook();
    const cell = notebook.cellAt(2).document;
    const [d] = publishedIn(cellUri(notebook, 2));
    const provider = new NeuronCodeActions(diagnostics, { winnerFor: () => undefined });
    const actions = provider.provideCodeActions(cell as unknown as vscode.TextDocument, d.range, {
      diagnostics: [d],
      only: undefined,
      triggerKind: vscode.CodeActionTriggerKind.Invoke,
    } as unknown as vscode.CodeActionContext);
    assert.ok(actions.length > 0, 'fixes offered in the cell');
    const trial = actions.at(-1)!;
    assert.equal(trial.title, 'Try fixes for dense… (measure)');
    assert.deepEqual(trial.command?.arguments?.map(String), [vscode.Uri.file(NOTEBOOK).toString(), 'dense'], "a cell's try is its notebook's");
    assert.ok(
      actions.slice(0, -1).every((a) => a.edit),
      actions.map((a) => a.title).join('; '),
    );
    const preferred = actions.find((a) => a.isPreferred) ?? actions[0];
    const entries = preferred.edit!.entries();
    assert.deepEqual(
      entries.map(([uri]) => uri.toString()),
      [cellUri(notebook, 2).toString()],
    );
    await vscode.workspace.applyEdit(preferred.edit!);
    const line = cell.getText().split('\n')[3];
    assert.notEqual(line, 'hidden_layr = keras.layers.Dense(4, activation="relu")', `the fix "${preferred.title}" changed the layer's line`);
    assert.match(line, /^hidden_layr = keras\.layers\.Dense\(4/);
    assert.equal(notebook.cellAt(0).document.getText(), CELLS[0].text, 'other cells untouched');
    assert.equal(cell.saveCount, 0);
  });

  it('reveals a layer of the panel in its cell', async () => {
    const notebook = await scanOpenNotebook();
    const host = new ActivationsHost(controller, new FixCommands(diagnostics, () => undefined), { post: () => undefined });
    await host.handle({ type: 'reveal', file: NOTEBOOK, line: 4, column: 15, cell: { index: 2, id: 'model' } });
    assert.deepEqual(
      fake.shownDocuments.map((d) => [d.uri.toString(), d.selection?.start.line, d.selection?.start.character]),
      [[cellUri(notebook, 2).toString(), 3, 14]],
    );
  });

  it("offers the panel's fix buttons for a notebook's layer and applies one to its cell", async () => {
    const notebook = await scanOpenNotebook();
    const fixes = new FixCommands(diagnostics, () => undefined);
    const offers = await fixes.offers(NOTEBOOK);
    assert.deepEqual(Object.keys(offers), ['dense']);
    const preferred = offers.dense.find((f) => f.preferred);
    assert.ok(preferred, JSON.stringify(offers.dense));
    assert.equal(await fixes.applyFix(NOTEBOOK, 'dense', preferred.id), true);
    const cell = notebook.cellAt(2).document;
    assert.notEqual(cell.getText(), CELLS[2].text);
    assert.deepEqual(cell.getText().split('\n').slice(0, 3), CELLS[2].text.split('\n').slice(0, 3), 'the lines above the layer are as they were');
    assert.equal(cell.saveCount, 0);
  });

  it("takes the notebook from the notebook toolbar's argument, and refuses other files", async () => {
    writeFileSync(NOTEBOOK, notebookJson(CELLS.map((c) => ({ ...c }))));
    const fromToolbar = await vscode.commands.executeCommand(COMMANDS.trainAndScan, { notebookEditor: { notebookUri: vscode.Uri.file(NOTEBOOK) } });
    assert.equal(fromToolbar, undefined);
    const run = controller.runOf(NOTEBOOK);
    assert.ok(run, 'the toolbar started a run of the notebook');
    await run.ended;
    const opened = fake.notebooks.find((n) => n.uri.fsPath === NOTEBOOK);
    assert.ok(opened, 'the notebook was opened for its cell documents');
    assert.equal(publishedIn(cellUri(opened, 2)).length, 1);

    const other = path.join(dir, 'notes.txt');
    writeFileSync(other, 'notes');
    openDocument(other, 'notes');
    assert.equal(await controller.trainAndScan(vscode.Uri.file(other)), undefined);
    assert.match(fake.messages.at(-1)?.message ?? '', /training scripts and notebooks saved on disk \(.*\.ipynb\); notes\.txt is not one/);
  });
});

/** A launcher that records each request and ends when told. */
function stubLaunch() {
  const calls: { request: TryFixesRequest; update(r: TryResults): void; finish(o: TryOutcome): void }[] = [];
  const launch: LaunchTry = (request, config) => {
    let finish: (o: TryOutcome) => void = () => undefined;
    const done = new Promise<TryOutcome>((resolve) => (finish = resolve));
    calls.push({ request, update: (r) => config.onUpdate?.(r), finish: (o) => finish(o) });
    return { done, cancel: () => undefined, pids: () => [] };
  };
  return { launch, calls };
}

describe('Try Fixes on a notebook', () => {
  beforeEach(setUp);

  const HE_ROW = { id: 'he-init', fixes: ['he-init' as const], title: 'Use He initialisation', status: 'completed' as const, flagged: 0 };
  const BASELINE_ROW = { id: 'baseline', fixes: [], title: 'Unchanged model', status: 'completed' as const, flagged: 2 };
  const common = { layers: [], loss: 0.5, accuracy: 0.5, accuracyOf: 'validation' as const, ms: 10 };
  const RESULTS: TryResults = {
    file: NOTEBOOK,
    layer: 'dense',
    line: 4,
    status: 'completed',
    epochs: 1,
    samples: 64,
    seed: 42,
    rows: [
      { ...HE_ROW, ...common },
      { ...BASELINE_ROW, ...common },
    ],
  };

  async function triedNotebook() {
    const notebook = await scanOpenNotebook();
    const stub = stubLaunch();
    const posted: ToWebviewMessage[] = [];
    const tries = new TryFixesController(
      {
        workerPath: FAKE_WORKER,
        diagnostics,
        panel: { post: (m) => posted.push(m) },
        showPanel: () => undefined,
        output: vscode.window.createOutputChannel('DN', { log: true }),
      },
      stub.launch,
    );
    // From the cell the cursor is in: its document's URI is the cell's, the try is the notebook's.
    const cell = notebook.cellAt(2).document;
    fake.activeTextEditor = { document: cell, selection: { active: new vscode.Position(3, 20) } } as never;
    fake.answer = () => undefined;
    const running = tries.tryFixes(cell.uri as unknown as vscode.Uri);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(stub.calls.length, 1, 'one try started');
    return { notebook, cell, stub, posted, tries, running };
  }

  it("measures the fixes of the cell's layer on the notebook's current cells, in memory, the results in the panel", async () => {
    const { notebook, cell, stub, posted, tries, running } = await triedNotebook();
    const { request } = stub.calls[0];
    assert.equal(request.options.file, NOTEBOOK);
    const cells = (JSON.parse(request.source) as { cells: { source: string; id?: string }[] }).cells;
    assert.deepEqual(
      cells.map((c) => [c.id, c.source]),
      CELLS.map((c) => [c.id, c.text]),
      "the open notebook's cells, not the saved file",
    );
    assert.deepEqual(request.layer, {
      name: 'dense',
      cell: { index: 2, id: 'model' },
      target: { line: 4, column: 15, className: 'Dense', activation: 'relu', family: 'relu' },
      code: 'dead-units',
    });
    stub.calls[0].update(RESULTS);
    stub.calls[0].finish({ kind: 'results', results: RESULTS, baseline: undefined as never, layer: request.layer! });
    await running;
    assert.deepEqual(posted, [{ type: 'tryResults', file: NOTEBOOK, results: RESULTS }]);
    assert.deepEqual(tries.winnerFor(NOTEBOOK, 'dense'), { fixes: ['he-init'], title: 'Use He initialisation' });
    assert.equal(cell.getText(), CELLS[2].text, 'nothing applied until asked');
    assert.equal(notebook.cellAt(2).document.saveCount, 0);
  });

  it("applies a row to the layer's cell as one edit, the notebook unsaved", async () => {
    const { notebook, cell, stub, tries, running } = await triedNotebook();
    stub.calls[0].finish({ kind: 'results', results: RESULTS, baseline: undefined as never, layer: stub.calls[0].request.layer! });
    await running;
    assert.equal(await tries.applyFixes(NOTEBOOK, 'dense', ['he-init']), true);
    assert.deepEqual(cell.getText().split('\n'), [
      ...CELLS[2].text.split('\n').slice(0, 3),
      'hidden_layr = keras.layers.Dense(4, activation="relu", kernel_initializer="he_normal")',
      ...CELLS[2].text.split('\n').slice(4),
    ]);
    assert.equal(notebook.cellAt(0).document.getText(), CELLS[0].text, 'other cells untouched');
    assert.equal(cell.saveCount, 0);
    assert.deepEqual(
      fake.executed.filter((e) => e.command === COMMANDS.offerRescan).map((e) => e.args.map(String)),
      [[vscode.Uri.file(NOTEBOOK).toString(), 'Use He initialisation (kernel_initializer="he_normal")']],
    );
  });
});
