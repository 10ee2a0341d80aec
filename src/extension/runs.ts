// The extension's scans: one training process per file (starting again stops the old one), the
// protocol messages each run has streamed (for the panel's replay), and its live findings.
// No `vscode` import: the run lifecycle is tested against a fake worker in plain Node.
import { LiveRun, type ProgressMessage, type StartedMessage } from '../engine/liveRun';
import type { RunHandle, Runner } from '../host/runner';
import type { LayerReport, LayerSummary, Report, ReportDiagnostic, ReportStatus, ScanOptions, WorkerMessage } from '../shared/protocol';

export interface RunListener {
  /** A validated message of the run (after the run has taken it in). */
  message(run: EditorRun, message: WorkerMessage): void;
  stderr(run: EditorRun, text: string): void;
  /** The run is over: `run.status` and `run.report` are set. */
  ended(run: EditorRun): void;
}

export class EditorRun {
  /** Every message of the run in arrival order, for a panel opened mid-run. */
  readonly messages: WorkerMessage[] = [];
  status: ReportStatus | 'running' = 'running';
  /** The final report: the training process's, or the runner's account of a crash or a cancel. */
  report: Report | undefined;
  /** Set once `stop()` was called: the user (or a newer run) ended it. */
  stopRequested = false;
  readonly ended: Promise<void>;
  private readonly live: LiveRun;
  private readonly handle: RunHandle;

  constructor(
    readonly id: number,
    readonly options: ScanOptions,
    runner: Runner,
    listener: RunListener,
  ) {
    this.live = new LiveRun(options.file, options.thresholds);
    this.handle = runner.start(options, {
      message: (m) => {
        this.messages.push(m);
        this.live.observe(m);
        listener.message(this, m);
      },
      output: (text) => listener.stderr(this, text),
    });
    // The runner always resolves: with the process's report or one saying why there is none.
    this.ended = this.handle.done.then((report) => {
      this.report = report;
      this.status = report.status;
      listener.ended(this);
    });
  }

  get file(): string {
    return this.options.file;
  }

  get pid(): number | undefined {
    return this.handle.pid;
  }

  get started(): StartedMessage | undefined {
    return this.live.started;
  }

  get progress(): ProgressMessage | undefined {
    return this.live.progress;
  }

  /** Every fit's layers (a scan of several fits has a model each). */
  get model(): readonly LayerSummary[] {
    return this.live.model;
  }

  get running(): boolean {
    return this.status === 'running';
  }

  /** The findings so far: the final report's once there is one, else the live ones. */
  diagnostics(): ReportDiagnostic[] {
    return this.report?.diagnostics ?? this.live.diagnostics();
  }

  /** Per-layer counts at the latest check (final report's once there is one). */
  layers(): LayerReport[] {
    return this.report?.layers ?? this.live.layers();
  }

  /**
   * Whether the run places something in `file`: the script itself, or where its layers, their
   * helpers' call sites, its compile and fit calls and its findings are (a panel links to these).
   */
  places(file: string): boolean {
    if (file === this.file) return true;
    const training = this.started?.training;
    const ranges = [
      ...this.model.flatMap((l) => [l.location, ...l.callers]),
      training?.compile,
      training?.fit,
      ...this.diagnostics().flatMap((d) => [d, ...(d.related ?? [])]),
    ];
    return ranges.some((r) => r?.file === file);
  }

  /** The run's messages for a panel to replay; ends with the report even when the worker sent none (crash, cancel). */
  transcript(): WorkerMessage[] {
    const finished = this.messages.some((m) => m.type === 'finished');
    return this.report && !finished ? [...this.messages, { type: 'finished', report: this.report }] : this.messages;
  }

  stop(): void {
    if (!this.running) return;
    this.stopRequested = true;
    this.handle.cancel();
  }

  /** Asks the worker to re-initialise its dead units now (ReDo). */
  revive(): void {
    if (this.running) this.handle.revive();
  }
}

export class EditorRuns {
  /** The latest run per file (running or ended). */
  private readonly latest = new Map<string, EditorRun>();
  private readonly live = new Set<EditorRun>();
  private nextId = 1;

  constructor(private readonly listener: RunListener) {}

  /** Starts a scan of `options.file` with `runner`, stopping the file's running scan first. */
  start(options: ScanOptions, runner: Runner): EditorRun {
    this.latest.get(options.file)?.stop();
    const run = new EditorRun(this.nextId++, options, runner, this.listener);
    this.latest.set(options.file, run);
    this.live.add(run);
    void run.ended.then(() => this.live.delete(run));
    return run;
  }

  /** The latest run of `file`, if any. */
  get(file: string): EditorRun | undefined {
    return this.latest.get(file);
  }

  /** The latest run that places something in `file` (see EditorRun.places). */
  placing(file: string): EditorRun | undefined {
    return this.latest.get(file) ?? [...this.latest.values()].find((r) => r.places(file));
  }

  isLatest(run: EditorRun): boolean {
    return this.latest.get(run.file) === run;
  }

  /** Runs whose process has not ended yet (including stopped ones still shutting down). */
  running(): EditorRun[] {
    return [...this.live].filter((r) => r.running);
  }

  /** Stops every run and resolves when all their processes have ended. */
  async stopAll(): Promise<void> {
    const live = [...this.live];
    live.forEach((r) => r.stop());
    await Promise.all(live.map((r) => r.ended));
  }

  dispose(): void {
    void this.stopAll();
  }
}
