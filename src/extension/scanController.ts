// Train and Scan from the editor: checks, saves and starts a scan, and shows each run as it
// goes — progress notification (with Cancel), status bar, live diagnostics, the output
// channel and the Activations panel — and how it ended.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { selectRunner } from '../host/runners';
import { describeReportRun, describeRun } from '../engine/ranWith';
import {
  isNotebook,
  languageOf,
  NOTEBOOK_EXTENSION,
  SCRIPT_EXTENSIONS,
  type ReportDiagnostic,
  type ToWebviewMessage,
  type WorkerMessage,
} from '../shared/protocol';
import { COMMANDS } from './commandIds';
import type { ScanDiagnostics } from './diagnostics';
import { activeFileUri, notebookJson, notebookUriOf } from './notebooks';
import { EditorRuns, type RunListener, type EditorRun } from './runs';
import { readRunSettings, runnerConfig } from './settings';
import type { StatusBar, StatusState } from './statusBar';

/** Where worker messages go besides the editor (the Activations panel). */
export interface PanelSink {
  post(message: ToWebviewMessage): void;
}

export interface ScanControllerDeps {
  /** The worker bundle (dist/worker.js of the installed extension). */
  workerPath: string;
  diagnostics: ScanDiagnostics;
  statusBar: StatusBar;
  output: vscode.LogOutputChannel;
  panel: PanelSink;
  /** Called once a run is over (and is still its file's latest). */
  onRunEnded?(run: EditorRun): void;
}

/** Codes that describe the run rather than the user's code: not shown as diagnostics. */
const RUN_NOTES: ReadonlySet<string> = new Set(['cancelled']);
const CRASHES: ReadonlySet<string> = new Set(['worker-crashed', 'out-of-memory']);

const shown = (diagnostics: readonly ReportDiagnostic[]): ReportDiagnostic[] => diagnostics.filter((d) => !RUN_NOTES.has(d.code));

/** Menus pass the file's Uri (the explorer also the selection), the notebook toolbar its editor; the palette passes nothing. */
const asUri = (arg: unknown): vscode.Uri | undefined => (arg instanceof vscode.Uri ? arg : notebookUriOf(arg));

const SCANNABLE = [...SCRIPT_EXTENSIONS, NOTEBOOK_EXTENSION].join(', ');

type Progress = vscode.Progress<{ message?: string; increment?: number }>;

/** A run's progress notification: reports how far it is as increments of 100. */
class ProgressNote {
  private reported = 0;
  constructor(private readonly progress: Progress) {}
  update(message: string, fraction: number): void {
    const percent = Math.min(Math.max(fraction, 0), 1) * 100;
    const increment = Math.max(percent - this.reported, 0);
    this.reported += increment;
    this.progress.report({ message, increment });
  }
}

/** Joins a stream's chunks into whole lines. */
class LineBuffer {
  private partial = '';
  push(text: string): string[] {
    const lines = (this.partial + text).split(/\r?\n/);
    this.partial = lines.pop() ?? '';
    return lines;
  }
  flush(): string[] {
    const rest = this.partial;
    this.partial = '';
    return rest ? [rest] : [];
  }
}

export class ScanController implements RunListener {
  private readonly runs: EditorRuns;
  /** The run the status bar and the panel follow: the one started last. */
  private current: EditorRun | undefined;
  private readonly notes = new Map<EditorRun, ProgressNote>();
  private readonly stderrLines = new Map<EditorRun, LineBuffer>();

  constructor(private readonly deps: ScanControllerDeps) {
    this.runs = new EditorRuns(this);
  }

  register(): vscode.Disposable[] {
    // Commands resolve to nothing: a command's result is serialised back to its caller.
    return [
      new vscode.Disposable(() => this.runs.dispose()),
      vscode.commands.registerCommand(COMMANDS.trainAndScan, async (arg?: unknown) => void (await this.trainAndScan(asUri(arg)))),
      vscode.commands.registerCommand(COMMANDS.stopTraining, (arg?: unknown) => this.stop(asUri(arg))),
      vscode.commands.registerCommand(COMMANDS.rescan, async (arg?: unknown) => void (await this.rescan(asUri(arg)))),
      vscode.commands.registerCommand(COMMANDS.reviveDeadUnits, (arg?: unknown) => this.revive(asUri(arg))),
    ];
  }

  /** The run shown in the status bar and the panel (running or last ended). */
  get currentRun(): EditorRun | undefined {
    return this.current;
  }

  /** The latest run of `file`. */
  runOf(file: string): EditorRun | undefined {
    return this.runs.get(file);
  }

  /** The latest run of `file`, else one that places a layer or a finding in it. */
  runPlacing(file: string): EditorRun | undefined {
    return this.runs.placing(file);
  }

  /** Stops every run; resolves once their workers are gone. */
  stopAll(): Promise<void> {
    return this.runs.stopAll();
  }

