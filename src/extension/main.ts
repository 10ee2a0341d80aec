// Extension entry point. Activation is cheap: no tfjs here (training runs in a worker process),
// and every module hands its Disposables to context.subscriptions (vscode-jest style).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ActivationsHost } from './activationsHost';
import { ActivationsPanel } from './activationsPanel';
import { NeuronCodeActions } from './codeActions';
import { COMMANDS } from './commandIds';
import { ScanDiagnostics } from './diagnostics';
import { FixCommands } from './fixCommands';
import { ScanController } from './scanController';
import { StatusBar } from './statusBar';
import { TryFixesController } from './tryFixes';

let scans: ScanController | undefined;
let tries: TryFixesController | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel('Dying Neurons', { log: true });
  const diagnostics = new ScanDiagnostics(vscode.Uri.joinPath(context.extensionUri, 'README.md'));
  const statusBar = new StatusBar(COMMANDS.showActivations);
  const controller = new ScanController({
    workerPath: path.join(context.extensionPath, 'dist', 'worker.js'),
    diagnostics,
    statusBar,
    output,
    panel: ActivationsPanel,
    onRunEnded: (run) =>
      host
        .refreshFixes(run.file)
        .catch((e: unknown) => output.warn(`could not compute the fixes of ${run.file}: ${e instanceof Error ? e.message : String(e)}`)),
  });
  const fixes = new FixCommands(diagnostics, (uri) => controller.rescan(uri));
  const trial = new TryFixesController({
    workerPath: path.join(context.extensionPath, 'dist', 'worker.js'),
    diagnostics,
    panel: ActivationsPanel,
    showPanel: () => ActivationsPanel.createOrShow(context.extensionUri),
    output,
  });
  const host = new ActivationsHost(controller, fixes, ActivationsPanel, trial);
  scans = controller;
  tries = trial;

  context.subscriptions.push(
    output,
    statusBar,
    ...diagnostics.register(),
    ...controller.register(),
    ...fixes.register(),
    ...trial.register(),
    ...NeuronCodeActions.register(diagnostics, trial),
    ...ActivationsPanel.register(context, host),
    vscode.commands.registerCommand(COMMANDS.showActivations, () => ActivationsPanel.createOrShow(context.extensionUri)),
  );
}

/** Stops every training run and try; VS Code waits for the workers to be gone. */
export function deactivate(): Promise<void> | undefined {
  const stopping = [scans?.stopAll(), tries?.stopAll()];
  scans = undefined;
  tries = undefined;
  return Promise.all(stopping).then(() => undefined);
}
