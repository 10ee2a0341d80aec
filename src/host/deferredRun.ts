// A run that starts after some preparation (choosing an interpreter, reading a notebook): the
// handle exists at once; cancel, revive and pid reach the inner run once it has started.

import { emptyReport } from '../engine/liveRun';
import { diagnosticAt, startOf } from '../engine/report';
import type { Report } from '../shared/protocol';
import type { RunHandle } from './runner';

export interface Deferred {
  /** The run cancelled before its inner run started. */
  readonly cancelled: boolean;
  /** The report of a run cancelled before it started. */
  cancelledReport(): Report;
  /** The inner run, once started: cancel, revive and pid go to it from now on. */
  attach(inner: RunHandle): RunHandle;
}

export function deferredRun(file: string, prepareAndRun: (deferred: Deferred) => Promise<Report>): RunHandle {
  let inner: RunHandle | undefined;
  let cancelled = false;
  const deferred: Deferred = {
    get cancelled() {
      return cancelled;
    },
    cancelledReport: () => emptyReport(file, 'cancelled', [diagnosticAt('information', 'cancelled', 'Scan cancelled.', startOf(file))]),
    attach(handle) {
      inner = handle;
      if (cancelled) handle.cancel();
      return handle;
    },
  };
  return {
    done: prepareAndRun(deferred),
    cancel() {
      cancelled = true;
      inner?.cancel();
    },
    revive() {
      inner?.revive();
    },
    get pid() {
      return inner?.pid;
    },
  };
}
