// The Python runner: the user's own interpreter runs their script as `python FILE` would, with our
// monitor attached (python/run_script.py). Messages travel as JSON lines on two pipes of their own
// (python/PROTOCOL.md), so the script's stdout and stderr stay the user's.

import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { pythonFitCalls } from '../engine/pythonFrameworks';
import { PythonRunTranslator } from '../engine/pythonRun';
import { unscannedFitNotes } from '../engine/unscannedFits';
import { activationFamilies, dieableActivations } from '../engine/stats';
import { parsePythonMessage, type Report, type ScanOptions, type SourceRange } from '../shared/protocol';
import { superviseChild, type ChildChannel, type ExplainExit } from './childProcess';
import type { Runner } from './runner';

export interface PythonCommand {
  /** The interpreter (a path or a command on PATH). */
  interpreter: string;
  /** python/run_script.py of this package. */
  runScript: string;
  /** The script's working directory: the shell's for the CLI, the workspace folder in VS Code. */
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

/** A Python child that exited without its last message: killed, out of memory, or what it printed last. */
const explainPythonExit: ExplainExit = (code, signal, stderr) => {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  if (signal === 'SIGKILL' || /MemoryError|out of memory/i.test(stderr)) {
    return {
      code: 'out-of-memory',
      message: `The Python process ${signal ? `was killed by ${signal}` : 'ran out of memory'} before it finished (out of memory?). Try fewer samples (--samples) or a smaller probe set.`,
    };
  }
  const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
  const said = lines.at(-1);
  return { code: 'worker-crashed', message: `The Python process ${how} before it finished.${said ? ` Last output: ${said}` : ''}` };
};

export function pythonRunner(command: PythonCommand): Runner {
  return {
    id: 'python',
    start(options, events) {
      const child = spawn(command.interpreter, [command.runScript, options.file], {
        cwd: command.cwd,
        env: { ...(command.env ?? process.env), DYING_NEURONS_FD_OUT: '3', DYING_NEURONS_FD_IN: '4', PYTHONUNBUFFERED: '1', PYTHONIOENCODING: 'utf-8' },
        stdio: ['ignore', 'pipe', 'pipe', 'pipe', 'pipe'],
        detached: true,
        windowsHide: true,
      });
      const fromChild = child.stdio[3] as Readable | null;
      const toChild = child.stdio[4] as Writable | null;
      // The child exits when this pipe closes; a write after that is refused quietly.
      toChild?.on('error', () => undefined);
      const channel: ChildChannel = {
        send: (message) => {
          if (toChild && !toChild.writableEnded && !toChild.destroyed) toChild.write(`${JSON.stringify(message)}\n`);
        },
        close: () => toChild?.end(),
      };
      const supervised = superviseChild(child, channel, options, events, explainPythonExit, { processGroup: true });
      /** The Keras fits the scan trained (the first, or the first --max-fits). */
      const scanned: SourceRange[] = [];
      const translator = new PythonRunTranslator(options.file, options.thresholds);
      if (fromChild) {
        createInterface({ input: fromChild, crlfDelay: Infinity }).on('line', (line) => {
          let raw: unknown;
          try {
            raw = JSON.parse(line);
          } catch {
            return supervised.receive(line);
          }
          const message = parsePythonMessage(raw);
          if (message?.type === 'started' && (message.framework ?? 'keras') === 'keras' && message.training?.fit) scanned.push(message.training.fit);
          supervised.receive(message ? translator.translate(message, supervised.run) : raw);
        });
      }
      const start = { ...options, families: activationFamilies(), dieable: dieableActivations(), keepCallbacks: options.keepCallbacks ?? false };
      toChild?.write(`${JSON.stringify({ type: 'start', options: start })}\n`);
      const { handle } = supervised;
      return {
        done: handle.done.then((report) => withUnscannedFits(report, options, scanned)),
        cancel: () => handle.cancel(),
        revive: () => handle.revive(),
        get pid() {
          return handle.pid;
        },
      };
    },
  };
}

/** A completed Keras scan: a note at each other `fit` the script writes, which the scan stopped before. */
async function withUnscannedFits(report: Report, options: ScanOptions, scanned: SourceRange[]): Promise<Report> {
  if (report.status !== 'completed' || scanned.length === 0) return report;
  let text = options.sourceText;
  try {
    text ??= await readFile(options.file, 'utf8');
  } catch {
    return report;
  }
  const notes = unscannedFitNotes(pythonFitCalls(text, options.file), scanned, options.maxFits ?? 1);
  return notes.length === 0 ? report : { ...report, diagnostics: [...report.diagnostics, ...notes] };
}
