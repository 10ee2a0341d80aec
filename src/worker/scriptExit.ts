// The script's own process.exit() during a scan: the scan ends with what that means at the call
// (no fit yet: nothing to scan; during training: training cut short) instead of a worker that
// vanished without a word. The worker's own exits (no user code on the stack) pass through.

import { ScanError } from '../engine/errors';
import type { UserStack } from './userStack';
import type { WorkerScan } from './workerScan';

/** Thrown from the script's process.exit to unwind the script once its scan has failed. */
class ScriptExited extends Error {}

export function hookProcessExit(run: WorkerScan, userStack: () => UserStack | null): void {
  const exit = process.exit.bind(process);
  process.exit = ((code?: number | string | null) => {
    const caller = run.isFinished ? null : userStack();
    if (!caller) return exit(code);
    // After the fits it ran (fewer than --max-fits), the script ends: the scan ends with them.
    if (run.fitStarted && !run.fitInProgress) {
      run.finish('completed');
      throw new ScriptExited('The script exited after its fits.');
    }
    const shown = code === undefined || code === null ? '' : String(code);
    const message = run.fitStarted
      ? `The script called process.exit(${shown}) during training: the scan stopped there.`
      : `The script called process.exit(${shown}) before calling model.fit() or model.fitDataset(): there was nothing to scan.`;
    run.fail(new ScanError(run.fitStarted ? 'script-error' : 'no-fit', message, caller.site));
    // The worker exits once the report is sent; the script must not go on meanwhile.
    throw new ScriptExited(message);
  }) as typeof process.exit;
}