  /** Train and Scan `target` (default: the active editor's file or notebook). */
  async trainAndScan(target?: vscode.Uri): Promise<EditorRun | undefined> {
    if (!vscode.workspace.isTrusted) {
      void this.explainRestrictedMode();
      return undefined;
    }
    const uri = target ?? activeFileUri();
    if (!uri) {
      void vscode.window.showInformationMessage(`Dying Neurons: open a training script or notebook (${SCANNABLE}) to scan it.`);
      return undefined;
    }
    const name = path.basename(uri.fsPath);
    if (uri.scheme !== 'file' || !(languageOf(uri.fsPath) || isNotebook(uri.fsPath))) {
      void vscode.window.showInformationMessage(`Dying Neurons scans training scripts and notebooks saved on disk (${SCANNABLE}); ${name} is not one.`);
      return undefined;
    }
    if (isNotebook(uri.fsPath)) {
      // Its cells as they are now, unsaved edits included: the notebook is saved only by the user.
      // Open, its cells have the documents the findings go to.
      const notebook = await vscode.workspace.openNotebookDocument(uri);
      return this.start(uri, notebookJson(notebook));
    }
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (document?.isDirty && !(await document.save())) {
      void vscode.window.showErrorMessage(`Dying Neurons: could not save ${name}; the scan trains the file on disk.`);
      return undefined;
    }
    return this.start(uri);
  }

  /** Re-scans `target`, else the active editor's file if it was scanned, else the last scanned file. */
  rescan(target?: vscode.Uri): Promise<EditorRun | undefined> {
    const active = activeFileUri();
    const file = target?.fsPath ?? (active && this.runs.get(active.fsPath) ? active.fsPath : this.current?.file);
    if (!file) {
      void vscode.window.showInformationMessage('Dying Neurons: nothing was scanned yet; run Train and Scan first.');
      return Promise.resolve(undefined);
    }
    return this.trainAndScan(vscode.Uri.file(file));
  }

  /** Stops the run of `target` (or of the active editor's file); with neither running, every run. */
  stop(target?: vscode.Uri): void {
    const chosen = this.targetRuns(target);
    if (chosen.length === 0) {
      void vscode.window.showInformationMessage('Dying Neurons: no training is running.');
      return;
    }
    chosen.forEach((run) => run.stop());
  }

  /** Asks the running worker(s) to re-initialise their dead units now (ReDo). */
  revive(target?: vscode.Uri): void {
    const chosen = this.targetRuns(target);
    if (chosen.length === 0) {
      void vscode.window.showInformationMessage('Dying Neurons: Revive Dead Units works while training runs.');
      return;
    }
    for (const run of chosen) {
      run.revive();
      this.deps.output.info(`[${path.basename(run.file)}] asked the worker to revive its dead units`);
    }
  }

  // --- RunListener -----------------------------------------------------------

  message(run: EditorRun, m: WorkerMessage): void {
    if (!this.runs.isLatest(run)) return; // a newer scan of the same file replaced it
    const name = path.basename(run.file);
    switch (m.type) {
      case 'started':
        this.deps.output.info(
          `[${name}] training ${m.model.length} layers on ${m.samples} samples, ${m.epochs} epochs of ${m.batchesPerEpoch} batches (on ${describeRun(m) ?? m.backend ?? 'no backend'})`,
        );
        break;
      case 'log':
        if (m.level === 'warn') this.deps.output.warn(`[${name}] ${m.text}`);
        else this.deps.output.info(`[${name}] ${m.text}`);
        break;
      case 'error':
        this.deps.output.error(`[${name}] ${m.message}`);
        this.deps.diagnostics.publish(run.file, shown(run.diagnostics()), run.model);
        break;
      case 'units':
        this.deps.diagnostics.publish(run.file, shown(run.diagnostics()), run.model);
        break;
      case 'progress':
      case 'finished':
        break;
    }
    this.updateProgress(run);
    if (run === this.current) this.render();
    this.deps.panel.post({ type: 'worker', file: run.file, message: m });
  }

  stderr(run: EditorRun, text: string): void {
    const buffer = this.stderrLines.get(run) ?? new LineBuffer();
    this.stderrLines.set(run, buffer);
    for (const line of buffer.push(text)) this.deps.output.info(`[${path.basename(run.file)}] ${line}`);
  }

  ended(run: EditorRun): void {
    const name = path.basename(run.file);
    for (const line of this.stderrLines.get(run)?.flush() ?? []) this.deps.output.info(`[${name}] ${line}`);
    this.stderrLines.delete(run);
    this.notes.delete(run);
    this.updateContext();
    if (!this.runs.isLatest(run) || !run.report) return;
    const report = run.report;
    this.deps.diagnostics.publish(run.file, shown(report.diagnostics), run.model);
    this.deps.diagnostics.endScan(run.file);
    if (run === this.current) this.render();
    const dead = report.layers.reduce((n, l) => n + l.dead, 0);
    this.deps.output.info(`[${name}] scan ${report.status}: ${report.epochsRun} epochs, ${dead} dead units (on ${describeReportRun(report)})`);
    const error = report.diagnostics.find((d) => d.severity === 'error');
    if (report.status === 'failed') void this.explainFailure(name, error);
    // The panel learns how the run ended even when the worker could not say (crash, cancel).
    if (!run.messages.some((m) => m.type === 'finished')) {
      this.deps.panel.post({ type: 'worker', file: run.file, message: { type: 'finished', report } });
    }
    this.deps.onRunEnded?.(run);
  }

