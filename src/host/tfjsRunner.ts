// Parent side of a scan: forks the training worker, streams its validated messages and always
// ends with a Report — the worker's own, or one that says why there is none (crash, out of
// memory, cancelled). The CLI and the extension start scans only through here. No worker
// outlives its scan: it is killed when cancelled, when it lingers after its report, and when
// the parent process exits; the worker itself exits when its IPC channel disconnects.

import { fork } from 'node:child_process';
import { diagnosticAt, RunTracker, startOf } from '../engine/report';
import {
  parseWorkerMessage,
  type Backend,
  type DiagnosticCode,
  type ParentMessage,
  type Report,
  type ReportDiagnostic,
  type ReportStatus,
  type ScanOptions,
  type WorkerMessage,
} from '../shared/protocol';

export interface LaunchConfig {
  /** The worker bundle (dist/worker.js). */
  workerPath: string;
  /** The Node executable; default the current one (in VS Code, its Electron run as Node). */
  execPath?: string;
  /** Node options for the worker; default none (the parent's --inspect and loaders stay out). */
  execArgv?: string[];
  /** The worker's environment; default this process's. ELECTRON_RUN_AS_NODE=1 is always added. */
  env?: NodeJS.ProcessEnv;
  /** Every valid worker message, in order. */
  onMessage(message: WorkerMessage): void;
  /** What the worker (and the user's script in it) writes to stdout and stderr, and dropped messages. */
  onStderr?(text: string): void;
}

export interface ScanHandle {
  /** Resolves once the worker is gone, with its report or one that says why there is none. */
  done: Promise<Report>;
  /** Asks the worker to stop; kills it if it is still alive 500 ms later. */
  cancel(): void;
  /** Asks the worker to reinitialise its dead units now (ReDo). */
  revive(): void;
  readonly pid: number | undefined;
}

/** Kills of the workers still running, all called if this process exits first. */
const liveWorkers = new Set<() => void>();
process.on('exit', () => liveWorkers.forEach((kill) => kill()));

/** How long a worker may linger after its report or a cancel before it is killed. */
const GRACE_MS = 500;
/** The end of the worker's stderr kept to explain a crash. */
const STDERR_TAIL = 8192;

