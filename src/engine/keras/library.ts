// Calls into the libraries a Keras script uses — keras, numpy, Python builtins — and the
// methods of models, arrays and lists. Anything else is refused by name where it is called.

import { ScanError } from '../errors';
import { Args } from './args';
import { astype, BUNDLED_DATASETS, dtypeOf, expandDims, isBundledDataset, loadData, RANDOM_SIGNATURES, randomArray, reshape, toCategorical } from './arrays';
import { dictCall, dictKeys, dictMethod } from './dicts';
import { compile, fit } from './fit';
import { keras1Args, keras1ClassName } from './keras1';
import type { ScriptContext } from './context';
import { isKerasCacheDataset } from '../kerasDatasets';
import { cachedLoadData, padSequences, zeros } from './sequences';
import { isLayerClass, layerSignature, makeLayer, MERGE_FUNCTIONS, SUPPORTED_LAYERS } from './layers';
import { arrayMethod, numpyFunction } from './numpyCalls';
import { initializerSignature, isInitializerName, isRegularizerName, makeInitializer, makeRegularizer, regularizerSignature } from './objects';
import { callArguments, namedChildren, type SyntaxNode } from './source';
import { isLossClass, isMetricName, isOptimizerName, LOSS_CLASS_PARAMS, makeLoss, makeOptimizer, metricByName, optimizerSignature } from './training';
import {
  describe,
  known,
  NONE,
  num,
  strictly,
  tuple,
  unsupported,
  type ArrayValue,
  type ModelValue,
  type SequentialModel,
  type TensorValue,
  type Value,
} from './values';

/** Ranges longer than this are refused rather than unrolled. */
const MAX_ITERATIONS = 10_000;

/** Modules whose calls read data from outside the script. */
const DATA_MODULES = new Set([
  'pandas',
  'csv',
  'os',
  'pathlib',
  'PIL',
  'cv2',
  'h5py',
  'sklearn',
  'scipy',
  'glob',
  'pickle',
  'json',
  'tensorflow_datasets',
  'imageio',
]);

/** Functions that read files. */
const DATA_FUNCTIONS = new Set(['builtins.open', 'numpy.load', 'numpy.loadtxt', 'numpy.genfromtxt', 'numpy.fromfile', 'keras.utils.get_file']);

export function callSymbol(it: ScriptContext, fn: Extract<Value, { kind: 'symbol' }>, node: SyntaxNode): Value {
  const path = fn.path;
  const name = path.join('.');
  if (['numpy.random.seed', 'tensorflow.random.set_seed', 'random.seed', 'keras.utils.set_random_seed', 'keras.backend.clear_session'].includes(name)) {
    return NONE; // seeds: the scan's own --seed governs its random draws
  }
  if (name === 'keras.backend.image_data_format') return { kind: 'string', value: 'channels_last' }; // as tfjs trains
  if (name === 'keras.backend.set_value') {
    throw new ScanError('unsupported', 'keras.backend.set_value changes a model setting, which the scan does not follow', it.source.rangeOf(node));
  }
  switch (path[0]) {
    case 'keras':
      return callKeras(it, path, node);
    case 'numpy':
      return callNumpy(it, path, node);
    case 'builtins':
      return callBuiltin(it, path[1], node);
    default:
      return notFollowed(it, path, node);
  }
}

/** Evaluates the call's arguments (fit may hide in them), then refuses the call by name. */
function notFollowed(it: ScriptContext, path: string[], node: SyntaxNode, why?: string): never {
  const argList = node.lastChild;
  if (argList?.name === 'ArgList') {
    const args = callArguments(it.source, argList);
    for (const n of [...args.positional, ...[...args.keywords.values()].map((k) => k.value)]) it.lenient(n);
  }
  const callee = it.source.textOf(node.firstChild!);
  const reason =
    why ??
    (DATA_MODULES.has(path[0]) || DATA_FUNCTIONS.has(path.join('.')) || path[1] === 'data' || path[1] === 'preprocessing'
      ? 'the scan trains on keras.datasets.mnist / fashion_mnist and np.random arrays only'
      : 'the Keras translator does not follow it');
  throw unsupported(`${callee}(...) is not supported: ${reason}`, it.source.rangeOf(node));
}

