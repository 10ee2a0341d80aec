// Runs a training process as a child of this one, for every runner: folds its validated messages
// (LiveRun), passes its output on, and always ends with a Report — its own, or one that says why
// there is none (cancelled, could not start, crashed). No child outlives its run: it is killed
// when it lingers after its report or a cancel, and when this process exits. A run ends only once
// the child's output has all been read, and its run folder is removed however the child ended.

import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { LiveRun } from '../engine/liveRun';
import { parseWorkerMessage, type DiagnosticCode, type ParentMessage, type Report, type ScanOptions } from '../shared/protocol';
import type { RunEvents, RunHandle } from './runner';

/** Kills of the children still running, all called if this process exits first. */
const liveChildren = new Set<() => void>();
process.on('exit', () => killAllChildren());

/** Kills every child still running (and removes its run folder) at once: the CLI's second Ctrl+C. */
export function killAllChildren(): void {
  liveChildren.forEach((kill) => kill());
}

/** How long a child may linger after a cancel before it is killed. */
const GRACE_MS = 500;
/**
 * After its report a child flushes its output and exits on its own: killed only when stuck this
 * long. Not a quiet period: this process may be too busy to read for a while, which is no sign of a
 * stuck child.
 */
const FLUSH_LIMIT_MS = 10_000;
/** The end of the child's stderr kept to explain a crash. */
const STDERR_TAIL = 8192;

/** How a runner talks to its child. */
export interface ChildChannel {
  /** Sends a message; a failed send means the child is gone (its exit settles the run). */
  send(message: ParentMessage): void;
  /** Closes the channel once the report is in: the child exits when it closes. */
  close(): void;
}

/** Why a child ended without its report, from how it exited and the end of its stderr. */
export type ExplainExit = (code: number | null, signal: NodeJS.Signals | null, stderr: string) => { code: DiagnosticCode; message: string };

export interface SupervisedChild {
  handle: RunHandle;
  /** The fold of the messages received so far (a runner that builds its own report reads it). */
  run: LiveRun;
  /** Hands a message the child sent (anything: it is validated here) to the run. */
  receive(raw: unknown): void;
}

export interface ChildSetup {
  /** The child leads a process group of its own (spawned detached): kills, and its exit, end the whole group, so the script's own children go with it. */
  processGroup?: boolean;
  /** A folder the child works in, removed once the child is gone. */
  runDir?: string;
}

/** Watches `child` through to its end; the caller wires `receive` to the child's message stream and sends `start`. */
export function superviseChild(
  child: ChildProcess,
  channel: ChildChannel,
  options: ScanOptions,
  events: RunEvents,
  explainExit: ExplainExit,
  { processGroup = false, runDir }: ChildSetup = {},
): SupervisedChild {
  const run = new LiveRun(options.file, options.thresholds);
  let stderrTail = '';
  let finalReport: Report | undefined;
  let cancelled = false;
  let killTimer: NodeJS.Timeout | undefined;
  let closeTimer: NodeJS.Timeout | undefined;
  let settled = false;

  const removeRunDir = () => {
    if (runDir) rmSync(runDir, { recursive: true, force: true });
  };
  /** Kills what is left of the child's process group; false when there is no group (left). */
  const killGroup = (): boolean => {
    if (!processGroup || child.pid === undefined) return false;
    try {
      process.kill(-child.pid, 'SIGKILL');
      return true;
    } catch {
      return false; // The group is gone already; the child itself may still be there.
    }
  };
  const kill = () => {
    if (!killGroup()) child.kill('SIGKILL');
  };
  const killSoon = (ms = GRACE_MS) => (killTimer ??= setTimeout(kill, ms));
  const killOnExit = () => {
    kill();
    removeRunDir();
  };
  liveChildren.add(killOnExit);

  let resolveDone: (report: Report) => void = () => undefined;
  const done = new Promise<Report>((resolve) => (resolveDone = resolve));
  const settle = (report: Report) => {
    if (settled) return;
    settled = true;
    clearTimeout(killTimer);
    clearTimeout(closeTimer);
    liveChildren.delete(killOnExit);
    removeRunDir();
    resolveDone(report);
  };

  child.stdout?.setEncoding('utf8').on('data', (text: string) => events.output?.(text));
  child.stderr?.setEncoding('utf8').on('data', (text: string) => {
    stderrTail = (stderrTail + text).slice(-STDERR_TAIL);
    events.output?.(text);
  });
  // Resolves once all the child's output has been read (both pipes closed).
  const outputRead = Promise.all([child.stdout, child.stderr].map((s) => s && !s.closed && new Promise((resolve) => s.once('close', resolve))));
  const receive = (raw: unknown) => {
    const message = parseWorkerMessage(raw);
    const drop = (why: string) => events.output?.(`dying-neurons: dropped ${why} worker message: ${JSON.stringify(raw).slice(0, 200)}\n`);
    if (!message) return drop('an invalid');
    try {
      run.observe(message);
    } catch {
      return drop('an inconsistent'); // e.g. statistics for more units than the layer has
    }
    if (message.type === 'finished') {
      finalReport = message.report;
      channel.close();
      killSoon(FLUSH_LIMIT_MS);
    }
    events.message(message);
  };
  child.on('error', (error) => {
    // Emitted when the child cannot be started (no 'close' follows) or cannot be signalled.
    if (child.pid === undefined) settle(run.failed('worker-crashed', `Could not start the training process: ${error.message}`));
  });
  /** The child's report ends the run once its output has all been read (not forever: a process outside its group may hold the pipes open). */
  const settleReport = (report: Report) => {
    closeTimer ??= setTimeout(() => settle(report), FLUSH_LIMIT_MS);
    void outputRead.then(() => settle(report));
  };
  const settleGone = (code: number | null, signal: NodeJS.Signals | null) => {
    if (finalReport) settleReport(finalReport);
    // Interrupted by a signal of the user's (the child runs in a process group of its own: a terminal's Ctrl+C reaches the parent).
    else if (cancelled || signal === 'SIGINT' || signal === 'SIGTERM') settle(run.cancelled());
    else {
      const why = explainExit(code, signal, stderrTail);
      settle(run.failed(why.code, why.message));
    }
  };
  // 'close' comes once the child's last messages and output are read, but Node 20 does not emit it
  // after the parent disconnected an IPC channel: with the report in hand, the end of the output is
  // enough; without, 'exit' gives 'close' a grace period.
  child.on('exit', (code, signal) => {
    // The script's own children go with it, and so does their hold on the output pipes.
    killGroup();
    if (finalReport) settleReport(finalReport);
    else closeTimer = setTimeout(() => settleGone(code, signal), GRACE_MS);
  });
  child.on('close', settleGone);

  const handle: RunHandle = {
    done,
    cancel() {
      if (settled || cancelled) return;
      cancelled = true;
      channel.send({ type: 'cancel' });
      killSoon();
    },
    revive() {
      if (!settled && !cancelled) channel.send({ type: 'revive' });
    },
    get pid() {
      return child.pid;
    },
  };
  return { handle, run, receive };
}
