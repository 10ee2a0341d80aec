// The run lifecycle of Train and Scan against a fake worker (test/unit/fixtures/fake-worker.cjs,
// which speaks the protocol without tfjs; FAKE_WORKER picks its behaviour) and the fake vscode.
import './fakes/useFakeVscode';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, beforeEach, describe, it } from 'node:test';
import * as vscode from 'vscode';
import { COMMANDS } from '../../src/extension/commandIds';
import { ScanDiagnostics } from '../../src/extension/diagnostics';
import { EditorRun, type RunListener } from '../../src/extension/runs';
import type { Runner } from '../../src/host/runner';
import { ScanController } from '../../src/extension/scanController';
import { StatusBar } from '../../src/extension/statusBar';
import { DEFAULT_THRESHOLDS, type ToWebviewMessage, type WorkerMessage } from '../../src/shared/protocol';
import { eventually, isAlive } from './fakes/poll';
import { fake, openDocument, resetFake } from './fakes/vscode';

const FAKE_WORKER = path.join(__dirname, 'fixtures', 'fake-worker.cjs');
const dir = mkdtempSync(path.join(tmpdir(), 'dn-ext-runs-'));
const FILE = path.join(dir, 'model.ts');
const OTHER = path.join(dir, 'other.mjs');
writeFileSync(FILE, '// a training script\n');
writeFileSync(OTHER, '// another\n');
after(() => rmSync(dir, { recursive: true, force: true }));

const settle = () => new Promise((r) => setImmediate(r));

let controller: ScanController;
let posts: ToWebviewMessage[];
let endedRuns: EditorRun[];

function setUp(mode: string): void {
  resetFake();
  process.env.FAKE_WORKER = mode;
  const diagnostics = new ScanDiagnostics(vscode.Uri.file('/ext/README.md'));
  diagnostics.register();
  posts = [];
  endedRuns = [];
  controller = new ScanController({
    workerPath: FAKE_WORKER,
    diagnostics,
    statusBar: new StatusBar(COMMANDS.showActivations),
    output: vscode.window.createOutputChannel('Dying Neurons', { log: true }),
    panel: { post: (m) => posts.push(m) },
    onRunEnded: (run) => endedRuns.push(run),
  });
  controller.register();
}

const status = () => fake.statusBarItems[0];
const output = () => fake.outputChannels[0].lines;
const published = (file: string) => fake.collections[0].get(vscode.Uri.file(file)) ?? [];
const start = async (target?: string): Promise<EditorRun> => {
  const run = await controller.trainAndScan(target ? vscode.Uri.file(target) : undefined);
  assert.ok(run, 'a run started');
  return run;
};

