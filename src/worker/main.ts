// The training worker's entry (dist/worker.js), forked by src/host/tfjsRunner.ts: waits for
// `start`, runs the scan, streams WorkerMessages over IPC and exits after its report, once what the
// script printed is flushed. It exits when the parent's channel closes, and a watchdog thread ends
// it when the parent is gone while the script keeps the main thread busy: it never outlives the
// CLI or the extension.

import { parseParentMessage, RUN_DIR_ENV, type WorkerMessage } from '../shared/protocol';
import { runScan } from './scan';
import { watchParent } from './watchdog';
import { WorkerScan } from './workerScan';

function send(message: WorkerMessage, then?: () => void): void {
  if (process.send && process.connected) process.send(message, undefined, undefined, then);
  else then?.();
}

if (!process.send) {
  process.stderr.write('dying-neurons worker: start me with child_process.fork (use `dying-neurons scan FILE`).\n');
  process.exit(2);
}

/** Exits once the script's output has reached the parent's pipes (process.exit drops what is still queued). */
function exitFlushed(code: number): void {
  let pending = 2;
  const flushed = () => --pending === 0 && process.exit(code);
  process.stdout.write('', flushed);
  process.stderr.write('', flushed);
}

let run: WorkerScan | undefined;
let reported = false;

const watchdog = watchParent(process.env[RUN_DIR_ENV]);
// After the report the parent closes the channel; before it, a closed channel means the parent died.
process.on('disconnect', () => {
  if (!reported) watchdog.parentGone();
  exitFlushed(0);
});
// Whatever escapes the scan ends it as an error, never as a stack trace.
const onUncaught = (error: unknown) => {
  if (run) run.fail(run.explainError(error));
  else process.exit(1);
};
process.on('uncaughtException', onUncaught);
process.on('unhandledRejection', onUncaught);

async function start(current: WorkerScan): Promise<void> {
  void runScan(current);
  const report = await current.done;
  reported = true;
  send({ type: 'finished', report }, () => exitFlushed(0));
}

process.on('message', (raw: unknown) => {
  const message = parseParentMessage(raw);
  if (!message) {
    send({ type: 'log', level: 'warn', text: `ignored an invalid message: ${JSON.stringify(raw)?.slice(0, 200)}` });
    return;
  }
  switch (message.type) {
    case 'start':
      if (run) return;
      run = new WorkerScan(message.options, (m) => send(m));
      void start(run);
      break;
    case 'cancel':
      if (run) run.cancel();
      else process.exit(0);
      break;
    case 'revive':
      run?.requestRevive();
      break;
  }
});
