// Command-line arguments of `dying-neurons`, parsed into scan options without side effects.

import path from 'node:path';
import { TRY_DEFAULTS, type LayerSelector } from '../engine/tryFixes';
import {
  BACKEND_CHOICES,
  DEFAULT_MAX_FITS,
  DEFAULT_PROBE,
  RUNNER_CHOICES,
  DEFAULT_SEED,
  DEFAULT_THRESHOLDS,
  type ScanOptions,
  type Thresholds,
} from '../shared/protocol';

export const USAGE = `Usage: dying-neurons scan FILE [options]
       dying-neurons try FILE [--layer LINE|CELL:LINE|NAME] [options]

scan: trains the model FILE builds (a TensorFlow.js script, or a Keras script: run as written
in your own Python when it has TensorFlow/Keras, else translated to TensorFlow.js) in a child
process and reports dead, dying and saturated units at the lines where the layers are built.
A Jupyter notebook (.ipynb) scans as its code cells in order, one program in its own process
(magics and shell lines skipped, never run); positions are given as cell and line in the cell.

try: measures the quick fixes of one layer. The unchanged model and each fix (and sensible
pairs of fixes) train as separate processes with the same seed and data for a short budget
(default ${TRY_DEFAULTS.epochs} epoch on at most ${TRY_DEFAULTS.samples.toLocaleString('en-US')} samples), and the table ranks them: fewest dead,
dying and saturated units in the layer and after it, then best accuracy, then lowest loss.
FILE itself is never changed.

Options:
  --epochs N                 train N epochs instead of the script's
  --samples N                train on at most N samples
  --probe N                  probe samples per check (default ${DEFAULT_PROBE})
  --seed N                   random seed (default ${DEFAULT_SEED})
  --check-every N            also check every N batches
  --backend NAME             TensorFlow.js backend: auto, tensorflow, wasm or cpu (default auto)
  --runner NAME              Python scripts: auto (your Python when it has the script's
                             framework, else the Keras translator), python or translate
  --python PATH              Python scripts: the interpreter (default python3, then python)
  --keep-callbacks           Python scripts: also run the callbacks passed to fit
  --revive N                 reinitialise dead units every N steps (ReDo; 0: off)
  --max-fits N               scan: the first N fits the script runs (default: ${DEFAULT_MAX_FITS} when
                             the Keras translator follows the script, which runs nothing of
                             yours; 1 when the script runs for real, since the code between two
                             fits then runs too, e.g. saves a model the scan trained shortened)
  --layer WHERE              try: the layer built at line LINE, in a notebook at CELL:LINE (cells
                             counted from 1, as the output writes cell 4:3), or named NAME
                             (default: the first with a warning)
  --json                     print the report as one JSON document on stdout
  --dying-rate X             dying: active on fewer than this fraction of samples (default ${DEFAULT_THRESHOLDS.dyingRate})
  --tau X                    dying: ReDo τ-score at or below X (default ${DEFAULT_THRESHOLDS.tau})
  --saturation-derivative X  saturated: derivative below X of its peak (default ${DEFAULT_THRESHOLDS.saturationDerivative})
  --saturated-fraction X     saturated on at least this fraction of samples (default ${DEFAULT_THRESHOLDS.saturatedFraction})
  --warn-fraction X          warn when this fraction of a layer's units is saturated or dead (in a deeper layer: dead at two checks in a row, or behind a warned layer) (default ${DEFAULT_THRESHOLDS.warnFraction})
  -h, --help                 show this help
  -v, --version              print the version

Exit status: 0 nothing at warning or above (try: measured), 1 a layer at warning or
above (in any fit scanned), 2 could not scan, 130 interrupted.
`;

export type Command =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'scan'; options: ScanOptions; json: boolean }
  /** `layer`: the layer `--layer` names (else the first layer with a warning). */
  | { kind: 'try'; options: ScanOptions; json: boolean; layer?: LayerSelector }
  | { kind: 'error'; message: string };

interface NumberKind {
  parse(raw: string): number | undefined;
  expected: string;
}

const integerKind = (pattern: RegExp, ok: (n: number) => boolean, expected: string): NumberKind => ({
  parse: (raw) => (pattern.test(raw) && Number.isSafeInteger(Number(raw)) && ok(Number(raw)) ? Number(raw) : undefined),
  expected,
});
const numberKind = (ok: (n: number) => boolean, expected: string): NumberKind => ({
  parse: (raw) => (raw.trim() !== '' && Number.isFinite(Number(raw)) && ok(Number(raw)) ? Number(raw) : undefined),
  expected,
});
const positiveInt = integerKind(/^\d+$/, (n) => n > 0, 'a positive integer');
const nonNegativeInt = integerKind(/^\d+$/, () => true, 'a non-negative integer');
const anyInt = integerKind(/^-?\d+$/, () => true, 'an integer');
const fraction = numberKind((n) => n >= 0 && n <= 1, 'a number from 0 to 1');
const nonNegative = numberKind((n) => n >= 0, 'a non-negative number');

type ScanSettings = Omit<ScanOptions, 'file'>;

const threshold = (key: keyof Thresholds, kind: NumberKind) => ({
  kind,
  set: (o: ScanSettings, n: number) => {
    o.thresholds[key] = n;
  },
});