function callKeras(it: ScriptContext, path: string[], node: SyntaxNode): Value {
  const rest = path.slice(1);
  const last = rest[rest.length - 1];
  const group = rest.length > 1 ? rest[0] : '';
  const location = it.source.rangeOf(node);
  const top = rest.length === 1 || (rest.length === 2 && (group === 'models' || group === 'layers'));
  if (last === 'pad_sequences' && (group === 'preprocessing' || group === 'utils')) return padSequences(it, node);
  if (top && last === 'Sequential' && group !== 'layers') return sequential(it, node);
  if (top && last === 'Model' && group !== 'layers') return functionalModel(it, node);
  if (top && last === 'Input' && group !== 'models') return input(it, node, 'Input');
  switch (group) {
    case 'layers':
      if (last === 'InputLayer') return input(it, node, 'InputLayer');
      if (isLayerClass(keras1ClassName(last))) {
        const className = keras1ClassName(last);
        const sig = layerSignature(className);
        const args = keras1Args(it, last, className, node) ?? new Args(it, last, node, sig.params, sig.positional);
        return { kind: 'layer', layer: makeLayer(className, args, location, [...it.callers], it.layerNames) };
      }
      if (last in MERGE_FUNCTIONS) return mergeFunction(it, MERGE_FUNCTIONS[last], node);
      return notFollowed(it, path, node, `the layer ${last} is not translated (supported: ${SUPPORTED_LAYERS.join(', ')})`);
    case 'initializers':
      if (isInitializerName(last)) return object({ type: 'initializer', value: makeInitializer(last, new Args(it, last, node, initializerSignature(last))) });
      break;
    case 'regularizers':
      if (isRegularizerName(last)) return object({ type: 'regularizer', value: makeRegularizer(last, new Args(it, last, node, regularizerSignature(last))) });
      break;
    case 'optimizers':
      if (isOptimizerName(last)) {
        const sig = optimizerSignature(last);
        return object({ type: 'optimizer', value: makeOptimizer(last, new Args(it, last, node, sig.params, sig.positional)) });
      }
      break;
    case 'losses':
      if (isLossClass(last)) return object({ type: 'loss', loss: makeLoss(last, new Args(it, last, node, LOSS_CLASS_PARAMS, 0)) });
      break;
    case 'metrics':
      if (isMetricName(last)) {
        new Args(it, last, node, ['name', 'dtype'], 0);
        return object({ type: 'metric', name: metricByName(last) });
      }
      break;
    case 'callbacks':
      return object({ type: 'callback', name: last });
    case 'utils':
      if (last === 'to_categorical') {
        const args = new Args(it, 'to_categorical', node, ['y', 'num_classes', 'dtype']);
        return toCategorical(arrayArg(args, 'y'), args.positiveInt('num_classes') ?? null, location);
      }
      if (last === 'get_file') return notFollowed(it, path, node, downloadNotRun(it, node));
      break;
    case 'datasets':
      if (rest.length === 3 && last === 'load_data') {
        // The dataset first: an argument of a dataset the scan lacks is not the problem.
        if (isKerasCacheDataset(rest[1])) return cachedLoadData(it, rest[1], node);
        if (!isBundledDataset(rest[1])) return notFollowed(it, path, node, missingDataset(rest[1]));
        new Args(it, 'load_data', node, ['path']);
        return loadData(rest[1], location);
      }
      break;
  }
  return notFollowed(it, path, node);
}

const object = (o: Extract<Value, { kind: 'object' }>['object']): Value => ({ kind: 'object', object: o });

/** Why keras.utils.get_file stops the translation: a download, and the translator runs nothing of the script. */
function downloadNotRun(it: ScriptContext, node: SyntaxNode): string {
  const argList = node.lastChild;
  const args = argList?.name === 'ArgList' ? callArguments(it.source, argList) : null;
  const origin = args?.keywords.get('origin')?.value ?? args?.positional[1];
  const url = origin ? it.lenient(origin) : null;
  const what = url?.kind === 'string' ? url.value : 'a file';
  return `it downloads ${what}, and the Keras translator runs nothing of the script (no download, no file read). Scan it in your own Python with TensorFlow (--runner python), where the download runs as written`;
}

