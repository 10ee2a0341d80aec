// The Python runner's figures (issue 11): agreement of the Keras translator with real Keras on the
// bundled examples, the monitor's overhead and samples/s under real TensorFlow against the wasm
// translator path, and the time to the init check's report from the fit call and from the launch.

import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/worker/packageRoot';
import { describeMachine, loadAverage } from '../machine';
import type { Mode, Suite } from '../suite';
import { agreement } from './agreement';
import { writeDatasets } from './datasets';
import { pythonMarkdown, type PythonResults, type Settings } from './markdown';
import { overheadEpochs } from './overheadEpochs';
import { timedScan, VENV_PYTHON } from './scan';

export const TUTORIAL = join(PACKAGE_ROOT, 'examples', 'keras', 'tutorial.py');
export const DEAD_AT_INIT = join(__dirname, 'models', 'dead-at-init.py');
export const NEGATIVE_BIAS = join(PACKAGE_ROOT, 'examples', 'keras', 'negative-bias.py');
const FIT_MARKER = 'dn-bench: fit called';

const SETTINGS: Record<Mode, Settings> = {
  full: { pairs: 7, epochs: 3, samples: 60_000, wasmRuns: 2, firstReportRuns: 5 },
  quick: { pairs: 3, epochs: 2, samples: 10_000, wasmRuns: 1, firstReportRuns: 2 },
};

/** Epoch times from the second epoch on (the first traces the graph): gaps between epoch-end checks. */
const laterEpochs = (ends: number[]): number[] => ends.slice(1).map((end, i) => end - ends[i]);

function versions(): string {
  const code = "import importlib.metadata as m, sys; print(sys.version.split()[0], m.version('tensorflow-cpu'), m.version('keras'))";
  const [python, tensorflow, keras] = execFileSync(VENV_PYTHON, ['-c', code], { encoding: 'utf8' }).trim().split(' ');
  return `Python ${python}, tensorflow-cpu ${tensorflow}, Keras ${keras} (.venv); wasm backend for the translator`;
}

async function runPython(mode: Mode, log: (text: string) => void): Promise<PythonResults> {
  const settings = SETTINGS[mode];
  const started = performance.now();
  const machine = describeMachine();
  const software = versions();
  const datasets = writeDatasets();
  try {
    const env = datasets.env;
    const examples = await agreement(env, log);

    const { pairs, samples } = settings;
    const overhead = await overheadEpochs(TUTORIAL, pairs, samples, env);
    if (overhead.plain.length !== pairs - 1 || overhead.scanned.length !== pairs - 1) {
      throw new Error(`the overhead run gave ${overhead.plain.length} plain and ${overhead.scanned.length} scanned epochs, not ${pairs - 1} of each`);
    }
    const list = (values: number[]) => values.map((t) => (t / 1000).toFixed(2)).join(', ');
    log(`overhead (one process): plain ${list(overhead.plain)} s; scanned ${list(overhead.scanned)} s; epoch-end checks ${overhead.checkMs.map((t) => t.toFixed(0)).join(', ')} ms`);
    const wasm: number[] = [];
    for (let run = 0; run < settings.wasmRuns; run++) {
      const scan = await timedScan({ file: TUTORIAL, runner: 'translate', epochs: settings.epochs, samples, env });
      if (scan.report.status !== 'completed') throw new Error(`the translated tutorial ended ${scan.report.status}`);
      const times = laterEpochs(scan.epochEndMs);
      wasm.push(...times);
      log(`translated (wasm) run ${run + 1}/${settings.wasmRuns}: ${times.map((t) => (t / 1000).toFixed(2)).join(', ')} s`);
    }

    const fitToInit: number[] = [];
    const launchToInit: number[] = [];
    const exampleLaunchToInit: number[] = [];
    for (let run = 0; run < settings.firstReportRuns; run++) {
      const own = await timedScan({ file: DEAD_AT_INIT, runner: 'python', env, stopAtInit: true, marker: FIT_MARKER });
      const example = await timedScan({ file: NEGATIVE_BIAS, runner: 'python', env, stopAtInit: true });
      if (!Number.isFinite(own.initMs) || !Number.isFinite(own.markerMs) || !Number.isFinite(example.initMs)) {
        throw new Error(`no init check: ${[...own.report.diagnostics, ...example.report.diagnostics].map((d) => d.message).join('; ')}`);
      }
      fitToInit.push(own.initMs - own.markerMs);
      launchToInit.push(own.initMs);
      exampleLaunchToInit.push(example.initMs);
      log(`first report ${run + 1}: fit call → init ${(own.initMs - own.markerMs).toFixed(0)} ms, launch → init ${(own.initMs / 1000).toFixed(2)} s, negative-bias.py ${(example.initMs / 1000).toFixed(2)} s`);
    }

    return {
      mode,
      settings,
      machine,
      software,
      loadAverageAtEnd: loadAverage(),
      durationMs: performance.now() - started,
      examples,
      overhead,
      wasm,
      firstReport: { fitToInit, launchToInit, exampleLaunchToInit },
    };
  } finally {
    datasets.dispose();
  }
}

export const pythonSuite: Suite = {
  id: 'python',
  title: 'Python runner: translator agreement with real Keras, overhead, samples/s, first report',
  run: async (mode, log) => pythonMarkdown(await runPython(mode, log)),
};
