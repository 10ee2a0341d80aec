// Try Fixes in the extension (fake vscode, stand-in launcher): what it runs (the editor's text,
// the finding's layer), the cancellable progress, the results in the panel, applying a row as
// one edit, the measured winner as the preferred quick fix, and Restricted Mode.
import './fakes/useFakeVscode';
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import * as vscode from 'vscode';
import { ActivationsHost } from '../../src/extension/activationsHost';
import { NeuronCodeActions } from '../../src/extension/codeActions';
import { COMMANDS } from '../../src/extension/commandIds';
import { ScanDiagnostics } from '../../src/extension/diagnostics';
import type { FixCommands } from '../../src/extension/fixCommands';
import type { ScanController } from '../../src/extension/scanController';
import { TryFixesController, type LaunchTry } from '../../src/extension/tryFixes';
import type { LayerSummary, ReportDiagnostic, ToWebviewMessage, TryResults, TryRow } from '../../src/shared/protocol';
import type { TryFixesRequest, TryOutcome } from '../../src/host/tryFixes';
import { fake, openDocument, resetFake, type FakeTextDocument } from './fakes/vscode';

const FILE = '/work/project/model.js';
const SOURCE = [
  "const tf = require('@tensorflow/tfjs');",
  'const model = tf.sequential();',
  "model.add(tf.layers.dense({ units: 8, activation: 'relu', inputShape: [4], biasInitializer: tf.initializers.constant({ value: -10 }) }));",
  "model.add(tf.layers.dense({ units: 2, activation: 'softmax' }));",
  "model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });",
].join('\n');
const LOCATION = { file: FILE, line: 3, column: 11, endLine: 3, endColumn: 131 };
const SUMMARY: LayerSummary = {
  index: 0,
  name: 'dense',
  className: 'Dense',
  activation: 'relu',
  family: 'relu',
  units: 8,
  outputShape: [null, 8],
  location: LOCATION,
  callers: [],
  inbound: [],
};
const WARNING: ReportDiagnostic = { severity: 'warning', code: 'dead-units', message: 'dense: 8 of 8 units dead since init', ...LOCATION, layer: 'dense' };

const row = (id: string, fixes: TryRow['fixes'], flagged: number, title = id): TryRow => ({
  id,
  fixes,
  title,
  status: 'completed',
  flagged,
  layers: [],
  loss: 0.7,
  accuracy: 0.5,
  accuracyOf: 'validation',
  ms: 1000,
});
const RANKED: TryRow[] = [
  row('zero-bias+he-init', ['zero-bias', 'he-init'], 1, "Reset the bias initialiser to zeros + Use He initialisation (kernelInitializer: 'heNormal')"),
  row('zero-bias', ['zero-bias'], 1),
  row('baseline', [], 8, 'Unchanged model'),
];
const results = (status: TryResults['status'], rows: TryRow[]): TryResults => ({
  file: FILE,
  layer: 'dense',
  line: 3,
  status,
  epochs: 1,
  samples: 5000,
  seed: 42,
  rows,
});

/** A launcher that records the request and finishes when told. */
function stubLaunch() {
  const calls: { request: TryFixesRequest; cancelled: boolean; update(r: TryResults): void; finish(o: TryOutcome): void }[] = [];
  const launch: LaunchTry = (request, config) => {
    let finish: (o: TryOutcome) => void = () => undefined;
    const done = new Promise<TryOutcome>((resolve) => (finish = resolve));
    const call = { request, cancelled: false, update: (r: TryResults) => config.onUpdate?.(r), finish: (o: TryOutcome) => finish(o) };
    calls.push(call);
    return { done, cancel: () => (call.cancelled = true), pids: () => [] };
  };
  return { launch, calls };
}

let doc: FakeTextDocument;
let store: ScanDiagnostics;
let posted: ToWebviewMessage[];
let panelShown: number;
let stub: ReturnType<typeof stubLaunch>;
let tries: TryFixesController;