/** Why `keras.datasets.<name>` stops the translation: neither bundled nor read from Keras's cache. */
function missingDataset(name: string): string {
  return `${name} is not read: the scan trains on ${BUNDLED_DATASETS.join(' and ')} (bundled) and on imdb, reuters, boston_housing, cifar10 and cifar100 from Keras's cache`;
}

function arrayArg(args: Args, name: string): ArrayValue {
  const v = args.value(name);
  return v?.kind === 'array' ? v.array : args.fail(name, 'a numpy array');
}

// ---------------------------------------------------------------------------
// Models
// ---------------------------------------------------------------------------

function sequential(it: ScriptContext, node: SyntaxNode): Value {
  const args: Args = new Args(it, 'Sequential', node, ['layers', 'name', 'trainable']);
  const model: SequentialModel = { kind: 'sequential', layers: [], input: null, compiled: null, location: it.source.rangeOf(node) };
  const layers = args.value('layers');
  if (layers !== undefined) {
    if (layers.kind !== 'sequence') args.fail('layers', 'a list of layers');
    const literal = args.node('layers')!;
    const elements = literal.name === 'ArrayExpression' || literal.name === 'TupleExpression' ? namedChildren(literal) : [];
    layers.items.forEach((item, i) => addLayer(it, model, item, elements[i] ?? literal));
  }
  it.firstModelLocation ??= model.location;
  return { kind: 'model', model };
}

/** A layer (or, first, an Input) appended to a Sequential model. */
function addLayer(it: ScriptContext, model: SequentialModel, value: Value, node: SyntaxNode): void {
  const v = known(value);
  if (v.kind === 'tensor') {
    const declared = it.graph.inputs.get(v.tensor.id);
    if (!declared || model.layers.length > 0 || model.input) throw unsupported('an Input can only come first in a Sequential model', it.source.rangeOf(node));
    model.input = { shape: v.tensor.shape, location: declared.location };
    return;
  }
  if (v.kind !== 'layer')
    throw unsupported(`${describe(v)} is not a layer${v.kind === 'model' ? ' (nested models are not supported)' : ''}`, it.source.rangeOf(node));
  it.graph.place(v.layer);
  model.layers.push(v.layer);
}

function functionalModel(it: ScriptContext, node: SyntaxNode): Value {
  const args = new Args(it, 'Model', node, ['inputs', 'outputs', 'name', 'trainable'], 2);
  /** A tensor or a list (tuple) of tensors: the model's inputs or outputs in order. */
  const tensors = (name: 'inputs' | 'outputs'): TensorValue[] => {
    const v = args.value(name);
    const items = v?.kind === 'sequence' ? v.items.map(known) : v ? [v] : [];
    if (items.length > 0 && items.every((item) => item.kind === 'tensor')) return items.map((item) => (item as { tensor: TensorValue }).tensor);
    return args.fail(name, 'a tensor or a list of tensors');
  };
  const inputs = tensors('inputs');
  if (inputs.some((t) => !it.graph.inputs.has(t.id))) args.fail('inputs', 'tensors returned by keras.Input');
  const model: ModelValue = { kind: 'functional', inputs, outputs: tensors('outputs'), compiled: null, location: it.source.rangeOf(node) };
  it.firstModelLocation ??= model.location;
  return { kind: 'model', model };
}

/** `layers.concatenate([a, b], axis=-1)`, `layers.add([a, b])`, …: a merge layer built and applied at once. */
function mergeFunction(it: ScriptContext, className: string, node: SyntaxNode): Value {
  const sig = layerSignature(className);
  const args = new Args(it, className.toLowerCase(), node, ['inputs', ...sig.params], 1 + sig.positional);
  const layer = makeLayer(className, args, it.source.rangeOf(node), [...it.callers], it.layerNames);
  return { kind: 'tensor', tensor: it.graph.apply(layer, tensorList(args, 'inputs')) };
}

