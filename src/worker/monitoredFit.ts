// `fit` / `fitDataset` with the scan around them, for a script's call (through the hooks) and
// for a training plan alike: applies --samples/--epochs, describes the model, measures every
// unit before the first step, trains with the TrainingWatch callback, and ends the scan.

import type { Backend, SourceRange } from '../shared/protocol';
import { ScanError } from '../engine/errors';
import { ensureTrainable } from './backend';
import { compileSiteOf } from './compileSites';
import { describeModel } from './modelSummary';
import { checkTrainingData, divergedError, NonFiniteActivations } from './finiteData';
import { drawProbe, UnitMonitor } from './monitor';
import { reviveUnits } from './revive';
import { diagnosticAt, startOf } from '../engine/report';
import type { WorkerScan } from './workerScan';
import { inputList, mapFitData, sampleCount } from './fitData';
import { TrainingWatch } from './trainingWatch';
import { errorText, tfjsFailure } from './tfjsFailure';
import { downloadFailure } from './downloads';
import type {
  BaseCallback,
  CustomCallbackArgs,
  Dataset,
  FitData,
  History,
  LayersModel,
  ModelFitArgs,
  ModelFitDatasetArgs,
  Tensor,
  TensorContainer,
  Tf,
} from './tfjs';

interface FitContext {
  tf: Tf;
  model: LayersModel;
  /** The fit call in the user's file: NaN loss and training errors are reported there. */
  site: SourceRange | null;
  /** A training plan's later fits of the same model and settings, counted and not scanned. */
  repeats?: number;
}

export interface FitCall extends FitContext {
  x: FitData;
  y: FitData;
  args: ModelFitArgs;
  /** The fit without the scan (the original, unhooked method). */
  fit: (x: FitData, y: FitData, args: ModelFitArgs) => Promise<History>;
}

export interface FitDatasetCall extends FitContext {
  dataset: Dataset;
  args: ModelFitDatasetArgs;
  fitDataset: (dataset: Dataset, args: ModelFitDatasetArgs) => Promise<History>;
}

/** A fit call made ready for the scan. */
interface Training {
  /** Model inputs to draw the probe set from, and how many leading rows may be drawn. */
  probeFrom: Tensor[];
  probeRows: number;
  epochs: number;
  /** Batches per epoch; 0 when unknown. */
  batches: number;
  samples: number;
  /** Trains with the user's callbacks plus `ours`. */
  train(ours: CustomCallbackArgs): Promise<History>;
}

const DEFAULT_BATCH_SIZE = 32;

/** What a skipped fit returns to the script: a History without epochs. */
function emptyHistory(tf: Tf): History {
  return Object.assign(new tf.History(), { epoch: [], history: {} });
}

const isCallbackObject = (c: BaseCallback | CustomCallbackArgs): c is BaseCallback => typeof (c as Partial<BaseCallback>).setModel === 'function';

/** The user's callbacks plus ours, all as tfjs callback objects (tfjs cannot mix the two forms). */
function callbacksWith(tf: Tf, args: ModelFitArgs | ModelFitDatasetArgs, ours: CustomCallbackArgs): BaseCallback[] {
  const user = args.callbacks;
  const list: (BaseCallback | CustomCallbackArgs)[] = user == null ? [] : Array.isArray(user) ? user : [user];
  return [...list, ours].map((c) => (isCallbackObject(c) ? c : new tf.CustomCallback(c, args.yieldEvery)));
}

function backendOf(tf: Tf): Backend | null {
  const name = tf.getBackend();
  return name === 'tensorflow' || name === 'wasm' || name === 'cpu' ? name : null;
}

/** A training error as the user sees it: at the fit call, or out of memory. */
function fitError(error: unknown, site: SourceRange | null): ScanError {
  if (error instanceof ScanError) return error;
  if (error instanceof NonFiniteActivations) return divergedError(error, site);
  return downloadFailure(error, `Training failed: ${errorText(error)}`, site) ?? tfjsFailure(errorText(error), 'script-error', site, 'Training failed: ');
}

/** The scan around one fit call; `prepare` may register tensors in `owned` to dispose at the end. */
async function scanFit(run: WorkerScan, context: FitContext, prepare: (owned: Tensor[]) => Promise<Training>): Promise<History> {
  const { tf, model, site } = context;
  if (!run.claimFit()) {
    const covers = run.fitLimit === 1 ? 'the first fit call' : `the first ${run.fitLimit} fit calls`;
    run.log(`model.fit was called again: skipped (the scan covers ${covers}; --max-fits scans more).`, 'warn');
    return emptyHistory(tf);
  }
  const { options } = run;
  const owned: Tensor[] = [];
  let monitor: UnitMonitor | undefined;
  try {
    const { layers, monitored } = describeModel(model);
    const sites = { compile: compileSiteOf(model), fit: site };
    const repeats = context.repeats ?? 0;
    run.startModel(layers, sites, repeats);
    run.backend = backendOf(tf);
    const training = await prepare(owned);
    const started = () =>
      run.emit({
        type: 'started',
        backend: run.backend ?? 'cpu',
        file: options.file,
        model: layers,
        epochs: training.epochs,
        batchesPerEpoch: training.batches,
        samples: training.samples,
        training: sites,
        ...(run.fitCount > 1 || repeats > 0 ? { fit: { index: run.fitCount - 1, repeats } } : {}),
      });
    if (monitored.length === 0) {
      started();
      const message = 'No layer of this model has a ReLU-family, sigmoid or tanh activation: there are no units to monitor.';
      run.note(diagnosticAt('information', 'no-monitored-layers', message, site ?? startOf(options.file)));
      run.fitEnded();
      return emptyHistory(tf);
    }
    if (training.probeRows === 0) throw new ScanError('script-error', 'The model was given no training samples.', site);
    checkTrainingData(tf, training.probeFrom, site);
    const probe = drawProbe(tf, training.probeFrom, training.probeRows, Math.min(options.probe, training.probeRows), options.seed);
    owned.push(...probe);
    const sample = probe.map((t) => t.slice(0, 1));
    owned.push(...sample);
    await ensureTrainable(tf, model, sample, options.backend, (text) => run.log(text));
    run.backend = backendOf(tf);
    started();
    monitor = new UnitMonitor(tf, model, monitored, probe, options.thresholds);
    const watch = new TrainingWatch(
      run,
      monitor,
      () => (model.stopTraining = true),
      training.epochs,
      training.batches,
      (dead) => reviveUnits(tf, model, dead),
    );
    await watch.check('init', 'init', 0);
    if (run.cancelled) {
      run.finish('cancelled');
      return emptyHistory(tf);
    }
    run.setTraining(model);
    let history: History;
    try {
      history = await training.train(watch.callback());
    } finally {
      run.setTraining(null);
    }
    if (watch.nanAt) {
      const message = `The loss became NaN at ${watch.nanAt}: training stopped. A learning rate that is too high is the usual cause.`;
      run.fail(new ScanError('nan-loss', message, site));
    } else if (run.cancelled) {
      run.finish('cancelled');
    } else {
      run.fitEnded();
    }
    return history;
  } catch (error) {
    run.fail(fitError(error, site));
    throw error;
  } finally {
    monitor?.dispose();
    tf.dispose(owned);
  }
}

