// The Activations panel's host side: replay for a panel opened after a scan, and what the panel's
// buttons do — through the real ActivationsPanel on a fake webview, with the fake worker.
import './fakes/useFakeVscode';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, beforeEach, describe, it } from 'node:test';
import * as vscode from 'vscode';
import { ActivationsHost } from '../../src/extension/activationsHost';
import { ActivationsPanel } from '../../src/extension/activationsPanel';
import { COMMANDS } from '../../src/extension/commandIds';
import { ScanDiagnostics } from '../../src/extension/diagnostics';
import { FixCommands } from '../../src/extension/fixCommands';
import { ScanController } from '../../src/extension/scanController';
import { StatusBar } from '../../src/extension/statusBar';
import type { ToWebviewMessage } from '../../src/shared/protocol';
import { eventually } from './fakes/poll';
import { fake, openDocument, resetFake, type FakeTextDocument, type FakeWebviewPanel } from './fakes/vscode';

const FAKE_WORKER = path.join(__dirname, 'fixtures', 'fake-worker.cjs');
const dir = mkdtempSync(path.join(tmpdir(), 'dn-ext-panel-'));
const FILE = path.join(dir, 'model.ts');
// The fake worker reports layer "dense" at line 7, column 15.
const SOURCE = [
  "import * as tf from '@tensorflow/tfjs';",
  '',
  '// Four ReLU units, two of them dead.',
  'const model = tf.sequential();',
  '',
  '',
  "const dense = tf.layers.dense({ units: 4, activation: 'relu', inputShape: [2] });",
  'model.add(dense);',
  "model.add(tf.layers.dense({ units: 2, activation: 'softmax' }));",
  '',
].join('\n');
after(() => rmSync(dir, { recursive: true, force: true }));

const context = { subscriptions: [] as vscode.Disposable[], extensionUri: vscode.Uri.file('/ext') } as unknown as vscode.ExtensionContext;

let controller: ScanController;
let doc: FakeTextDocument;
let refreshed: Promise<void>[];

function setUp(mode: string): void {
  resetFake();
  process.env.FAKE_WORKER = mode;
  writeFileSync(FILE, SOURCE);
  doc = openDocument(FILE, SOURCE, true);
  const diagnostics = new ScanDiagnostics(vscode.Uri.file('/ext/README.md'));
  diagnostics.register();
  refreshed = [];
  controller = new ScanController({
    workerPath: FAKE_WORKER,
    diagnostics,
    statusBar: new StatusBar(COMMANDS.showActivations),
    output: vscode.window.createOutputChannel('Dying Neurons', { log: true }),
    panel: ActivationsPanel,
    onRunEnded: (run) => refreshed.push(host.refreshFixes(run.file)),
  });
  controller.register();
  const fixes = new FixCommands(diagnostics, (uri) => controller.rescan(uri));
  fixes.register();
  const host = new ActivationsHost(controller, fixes, ActivationsPanel);
  ActivationsPanel.currentPanel?.dispose();
  ActivationsPanel.register(context, host);
}

async function scan(): Promise<void> {
  const run = await controller.trainAndScan(vscode.Uri.file(FILE));
  await run?.ended;
  await Promise.all(refreshed);
}

function openPanel(): FakeWebviewPanel {
  ActivationsPanel.createOrShow(vscode.Uri.file('/ext'));
  const panel = fake.webviewPanels.at(-1)!;
  panel.receive({ type: 'ready' });
  return panel;
}

const kinds = (messages: unknown[]) => (messages as ToWebviewMessage[]).map((m) => (m.type === 'worker' ? `worker:${m.message.type}` : m.type));