/** A merge layer's input: a list or tuple of tensors. */
export function tensorList(args: Args, name: string): TensorValue[] {
  const v = args.value(name);
  const items = v?.kind === 'sequence' ? v.items.map(known) : [];
  if (items.length === 0 || items.some((item) => item.kind !== 'tensor')) return args.fail(name, 'a list of tensors from keras.Input or other layers');
  return items.map((item) => (item as { tensor: TensorValue }).tensor);
}

/** keras.Input(shape=...) and layers.InputLayer(input_shape=...): both give the model's input. */
function input(it: ScriptContext, node: SyntaxNode, callee: 'Input' | 'InputLayer'): Value {
  const params =
    callee === 'Input'
      ? ['shape', 'batch_size', 'name', 'dtype', 'sparse', 'tensor', 'ragged', 'type_spec', 'batch_shape']
      : ['shape', 'batch_size', 'dtype', 'input_shape', 'batch_input_shape', 'batch_shape', 'name', 'sparse', 'ragged', 'input_tensor'];
  const args = new Args(it, callee, node, params, callee === 'Input' ? 2 : 1);
  for (const p of ['sparse', 'ragged', 'tensor', 'input_tensor', 'type_spec']) if (args.has(p) && args.bool(p)) args.refuse(p, 'not translated');
  if (args.given('batch_size')) args.refuse('batch_size', "set fit's batch_size instead");
  // Integer inputs (token ids for an Embedding) train as float32 in tfjs holding the same
  // integers; the Embedding takes them as Keras does.
  const dtype = args.value('dtype');
  if (dtype !== undefined && dtypeOf(dtype) === null) args.refuse('dtype', 'the scan trains float32 and integer inputs');
  const free = { unknown: true };
  const batch = { batch: true, unknown: true };
  const shape =
    args.shape('shape', free) ??
    args.shape('input_shape', free) ??
    args.shape('batch_shape', batch)?.slice(1) ??
    args.shape('batch_input_shape', batch)?.slice(1);
  if (!shape) throw unsupported(`${callee} needs a shape`, it.source.rangeOf(node));
  const name = args.string('name') ?? it.layerNames.next('InputLayer');
  return { kind: 'tensor', tensor: it.graph.input(shape, it.source.rangeOf(node), name) };
}

// ---------------------------------------------------------------------------
// numpy and builtins
// ---------------------------------------------------------------------------

function callNumpy(it: ScriptContext, path: string[], node: SyntaxNode): Value {
  const fn = path.slice(1).join('.');
  const location = it.source.rangeOf(node);
  if (path[1] === 'random' && path.length === 3 && path[2] in RANDOM_SIGNATURES) {
    return randomArray(path[2], new Args(it, `np.random.${path[2]}`, node, RANDOM_SIGNATURES[path[2]]), location);
  }
  switch (fn) {
    case 'zeros':
      return zeros(it, node);
    case 'expand_dims': {
      const args: Args = new Args(it, 'np.expand_dims', node, ['a', 'axis']);
      const axis = args.value('axis');
      if (axis?.kind !== 'number' || !axis.integer) args.fail('axis', 'an integer');
      return expandDims(arrayArg(args, 'a'), axis.value, location);
    }
    case 'reshape': {
      const args = new Args(it, 'np.reshape', node, ['a', 'newshape', 'order', 'shape']);
      const dims = args.has('shape') ? 'shape' : 'newshape';
      return reshape(arrayArg(args, 'a'), dimensions(args.value(dims), args), location);
    }
    case 'array':
    case 'asarray': {
      const args = new Args(it, `np.${fn}`, node, ['object', 'dtype']);
      const array = arrayArg(args, 'object');
      const dtype = args.value('dtype');
      return dtype === undefined ? { kind: 'array', array } : astype(array, dtypeArg(args, dtype), location);
    }
  }
  return numpyFunction(it, fn, node) ?? notFollowed(it, path, node);
}

function dimensions(value: Value | undefined, args: Args): number[] {
  const items = value?.kind === 'sequence' ? value.items : value ? [value] : [];
  const dims = items.map((d) => (d.kind === 'number' && d.integer ? d.value : NaN));
  if (dims.length === 0 || dims.some(Number.isNaN)) throw unsupported(`${args.callee}: the new shape must be integers`, args.range('newshape'));
  return dims;
}

