// Where the extension and the CLI get the runner of a scan: the one place that knows which kinds
// of training process exist and what each needs to start.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { emptyReport } from '../engine/liveRun';
import { frameworkImports, type FrameworkImport } from '../engine/pythonFrameworks';
import { diagnosticAt, startOf } from '../engine/report';
import { isNotebook, languageOf, type Report, type ScanOptions } from '../shared/protocol';
import { deferredRun } from './deferredRun';
import { notebookRunner } from './notebookRunner';
import { findInterpreter } from './pythonInterpreter';
import { pythonRunner } from './pythonRunner';
import type { Runner } from './runner';
import { chooseRunner } from './runnerChoice';
import { tfjsRunner, type WorkerCommand } from './tfjsRunner';

/** What the parent knows of its runners: the packaged worker, how to start Node.js, and where a Python script runs. */
export interface RunnerConfig extends WorkerCommand {
  /** The working directory of a Python script (the shell's for the CLI, the workspace folder in VS Code). */
  cwd?: string;
  /** In VS Code: the Python extension's interpreter for the file, tried when none is named (before python3/python). */
  suggestInterpreter?: () => Promise<string | undefined>;
}

/** The package's python/ folder, beside the dist/ folder of the worker bundle. */
const pythonDir = (config: RunnerConfig): string => path.join(path.dirname(config.workerPath), '..', 'python');

/** The runner for a scan: the TensorFlow.js worker for a JS/TS script; for Python and notebooks, the choice made at start. */
export function selectRunner(options: ScanOptions, config: RunnerConfig): Runner {
  if (isNotebook(options.file)) return notebookRunner(pythonScriptRunner(config));
  return languageOf(options.file) === 'python' ? pythonScriptRunner(config) : tfjsRunner(config);
}

async function scriptImports(options: ScanOptions): Promise<FrameworkImport[]> {
  try {
    return frameworkImports(options.sourceText ?? (await readFile(options.file, 'utf8')), options.file);
  } catch {
    return []; // An unreadable file: the runner that runs it says so, at the right place.
  }
}

/**
 * A Python script runs in the user's interpreter when it can import the script's framework, else
 * (Keras) it is translated to TensorFlow.js — decided when the run starts, and said in a log line.
 */
function pythonScriptRunner(config: RunnerConfig): Runner {
  return {
    id: 'auto',
    start(options, events) {
      return deferredRun(options.file, async (deferred): Promise<Report> => {
        const choice = options.runner ?? 'auto';
        const imports = await scriptImports(options);
        const suggested = choice === 'translate' || options.python ? undefined : await config.suggestInterpreter?.();
        const interpreter = choice === 'translate' ? { tried: [] } : await findInterpreter(options.python, path.join(pythonDir(config), 'probe.py'), suggested);
        const decision = chooseRunner({ choice, python: true, imports, interpreter, named: options.python !== undefined });
        if (deferred.cancelled) return deferred.cancelledReport();
        if (decision.runner === null) {
          events.message({ type: 'error', code: decision.code, message: decision.message, position: decision.at });
          return emptyReport(options.file, 'failed', [diagnosticAt('error', decision.code, decision.message, decision.at ?? startOf(options.file))]);
        }
        const why = decision.runner === 'tfjs' ? null : decision.why;
        if (why) events.message({ type: 'log', level: 'info', text: why });
        const runner =
          decision.runner === 'python'
            ? pythonRunner({
                interpreter: decision.interpreter.executable,
                runScript: path.join(pythonDir(config), 'run_script.py'),
                cwd: config.cwd,
                env: config.env,
              })
            : tfjsRunner(config); // the worker translates a Keras script
        const report = await deferred.attach(runner.start(options, events)).done;
        // Falling back to the translator is worth a line in the report; running in Python is the expected case.
        if (decision.runner === 'translate' && why) {
          report.diagnostics = [diagnosticAt('information', 'runner-chosen', why, startOf(options.file)), ...report.diagnostics];
        }
        const framework = imports.some((i) => i.framework === 'torch') ? 'torch' : 'keras';
        report.ranWith ??= { runner: decision.runner === 'python' ? 'python' : 'translate', framework };
        return report;
      });
    },
  };
}