beforeEach(() => {
  resetFake();
  doc = openDocument(FILE, SOURCE, true);
  store = new ScanDiagnostics(vscode.Uri.file('/ext/README.md'));
  store.register();
  store.publish(FILE, [WARNING], [SUMMARY]);
  posted = [];
  panelShown = 0;
  stub = stubLaunch();
  tries = new TryFixesController(
    {
      workerPath: '/ext/dist/worker.js',
      diagnostics: store,
      panel: { post: (m) => posted.push(m) },
      showPanel: () => panelShown++,
      output: vscode.window.createOutputChannel('Dying Neurons', { log: true }),
    },
    stub.launch,
  );
  tries.register();
});

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('try fixes: the command', () => {
  it("tries the finding's layer on the editor's text, with progress, results in the panel and the winner offered", async () => {
    // An unsaved edit above the layer: the try measures what the editor shows.
    doc.edit([{ range: new vscode.Range(1, 0, 1, 0), text: '// unsaved\n' }]);
    const edited = doc.getText();
    fake.answer = () => undefined;
    const running = vscode.commands.executeCommand(COMMANDS.tryFixes, vscode.Uri.file(FILE), 'dense');
    await tick();
    assert.equal(stub.calls.length, 1);
    const { request } = stub.calls[0];
    assert.equal(request.source, edited);
    assert.deepEqual(request.layer, {
      name: 'dense',
      code: 'dead-units',
      target: { line: 4, column: 11, className: 'Dense', activation: 'relu', family: 'relu' },
    });
    assert.equal(request.options.file, FILE);
    assert.equal(request.options.epochs, undefined, "the try's own epoch budget");
    assert.equal(panelShown, 1);

    const progress = fake.progress[0];
    assert.deepEqual([progress.title, progress.cancellable], ['Dying Neurons: trying fixes on dense (model.js)', true]);
    stub.calls[0].update(results('running', [{ ...RANKED[2], status: 'running' }, { ...RANKED[1], status: 'pending' }, RANKED[0]]));
    assert.deepEqual(progress.reports.at(-1), { message: '1 of 3 runs measured', increment: 100 / 3 });
    stub.calls[0].update(results('completed', RANKED));
    stub.calls[0].finish({ kind: 'results', results: results('completed', RANKED), baseline: undefined as never, layer: undefined as never });
    await running;

    assert.deepEqual(
      posted.map((m) => [m.type, m.type === 'tryResults' ? m.results.status : '']),
      [
        ['tryResults', 'running'],
        ['tryResults', 'completed'],
      ],
    );
    assert.equal(doc.getText(), edited, 'the file is untouched until a row is applied');
    assert.deepEqual(tries.winnerFor(FILE, 'dense'), { fixes: ['zero-bias', 'he-init'], title: RANKED[0].title });
    assert.deepEqual(fake.messages.at(-1), {
      severity: 'information',
      message: `Dying Neurons: measured best fix for dense: ${RANKED[0].title} (1 dead, dying or saturated units instead of 8).`,
      items: ['Apply'],
    });
  });

  it('cancels the try from the notification', async () => {
    const running = tries.tryFixes(vscode.Uri.file(FILE), 'dense');
    await tick();
    fake.progress[0].cancel();
    assert.equal(stub.calls[0].cancelled, true);
    stub.calls[0].finish({ kind: 'results', results: results('cancelled', RANKED), baseline: undefined as never, layer: undefined as never });
    await running;
    assert.equal(tries.winnerFor(FILE, 'dense'), undefined);
  });

  it('is unavailable in Restricted Mode, and says so for a layer without a finding', async () => {
    fake.workspaceTrusted = false;
    await tries.tryFixes(vscode.Uri.file(FILE), 'dense');
    fake.workspaceTrusted = true;
    await tries.tryFixes(vscode.Uri.file(FILE), 'other');
    assert.equal(stub.calls.length, 0);
    assert.deepEqual(
      fake.messages.map((m) => m.severity),
      ['warning', 'information'],
    );
    assert.match(fake.messages[0].message, /Restricted Mode/);
    assert.match(fake.messages[1].message, /^Dying Neurons: Try Fixes measures the fixes of a layer with a finding \(other\)/);
  });
});

describe('try fixes: applying a row, and the measured winner as the preferred quick fix', () => {
  async function finishedTry(): Promise<void> {
    const running = tries.tryFixes(vscode.Uri.file(FILE), 'dense');
    await tick();
    stub.calls[0].finish({ kind: 'results', results: results('completed', RANKED), baseline: undefined as never, layer: undefined as never });
    await running;
  }
  const AFTER_PAIR = "model.add(tf.layers.dense({ units: 8, activation: 'relu', inputShape: [4], biasInitializer: 'zeros', kernelInitializer: 'heNormal' }));";

  it("applies the panel's row as one edit and offers a re-scan", async () => {
    await finishedTry();
    // The panel acts only on the file of a run it shows: FILE is the scanned one.
    const scans = { runOf: (file: string) => (file === FILE ? {} : undefined) } as unknown as ScanController;
    const host = new ActivationsHost(scans, { offers: async () => ({}) } as unknown as FixCommands, { post: (m) => posted.push(m) }, tries);
    await host.handle({ type: 'applyFixes', file: FILE, layer: 'dense', fixes: ['zero-bias', 'he-init'] });
    assert.equal(doc.getText().split('\n')[2], AFTER_PAIR);
    assert.deepEqual(
      fake.executed.filter((e) => e.command === COMMANDS.offerRescan).map((e) => e.args),
      [[vscode.Uri.file(FILE), RANKED[0].title]],
    );
    // Once applied, the same fixes no longer apply.
    assert.equal(await tries.applyFixes(FILE, 'dense', ['zero-bias', 'he-init']), false);
  });

  it('makes the measured pair the preferred quick fix, and offers "Try fixes…" last', async () => {
    await finishedTry();
    const provider = new NeuronCodeActions(store, tries);
    const [diagnostic] = fake.collections[0].get(vscode.Uri.file(FILE)) ?? [];
    const copy = Object.assign(new vscode.Diagnostic(diagnostic.range, diagnostic.message, diagnostic.severity), {
      source: diagnostic.source,
      code: diagnostic.code,
    });
    const actions = provider.provideCodeActions(doc as unknown as vscode.TextDocument, diagnostic.range, {
      diagnostics: [copy],
      triggerKind: vscode.CodeActionTriggerKind.Automatic,
      only: undefined,
    });
    assert.deepEqual(
      actions.map((a) => [a.title, a.isPreferred]),
      [
        [`${RANKED[0].title} (measured best)`, true],
        ['Reset the bias initialiser to zeros', false],
        ["Use He initialisation (kernelInitializer: 'heNormal')", false],
        ['Insert BatchNormalization before the relu activation', false],
        ['Replace ReLU with LeakyReLU', false],
        ['Lower the learning rate ×0.1 (0.001 → 0.0001)', false],
        ['Add L2 kernel regularisation (1e-4)', false],
        ['Add Dropout(0.2) after the layer', false],
        ['Try fixes for dense… (measure)', undefined],
      ],
    );
    assert.deepEqual(actions.at(-1)?.command, { command: COMMANDS.tryFixes, title: 'Try Fixes', arguments: [vscode.Uri.file(FILE), 'dense'] });
    await vscode.workspace.applyEdit(actions[0].edit as vscode.WorkspaceEdit);
    assert.equal(doc.getText().split('\n')[2], AFTER_PAIR);
  });
});
