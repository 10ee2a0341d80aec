// The one protocol shared by the worker, the extension, the CLI and the webview.
// Everything that crosses a process or webview boundary is one of these unions and is
// checked with the `parse*` functions below on arrival (never trusted as `any`).

export const REPORT_VERSION = 1;

// ---------------------------------------------------------------------------
// Positions and options
// ---------------------------------------------------------------------------

/** A cell of a notebook: its 0-based index among all cells (markdown included) and its id (nbformat 4.5+). */
export interface CellRef {
  index: number;
  id?: string;
}

/**
 * A place in a user's file. Lines and columns are 1-based; the end is exclusive. In a notebook
 * (`file` an .ipynb), `cell` is set and the lines count inside that cell.
 */
export interface SourceRange {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  cell?: CellRef;
}

/** An outer frame of a layer's construction (e.g. the call site of a helper function). */
export interface SourceFrame extends SourceRange {
  functionName?: string;
}

export const BACKENDS = ['tensorflow', 'wasm', 'cpu'] as const;
export type Backend = (typeof BACKENDS)[number];
export const BACKEND_CHOICES = ['auto', ...BACKENDS] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

export interface Thresholds {
  /** A unit active on fewer than this fraction of probe samples is dying. */
  dyingRate: number;
  /** A unit whose ReDo τ-score is at or below this is dying. */
  tau: number;
  /** A sigmoid/tanh derivative below this fraction of its peak counts as saturated. */
  saturationDerivative: number;
  /** A unit saturated on at least this fraction of probe samples is saturated. */
  saturatedFraction: number;
  /** A layer whose saturated and dead units (a deeper layer's: as `warningUnits` in src/engine/layerDiagnostics.ts counts them) reach this fraction gets a warning; dying and inactive units are information. */
  warnFraction: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = {
  dyingRate: 0.01,
  tau: 0.025,
  saturationDerivative: 0.01,
  saturatedFraction: 0.9,
  warnFraction: 0.1,
};

/** The training scripts a scan runs, by file extension (lower case), with the language each is written in. */
const SCRIPT_LANGUAGES = {
  '.py': 'python',
  '.js': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.ts': 'typescript',
  '.mts': 'typescript',
} as const;
export type ScriptExtension = keyof typeof SCRIPT_LANGUAGES;
export type SourceLanguage = (typeof SCRIPT_LANGUAGES)[ScriptExtension];
/** The extensions of SCRIPT_LANGUAGES, in that order (package.json's `when` clauses list the same). */
export const SCRIPT_EXTENSIONS = Object.keys(SCRIPT_LANGUAGES) as readonly ScriptExtension[];

/** The language of a training script from its file name; undefined when it is not one. */
export function languageOf(fileName: string): SourceLanguage | undefined {
  const dot = fileName.lastIndexOf('.');
  const extension = dot < 0 ? '' : fileName.slice(dot).toLowerCase();
  return Object.hasOwn(SCRIPT_LANGUAGES, extension) ? SCRIPT_LANGUAGES[extension as ScriptExtension] : undefined;
}

/** A Jupyter notebook: its code cells run as one Python program (src/engine/notebook.ts). */
export const NOTEBOOK_EXTENSION = '.ipynb';
export const isNotebook = (fileName: string): boolean => fileName.toLowerCase().endsWith(NOTEBOOK_EXTENSION);

/** Default probe-set size: samples every unit is measured on at each check. */
export const DEFAULT_PROBE = 1024;
/** Default random seed of the probe set and the training order. */
export const DEFAULT_SEED = 42;
/** The environment variable naming a TensorFlow.js worker's run folder: the parent makes it and removes it once the worker is gone. */
export const RUN_DIR_ENV = 'DYING_NEURONS_RUN_DIR';

export interface ScanOptions {
  /** Absolute path of the user's script (one of SCRIPT_EXTENSIONS). */
  file: string;
  /** Overrides the script's epochs. */
  epochs?: number;
  /** Caps the number of training samples. */
  samples?: number;
  /** Probe-set size (default DEFAULT_PROBE; fewer when the data is smaller). */
  probe: number;
  seed: number;
  /** Extra checks every N batches (besides init, early and each epoch end). */
  checkEvery?: number;
  backend: BackendChoice;
  thresholds: Thresholds;
  /** ReDo: reinitialise dead units every N steps (0 or absent: off). */
  reviveEvery?: number;
  /**
   * The script's text, used instead of reading `file` (e.g. a scratch copy with a fix applied, or
   * an unsaved editor); imports still resolve relative to `file`'s folder. For a notebook, the
   * notebook's JSON (nbformat 4).
   */
  sourceText?: string;
  /** Python scripts: run in the user's interpreter, or translated to TensorFlow.js (default auto). */
  runner?: RunnerChoice;
  /** Python scripts: the interpreter to run them with (default: python3, then python, on PATH). */
  python?: string;
  /** Python scripts: also run the callbacks the script passes to fit (default: skipped). */
  keepCallbacks?: boolean;
  /**
   * The fits to scan, in the order they run. Default: DEFAULT_MAX_FITS when the Keras translator
   * follows the script (it runs nothing of the user's), 1 when a runner executes it (the code
   * between two fits runs for real).
   */
  maxFits?: number;
}

/** The fits the Keras translator scans when ScanOptions.maxFits is not given. */
export const DEFAULT_MAX_FITS = 8;

/** How a Python script runs: auto (its own interpreter when it can import the framework, else translated), python, translate. */
export const RUNNER_CHOICES = ['auto', 'python', 'translate'] as const;
export type RunnerChoice = (typeof RUNNER_CHOICES)[number];

/** The interpreter a Python scan ran in. */
export interface PythonInfo {
  executable: string;
  version: string;
}

/** What a scan ran on, beyond the TensorFlow.js backend. */
export interface RanWith {
  runner: 'tfjs' | 'python' | 'translate';
  framework: 'tfjs' | 'keras' | 'torch';
  /** Where it trained, e.g. 'CPU', 'GPU:0'. */
  device?: string;
  /** Keras 3's backend (e.g. 'tensorflow', 'torch', 'jax') when the framework is Keras. */
  kerasBackend?: string;
  python?: PythonInfo;
}

// ---------------------------------------------------------------------------
// Model, unit statistics and the report
// ---------------------------------------------------------------------------

export type ActivationFamily = 'relu' | 'sigmoid' | 'tanh';

export interface LayerSummary {
  /** Position in the model's layer list. */
  index: number;
  name: string;
  className: string;
  /** The activation applied to this layer's output ('relu', 'sigmoid', 'linear', …). */
  activation: string;
  /** Set when the layer's units are monitored. */
  family: ActivationFamily | null;
  units: number;
  outputShape: (number | null)[];
  /** Where the layer was constructed in the user's file. */
  location: SourceRange | null;
  /** Outer user frames of the construction (helper call sites), innermost first. */
  callers: SourceFrame[];
  /** Names of the layers whose output feeds this one (empty for the model's inputs). */
  inbound: string[];
  /**
   * Where the activation that makes this layer's units is applied, when it is not the layer's own
   * argument (PyTorch: an `nn.ReLU()` module's construction, or an `F.relu(...)` call in `forward`).
   */
  activationSite?: SourceRange;
}

export type CheckKind = 'init' | 'early' | 'batch' | 'epoch';

export interface CheckInfo {
  /** 0-based sequence number of the check in this run. */
  index: number;
  kind: CheckKind;
  /** Completed epochs at the time of the check (0 before and during the first). */
  epoch: number;
  /** Training steps taken before the check. */
  step: number;
  /** A short label such as "init", "epoch 1 batch 19", "epoch 3". */
  label: string;
  /** Probe samples the check measured (for messages such as "never active on 1,024 probe samples"). */
  probeSamples?: number;
}

/**
 * `inactive`: never positive on the probe set, in an activation that still passes gradient below
 * zero (LeakyReLU, PReLU, ELU, SELU, GELU, softplus, …) — unlike `dead`, it can come back.
 */
export type UnitState = 'healthy' | 'dead' | 'dying' | 'saturated' | 'inactive';

export interface LayerUnits {
  layer: string;
  /** Per unit, in unit order. */
  rate: number[];
  meanAbs: number[];
  max: number[];
  tau: number[];
  /** Per unit: fraction of probe samples with a saturated derivative (sigmoid/tanh only). */
  saturation: number[] | null;
  state: UnitState[];
}

export interface LayerReport {
  name: string;
  className: string;
  activation: string;
  units: number;
  /** 1-based position of the layer's construction; 0 when unknown. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** In a notebook: the cell the layer is built in (its lines count in that cell). */
  cell?: CellRef;
  dead: number;
  dying: number;
  saturated: number;
  deadUnits: number[];
  dyingUnits: number[];
  saturatedUnits: number[];
  /** Inactive units (information, not a problem); absent in reports written before they existed. */
  inactive?: number;
  inactiveUnits?: number[];
  /** Per unit: index of the first check at which it was dead, or null (in a report of several fits: in its fit's checks). */
  firstDeadCheck: (number | null)[];
  /** Units that were dead at some check and active again later. */
  cameBack: number[];
  /** Set when this layer's whole input is dead because of an upstream layer. */
  rootCause: string | null;
  /**
   * 1-based start of the activation applied to this layer's units, in the layer's file, when it is
   * written apart from the layer (PyTorch: `nn.ReLU()` or `F.relu(...)`); absent otherwise.
   */
  activationSite?: { line: number; column: number };
  /** In a report of several fits: the index of the layer's fit in Report.fits. */
  fit?: number;
}

export type Severity = 'error' | 'warning' | 'information';

const DIAGNOSTIC_CODES = [
  'dead-units',
  'dying-units',
  'saturated-units',
  'inactive-units',
  'input-dead',
  'shape-mismatch',
  'unsupported',
  'syntax-error',
  'script-error',
  'file-not-found',
  'invalid-arguments',
  'internal-error',
  'no-fit',
  'no-monitored-layers',
  'nan-loss',
  'callbacks-skipped',
  'worker-crashed',
  'out-of-memory',
  'cancelled',
  'python-not-found',
  'framework-missing',
  'runner-chosen',
  'notebook-invalid',
  'notebook-line-skipped',
  'fit-not-scanned',
] as const;
export type DiagnosticCode = (typeof DIAGNOSTIC_CODES)[number];

export interface RelatedInformation {
  message: string;
  file: string;
  line: number;
  column: number;
  /** In a notebook: the cell `line` counts in. */
  cell?: CellRef;
}

export interface ReportDiagnostic {
  severity: Severity;
  code: DiagnosticCode;
  message: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** In a notebook: the cell the lines count in. */
  cell?: CellRef;
  /** The layer the diagnostic is about, when there is one. */
  layer?: string;
  related?: RelatedInformation[];
}

export type ReportStatus = 'completed' | 'failed' | 'cancelled';

export interface EpochMetrics {
  epoch: number;
  loss: number;
  metrics: Record<string, number>;
}

/** One fit of a scan that ran several (Report.fits). */
export interface FitReport {
  /** 0-based, in the order the fits ran. */
  index: number;
  /** Where its model was compiled and the fit called. */
  training: TrainingSites;
  /** Later fits of the same model and training settings (a loop over seeds): counted, not scanned again. */
  repeats: number;
  epochsRun: number;
  layers: LayerReport[];
  checks: CheckInfo[];
  history: EpochMetrics[];
}

export interface Report {
  version: typeof REPORT_VERSION;
  file: string;
  status: ReportStatus;
  backend: Backend | null;
  epochsRun: number;
  layers: LayerReport[];
  diagnostics: ReportDiagnostic[];
  checks: CheckInfo[];
  history: EpochMetrics[];
  /** Units reinitialised by ReDo, and how many of them were alive at the last check. */
  revived?: { units: number; aliveAtEnd: number };
  /** The runner, framework, device and interpreter, when the runner said. */
  ranWith?: RanWith;
  /**
   * Set when the script ran more than one fit (scanned, or counted as a repeat): each scanned fit
   * in the order it ran. `layers` then lists every fit's layers (each with its `fit`),
   * `diagnostics` every fit's, and `epochsRun`, `checks` and `history` are the first fit's.
   */
  fits?: FitReport[];
}

// ---------------------------------------------------------------------------
// Worker <-> parent (CLI or extension), over child_process IPC
// ---------------------------------------------------------------------------

/** Where the model that trains was compiled and where its fit was called in the user's file. */
export interface TrainingSites {
  compile: SourceRange | null;
  fit: SourceRange | null;
}

export type ParentMessage = { type: 'start'; options: ScanOptions } | { type: 'cancel' } | { type: 'revive' };

export type WorkerMessage =
  | {
      type: 'started';
      /** The TensorFlow.js backend; null when the model trained elsewhere (in Python). */
      backend: Backend | null;
      file: string;
      model: LayerSummary[];
      epochs: number;
      batchesPerEpoch: number;
      samples: number;
      /** Optional: messages recorded before it existed lack it. */
      training?: TrainingSites;
      /** Which runner trained the model; optional: the tfjs worker does not say. */
      runner?: 'tfjs' | 'python' | 'translate';
      /** The framework the user's script is written for. */
      framework?: 'tfjs' | 'keras' | 'torch';
      /** Where it trained, e.g. 'CPU', 'GPU:0'. */
      device?: string;
      /** Keras 3's backend (e.g. 'tensorflow', 'torch', 'jax') when the framework is Keras. */
      kerasBackend?: string;
      /** The interpreter, when the runner is Python. */
      python?: PythonInfo;
      /** A scan of several fits: this fit's index (a `started` with a higher one begins the next fit) and its repeats (FitReport.repeats). */
      fit?: { index: number; repeats: number };
    }
  | {
      type: 'progress';
      /** The epoch in progress and the batch just finished, both counted from 1. */
      epoch: number;
      epochs: number;
      batch: number;
      batches: number;
      /** The epoch's mean loss so far (at its last batch: the epoch's loss in the history). */
      loss: number;
      metrics: Record<string, number>;
    }
  | { type: 'units'; check: CheckInfo; layers: LayerUnits[] }
  | { type: 'log'; level: 'info' | 'warn'; text: string }
  | { type: 'error'; code: DiagnosticCode; message: string; position: SourceRange | null }
  | { type: 'finished'; report: Report };

// ---------------------------------------------------------------------------
// Python runner -> parent, JSON lines on a pipe of their own (python/PROTOCOL.md)
// ---------------------------------------------------------------------------

/** A check's raw per-unit counts of one layer (src/engine/stats.ts UnitMeasures), named. */
export interface LayerMeasures {
  layer: string;
  samples: number;
  active: number[];
  meanAbs: number[];
  max: number[];
  saturated: number[] | null;
}

/**
 * What the Python side sends: it measures, the parent judges. Its `started` has no TensorFlow.js
 * backend; units come raw (`measures`); the run ends with `done` (the parent builds the Report).
 */
export type PythonMessage =
  | (Omit<Extract<WorkerMessage, { type: 'started' }>, 'backend'> & { kerasVersion?: string })
  | Extract<WorkerMessage, { type: 'progress' | 'log' | 'error' }>
  | { type: 'measures'; check: CheckInfo; layers: LayerMeasures[] }
  | { type: 'note'; severity: 'information' | 'warning'; code: DiagnosticCode; message: string; position: SourceRange | null }
  | { type: 'revived'; label: string; step: number; layers: Record<string, number[]> }
  /** A scanned fit ended and the script goes on to its next (--max-fits): that fit's epochs and history. */
  | { type: 'fitEnded'; epochsRun: number; history: EpochMetrics[] }
  | { type: 'done'; status: 'completed' | 'cancelled'; epochsRun: number; history: EpochMetrics[]; revived?: Record<string, number[]> };

// ---------------------------------------------------------------------------
// Webview <-> extension
// ---------------------------------------------------------------------------

export const FIX_IDS = ['he-init', 'glorot-init', 'batch-norm', 'leaky-relu', 'lower-lr', 'zero-bias', 'sgd-to-adam', 'l2', 'dropout'] as const;
export type FixId = (typeof FIX_IDS)[number];

export interface FixOffer {
  id: FixId;
  title: string;
  preferred: boolean;
}

/** One measured run of Try Fixes: the unchanged model (`fixes` empty) or a candidate fix. */
export interface TryRow {
  /** 'baseline', or the fix ids joined with '+' ('he-init+batch-norm'). */
  id: string;
  fixes: FixId[];
  title: string;
  /** 'running' until its worker has reported. */
  status: ReportStatus | 'pending' | 'running';
  /** Dead + dying + saturated + inactive units in the target layer and every layer after it; null when unmeasured. */
  flagged: number | null;
  /** Monitored layers from the target layer on, with their counts at the last check. */
  layers: { name: string; units: number; dead: number; dying: number; saturated: number }[];
  /** Training loss at the end of the last epoch. */
  loss: number | null;
  accuracy: number | null;
  /** Which accuracy `accuracy` is: on the validation data (or split) when the script has one. */
  accuracyOf: 'validation' | 'training' | null;
  /** Wall time of its worker, ms. */
  ms: number;
  /** Why the run failed, when it did. */
  error?: string;
}

/** Try Fixes for one layer: every run, best first once measured (the baseline among them). */
export interface TryResults {
  file: string;
  layer: string;
  /** 1-based line of the layer's construction in the tried text (in a notebook: in `cell`). */
  line: number;
  /** In a notebook: the cell the layer is built in. */
  cell?: CellRef;
  status: 'running' | 'completed' | 'cancelled';
  epochs: number;
  samples: number | null;
  seed: number;
  rows: TryRow[];
}

export type ToWebviewMessage =
  /** A worker message of the scan of `file`, forwarded as is. */
  | { type: 'worker'; file: string; message: WorkerMessage }
  /** The fixes available per layer name for the last report of `file`. */
  | { type: 'fixes'; file: string; fixes: Record<string, FixOffer[]> }
  /** Try Fixes results for a layer of `file` (sent as they come in, ranked at the end). */
  | { type: 'tryResults'; file: string; results: TryResults };

export type FromWebviewMessage =
  | { type: 'ready' }
  | { type: 'applyFix'; file: string; layer: string; fix: FixId }
  /** A Try Fixes row: its fixes applied together, as one edit. */
  | { type: 'applyFixes'; file: string; layer: string; fixes: FixId[] }
  | { type: 'tryFixes'; file: string; layer: string }
  | { type: 'rescan'; file: string }
  /** `cell`: the line counts in that cell of the notebook `file`. */
  | { type: 'reveal'; file: string; line: number; column: number; cell?: CellRef };

// ---------------------------------------------------------------------------
// Validation at the boundaries
// ---------------------------------------------------------------------------

type Guard<T> = (v: unknown) => v is T;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString: Guard<string> = (v): v is string => typeof v === 'string';
const isNumber: Guard<number> = (v): v is number => typeof v === 'number';
const isBoolean: Guard<boolean> = (v): v is boolean => typeof v === 'boolean';
const isPositiveInt = (v: unknown): v is number => Number.isInteger(v) && (v as number) > 0;
const isArrayOf =
  <T>(guard: Guard<T>): Guard<T[]> =>
  (v): v is T[] =>
    Array.isArray(v) && v.every(guard);
const isNullable =
  <T>(guard: Guard<T>): Guard<T | null> =>
  (v): v is T | null =>
    v === null || guard(v);
const has = <K extends string>(o: Record<string, unknown>, shape: Record<K, (v: unknown) => boolean>): boolean =>
  (Object.keys(shape) as K[]).every((k) => shape[k](o[k]));

const isCellRef: Guard<CellRef> = (v): v is CellRef => isObject(v) && isNumber(v.index) && (v.id === undefined || isString(v.id));

const isSourceRange: Guard<SourceRange> = (v): v is SourceRange =>
  isObject(v) &&
  has(v, { file: isString, line: isNumber, column: isNumber, endLine: isNumber, endColumn: isNumber }) &&
  (v.cell === undefined || isCellRef(v.cell));

const isNumberRecord: Guard<Record<string, number>> = (v): v is Record<string, number> => isObject(v) && Object.values(v).every(isNumber);

const CHECK_KINDS: readonly string[] = ['init', 'early', 'batch', 'epoch'];
const oneOf =
  (values: readonly string[]) =>
  (v: unknown): boolean =>
    isString(v) && values.includes(v);

const isThresholds: Guard<Thresholds> = (v): v is Thresholds =>
  isObject(v) && has(v, { dyingRate: isNumber, tau: isNumber, saturationDerivative: isNumber, saturatedFraction: isNumber, warnFraction: isNumber });

const optional = (guard: (v: unknown) => boolean) => (v: unknown) => v === undefined || guard(v);

const isScanOptions: Guard<ScanOptions> = (v): v is ScanOptions =>
  isObject(v) &&
  has(v, {
    file: isString,
    epochs: optional(isPositiveInt),
    samples: optional(isPositiveInt),
    probe: isPositiveInt,
    seed: Number.isInteger,
    checkEvery: optional(isPositiveInt),
    backend: oneOf(BACKEND_CHOICES),
    thresholds: isThresholds,
    reviveEvery: optional((n) => Number.isInteger(n) && (n as number) >= 0),
    sourceText: optional(isString),
    runner: optional(oneOf(RUNNER_CHOICES)),
    python: optional(isString),
    keepCallbacks: optional(isBoolean),
    maxFits: optional(isPositiveInt),
  });

const isTrainingSites: Guard<TrainingSites> = (v): v is TrainingSites =>
  isObject(v) && has(v, { compile: isNullable(isSourceRange), fit: isNullable(isSourceRange) });

const isCheckInfo: Guard<CheckInfo> = (v): v is CheckInfo =>
  isObject(v) && has(v, { index: isNumber, kind: oneOf(CHECK_KINDS), epoch: isNumber, step: isNumber, label: isString });

const isLayerSummary: Guard<LayerSummary> = (v): v is LayerSummary =>
  isObject(v) &&
  has(v, {
    index: isNumber,
    name: isString,
    className: isString,
    activation: isString,
    family: (f) => f === null || oneOf(['relu', 'sigmoid', 'tanh'])(f),
    units: isNumber,
    outputShape: isArrayOf(isNullable(isNumber)),
    location: isNullable(isSourceRange),
    callers: isArrayOf(isSourceRange),
    inbound: isArrayOf(isString),
    activationSite: optional(isSourceRange),
  });

const isLayerUnits: Guard<LayerUnits> = (v): v is LayerUnits =>
  isObject(v) &&
  has(v, {
    layer: isString,
    rate: isArrayOf(isNumber),
    meanAbs: isArrayOf(isNumber),
    max: isArrayOf(isNumber),
    tau: isArrayOf(isNumber),
    saturation: isNullable(isArrayOf(isNumber)),
    state: isArrayOf((s): s is UnitState => oneOf(['healthy', 'dead', 'dying', 'saturated', 'inactive'])(s)),
  });

const isRelatedInformation: Guard<RelatedInformation> = (v): v is RelatedInformation =>
  isObject(v) && has(v, { message: isString, file: isString, line: isNumber, column: isNumber, cell: optional(isCellRef) });

const isDiagnostic: Guard<ReportDiagnostic> = (v): v is ReportDiagnostic =>
  isObject(v) &&
  has(v, {
    severity: oneOf(['error', 'warning', 'information']),
    code: oneOf(DIAGNOSTIC_CODES),
    message: isString,
    file: isString,
    line: isNumber,
    column: isNumber,
    endLine: isNumber,
    endColumn: isNumber,
    cell: optional(isCellRef),
    layer: optional(isString),
    related: optional(isArrayOf(isRelatedInformation)),
  });

const isLayerReport: Guard<LayerReport> = (v): v is LayerReport =>
  isObject(v) &&
  has(v, {
    name: isString,
    className: isString,
    activation: isString,
    units: isNumber,
    line: isNumber,
    column: isNumber,
    endLine: isNumber,
    endColumn: isNumber,
    cell: optional(isCellRef),
    dead: isNumber,
    dying: isNumber,
    saturated: isNumber,
    deadUnits: isArrayOf(isNumber),
    dyingUnits: isArrayOf(isNumber),
    saturatedUnits: isArrayOf(isNumber),
    inactive: optional(isNumber),
    inactiveUnits: optional(isArrayOf(isNumber)),
    firstDeadCheck: isArrayOf(isNullable(isNumber)),
    cameBack: isArrayOf(isNumber),
    rootCause: isNullable(isString),
    activationSite: optional((a): a is { line: number; column: number } => isObject(a) && has(a, { line: isNumber, column: isNumber })),
    fit: optional(isNumber),
  });

const isPythonInfo: Guard<PythonInfo> = (v): v is PythonInfo => isObject(v) && has(v, { executable: isString, version: isString });

const isRanWith: Guard<RanWith> = (v): v is RanWith =>
  isObject(v) &&
  has(v, {
    runner: oneOf(['tfjs', 'python', 'translate']),
    framework: oneOf(['tfjs', 'keras', 'torch']),
    device: optional(isString),
    kerasBackend: optional(isString),
    python: optional(isPythonInfo),
  });

const isFitReport: Guard<FitReport> = (v): v is FitReport =>
  isObject(v) &&
  has(v, {
    index: isNumber,
    training: isTrainingSites,
    repeats: isNumber,
    epochsRun: isNumber,
    layers: isArrayOf(isLayerReport),
    checks: isArrayOf(isCheckInfo),
    history: Array.isArray,
  });

export const isReport: Guard<Report> = (v): v is Report =>
  isObject(v) &&
  has(v, {
    version: (x) => x === REPORT_VERSION,
    file: isString,
    status: oneOf(['completed', 'failed', 'cancelled']),
    backend: (b) => b === null || oneOf(BACKENDS)(b),
    epochsRun: isNumber,
    layers: isArrayOf(isLayerReport),
    diagnostics: isArrayOf(isDiagnostic),
    checks: isArrayOf(isCheckInfo),
    history: Array.isArray,
    revived: optional((r) => isObject(r) && has(r, { units: isNumber, aliveAtEnd: isNumber })),
    ranWith: optional(isRanWith),
    fits: optional(isArrayOf(isFitReport)),
  });

const isTryRow: Guard<TryRow> = (v): v is TryRow =>
  isObject(v) &&
  has(v, {
    id: isString,
    fixes: isArrayOf((f): f is FixId => oneOf(FIX_IDS)(f)),
    title: isString,
    status: oneOf(['pending', 'running', 'completed', 'failed', 'cancelled']),
    flagged: isNullable(isNumber),
    layers: isArrayOf(
      (l): l is TryRow['layers'][number] => isObject(l) && has(l, { name: isString, units: isNumber, dead: isNumber, dying: isNumber, saturated: isNumber }),
    ),
    loss: isNullable(isNumber),
    accuracy: isNullable(isNumber),
    accuracyOf: (a) => a === null || oneOf(['validation', 'training'])(a),
    ms: isNumber,
    error: optional(isString),
  });

const isTryResults: Guard<TryResults> = (v): v is TryResults =>
  isObject(v) &&
  has(v, {
    file: isString,
    layer: isString,
    line: isNumber,
    cell: optional(isCellRef),
    status: oneOf(['running', 'completed', 'cancelled']),
    epochs: isNumber,
    samples: isNullable(isNumber),
    seed: isNumber,
    rows: isArrayOf(isTryRow),
  });

/** Checks a message received from the worker; undefined when it is not one. */
export function parseWorkerMessage(v: unknown): WorkerMessage | undefined {
  if (!isObject(v)) return undefined;
  const ok = (() => {
    switch (v.type) {
      case 'started':
        return has(v, {
          backend: (b) => b === null || oneOf(BACKENDS)(b),
          file: isString,
          model: isArrayOf(isLayerSummary),
          epochs: isNumber,
          batchesPerEpoch: isNumber,
          samples: isNumber,
          training: optional(isTrainingSites),
          runner: optional(oneOf(['tfjs', 'python', 'translate'])),
          framework: optional(oneOf(['tfjs', 'keras', 'torch'])),
          device: optional(isString),
          kerasBackend: optional(isString),
          python: optional(isPythonInfo),
          fit: optional((f) => isObject(f) && has(f, { index: isNumber, repeats: isNumber })),
        });
      case 'progress':
        return has(v, { epoch: isNumber, epochs: isNumber, batch: isNumber, batches: isNumber, loss: isNumber, metrics: isNumberRecord });
      case 'units':
        return has(v, { check: isCheckInfo, layers: isArrayOf(isLayerUnits) });
      case 'log':
        return has(v, { level: oneOf(['info', 'warn']), text: isString });
      case 'error':
        return has(v, { code: oneOf(DIAGNOSTIC_CODES), message: isString, position: isNullable(isSourceRange) });
      case 'finished':
        return isReport(v.report);
      default:
        return false;
    }
  })();
  return ok ? (v as WorkerMessage) : undefined;
}

const isUnitLists: Guard<Record<string, number[]>> = (v): v is Record<string, number[]> =>
  isObject(v) && Object.values(v).every((list) => isArrayOf(isNumber)(list));

const isLayerMeasures: Guard<LayerMeasures> = (v): v is LayerMeasures =>
  isObject(v) &&
  has(v, {
    layer: isString,
    samples: isNumber,
    active: isArrayOf(isNumber),
    meanAbs: isArrayOf(isNumber),
    max: isArrayOf(isNumber),
    saturated: isNullable(isArrayOf(isNumber)),
  }) &&
  [v.meanAbs, v.max, v.saturated ?? v.active].every((list) => (list as number[]).length === (v.active as number[]).length);

const isEpochMetrics: Guard<EpochMetrics> = (v): v is EpochMetrics => isObject(v) && has(v, { epoch: isNumber, loss: isNumber, metrics: isNumberRecord });

/** Checks a message received from the Python runner; undefined when it is not one. */
export function parsePythonMessage(v: unknown): PythonMessage | undefined {
  if (!isObject(v)) return undefined;
  const ok = (() => {
    switch (v.type) {
      case 'started':
        return parseWorkerMessage({ ...v, backend: null }) !== undefined && has(v, { kerasVersion: optional(isString) });
      case 'progress':
      case 'log':
      case 'error':
        return parseWorkerMessage(v) !== undefined;
      case 'measures':
        return has(v, { check: isCheckInfo, layers: isArrayOf(isLayerMeasures) });
      case 'note':
        return has(v, {
          severity: oneOf(['information', 'warning']),
          code: oneOf(DIAGNOSTIC_CODES),
          message: isString,
          position: isNullable(isSourceRange),
        });
      case 'revived':
        return has(v, { label: isString, step: isNumber, layers: isUnitLists });
      case 'fitEnded':
        return has(v, { epochsRun: isNumber, history: isArrayOf(isEpochMetrics) });
      case 'done':
        return has(v, {
          status: oneOf(['completed', 'cancelled']),
          epochsRun: isNumber,
          history: isArrayOf(isEpochMetrics),
          revived: optional(isUnitLists),
        });
      default:
        return false;
    }
  })();
  return ok ? (v as PythonMessage) : undefined;
}

/** Checks a message received from the parent process; undefined when it is not one. */
export function parseParentMessage(v: unknown): ParentMessage | undefined {
  if (!isObject(v)) return undefined;
  switch (v.type) {
    case 'start':
      return isScanOptions(v.options) ? (v as ParentMessage) : undefined;
    case 'cancel':
    case 'revive':
      return { type: v.type };
    default:
      return undefined;
  }
}

/** Checks a message posted by the webview; undefined when it is not one. */
export function parseFromWebviewMessage(v: unknown): FromWebviewMessage | undefined {
  if (!isObject(v)) return undefined;
  const ok = (() => {
    switch (v.type) {
      case 'ready':
        return true;
      case 'applyFix':
        return has(v, { file: isString, layer: isString, fix: oneOf(FIX_IDS) });
      case 'applyFixes':
        return has(v, { file: isString, layer: isString, fixes: (f) => Array.isArray(f) && f.length > 0 && f.every(oneOf(FIX_IDS)) });
      case 'tryFixes':
        return has(v, { file: isString, layer: isString });
      case 'rescan':
        return has(v, { file: isString });
      case 'reveal':
        return has(v, { file: isString, line: isPositiveInt, column: isPositiveInt, cell: optional(isCellRef) });
      default:
        return false;
    }
  })();
  return ok ? (v as FromWebviewMessage) : undefined;
}

/** Checks a message posted by the extension to the webview; undefined when it is not one. */
export function parseToWebviewMessage(v: unknown): ToWebviewMessage | undefined {
  if (!isObject(v)) return undefined;
  switch (v.type) {
    case 'worker':
      return isString(v.file) && parseWorkerMessage(v.message) ? (v as ToWebviewMessage) : undefined;
    case 'fixes':
      return isString(v.file) && isObject(v.fixes) ? (v as ToWebviewMessage) : undefined;
    case 'tryResults':
      return isString(v.file) && isTryResults(v.results) ? (v as ToWebviewMessage) : undefined;
    default:
      return undefined;
  }
}
