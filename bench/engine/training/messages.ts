// Between the bench and its training child (bench/training/child.ts), over child_process IPC.

import type { Backend, WorkerMessage } from '../../../src/shared/protocol';

/** The two ways the child trains the same model on the same data. */
export type Variant = 'plain' | 'scan';

export interface TrainingPlan {
  backend: Backend;
  /** Training samples per epoch (the first N of MNIST's 60,000). */
  samples: number;
  /** Timed pairs of one plain and one scanned epoch, in alternating order. */
  pairs: number;
  /** Repetitions of each part of the scan measured apart. */
  partRepeats: number;
}

/** One timed run (an epoch, a check): wall time and the child's CPU time (user + system, all threads), in ms. */
export interface Timing {
  wallMs: number;
  cpuMs: number;
  /** Context switches of the child: voluntary ones are waits (sleeps, blocking I/O), involuntary ones preemptions. */
  voluntarySwitches: number;
  involuntarySwitches: number;
}

export type ChildMessage =
  /** The backend cannot run here (tfjs-node absent): no timings follow. */
  | { kind: 'unavailable'; reason: string }
  | { kind: 'ready'; backend: Backend; loadMs: number }
  /** One timed epoch. */
  | { kind: 'epoch'; variant: Variant; pair: number; timing: Timing; status: string }
  /** A message of a scanned epoch (pair null: the warm-up), sent as the worker sends it. */
  | { kind: 'worker'; pair: number | null; message: WorkerMessage }
  | { kind: 'parts'; parts: ScanParts }
  | { kind: 'done' };

/** The scan's costs measured apart (bench/engine/training/parts.ts), one timing per repetition. */
export interface ScanParts {
  /** monitoredFit around a fit that trains nothing: description, probe set, trainability probe, init check, report. */
  setup: Timing[];
  /** One unit check of every monitored unit. */
  check: Timing[];
  /** `batches` batch ends through the worker's callback (in tfjs's CustomCallback), and the same loop without it. */
  batchEnd: Timing[];
  batchEndBaseline: Timing[];
  batches: number;
  /** `messagesPerTiming` progress messages sent over IPC. */
  messages: Timing[];
  messagesPerTiming: number;
  probeSamples: number;
}
