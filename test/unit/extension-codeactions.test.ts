import './fakes/useFakeVscode';
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import * as vscode from 'vscode';
import { NeuronCodeActions } from '../../src/extension/codeActions';
import { COMMANDS } from '../../src/extension/commandIds';
import { ScanDiagnostics } from '../../src/extension/diagnostics';
import { FixCommands } from '../../src/extension/fixCommands';
import type { LayerSummary, ReportDiagnostic } from '../../src/shared/protocol';
import { fake, openDocument, resetFake, type FakeTextDocument } from './fakes/vscode';

const TS_FILE = '/work/project/model.ts';
const PY_FILE = '/work/project/model.py';

const TS = [
  "import * as tf from '@tensorflow/tfjs';",
  '',
  'const model = tf.sequential();',
  "model.add(tf.layers.dense({ units: 64, activation: 'relu', inputShape: [784] }));",
  "model.add(tf.layers.dense({ units: 32, activation: 'relu' }));",
  "model.add(tf.layers.dense({ units: 10, activation: 'softmax' }));",
  "model.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy' });",
].join('\n');

const PY = [
  'from tensorflow import keras',
  'from tensorflow.keras import layers',
  '',
  'model = keras.Sequential([',
  "    layers.Dense(64, activation='relu', input_shape=(784,)),",
  "    layers.Dense(10, activation='softmax'),",
  '])',
  "model.compile(optimizer='sgd', loss='sparse_categorical_crossentropy')",
].join('\n');

const TS_TITLES = [
  "Use He initialisation (kernelInitializer: 'heNormal')",
  'Insert BatchNormalization before the relu activation',
  'Replace ReLU with LeakyReLU',
  'Lower the learning rate ×0.1 (0.01 → 0.001)',
  "Switch SGD to Adam (learning rate 0.001, Adam's default)",
  'Add L2 kernel regularisation (1e-4)',
  'Add Dropout(0.2) after the layer',
];

function layer(name: string, file: string, line: number, column: number, endColumn: number): { summary: LayerSummary; warning: ReportDiagnostic } {
  const location = { file, line, column, endLine: line, endColumn };
  return {
    summary: { index: 0, name, className: 'Dense', activation: 'relu', family: 'relu', units: 64, outputShape: [null, 64], location, callers: [], inbound: [] },
    warning: {
      severity: 'warning',
      code: 'dead-units',
      message: `${name}: 23 of 64 units dead since epoch 2 (never active on 1,024 probe samples)`,
      ...location,
      layer: name,
    },
  };
}

const dense = layer('dense', TS_FILE, 4, 11, 80);
const dense1 = layer('dense_1', TS_FILE, 5, 11, 61);
const pyDense = layer('dense', PY_FILE, 5, 5, 60);

let store: ScanDiagnostics;
let provider: NeuronCodeActions;

const published = (file: string) => fake.collections[0].get(vscode.Uri.file(file)) ?? [];
/** What the lightbulb asks: the diagnostics at the cursor (copies, as VS Code sends them). */
function contextFor(
  diagnostics: readonly vscode.Diagnostic[],
  triggerKind = vscode.CodeActionTriggerKind.Automatic,
  only?: vscode.CodeActionKind,
): vscode.CodeActionContext {
  const copies = diagnostics.map((d) => Object.assign(new vscode.Diagnostic(d.range, d.message, d.severity), { source: d.source, code: d.code }));
  return { diagnostics: copies, triggerKind, only };
}
const actionsFor = (doc: FakeTextDocument, context: vscode.CodeActionContext) =>
  provider.provideCodeActions(doc as unknown as vscode.TextDocument, new vscode.Range(0, 0, 0, 0), context);

beforeEach(() => {
  resetFake();
  store = new ScanDiagnostics(vscode.Uri.file('/ext/README.md'));
  store.register();
  provider = new NeuronCodeActions(store);
});