/** `model.fit(x, y, args)` under the scan. */
export function monitoredFit(run: WorkerScan, call: FitCall): Promise<History> {
  return scanFit(run, call, async (owned) => {
    const { options } = run;
    const cap = (data: FitData, rows: number): FitData =>
      mapFitData(data, (t) => {
        if (t.shape[0] <= rows) return t;
        const sliced = t.slice(0, rows);
        owned.push(sliced);
        return sliced;
      });
    const samples = Math.min(sampleCount(call.x), options.samples ?? Infinity);
    const x = cap(call.x, samples);
    const y = cap(call.y, samples);
    // --samples caps the validation data too, so that a quick scan stays quick.
    const validationData = call.args.validationData?.map((d) => cap(d as FitData, samples)) as ModelFitArgs['validationData'];
    const split = call.args.validationSplit ?? 0;
    const trainRows = split > 0 ? Math.floor(samples * (1 - split)) : samples;
    const epochs = options.epochs ?? call.args.epochs ?? 1;
    return {
      probeFrom: inputList(call.model, x),
      probeRows: trainRows,
      epochs,
      batches: Math.ceil(trainRows / (call.args.batchSize ?? DEFAULT_BATCH_SIZE)),
      samples: trainRows,
      train: (ours) => call.fit(x, y, { ...call.args, epochs, validationData, callbacks: callbacksWith(call.tf, call.args, ours) }),
    };
  });
}

/** The model inputs of one dataset element ({xs, ys} or [xs, ys]). */
function elementInputs(model: LayersModel, element: TensorContainer): Tensor[] {
  const xs = Array.isArray(element) ? element[0] : (element as { xs?: unknown }).xs;
  if (xs === undefined || xs === null) throw new Error('a dataset element for fitDataset must be {xs, ys} or [xs, ys]');
  return inputList(model, xs as FitData);
}

/** `model.fitDataset(dataset, args)` under the scan: the probe set comes from the first batches. */
export function monitoredFitDataset(run: WorkerScan, call: FitDatasetCall): Promise<History> {
  return scanFit(run, call, async (owned) => {
    const { options } = run;
    const { tf } = call;
    const iterator = await call.dataset.iterator();
    const parts: Tensor[][] = [];
    let rows = 0;
    let batchSize = 0;
    // Read a fresh iterator (training starts its own) until the probe is full. The element
    // tensors are not disposed: a dataset over existing tensors hands out the user's own.
    while (rows < options.probe) {
      const next = await iterator.next();
      if (next.done) break;
      const inputs = elementInputs(call.model, next.value);
      batchSize ||= inputs[0].shape[0];
      rows += inputs[0].shape[0];
      parts.push(inputs);
    }
    const probeFrom = parts.length === 0 ? [] : parts[0].map((_, i) => tf.concat(parts.map((p) => p[i])));
    owned.push(...probeFrom);
    const capBatches = options.samples !== undefined && batchSize > 0 ? Math.ceil(options.samples / batchSize) : Infinity;
    const epochs = options.epochs ?? call.args.epochs;
    // With batchesPerEpoch tfjs keeps one iterator across epochs, so the cap lowers it; without,
    // each epoch runs through the dataset, so the cap shortens the dataset.
    const declared = call.args.batchesPerEpoch;
    const knownSize = Number.isFinite(call.dataset.size) && call.dataset.size > 0 ? call.dataset.size : Infinity;
    const batches = Math.min(declared ?? knownSize, capBatches);
    const dataset = declared === undefined && Number.isFinite(capBatches) ? call.dataset.take(capBatches) : call.dataset;
    const known = Number.isFinite(batches) ? batches : 0;
    return {
      probeFrom,
      probeRows: Math.min(rows, options.probe),
      epochs,
      batches: known,
      samples: known * batchSize,
      train: (ours) =>
        call.fitDataset(dataset, {
          ...call.args,
          epochs,
          batchesPerEpoch: declared === undefined ? undefined : known,
          callbacks: callbacksWith(tf, call.args, ours),
        }),
    };
  });
}