function dtypeArg(args: Args, value: Value): 'float32' | 'int32' {
  const dtype = dtypeOf(value);
  return dtype ?? args.fail('dtype', "a numpy dtype such as 'float32'");
}

function callBuiltin(it: ScriptContext, name: string, node: SyntaxNode): Value {
  const positional = (): Value[] => {
    const args = callArguments(it.source, node.lastChild!);
    if (args.unpacked || args.keywords.size > 0) throw unsupported(`${name}(): only positional arguments are followed`, it.source.rangeOf(node));
    return args.positional.map((n) => known(it.evaluate(n)));
  };
  const numbers = (values: Value[]): number[] =>
    values
      .map((v) => (v.kind === 'number' ? v.value : v.kind === 'bool' ? Number(v.value) : NaN))
      .map((n) => {
        if (Number.isNaN(n)) throw unsupported(`${name}() of ${values.map(describe).join(', ')} is not supported`, it.source.rangeOf(node));
        return n;
      });
  switch (name) {
    case 'dict':
      return dictCall(it, node);
    case 'print':
      for (const n of callArguments(it.source, node.lastChild!).positional) it.lenient(n);
      return NONE;
    case 'range': {
      const [a, b, step] = numbers(positive(positional(), 1, 3, name, it, node));
      const [start, end, by] = b === undefined ? [0, a, 1] : [a, b, step ?? 1];
      if (by === 0 || ![start, end, by].every(Number.isInteger)) throw unsupported('range() needs integer bounds and a non-zero step', it.source.rangeOf(node));
      const count = Math.max(0, Math.ceil((end - start) / by));
      if (count > MAX_ITERATIONS) throw unsupported(`range() of ${count} items is not unrolled`, it.source.rangeOf(node));
      return { kind: 'sequence', tuple: false, items: Array.from({ length: count }, (_, i) => num(start + i * by, true)) };
    }
    case 'len': {
      const [v] = positive(positional(), 1, 1, name, it, node);
      if (v.kind === 'sequence') return num(v.items.length, true);
      if (v.kind === 'dict') return num(v.entries.size, true);
      if (v.kind === 'array') return num(v.array.shape[0], true);
      if (v.kind === 'string') return num(v.value.length, true);
      break;
    }
    case 'int':
    case 'float':
    case 'abs':
    case 'round': {
      const [n] = numbers(positive(positional(), 1, 1, name, it, node));
      const result = name === 'int' ? Math.trunc(n) : name === 'abs' ? Math.abs(n) : name === 'round' ? Math.round(n) : n;
      return num(result, name !== 'float' && (name !== 'abs' || Number.isInteger(n)));
    }
    case 'min':
    case 'max': {
      const values = positional();
      const list = numbers(values.length === 1 && values[0].kind === 'sequence' ? values[0].items : values);
      if (list.length === 0) break;
      return num(name === 'min' ? Math.min(...list) : Math.max(...list));
    }
    case 'str': {
      const [v] = positive(positional(), 1, 1, name, it, node);
      if (v.kind === 'number' || v.kind === 'string') return { kind: 'string', value: String(v.value) };
      break;
    }
    case 'list':
    case 'tuple': {
      const [v] = positive(positional(), 1, 1, name, it, node);
      if (v.kind === 'sequence') return { kind: 'sequence', tuple: name === 'tuple', items: [...v.items] };
      if (v.kind === 'dict') return { kind: 'sequence', tuple: name === 'tuple', items: dictKeys(v) };
      break;
    }
    case 'enumerate': {
      const [v, start] = positive(positional(), 1, 2, name, it, node);
      const offset = start?.kind === 'number' ? start.value : 0;
      return { kind: 'sequence', tuple: false, items: it.iterate(v, node).map((item, i) => tuple([num(i + offset, true), item])) };
    }
    case 'zip': {
      const lists = positional().map((v) => it.iterate(v, node));
      const length = Math.min(...lists.map((l) => l.length));
      return { kind: 'sequence', tuple: false, items: Array.from({ length }, (_, i) => tuple(lists.map((l) => l[i]))) };
    }
  }
  return notFollowed(it, ['builtins', name], node);
}