describe('Train and Scan run lifecycle', () => {
  beforeEach(() => setUp('warn'));

  it('saves the dirty file, streams live state, and ends with diagnostics, status and panel messages', async () => {
    const doc = openDocument(FILE, '// a training script\n', true);
    doc.isDirty = true;
    assert.equal(status().visible, false, 'hidden until the first scan');

    const run = await start();
    assert.equal(doc.saveCount, 1);
    assert.equal(fake.contextKeys.get('dyingNeurons.training'), true);
    assert.deepEqual(fake.contextKeys.get('dyingNeurons.runningFiles'), [FILE]);
    await run.ended;
    await settle();

    assert.equal(run.status, 'completed');
    const [d] = published(FILE);
    assert.equal(published(FILE).length, 1);
    assert.deepEqual([d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character], [6, 14, 6, 49]);
    assert.equal((d.code as { value: string }).value, 'dead-units');
    assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);

    assert.equal(status().visible, true);
    assert.equal(status().text, '$(warning) 2 dead in 1 layer');
    assert.equal(status().command, COMMANDS.showActivations);

    const [progress] = fake.progress;
    assert.equal(progress.title, 'Dying Neurons: training model.ts');
    assert.equal(progress.cancellable, true);
    assert.equal(progress.done, true);
    assert.ok(progress.reports.some((r) => r.message === 'measuring units before training · 2 dead'));

    assert.deepEqual(
      posts.map((p) => (p.type === 'worker' ? p.message.type : p.type)),
      ['started', 'units', 'progress', 'finished'],
    );
    assert.ok(posts.every((p) => p.file === FILE));
    assert.deepEqual(endedRuns, [run]);
    assert.ok(
      output().some((l) => l === `[info] [model.ts] fake-worker pid ${run.pid}`),
      'worker stderr in the output channel',
    );
    assert.ok(output().includes('[info] [model.ts] training 2 layers on 64 samples, 1 epochs of 2 batches (on cpu)'));
    assert.equal(fake.contextKeys.get('dyingNeurons.training'), false);
    assert.equal(fake.contextKeys.get('dyingNeurons.hasScanned'), true);
    assert.equal(fake.messages.length, 0, 'a completed scan shows no pop-up');
    assert.equal(isAlive(run.pid), false);
  });

  it("shows the live readout while training and stops from the notification's Cancel", async () => {
    setUp('slow');
    const run = await start(FILE);
    assert.ok(await eventually(() => status().text === '$(pulse) 1/1 · loss 1.000 · 0 dead', 5000), status().text);
    assert.match(String(status().tooltip), /dense \(line 7\): 0\/4 dead, 0 dying, 0 saturated/);
    assert.ok(fake.progress[0].reports.some((r) => /^epoch 1\/1 · batch \d+\/1000 · loss 1\.000 · 0 dead$/.test(r.message ?? '')));

    fake.progress[0].cancel();
    await run.ended;
    assert.equal(run.status, 'cancelled');
    assert.equal(status().text, '$(debug-stop) stopped · no dead units');
    assert.ok(await eventually(() => !isAlive(run.pid), 1000), 'worker gone within a second');
    assert.equal(fake.messages.length, 0);
  });

  it('kills a worker that ignores the cancel within a second', async () => {
    setUp('hang');
    const run = await start(FILE);
    assert.ok(await eventually(() => run.started !== undefined, 5000));
    controller.stop(vscode.Uri.file(FILE));
    assert.ok(await eventually(() => !isAlive(run.pid), 1000), 'worker killed within a second');
    await run.ended;
    assert.equal(run.status, 'cancelled');
    assert.deepEqual(published(FILE), [], 'the "cancelled" note is not a diagnostic');
  });

  it('reports a crashed worker with a clear message and offers the output', async () => {
    setUp('crash');
    fake.answer = (m) => m.items[0];
    const run = await start(FILE);
    await run.ended;
    await settle();
    assert.equal(run.status, 'failed');
    assert.deepEqual(fake.messages, [
      {
        severity: 'error',
        message: 'Dying Neurons: could not scan model.ts: The training process exited with code 3 before it finished. Last output: Error: something broke',
        items: ['Show Output'],
      },
    ]);
    assert.equal(fake.outputChannels[0].shown, true);
    assert.equal(status().text, '$(error) scan failed');
    assert.equal((published(FILE)[0].code as { value: string }).value, 'worker-crashed');
    assert.equal(isAlive(run.pid), false);
  });

  it('says the worker ran out of memory', async () => {
    setUp('oom');
    const run = await start(FILE);
    await run.ended;
    await settle();
    assert.equal(
      fake.messages[0].message,
      'Dying Neurons: could not scan model.ts: The training process ran out of memory. Try fewer training samples, a smaller probe set or a smaller model.',
    );
    assert.equal((published(FILE)[0].code as { value: string }).value, 'out-of-memory');
  });

  it("puts an engine error on its line in the user's file", async () => {
    setUp('error');
    const run = await start(FILE);
    await run.ended;
    await settle();
    const errors = published(FILE).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
    assert.equal(errors.length, 1);
    assert.deepEqual([errors[0].range.start.line, errors[0].range.start.character, errors[0].range.end.character], [8, 6, 15]);
    assert.equal(errors[0].message, 'model.fit is not a function');
    assert.equal(fake.messages[0].message, 'Dying Neurons: could not scan model.ts: model.fit is not a function (model.ts:9:7)');
    assert.deepEqual(fake.messages[0].items, []);
  });

  it('runs one scan per file: starting again stops the old run, other files run alongside', async () => {
    setUp('slow');
    const first = await start(FILE);
    const other = await start(OTHER);
    assert.ok(await eventually(() => first.started !== undefined, 5000));
    const second = await start(FILE);
    await first.ended;
    assert.equal(first.status, 'cancelled');
    assert.equal(first.stopRequested, true);
    assert.ok(await eventually(() => !isAlive(first.pid), 1000));
    assert.equal(second.running, true);
    assert.equal(other.running, true);
    assert.equal(controller.currentRun, second);
    assert.equal(controller.runOf(FILE), second);
    assert.ok(!endedRuns.includes(first), 'a replaced run does not report');
    assert.deepEqual(new Set(fake.contextKeys.get('dyingNeurons.runningFiles') as string[]), new Set([FILE, OTHER]));
    await controller.stopAll();
    assert.deepEqual([second.status, other.status], ['cancelled', 'cancelled']);
  });

  it('leaves no process behind after 20 cancels', async () => {
    setUp('hang');
    const runs: EditorRun[] = [];
    for (let i = 0; i < 20; i++) runs.push(await start(FILE)); // each start stops the one before
    controller.stop();
    await Promise.all(runs.map((r) => r.ended));
    assert.deepEqual(
      runs.map((r) => r.status),
      runs.map(() => 'cancelled'),
    );
    assert.deepEqual(
      runs.filter((r) => isAlive(r.pid)).map((r) => r.pid),
      [],
    );
    assert.equal(new Set(runs.map((r) => r.pid)).size, 20);
  });

  it('revives dead units of the running scan on request', async () => {
    setUp('slow');
    const run = await start(FILE);
    assert.ok(await eventually(() => run.started !== undefined, 5000));
    controller.revive();
    assert.ok(await eventually(() => output().includes('[info] [model.ts] revived 2 units'), 5000));
    await controller.stopAll();
  });

  it('starts from the command with the Uri a menu passes, and resolves to nothing', async () => {
    assert.equal(await vscode.commands.executeCommand(COMMANDS.trainAndScan, vscode.Uri.file(OTHER), [vscode.Uri.file(OTHER)]), undefined);
    const run = controller.currentRun;
    assert.equal(run?.file, OTHER);
    await run?.ended;
  });

  it('re-scans the last scanned file', async () => {
    const run = await start(FILE);
    await run.ended;
    const again = await controller.rescan();
    assert.equal(again?.file, FILE);
    await again?.ended;
  });

  it('refuses to train in Restricted Mode and says why', async () => {
    fake.workspaceTrusted = false;
    fake.answer = (m) => m.items[0];
    openDocument(FILE, '', true);
    assert.equal(await controller.trainAndScan(), undefined);
    await settle();
    assert.equal(fake.messages[0].severity, 'warning');
    assert.match(fake.messages[0].message, /runs your training script, which is code from this workspace, so it is disabled in Restricted Mode/);
    assert.ok(fake.executed.some((e) => e.command === 'workbench.trust.manage'));
    assert.equal(fake.progress.length, 0);
  });

  it('scans only training scripts on disk', async () => {
    openDocument(path.join(dir, 'notes.md'), '# notes', true);
    assert.equal(await controller.trainAndScan(), undefined);
    assert.match(fake.messages[0].message, /notes\.md is not one/);
  });
});

