// Train and Scan with the real worker and the fake vscode: every line the script prints reaches
// the "Dying Neurons" output channel, those printed at the end of training included, and the
// script's code after its fit does not run.
import './fakes/useFakeVscode';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import * as vscode from 'vscode';
import { COMMANDS } from '../../src/extension/commandIds';
import { ScanDiagnostics } from '../../src/extension/diagnostics';
import { ScanController } from '../../src/extension/scanController';
import { StatusBar } from '../../src/extension/statusBar';
import { fake, resetFake } from './fakes/vscode';
import { TALKATIVE, TALKATIVE_LINES } from './talkative-script';
import { WORKER } from './worker-helpers';

const dir = mkdtempSync(path.join(tmpdir(), 'dn-ext-output-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const FILE = path.join(dir, 'talkative.js');
const SAVED = path.join(dir, 'saved.bin');

describe('the output channel', () => {
  it('gets every line the script prints, and the code after fit does not run', async () => {
    writeFileSync(FILE, TALKATIVE);
    writeFileSync(SAVED, 'saved by an earlier run');
    resetFake();
    const diagnostics = new ScanDiagnostics(vscode.Uri.file('/ext/README.md'));
    diagnostics.register();
    const controller = new ScanController({
      workerPath: WORKER,
      diagnostics,
      statusBar: new StatusBar(COMMANDS.showActivations),
      output: vscode.window.createOutputChannel('Dying Neurons', { log: true }),
      panel: { post: () => undefined },
      onRunEnded: () => undefined,
    });
    controller.register();
    const run = await controller.trainAndScan(vscode.Uri.file(FILE));
    assert.ok(run, 'a run started');
    await run.ended;
    assert.equal(run.status, 'completed');
    const lines = fake.outputChannels[0].lines;
    assert.equal(lines.filter((l) => /\[talkative\.js\] line \d+$/.test(l)).length, TALKATIVE_LINES);
    assert.equal(lines.filter((l) => l.endsWith('[talkative.js] training ended')).length, 1);
    assert.equal(readFileSync(SAVED, 'utf8'), 'saved by an earlier run');
  });
});
