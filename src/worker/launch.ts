// Not part of the worker: test/webview/recordScan.ts (under rework for issue 16) still starts scans
// through this old entry point. Scans start through a Runner (src/host/runners.ts) now; delete this
// file once that script does.
import { tfjsRunner, type WorkerCommand } from '../host/tfjsRunner';
import type { ScanOptions, WorkerMessage } from '../shared/protocol';

export function launchScan(options: ScanOptions, config: WorkerCommand & { onMessage(m: WorkerMessage): void; onStderr?(text: string): void }) {
  return tfjsRunner(config).start(options, { message: config.onMessage, output: config.onStderr });
}