describe('Activations panel host', () => {
  beforeEach(() => setUp('warn'));

  it('replays the last run and its fix buttons to a panel opened afterwards', async () => {
    await scan();
    const panel = openPanel();
    assert.deepEqual(kinds(panel.posted), ['worker:started', 'worker:units', 'worker:progress', 'worker:finished', 'fixes']);
    const fixes = panel.posted.at(-1) as Extract<ToWebviewMessage, { type: 'fixes' }>;
    assert.equal(fixes.file, FILE);
    assert.deepEqual(Object.keys(fixes.fixes), ['dense']);
    assert.deepEqual(fixes.fixes.dense[0], { id: 'he-init', title: "Use He initialisation (kernelInitializer: 'heNormal')", preferred: true });
  });

  it('streams a run live to an open panel', async () => {
    const panel = openPanel();
    assert.deepEqual(panel.posted, []);
    await scan();
    assert.deepEqual(kinds(panel.posted), ['worker:started', 'worker:units', 'worker:progress', 'worker:finished', 'fixes']);
  });

  it('applies a fix button to the layer, offers a re-scan, and sends the updated buttons', async () => {
    await scan();
    const panel = openPanel();
    panel.receive({ type: 'applyFix', file: FILE, layer: 'dense', fix: 'he-init' });
    assert.ok(await eventually(() => kinds(panel.posted).at(-1) === 'fixes' && panel.posted.length === 6, 5000));
    assert.equal(
      doc.getText().split('\n')[6],
      "const dense = tf.layers.dense({ units: 4, activation: 'relu', inputShape: [2], kernelInitializer: 'heNormal' });",
    );
    assert.deepEqual(fake.messages[0], {
      severity: 'information',
      message: "Dying Neurons: applied Use He initialisation (kernelInitializer: 'heNormal') in model.ts. Re-scan to measure the change?",
      items: ['Re-scan'],
    });
    const buttons = panel.posted.at(-1) as Extract<ToWebviewMessage, { type: 'fixes' }>;
    assert.equal(buttons.file, FILE);
    assert.deepEqual(buttons.fixes.dense.map((f) => f.id).includes('he-init'), false, 'the applied fix is not offered again');
  });

  it("reveals a layer's line, and re-scans on request", async () => {
    await scan();
    const panel = openPanel();
    panel.receive({ type: 'reveal', file: FILE, line: 7, column: 15 });
    assert.ok(await eventually(() => fake.shownDocuments.length === 1, 5000));
    const shown = fake.shownDocuments[0];
    assert.equal(shown.uri.fsPath, FILE);
    assert.deepEqual([shown.selection?.start.line, shown.selection?.start.character], [6, 14]);

    const before = controller.currentRun;
    panel.receive({ type: 'rescan', file: FILE });
    assert.ok(await eventually(() => controller.currentRun !== before, 5000));
    await controller.currentRun?.ended;
  });

  it('refuses a path the panel does not show: no re-scan, reveal, Try Fixes or fix of another file', async () => {
    await scan();
    const panel = openPanel();
    const calls: unknown[][] = [];
    vscode.commands.registerCommand('dyingNeurons.tryFixes', (...args: unknown[]) => calls.push(args));
    const other = path.join(dir, 'other.ts');
    writeFileSync(other, SOURCE);
    const before = controller.currentRun;
    for (const file of [other, '/etc/passwd']) {
      panel.receive({ type: 'rescan', file });
      panel.receive({ type: 'reveal', file, line: 1, column: 1 });
      panel.receive({ type: 'tryFixes', file, layer: 'dense' });
      panel.receive({ type: 'applyFix', file, layer: 'dense', fix: 'he-init' });
    }
    // The panel's own file still works, after the refused messages.
    panel.receive({ type: 'reveal', file: FILE, line: 7, column: 15 });
    assert.ok(await eventually(() => fake.shownDocuments.length > 0, 5000));
    assert.deepEqual(
      fake.shownDocuments.map((d) => d.uri.fsPath),
      [FILE],
    );
    assert.equal(controller.currentRun, before);
    assert.equal(controller.runOf(other), undefined);
    assert.deepEqual(calls, []);
    assert.deepEqual(fake.messages, []);
  });

  it("reveals a helper's call site in another file that the run names", async () => {
    setUp('helper');
    await scan();
    const panel = openPanel();
    const helpers = path.join(dir, 'helpers.js');
    writeFileSync(helpers, '// helpers\n');
    panel.receive({ type: 'reveal', file: helpers, line: 3, column: 15 });
    assert.ok(await eventually(() => fake.shownDocuments.length === 1, 5000));
    assert.equal(fake.shownDocuments[0].uri.fsPath, helpers);
  });

  it('runs the Try Fixes command on the layer', async () => {
    await scan();
    const panel = openPanel();
    const calls: unknown[][] = [];
    vscode.commands.registerCommand('dyingNeurons.tryFixes', (...args: unknown[]) => calls.push(args));
    panel.receive({ type: 'tryFixes', file: FILE, layer: 'dense' });
    assert.ok(await eventually(() => calls.length === 1, 5000));
    assert.deepEqual(calls, [[vscode.Uri.file(FILE), 'dense']]);
  });

  it('tells the panel how a crashed run ended although the worker could not', async () => {
    setUp('crash');
    const panel = openPanel();
    await scan();
    const last = panel.posted.filter((m) => (m as ToWebviewMessage).type === 'worker').at(-1) as Extract<ToWebviewMessage, { type: 'worker' }>;
    assert.equal(last.message.type, 'finished');
    assert.equal(last.message.type === 'finished' && last.message.report.status, 'failed');
  });
});
