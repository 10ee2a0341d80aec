// Ends the worker once its parent is gone, from a thread of its own: the user's script may keep
// the main thread busy (a loop before fit), so no event of the main thread can be relied on.
// It removes the run's temporary folder first (nobody else is left to), then kills the worker's
// process group — the script's own children too — or the worker alone when it leads no group.

import { rmSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

/** How often the thread looks at the parent's process id. */
const POLL_MS = 200;

// Plain CommonJS run by the thread: an orphan is re-parented, so its parent's id changes.
const WATCHDOG = `
const { workerData } = require('node:worker_threads');
const { rmSync } = require('node:fs');
function leave() {
  if (workerData.runDir) rmSync(workerData.runDir, { recursive: true, force: true });
  try {
    process.kill(-workerData.pid, 'SIGKILL');
  } catch {
    process.kill(workerData.pid, 'SIGKILL');
  }
}
setInterval(() => process.ppid !== workerData.parent && leave(), ${POLL_MS});
`;

export interface Watchdog {
  /**
   * The parent closed the channel before the report (it died), and the main thread is free to
   * hear it: removes the run folder and ends the process group this worker leads; a worker that
   * leads none (started without a group) then exits by itself.
   */
  parentGone(): void;
}

/** Starts the watchdog; it never keeps the worker alive by itself. */
export function watchParent(runDir: string | undefined): Watchdog {
  const thread = new Worker(WATCHDOG, { eval: true, workerData: { parent: process.ppid, pid: process.pid, runDir } });
  thread.unref();
  return {
    parentGone() {
      if (runDir) rmSync(runDir, { recursive: true, force: true });
      try {
        process.kill(-process.pid, 'SIGKILL');
      } catch {
        // It leads no process group.
      }
    },
  };
}
