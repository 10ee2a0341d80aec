// Entry of the `dying-neurons` command (bundled to dist/cli.js, next to dist/worker.js).

import path from 'node:path';
import { version } from '../../package.json';
import { parseArgs, USAGE } from './args';
import { scanCommand, type CliIO } from './scan';
import { tryCommand } from './try';

/**
 * The worker bundle beside this one. DYING_NEURONS_WORKER overrides it, so that the CLI can be
 * tested end to end against a stand-in worker without training anything.
 */
const workerPath = (env: NodeJS.ProcessEnv) => env.DYING_NEURONS_WORKER ?? path.join(__dirname, 'worker.js');

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
      io.stderr.write(`dying-neurons: ${command.message}\n\n${USAGE}`);
      return 2;
    case 'scan':
    case 'try': {
      const interrupt = new AbortController();
      const onSignal = () => interrupt.abort();
      // Once: a second Ctrl+C ends the CLI at once (the worker follows when its channel closes).
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      try {
        const run = { ...command, runners: { workerPath: workerPath(io.env), env: io.env }, signal: interrupt.signal };
        return await (command.kind === 'scan' ? scanCommand(run, io) : tryCommand({ ...run, line: command.line }, io));
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    }
  }
}

main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env }).then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    process.stderr.write(`dying-neurons: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
