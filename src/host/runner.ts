// The seam between the parent (extension, CLI) and a training process: start a run of a file with
// its options, hear every validated protocol message and what the process prints, get one final
// Report however the run ends, and cancel or revive it. Each kind of training process (the
// TensorFlow.js worker today) is one Runner; src/host/runners.ts picks the one for a scan.

import type { Report, ScanOptions, WorkerMessage } from '../shared/protocol';

export type RunnerId = 'tfjs' | 'python' | 'auto';

export interface RunEvents {
  /** Every valid protocol message of the run, in order. */
  message(message: WorkerMessage): void;
  /** What the training process (and the user's script in it) prints on stdout and stderr, and notes on dropped messages. */
  output?(text: string): void;
}

export interface RunHandle {
  /** Resolves (never rejects) once the process is gone: with its report, or one that says why there is none. */
  readonly done: Promise<Report>;
  /** Asks the run to stop; the process is killed if it is still alive a grace period later. */
  cancel(): void;
  /** Asks the run to reinitialise its dead units now (ReDo). */
  revive(): void;
  /** The training process's id; undefined before it started or when it could not start. */
  readonly pid: number | undefined;
}

export interface Runner {
  readonly id: RunnerId;
  /** Starts a run at once (any preparation happens behind the handle); the run ends in `done`. */
  start(options: ScanOptions, events: RunEvents): RunHandle;
}