describe("a run's live findings", () => {
  it('point at the compile and fit calls the worker reported, after the callers', () => {
    const at = (line: number) => ({ file: FILE, line, column: 1, endLine: line, endColumn: 30 });
    const messages: WorkerMessage[] = [
      {
        type: 'started',
        backend: 'cpu',
        file: FILE,
        epochs: 1,
        batchesPerEpoch: 2,
        samples: 64,
        training: { compile: at(12), fit: at(14) },
        model: [
          {
            index: 0,
            name: 'dense',
            className: 'Dense',
            activation: 'relu',
            family: 'relu',
            units: 2,
            outputShape: [null, 2],
            location: at(7),
            callers: [{ ...at(9), functionName: 'block' }],
            inbound: [],
          },
          {
            index: 1,
            name: 'out',
            className: 'Dense',
            activation: 'softmax',
            family: null,
            units: 2,
            outputShape: [null, 2],
            location: at(8),
            callers: [],
            inbound: ['dense'],
          },
        ],
      },
      {
        type: 'units',
        check: { index: 0, kind: 'init', epoch: 0, step: 0, label: 'init', probeSamples: 64 },
        layers: [{ layer: 'dense', rate: [0, 0], meanAbs: [0, 0], max: [0, 0], tau: [0, 0], saturation: null, state: ['dead', 'dead'] }],
      },
    ];
    const runner: Runner = {
      id: 'tfjs',
      start: (_options, events) => {
        messages.forEach((m) => events.message(m));
        return { done: new Promise(() => undefined), cancel: () => undefined, revive: () => undefined, pid: undefined };
      },
    };
    const listener: RunListener = { message: () => undefined, stderr: () => undefined, ended: () => undefined };
    const run = new EditorRun(1, { file: FILE, probe: 64, seed: 1, backend: 'cpu', thresholds: DEFAULT_THRESHOLDS }, runner, listener);
    assert.deepEqual(
      run.diagnostics().map((d) => d.related?.map((r) => [r.message, r.line])),
      [
        [
          ['called from here', 9],
          ['compiled here', 12],
          ['trained here', 14],
        ],
      ],
    );
  });
});
