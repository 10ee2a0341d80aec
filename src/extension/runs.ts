// The extension's scans: one worker process per file (starting again stops the old one), the
// worker messages each run has streamed (for the panel's replay), and its live findings.
// No `vscode` import: the run lifecycle is tested against a fake worker in plain Node.
import { diagnosticAt, RunTracker, startOf } from '../engine/report';
import type { LayerReport, LayerSummary, Report, ReportDiagnostic, ReportStatus, ScanOptions, WorkerMessage } from '../shared/protocol';
import { launchScan, type LaunchConfig } from '../host/launch';

export type Launch = typeof launchScan;

/** How to start the worker process: its bundle, the Node.js to run it with, its environment. */
export type WorkerCommand = Pick<LaunchConfig, 'workerPath' | 'execPath' | 'env'>;

export interface RunListener {
  /** A validated message from the run's worker (after the run has taken it in). */
  message(run: ScanRun, message: WorkerMessage): void;
  stderr(run: ScanRun, text: string): void;
  /** The run is over: `run.status` and `run.report` are set. */
  ended(run: ScanRun): void;
}

type Progress = Extract<WorkerMessage, { type: 'progress' }>;
type Started = Extract<WorkerMessage, { type: 'started' }>;

export class ScanRun {
  /** Every message of the run in arrival order, for a panel opened mid-run. */
  readonly messages: WorkerMessage[] = [];
  status: ReportStatus | 'running' = 'running';
  /** The final report: the worker's, or the launcher's account of a crash or a cancel. */
  report: Report | undefined;
  started: Started | undefined;
  progress: Progress | undefined;
  /** Set once `stop()` was called: the user (or a newer run) ended it. */
  stopRequested = false;
  readonly ended: Promise<void>;
  private tracker: RunTracker | undefined;
  private readonly errors: ReportDiagnostic[] = [];
  private readonly handle: ReturnType<Launch>;

  constructor(
    readonly id: number,
    readonly options: ScanOptions,
    worker: WorkerCommand,
    listener: RunListener,
    launch: Launch,
  ) {
    this.handle = launch(options, {
      ...worker,
      onMessage: (m) => {
        this.take(m);
        listener.message(this, m);
      },
      onStderr: (text) => listener.stderr(this, text),
    });
    // The launcher always resolves: with the worker's report or one saying why there is none.
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

  get model(): readonly LayerSummary[] {
    return this.started?.model ?? [];
  }

  get running(): boolean {
    return this.status === 'running';
  }

  /** The findings so far: the final report's once there is one, else the live ones. */
  diagnostics(): ReportDiagnostic[] {
    if (this.report) return this.report.diagnostics;
    return [...this.errors, ...(this.tracker?.diagnostics() ?? [])];
  }

  /** Per-layer counts at the latest check (final report's once there is one). */
  layers(): LayerReport[] {
    return this.report?.layers ?? this.tracker?.layers() ?? [];
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

  private take(m: WorkerMessage): void {
    this.messages.push(m);
    switch (m.type) {
      case 'started':
        this.started = m;
        this.tracker = new RunTracker(this.file, m.model, this.options.thresholds, m.training);
        break;
      case 'progress':
        this.progress = m;
        break;
      case 'units':
        this.tracker?.addCheck(m.check, m.layers);
        break;
      case 'error':
        // An engine error (syntax, unsupported layer, shape, …) is a diagnostic at its position.
        this.errors.push(diagnosticAt('error', m.code, m.message, m.position ?? startOf(this.file)));
        break;
      case 'log':
      case 'finished':
        break;
    }
  }
}

export class ScanRuns {
  /** The latest run per file (running or ended). */
  private readonly latest = new Map<string, ScanRun>();
  private readonly live = new Set<ScanRun>();
  private nextId = 1;

  constructor(
    private readonly listener: RunListener,
    private readonly launch: Launch = launchScan,
  ) {}

  /** Starts a scan of `options.file`, stopping the file's running scan first. */
  start(options: ScanOptions, worker: WorkerCommand): ScanRun {
    this.latest.get(options.file)?.stop();
    const run = new ScanRun(this.nextId++, options, worker, this.listener, this.launch);
    this.latest.set(options.file, run);
    this.live.add(run);
    void run.ended.then(() => this.live.delete(run));
    return run;
  }

  /** The latest run of `file`, if any. */
  get(file: string): ScanRun | undefined {
    return this.latest.get(file);
  }

  isLatest(run: ScanRun): boolean {
    return this.latest.get(run.file) === run;
  }

  /** Runs whose worker has not ended yet (including stopped ones still shutting down). */
  running(): ScanRun[] {
    return [...this.live].filter((r) => r.running);
  }

  /** Stops every run and resolves when all their workers have ended. */
  async stopAll(): Promise<void> {
    const live = [...this.live];
    live.forEach((r) => r.stop());
    await Promise.all(live.map((r) => r.ended));
  }

  dispose(): void {
    void this.stopAll();
  }
}