function positive(values: Value[], min: number, max: number, name: string, it: ScriptContext, node: SyntaxNode): Value[] {
  if (values.length < min || values.length > max)
    throw unsupported(`${name}() takes ${min === max ? min : `${min} to ${max}`} arguments`, it.source.rangeOf(node));
  return values;
}

// ---------------------------------------------------------------------------
// Methods
// ---------------------------------------------------------------------------

export function callMethod(it: ScriptContext, owner: Exclude<Value, { kind: 'unsupported' }>, method: string, node: SyntaxNode): Value {
  const location = it.source.rangeOf(node);
  if (owner.kind === 'model') return modelMethod(it, owner.model, method, node);
  const onDict = owner.kind === 'dict' ? dictMethod(it, owner, method, node) : null;
  if (onDict) return onDict;
  if (owner.kind === 'array' && method === 'reshape') {
    const args = callArguments(it.source, node.lastChild!);
    if (args.unpacked || args.keywords.size > 0) throw unsupported('reshape: pass the new shape positionally', location);
    const values = args.positional.map((n) => known(it.evaluate(n)));
    const dims = values.length === 1 && values[0].kind === 'sequence' ? values[0].items : values;
    const ints = dims.map((d) => (d.kind === 'number' && d.integer ? d.value : NaN));
    if (ints.length === 0 || ints.some(Number.isNaN)) throw unsupported('reshape: the new shape must be integers', location);
    return reshape(owner.array, ints, location);
  }
  if (owner.kind === 'array' && method === 'astype') {
    const args: Args = new Args(it, 'astype', node, ['dtype', 'order', 'casting', 'subok', 'copy']);
    const dtype = args.value('dtype');
    if (dtype === undefined) args.fail('dtype', 'a dtype');
    return astype(owner.array, dtypeArg(args, dtype), location);
  }
  const statistic = owner.kind === 'array' ? arrayMethod(it, owner.array, method, node) : null;
  if (statistic) return statistic;
  if (owner.kind === 'sequence' && !owner.tuple && (method === 'append' || method === 'extend')) {
    const args = new Args(it, method, node, ['object']);
    const value = args.raw('object') ?? NONE;
    if (method === 'append') owner.items.push(value);
    else owner.items.push(...it.iterate(value, args.node('object')!));
    return NONE;
  }
  throw unsupported(`'${it.source.textOf(node.firstChild!)}(...)' is not supported`, location);
}

function modelMethod(it: ScriptContext, model: ModelValue, method: string, node: SyntaxNode): Value {
  const location = it.source.rangeOf(node);
  switch (method) {
    case 'compile':
      return compile(it, model, node);
    case 'fit':
      return fit(it, model, node);
    case 'add':
      return strictly(() => {
        if (model.kind !== 'sequential') throw unsupported('add() needs a Sequential model', location);
        const args = new Args(it, 'add', node, ['layer']);
        addLayer(it, model, args.raw('layer') ?? NONE, args.node('layer') ?? node);
        return NONE;
      });
    case 'build':
      return strictly(() => {
        const args: Args = new Args(it, 'build', node, ['input_shape']);
        if (model.kind !== 'sequential') throw unsupported('build() is followed for Sequential models only', location);
        const shape = args.shape('input_shape', { batch: true });
        if (!shape || shape[0] !== -1) args.fail('input_shape', 'a shape with the batch axis first, e.g. (None, 784)');
        model.input = { shape: shape.slice(1), location };
        return NONE;
      });
    case 'fit_generator':
    case 'train_on_batch':
      throw new ScanError('unsupported', `${method} is not supported: the scan trains what fit(x, y, ...) trains`, location);
    case 'load_weights':
    case 'set_weights':
      throw new ScanError('unsupported', `${method} is not supported: the scan trains from Keras's initialisation`, location);
    default:
      // summary, evaluate, predict, save, …: after training or beside it.
      return notFollowed(it, ['model', method], node);
  }
}