export function launchScan(options: ScanOptions, launch: LaunchConfig): ScanHandle {
  const child = fork(launch.workerPath, [], {
    execPath: launch.execPath,
    execArgv: launch.execArgv ?? [],
    env: { ...(launch.env ?? process.env), ELECTRON_RUN_AS_NODE: '1' },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const run = new RunState(options);
  let stderrTail = '';
  let finalReport: Report | undefined;
  let cancelled = false;
  let killTimer: NodeJS.Timeout | undefined;
  let closeTimer: NodeJS.Timeout | undefined;
  let settled = false;

  const kill = () => child.kill('SIGKILL');
  const killSoon = () => (killTimer ??= setTimeout(kill, GRACE_MS));
  const send = (message: ParentMessage) => {
    // A failed send means the worker is gone; its 'close' settles the scan.
    if (child.connected) child.send(message, () => undefined);
  };
  liveWorkers.add(kill);

  let resolveDone: (report: Report) => void = () => undefined;
  const done = new Promise<Report>((resolve) => (resolveDone = resolve));
  const settle = (report: Report) => {
    if (settled) return;
    settled = true;
    clearTimeout(killTimer);
    clearTimeout(closeTimer);
    liveWorkers.delete(kill);
    resolveDone(report);
  };

  child.stdout?.setEncoding('utf8').on('data', (text: string) => launch.onStderr?.(text));
  child.stderr?.setEncoding('utf8').on('data', (text: string) => {
    stderrTail = (stderrTail + text).slice(-STDERR_TAIL);
    launch.onStderr?.(text);
  });
  child.on('message', (raw: unknown) => {
    const message = parseWorkerMessage(raw);
    const drop = (why: string) => launch.onStderr?.(`dying-neurons: dropped ${why} worker message: ${JSON.stringify(raw).slice(0, 200)}\n`);
    if (!message) return drop('an invalid');
    try {
      run.observe(message);
    } catch {
      return drop('an inconsistent'); // e.g. statistics for more units than the layer has
    }
    if (message.type === 'finished') {
      finalReport = message.report;
      if (child.connected) child.disconnect();
      killSoon();
    }
    launch.onMessage(message);
  });
  child.on('error', (error) => {
    // Emitted when the worker cannot be started (no 'close' follows) or cannot be signalled.
    if (child.pid === undefined) settle(run.failed('worker-crashed', `Could not start the training process: ${error.message}`));
  });
  const settleGone = (code: number | null, signal: NodeJS.Signals | null) => {
    if (finalReport) settle(finalReport);
    // Ctrl+C in a terminal interrupts the whole process group, the worker included.
    else if (cancelled || signal === 'SIGINT' || signal === 'SIGTERM') settle(run.cancelled());
    else settle(run.withoutReport(code, signal, stderrTail));
  };
  // 'close' comes once the worker's last messages and output are read, but Node 20 does not emit it
  // after the parent disconnected the channel: with the report in hand, 'exit' is enough, and
  // otherwise 'exit' gives 'close' a grace period.
  child.on('exit', (code, signal) => {
    if (finalReport) settle(finalReport);
    else closeTimer = setTimeout(() => settleGone(code, signal), GRACE_MS);
  });
  child.on('close', settleGone);

  send({ type: 'start', options });
  return {
    done,
    cancel() {
      if (settled || cancelled) return;
      cancelled = true;
      send({ type: 'cancel' });
      killSoon();
    },
    revive() {
      if (!settled && !cancelled) send({ type: 'revive' });
    },
    get pid() {
      return child.pid;
    },
  };
}

/** What the parent learned from the worker's messages, to report a run that ended without its report. */
class RunState {
  private tracker: RunTracker;
  private backend: Backend | null = null;
  private readonly errors: ReportDiagnostic[] = [];

  constructor(private readonly options: ScanOptions) {
    this.tracker = new RunTracker(options.file, [], options.thresholds);
  }

  observe(message: WorkerMessage): void {
    switch (message.type) {
      case 'started':
        this.backend = message.backend;
        this.tracker = new RunTracker(message.file, message.model, this.options.thresholds, message.training);
        break;
      case 'units':
        this.tracker.addCheck(message.check, message.layers);
        break;
      case 'error':
        this.errors.push(diagnosticAt('error', message.code, message.message, message.position ?? startOf(this.options.file)));
        break;
    }
  }

  cancelled(): Report {
    return this.report('cancelled', [diagnosticAt('information', 'cancelled', 'Scan cancelled.', startOf(this.options.file))]);
  }

  failed(code: DiagnosticCode, message: string): Report {
    return this.report('failed', [diagnosticAt('error', code, message, startOf(this.options.file))]);
  }

  /** The worker exited without a report: its own error messages, else what its exit says. */
  withoutReport(code: number | null, signal: NodeJS.Signals | null, stderr: string): Report {
    if (this.errors.length > 0) return this.report('failed', this.errors);
    if (/heap out of memory/i.test(stderr)) {
      return this.failed(
        'out-of-memory',
        'The training process ran out of memory. Try fewer training samples, a smaller probe set or a smaller model.',
      );
    }
    const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
    const lines = stderr.split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
    // Node ends an uncaught error with its version; the error's own line says more.
    const said = lines.filter((l) => /^(\w*Error\b|FATAL ERROR)/.test(l)).at(-1) ?? lines.at(-1);
    return this.failed('worker-crashed', `The training process ${how} before it finished.${said ? ` Last output: ${said}` : ''}`);
  }

  private report(status: ReportStatus, diagnostics: ReportDiagnostic[]): Report {
    const epochsRun = Math.max(0, ...this.tracker.checks().map((c) => c.epoch));
    return this.tracker.report(status, this.backend, epochsRun, diagnostics);
  }
}
