// Where the extension and the CLI get the runner of a scan: the one place that knows which kinds
// of training process exist and what each needs to start.

import type { ScanOptions } from '../shared/protocol';
import type { Runner } from './runner';
import { tfjsRunner, type WorkerCommand } from './tfjsRunner';

/** What the parent knows of its runners: the packaged worker and how to start Node.js. */
export type RunnerConfig = WorkerCommand;

/**
 * The runner for a scan. Every script runs in the TensorFlow.js worker for now; the scan's file
 * (its extension, its imports) decides once there is a second runner.
 */
export function selectRunner(_options: ScanOptions, config: RunnerConfig): Runner {
  return tfjsRunner(config);
}