const NUMBER_OPTIONS: Record<string, { kind: NumberKind; set(o: ScanSettings, n: number): void }> = {
  '--epochs': { kind: positiveInt, set: (o, n) => (o.epochs = n) },
  '--samples': { kind: positiveInt, set: (o, n) => (o.samples = n) },
  '--probe': { kind: positiveInt, set: (o, n) => (o.probe = n) },
  '--seed': { kind: anyInt, set: (o, n) => (o.seed = n) },
  '--check-every': { kind: positiveInt, set: (o, n) => (o.checkEvery = n) },
  '--revive': { kind: nonNegativeInt, set: (o, n) => (o.reviveEvery = n) },
  '--max-fits': { kind: positiveInt, set: (o, n) => (o.maxFits = n) },
  '--dying-rate': threshold('dyingRate', fraction),
  '--tau': threshold('tau', nonNegative),
  '--saturation-derivative': threshold('saturationDerivative', fraction),
  '--saturated-fraction': threshold('saturatedFraction', fraction),
  '--warn-fraction': threshold('warnFraction', fraction),
};

/** `--layer`'s value: LINE, CELL:LINE (both from 1) or a layer's name (which never starts with a digit). */
function layerSelector(raw: string): LayerSelector | undefined {
  const [first, second, ...more] = raw.split(':');
  if (/^\d/.test(raw)) {
    const line = positiveInt.parse(second ?? first);
    const cell = second === undefined ? undefined : positiveInt.parse(first);
    if (line === undefined || more.length > 0 || (second !== undefined && cell === undefined)) return undefined;
    return cell === undefined ? { line } : { cell, line };
  }
  return raw.trim() === raw && raw !== '' ? { name: raw } : undefined;
}

/** Parses argv (without node and the script); FILE is resolved against `cwd`. */
export function parseArgs(argv: readonly string[], cwd: string): Command {
  if (argv.some((a) => a === '-h' || a === '--help')) return { kind: 'help' };
  if (argv.some((a) => a === '-v' || a === '--version')) return { kind: 'version' };
  const [command, ...rest] = argv;
  if (command === undefined) return { kind: 'error', message: 'missing command' };
  if (command !== 'scan' && command !== 'try') return { kind: 'error', message: `unknown command '${command}'` };

  const settings: ScanSettings = { probe: DEFAULT_PROBE, seed: DEFAULT_SEED, backend: 'auto', thresholds: { ...DEFAULT_THRESHOLDS } };
  const files: string[] = [];
  let json = false;
  let layer: LayerSelector | undefined;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === '--') {
      files.push(...rest.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      files.push(arg);
      continue;
    }
    if (!arg.startsWith('--')) return { kind: 'error', message: `unknown option ${arg}` };
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg : arg.slice(0, eq);
    if (name === '--json' || name === '--keep-callbacks') {
      if (eq >= 0) return { kind: 'error', message: `${name} takes no value` };
      if (name === '--json') json = true;
      else settings.keepCallbacks = true;
      continue;
    }
    const known = name === '--backend' || name === '--runner' || name === '--python' || name in NUMBER_OPTIONS || (name === '--layer' && command === 'try');
    if (!known) return { kind: 'error', message: `unknown option ${name}` };
    if (name === '--max-fits' && command === 'try') return { kind: 'error', message: '--max-fits is for scan: try measures the fixes on the first fit' };
    const raw = eq < 0 ? rest[++i] : arg.slice(eq + 1);
    if (raw === undefined) return { kind: 'error', message: `${name} needs a value` };
    if (name === '--layer') {
      layer = layerSelector(raw);
      if (layer === undefined) {
        return {
          kind: 'error',
          message: `--layer must be a line (LINE), a notebook cell's line (CELL:LINE, positive integers) or a layer's name, got '${raw}'`,
        };
      }
      continue;
    }
    if (name === '--python') {
      settings.python = raw;
      continue;
    }
    if (name === '--runner') {
      const runner = RUNNER_CHOICES.find((r) => r === raw);
      if (!runner) return { kind: 'error', message: `--runner must be one of ${RUNNER_CHOICES.join(', ')}, got '${raw}'` };
      settings.runner = runner;
      continue;
    }
    if (name === '--backend') {
      const backend = BACKEND_CHOICES.find((b) => b === raw);
      if (!backend) return { kind: 'error', message: `--backend must be one of ${BACKEND_CHOICES.join(', ')}, got '${raw}'` };
      settings.backend = backend;
      continue;
    }
    const option = NUMBER_OPTIONS[name];
    const value = option.kind.parse(raw);
    if (value === undefined) return { kind: 'error', message: `${name} must be ${option.kind.expected}, got '${raw}'` };
    option.set(settings, value);
  }
  if (files.length !== 1) {
    return { kind: 'error', message: files.length === 0 ? `${command} needs a FILE` : `${command} takes one FILE, got ${files.length}` };
  }
  const options = { file: path.resolve(cwd, files[0]), ...settings };
  return command === 'try' ? { kind: 'try', options, json, ...(layer === undefined ? {} : { layer }) } : { kind: 'scan', options, json };
}
