// The numpy calls behind normalisation, masks and k-fold splits: np.concatenate / vstack / hstack /
// append, the statistics (np.mean(x, axis=0), x.std(axis=0), x.max(), …), elementwise functions
// (np.sqrt, np.log1p, np.clip, …), np.logical_and / or / not and copies, with numpy's arguments.

import type { SourceRange } from '../../shared/protocol';
import type { NumpyFunction, Statistic } from '../plan';
import { Args } from './args';
import { applyFunction, arange, clip, combineMasks, concatenate, invertMask, permutation, statistic, take } from './arrayMath';
import { reshape } from './arrays';
import type { ScriptContext } from './context';
import type { SyntaxNode } from './source';
import { known, unsupported, type ArrayValue, type Value } from './values';

const FUNCTIONS: NumpyFunction[] = ['sqrt', 'exp', 'log', 'log1p', 'abs', 'square', 'tanh'];
const STATISTICS: Record<string, Statistic> = { mean: 'mean', std: 'std', min: 'min', max: 'max', amin: 'min', amax: 'max' };
/** numpy's parameters of mean / std / min / max after the array, in positional order. */
const STATISTIC_PARAMS = ['axis', 'dtype', 'out', 'ddof', 'keepdims', 'where', 'initial'];

/** `np.<fn>(...)` for the functions here; null for any other. */
export function numpyFunction(it: ScriptContext, fn: string, node: SyntaxNode): Value | null {
  const location = it.source.rangeOf(node);
  if (FUNCTIONS.includes(fn as NumpyFunction)) {
    const args = new Args(it, `np.${fn}`, node, ['x', 'out', 'where', 'dtype']);
    for (const p of ['out', 'where', 'dtype']) if (args.given(p)) args.refuse(p, 'not translated');
    return applyFunction(arrayArg(args, 'x'), fn as NumpyFunction, location);
  }
  if (fn in STATISTICS) return statisticCall(new Args(it, `np.${fn}`, node, ['a', ...STATISTIC_PARAMS]), STATISTICS[fn], null, location);
  switch (fn) {
    case 'concatenate':
    case 'vstack':
    case 'hstack':
      return joined(it, fn, node, location);
    case 'append': {
      const args = new Args(it, 'np.append', node, ['arr', 'values', 'axis']);
      const axis = args.raw('axis');
      if (axis === undefined || axis.kind === 'none')
        throw unsupported('np.append without axis= flattens the arrays, which the scan does not follow', location);
      if (axis.kind !== 'number' || !axis.integer) return args.fail('axis', 'an integer');
      return concatenate([arrayArg(args, 'arr'), arrayArg(args, 'values')], axis.value, location);
    }
    case 'copy':
      return copied(arrayArg(new Args(it, 'np.copy', node, ['a', 'order', 'subok']), 'a'));
    case 'logical_and':
    case 'logical_or': {
      const args = new Args(it, `np.${fn}`, node, ['x1', 'x2']);
      return combineMasks(arrayArg(args, 'x1'), fn === 'logical_and' ? 'and' : 'or', arrayArg(args, 'x2'), location);
    }
    case 'clip': {
      const args = new Args(it, 'np.clip', node, ['a', 'a_min', 'a_max', 'out']);
      if (args.given('out')) args.refuse('out', 'not translated');
      const bound = (name: string) => (args.value(name) === undefined ? null : args.number(name, 0));
      return clip(arrayArg(args, 'a'), bound('a_min'), bound('a_max'), location);
    }
    case 'ravel':
      return reshape(arrayArg(new Args(it, 'np.ravel', node, ['a', 'order']), 'a'), [-1], location);
    case 'squeeze': {
      const args = new Args(it, 'np.squeeze', node, ['a', 'axis']);
      return squeezed(arrayArg(args, 'a'), args, location);
    }
    case 'arange': {
      const args = new Args(it, 'np.arange', node, ['start', 'stop', 'step', 'dtype']);
      const ints = ['start', 'stop', 'step'].map((p) => {
        const v = args.value(p);
        return v === undefined ? undefined : v.kind === 'number' && v.integer ? v.value : args.fail(p, 'an integer');
      });
      const [start, stop] = ints[1] === undefined ? [0, ints[0]] : [ints[0], ints[1]];
      if (start === undefined || stop === undefined) return args.fail('start', 'an integer');
      if (args.given('dtype')) args.refuse('dtype', 'not translated');
      return arange(start, stop, ints[2] ?? 1, location);
    }
    case 'random.permutation': {
      const args = new Args(it, 'np.random.permutation', node, ['x']);
      const x = args.value('x');
      if (x?.kind === 'number' && x.integer && x.value > 0) return { kind: 'array', array: permutation(x.value, location) };
      if (x?.kind !== 'array' || x.array.shape.length === 0) return args.fail('x', 'a positive integer or a numpy array');
      return take(x.array, permutation(x.array.shape[0], location), it.source.textOf(node), location);
    }
    case 'logical_not':
      return invertMask(arrayArg(new Args(it, 'np.logical_not', node, ['x']), 'x'), location);
  }
  return null;
}

