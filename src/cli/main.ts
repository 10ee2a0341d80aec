// Entry of the `dying-neurons` command (bundled to dist/cli.js, next to dist/worker.js).

import path from 'node:path';
import { version } from '../../package.json';
import { emptyReport } from '../engine/liveRun';
import { diagnosticAt, startOf } from '../engine/report';
import type { DiagnosticCode } from '../shared/protocol';
import { killAllChildren } from '../host/childProcess';
import { parseArgs, USAGE } from './args';
import { printable } from './printable';
import { INTERRUPTED, scanCommand, type CliIO } from './scan';
import { tryCommand } from './try';

/**
 * The worker bundle beside this one. DYING_NEURONS_WORKER overrides it, so that the CLI can be
 * tested end to end against a stand-in worker without training anything.
 */
const workerPath = (env: NodeJS.ProcessEnv) => env.DYING_NEURONS_WORKER ?? path.join(__dirname, 'worker.js');

/** Whether the arguments ask for JSON (before a `--`, after which everything is a file). */
function wantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).includes('--json');
}

/** With --json, a failure before any scan still prints one JSON document: a failed report naming no file. */
const failedReport = (code: DiagnosticCode, message: string): string =>
  `${JSON.stringify(emptyReport('', 'failed', [diagnosticAt('error', code, message, startOf(''))]), null, 2)}\n`;

async function main(argv: readonly string[], io: CliIO): Promise<number> {
  const command = parseArgs(argv, io.cwd);
  switch (command.kind) {
    case 'help':
      io.stdout.write(USAGE);
      return 0;
    case 'version':
      io.stdout.write(`${version}\n`);
      return 0;
    case 'error':
      io.stderr.write(`dying-neurons: ${printable(command.message)}\n\n${USAGE}`);
      if (wantsJson(argv)) io.stdout.write(failedReport('invalid-arguments', command.message));
      return 2;
    case 'scan':
    case 'try': {
      const interrupt = new AbortController();
      // The first Ctrl+C cancels the run; a second ends the CLI at once, its training processes first
      // (they run in process groups of their own, which the terminal's Ctrl+C does not reach).
      const onSignal = () => {
        if (!interrupt.signal.aborted) return interrupt.abort();
        killAllChildren();
        process.exit(INTERRUPTED);
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      try {
        const run = { ...command, runners: { workerPath: workerPath(io.env), env: io.env }, signal: interrupt.signal };
        return await (command.kind === 'scan' ? scanCommand(run, io) : tryCommand({ ...run, layer: command.layer }, io));
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    }
  }
}

const argv = process.argv.slice(2);
main(argv, { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env }).then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    const message = `internal error: ${error instanceof Error ? error.message : String(error)}`;
    process.stderr.write(`dying-neurons: ${printable(message)}\n`);
    if (wantsJson(argv)) process.stdout.write(failedReport('internal-error', message));
    process.exitCode = 2;
  },
);