describe('quick fixes for a dead-units diagnostic', () => {
  let doc: FakeTextDocument;
  beforeEach(() => {
    doc = openDocument(TS_FILE, TS);
    store.publish(TS_FILE, [dense.warning, dense1.warning], [dense.summary, dense1.summary]);
  });

  it('offers every engine fix as a QuickFix for that diagnostic, He initialisation preferred', () => {
    const actions = actionsFor(doc, contextFor([published(TS_FILE)[0]]));
    assert.deepEqual(
      actions.map((a) => a.title),
      TS_TITLES,
    );
    assert.deepEqual(
      actions.map((a) => a.isPreferred),
      [true, false, false, false, false, false, false],
    );
    for (const a of actions) {
      assert.equal(a.kind?.value, 'quickfix');
      assert.equal(a.diagnostics?.length, 1);
      assert.equal(a.diagnostics?.[0].message, dense.warning.message);
      assert.deepEqual(a.command?.arguments, [vscode.Uri.file(TS_FILE), a.title]);
      assert.equal(a.command?.command, COMMANDS.offerRescan);
      assert.deepEqual(
        a.edit?.entries().map(([uri]) => uri.fsPath),
        [TS_FILE],
        'one WorkspaceEdit on the file',
      );
    }
  });

  it('applies a fix as one edit, after which the finding is stale and offers a re-scan', async () => {
    const [he] = actionsFor(doc, contextFor([published(TS_FILE)[0]]));
    await vscode.workspace.applyEdit(he.edit!);
    assert.equal(
      doc.getText().split('\n')[3],
      "model.add(tf.layers.dense({ units: 64, activation: 'relu', inputShape: [784], kernelInitializer: 'heNormal' }));",
    );
    const stale = published(TS_FILE)[0];
    assert.match(stale.message, /\(stale: re-scan\)$/);
    const actions = actionsFor(doc, contextFor([stale]));
    assert.deepEqual(
      actions.map((a) => a.title),
      ['Re-scan to refresh this finding'],
    );
    assert.deepEqual(actions[0].command, { command: COMMANDS.rescan, title: 'Re-scan', arguments: [vscode.Uri.file(TS_FILE)] });
  });

  it("computes fixes at the layer's current place after edits above it", async () => {
    doc.edit([{ range: new vscode.Range(2, 0, 2, 0), text: '// two\n// comments\n' }]);
    const moved = published(TS_FILE)[1];
    assert.equal(moved.range.start.line, 6);
    const batchNorm = actionsFor(doc, contextFor([moved]))[1];
    await vscode.workspace.applyEdit(batchNorm.edit!);
    assert.deepEqual(doc.getText().split('\n').slice(6, 9), [
      'model.add(tf.layers.dense({ units: 32 }));',
      'model.add(tf.layers.batchNormalization());',
      "model.add(tf.layers.activation({activation: 'relu'}));",
    ]);
  });

  it("ignores other sources' diagnostics", () => {
    const foreign = Object.assign(new vscode.Diagnostic(new vscode.Range(3, 10, 3, 79), dense.warning.message), { source: 'eslint' });
    assert.deepEqual(actionsFor(doc, { diagnostics: [foreign], triggerKind: vscode.CodeActionTriggerKind.Invoke, only: undefined }), []);
  });

  it('fixes all findings in the file with one source action, only when asked for', async () => {
    const asked = actionsFor(doc, contextFor([], vscode.CodeActionTriggerKind.Invoke, vscode.CodeActionKind.SourceFixAll));
    assert.equal(asked.length, 1);
    assert.equal(asked[0].kind?.value, 'source.fixAll.dyingNeurons');
    assert.equal(asked[0].title, 'Dying Neurons: fix all in file (2 fixes)');
    assert.deepEqual(actionsFor(doc, contextFor([], vscode.CodeActionTriggerKind.Automatic, vscode.CodeActionKind.SourceFixAll)), [], 'not on save');
    assert.deepEqual(actionsFor(doc, contextFor([], vscode.CodeActionTriggerKind.Invoke, vscode.CodeActionKind.QuickFix)), []);

    assert.equal(asked[0].edit?.get(vscode.Uri.file(TS_FILE)).length, 1, 'one edit, one undo');
    await vscode.workspace.applyEdit(asked[0].edit!);
    assert.deepEqual(doc.getText().split('\n').slice(3, 5), [
      "model.add(tf.layers.dense({ units: 64, activation: 'relu', inputShape: [784], kernelInitializer: 'heNormal' }));",
      "model.add(tf.layers.dense({ units: 32, activation: 'relu', kernelInitializer: 'heNormal' }));",
    ]);
  });

  it('"Fix All in File" applies the same edit and offers a re-scan', async () => {
    const rescans: vscode.Uri[] = [];
    const commands = new FixCommands(store, (uri) => rescans.push(uri));
    commands.register();
    fake.activeTextEditor = { document: doc };
    fake.answer = (m) => m.items[0];
    assert.equal(await vscode.commands.executeCommand(COMMANDS.fixAllInFile), true);
    assert.match(doc.getText(), /inputShape: \[784\], kernelInitializer: 'heNormal' \}/);
    assert.match(doc.getText(), /units: 32, activation: 'relu', kernelInitializer: 'heNormal' \}/);
    assert.equal(
      fake.messages[0].message,
      "Dying Neurons: applied dense: Use He initialisation (kernelInitializer: 'heNormal'); dense_1: Use He initialisation (kernelInitializer: 'heNormal') in model.ts. Re-scan to measure the change?",
    );
    assert.deepEqual(
      rescans.map((u) => u.fsPath),
      [TS_FILE],
    );
    assert.equal(await vscode.commands.executeCommand(COMMANDS.fixAllInFile), false, 'nothing left: the findings are stale');
  });

  it('applies a panel fix by layer name, once', async () => {
    const commands = new FixCommands(store, () => undefined);
    const offers = await commands.offers(TS_FILE);
    assert.deepEqual(Object.keys(offers), ['dense', 'dense_1']);
    assert.deepEqual(offers.dense[0], { id: 'he-init', title: TS_TITLES[0], preferred: true });
    assert.equal(await commands.applyFix(TS_FILE, 'dense', 'leaky-relu'), true);
    assert.deepEqual(doc.getText().split('\n').slice(3, 5), [
      'model.add(tf.layers.dense({ units: 64, inputShape: [784] }));',
      'model.add(tf.layers.leakyReLU());',
    ]);
    assert.equal(await commands.applyFix(TS_FILE, 'dense', 'he-init'), false);
    assert.match(fake.messages.at(-1)?.message ?? '', /no longer offered for dense/);
    assert.deepEqual(Object.keys(await commands.offers(TS_FILE)), ['dense_1']);
  });
});

describe('quick fixes in Python', () => {
  it("offers Keras fixes on the layer's line", async () => {
    const doc = openDocument(PY_FILE, PY);
    store.publish(PY_FILE, [pyDense.warning], [pyDense.summary]);
    const actions = actionsFor(doc, contextFor([published(PY_FILE)[0]]));
    assert.equal(actions[0].title, "Use He initialisation (kernel_initializer='he_normal')");
    assert.equal(actions[0].isPreferred, true);
    await vscode.workspace.applyEdit(actions[0].edit!);
    assert.equal(doc.getText().split('\n')[4], "    layers.Dense(64, activation='relu', input_shape=(784,), kernel_initializer='he_normal'),");
  });
});