function arrayArg(args: Args, name: string): ArrayValue {
  const v = args.value(name);
  return v?.kind === 'array' ? v.array : args.fail(name, 'a numpy array');
}

/** `y.squeeze()`: labels of shape (n, 1) as (n,); the sample axis stays (reshape refuses otherwise). */
function squeezed(x: ArrayValue, args: Args, location: SourceRange): Value {
  const axis = args.value('axis');
  if (axis !== undefined && (axis.kind !== 'number' || !axis.integer)) return args.fail('axis', 'an integer');
  const at = axis === undefined ? null : axis.value < 0 ? axis.value + x.shape.length : axis.value;
  if (at !== null && x.shape[at] !== 1) throw unsupported(`cannot select an axis to squeeze out which has size not equal to one`, args.valueRange('axis'));
  return reshape(
    x,
    x.shape.filter((n, d) => (at === null ? n !== 1 : d !== at)),
    location,
  );
}

/** A copy is another array: changing it in place leaves the original (interpreter.ts changedInPlace). */
const copied = (x: ArrayValue): Value => ({ kind: 'array', array: { ...x } });

function joined(it: ScriptContext, fn: 'concatenate' | 'vstack' | 'hstack', node: SyntaxNode, location: SourceRange): Value {
  const args = new Args(it, `np.${fn}`, node, fn === 'concatenate' ? ['arrays', 'axis', 'out', 'dtype', 'casting'] : ['tup', 'dtype', 'casting']);
  const listName = fn === 'concatenate' ? 'arrays' : 'tup';
  const list = args.value(listName);
  const items = list?.kind === 'sequence' ? list.items.map(known) : [];
  if (items.length === 0 || items.some((v) => v.kind !== 'array')) args.fail(listName, 'a list or tuple of numpy arrays');
  const parts = items.map((v) => (v as Extract<Value, { kind: 'array' }>).array);
  for (const p of ['out', 'dtype', 'casting']) if (args.given(p)) args.refuse(p, 'not translated');
  if (fn === 'concatenate') {
    const axis = args.raw('axis');
    if (axis !== undefined && (axis.kind !== 'number' || !axis.integer)) args.refuse('axis', 'the scan follows an integer axis; None flattens the arrays');
    return concatenate(parts, axis?.kind === 'number' ? axis.value : 0, location);
  }
  // vstack stacks 1-D arrays as rows, hstack joins them end to end: numpy's rules by rank.
  if (fn === 'vstack' && parts.some((p) => p.shape.length < 2)) args.refuse(listName, 'vstack of 1-D arrays (as rows) is not followed');
  return concatenate(parts, fn === 'hstack' && parts[0].shape.length > 1 ? 1 : 0, location);
}

/** `x.mean(...)`, `x.std(...)`, `x.min(...)`, `x.max(...)`, `x.copy()`; null for any other method. */
export function arrayMethod(it: ScriptContext, x: ArrayValue, method: string, node: SyntaxNode): Value | null {
  const location = it.source.rangeOf(node);
  switch (method) {
    case 'copy':
      new Args(it, 'copy', node, ['order']);
      return copied(x);
    case 'flatten':
    case 'ravel':
      new Args(it, method, node, ['order']);
      return reshape(x, [-1], location);
    case 'squeeze':
      return squeezed(x, new Args(it, 'squeeze', node, ['axis']), location);
  }
  if (!(method in STATISTICS) || method.startsWith('a')) return null;
  return statisticCall(new Args(it, method, node, STATISTIC_PARAMS), STATISTICS[method], x, it.source.rangeOf(node));
}

/** Reads numpy's arguments of a statistic: an int or tuple axis (or None), keepdims, ddof for std. */
function statisticCall(args: Args, which: Statistic, self: ArrayValue | null, location: SourceRange): Value {
  const a = self ? null : args.value('a');
  const x = self ?? (a?.kind === 'array' ? a.array : args.fail('a', 'a numpy array'));
  for (const p of ['dtype', 'out', 'where', 'initial']) if (args.given(p)) args.refuse(p, 'not translated');
  if (which !== 'std' && args.given('ddof')) args.refuse('ddof', `${which} takes no ddof`);
  const ddof = args.number('ddof', 0);
  if (!Number.isInteger(ddof) || ddof < 0) args.fail('ddof', 'a non-negative integer');
  const axisValue = args.value('axis'); // None: every axis
  const axis = axisValue === undefined ? null : axes(axisValue);
  if (axis === undefined) args.fail('axis', 'an integer or a tuple of integers');
  return statistic(x, which, axis, { keepDims: args.bool('keepdims') ?? false, ddof }, location);
}

function axes(v: Value): number | number[] | undefined {
  if (v.kind === 'number' && v.integer) return v.value;
  if (v.kind === 'sequence' && v.items.every((i) => i.kind === 'number' && i.integer)) return v.items.map((i) => (i as { value: number }).value);
  return undefined;
}