  // --- helpers ---------------------------------------------------------------

  /** `sourceText`: what runs instead of the file's text (a notebook's current cells). */
  private start(uri: vscode.Uri, sourceText?: string): EditorRun {
    const settings = readRunSettings(uri);
    const { nodePath } = settings;
    const options = sourceText === undefined ? settings.options : { ...settings.options, sourceText };
    this.deps.diagnostics.beginScan(uri.fsPath);
    const run = this.runs.start(options, selectRunner(options, runnerConfig(settings, this.deps.workerPath)));
    this.current = run;
    const overrides = [
      options.epochs ? `epochs ${options.epochs}` : '',
      options.samples ? `samples ${options.samples}` : '',
      `probe ${options.probe}`,
      `seed ${options.seed}`,
      `backend ${options.backend}`,
    ].filter(Boolean);
    this.deps.output.info(
      `[${path.basename(uri.fsPath)}] scanning ${uri.fsPath} (${overrides.join(', ')}) with ${nodePath ?? "VS Code's Node.js"}, worker pid ${run.pid ?? '?'}`,
    );
    this.showProgress(run);
    this.render();
    this.updateContext();
    return run;
  }

  private showProgress(run: EditorRun): void {
    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Dying Neurons: training ${path.basename(run.file)}`, cancellable: true },
      (progress, token) => {
        token.onCancellationRequested(() => run.stop());
        this.notes.set(run, new ProgressNote(progress));
        this.updateProgress(run);
        return run.ended;
      },
    );
  }

  private updateProgress(run: EditorRun): void {
    const note = this.notes.get(run);
    if (!note) return;
    const p = run.progress;
    const dead = `${run.layers().reduce((n, l) => n + l.dead, 0)} dead`;
    if (!p) {
      note.update(run.started ? `measuring units before training · ${dead}` : 'starting…', 0);
      return;
    }
    // The worker counts epochs and batches from 1.
    const fraction = (p.epoch - 1 + p.batch / Math.max(p.batches, 1)) / Math.max(p.epochs, 1);
    note.update(`epoch ${p.epoch}/${p.epochs} · batch ${p.batch}/${p.batches} · loss ${p.loss.toFixed(3)} · ${dead}`, fraction);
  }

  private render(): void {
    this.deps.statusBar.render(statusOf(this.current));
  }

  private updateContext(): void {
    const running = this.runs.running();
    void vscode.commands.executeCommand('setContext', 'dyingNeurons.training', running.length > 0);
    void vscode.commands.executeCommand(
      'setContext',
      'dyingNeurons.runningFiles',
      running.map((r) => r.file),
    );
    void vscode.commands.executeCommand('setContext', 'dyingNeurons.hasScanned', this.current !== undefined);
  }

  private targetRuns(target: vscode.Uri | undefined): EditorRun[] {
    const running = this.runs.running();
    const file = (target ?? activeFileUri())?.fsPath;
    const ofFile = running.filter((r) => r.file === file);
    return target || ofFile.length > 0 ? ofFile : running;
  }

  private async explainFailure(name: string, error: ReportDiagnostic | undefined): Promise<void> {
    const crashed = error !== undefined && CRASHES.has(error.code);
    const where = error && !crashed && error.line > 0 ? ` (${path.basename(error.file)}:${error.line}:${error.column})` : '';
    const message = `Dying Neurons: could not scan ${name}: ${error?.message ?? 'the scan failed.'}${where}`;
    const showOutput = 'Show Output';
    const answer = await vscode.window.showErrorMessage(message, ...(crashed ? [showOutput] : []));
    if (answer === showOutput) this.deps.output.show();
  }

  private async explainRestrictedMode(): Promise<void> {
    const manage = 'Manage Workspace Trust';
    const answer = await vscode.window.showWarningMessage(
      'Dying Neurons: Train and Scan runs your training script, which is code from this workspace, so it is disabled in Restricted Mode. Trust the workspace to scan it.',
      manage,
    );
    if (answer === manage) await vscode.commands.executeCommand('workbench.trust.manage');
  }
}

/** The status bar's state for a run (idle before the first scan). */
function statusOf(run: EditorRun | undefined): StatusState {
  if (!run) return { kind: 'idle' };
  const layers = run.layers();
  if (run.running) {
    const p = run.progress;
    return {
      kind: 'training',
      file: run.file,
      epoch: p?.epoch ?? 0,
      epochs: p?.epochs ?? run.started?.epochs ?? 0,
      loss: p?.loss ?? null,
      layers,
    };
  }
  const error = run.report?.diagnostics.find((d) => d.severity === 'error')?.message;
  return { kind: 'done', file: run.file, status: run.report?.status ?? 'failed', layers, ...(error ? { error } : {}) };
}
