// `dying-neurons scan`: runs one scan and prints its report.

import { statSync } from 'node:fs';
import { emptyReport } from '../engine/liveRun';
import { diagnosticAt, exitCode, startOf } from '../engine/report';
import { selectRunner, type RunnerConfig } from '../host/runners';
import type { Report, ScanOptions } from '../shared/protocol';
import { reportText } from './format';
import { printable } from './printable';
import { ScanProgress, type ProgressStream } from './progress';

export interface CliIO {
  stdout: { write(text: string): unknown };
  stderr: ProgressStream;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export interface ScanCommand {
  options: ScanOptions;
  json: boolean;
  /** How the runners start (src/host/runners.ts picks the scan's). */
  runners: RunnerConfig;
  /** Aborted on Ctrl+C / SIGTERM: the scan is cancelled. */
  signal: AbortSignal;
}

/** Exit status when the user interrupted the scan (128 + SIGINT). */
export const INTERRUPTED = 130;

/** Runs the scan and prints the report; resolves with the process exit status. */
export async function scanCommand(run: ScanCommand, io: CliIO): Promise<number> {
  const report = missingFile(run.options) ?? (await scan(run, io));
  io.stdout.write(run.json ? `${JSON.stringify(report, null, 2)}\n` : printable(reportText(report, io.cwd)));
  return report.status === 'cancelled' ? INTERRUPTED : exitCode(report);
}

/** A failed report when FILE is not a readable file, before any worker starts. */
export function missingFile(options: ScanOptions): Report | undefined {
  const stat = statSync(options.file, { throwIfNoEntry: false });
  if (stat?.isFile()) return undefined;
  const message = stat ? `Not a file: ${options.file}` : `File not found: ${options.file}`;
  const diagnostic = diagnosticAt('error', 'file-not-found', message, startOf(options.file));
  return emptyReport(options.file, 'failed', [diagnostic]);
}

async function scan(run: ScanCommand, io: CliIO): Promise<Report> {
  const progress = new ScanProgress(io.stderr, run.options.thresholds);
  const runner = selectRunner(run.options, run.runners);
  const handle = runner.start(run.options, {
    message: (m) => progress.message(m),
    output: (text) => progress.output(text),
  });
  const cancel = () => handle.cancel();
  run.signal.addEventListener('abort', cancel, { once: true });
  if (run.signal.aborted) cancel();
  const report = await handle.done;
  run.signal.removeEventListener('abort', cancel);
  progress.end();
  return report;
}
