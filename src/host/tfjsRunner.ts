// The TensorFlow.js runner: forks the training worker (dist/worker.js) on Node, in a process group
// of its own with a run folder of its own, and talks to it over Node's IPC channel; the worker
// exits as soon as that channel closes.

import { fork } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RUN_DIR_ENV } from '../shared/protocol';
import { superviseChild, type ChildChannel, type ExplainExit } from './childProcess';
import type { Runner } from './runner';

/** How to start the worker process: its bundle, the Node.js to run it with, its environment. */
export interface WorkerCommand {
  /** The worker bundle (dist/worker.js). */
  workerPath: string;
  /** The Node executable; default the current one (in VS Code, its Electron run as Node). */
  execPath?: string;
  /** Node options for the worker; default none (the parent's --inspect and loaders stay out). */
  execArgv?: string[];
  /** The worker's environment; default this process's. ELECTRON_RUN_AS_NODE=1 is always added. */
  env?: NodeJS.ProcessEnv;
}

/** A Node worker that exited without its report: out of memory, or the last thing it said. */
const explainNodeExit: ExplainExit = (code, signal, stderr) => {
  if (/heap out of memory/i.test(stderr)) {
    return {
      code: 'out-of-memory',
      message: 'The training process ran out of memory. Try fewer training samples, a smaller probe set or a smaller model.',
    };
  }
  const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  // Node ends an uncaught error with its version; the error's own line says more.
  const said = lines.filter((l) => /^(\w*Error\b|FATAL ERROR)/.test(l)).at(-1) ?? lines.at(-1);
  return { code: 'worker-crashed', message: `The training process ${how} before it finished.${said ? ` Last output: ${said}` : ''}` };
};

export function tfjsRunner(command: WorkerCommand): Runner {
  return {
    id: 'tfjs',
    start(options, events) {
      // The worker bundles the script there; removed however the worker ends (a signal, out of memory).
      const runDir = mkdtempSync(path.join(tmpdir(), 'dying-neurons-run-'));
      const child = fork(command.workerPath, [], {
        execPath: command.execPath,
        execArgv: command.execArgv ?? [],
        env: { ...(command.env ?? process.env), ELECTRON_RUN_AS_NODE: '1', [RUN_DIR_ENV]: runDir },
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
        // Its own process group: cancel ends the script's own children too.
        detached: true,
      });
      const channel: ChildChannel = {
        // A failed send means the worker is gone; its exit settles the run.
        send: (message) => {
          if (child.connected) child.send(message, () => undefined);
        },
        close: () => {
          if (child.connected) child.disconnect();
        },
      };
      const { handle, receive } = superviseChild(child, channel, options, events, explainNodeExit, { processGroup: true, runDir });
      child.on('message', receive);
      channel.send({ type: 'start', options });
      return handle;
    },
  };
}
