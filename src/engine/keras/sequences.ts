// Keras's cached datasets in a script (imdb, reuters, boston_housing, cifar10, cifar100 from
// Keras's own files, described by the injected KerasDatasets), the sequences they hold, and the
// two ways scripts make them trainable: pad_sequences and the textbook one-hot loop
// (`results = np.zeros((len(x), d))`, `for i, s in enumerate(x): results[i, s] = 1.`).

import type { SourceRange } from '../../shared/protocol';
import { ScanError } from '../errors';
import {
  fillCommand,
  KerasDatasetValueError,
  LOAD_DATA_SIGNATURES,
  type KerasArrayInfo,
  type KerasCacheDataset,
  type KerasDatasetArgs,
} from '../kerasDatasets';
import type { ArraySource } from '../plan';
import { Args, type Evaluator } from './args';
import { arrayValue, dtypeOf, withOp } from './arrays';
import type { ScriptContext } from './context';
import { callArguments, children, namedChildren, type SyntaxNode } from './source';
import { describe, known, PythonRaises, shapeText, tuple, unsupported, type ArrayValue, type Value } from './values';

const pythonError = (message: string, range: SourceRange) => new PythonRaises(new ScanError('script-error', message, range));

/** `keras.datasets.<name>.load_data(...)` of a dataset Keras caches on the user's machine. */
export function cachedLoadData(it: ScriptContext, name: KerasCacheDataset, node: SyntaxNode): Value {
  const location = it.source.rangeOf(node);
  const signature = LOAD_DATA_SIGNATURES[name];
  const params = signature.map(([p]) => p);
  const written = callArguments(it.source, node.lastChild!);
  const extra = [...written.keywords.entries()].filter(([k]) => !params.includes(k));
  for (const [keyword, { name: nameNode, value }] of extra) {
    const range = it.source.range(nameNode.from, value.to);
    // imdb.load_data takes **kwargs in Keras 3 and uses none of them (Keras 2's nb_words is num_words today).
    if (name !== 'imdb') throw pythonError(`TypeError: load_data() got an unexpected keyword argument '${keyword}'`, range);
    it.note(
      {
        severity: 'warning',
        code: 'unsupported',
        message: `Keras 3 ignores ${keyword}= in imdb.load_data (it takes **kwargs and uses none)${keyword === 'nb_words' ? ": Keras 2's nb_words is num_words today" : ''}; the scan loads the data as Keras does.`,
      },
      range,
    );
  }
  if (written.positional.length > params.length) {
    const count = params.length;
    throw pythonError(
      `TypeError: load_data() takes ${count === 0 ? 'no' : `from 0 to ${count}`} positional arguments but ${written.positional.length} were given`,
      it.source.rangeOf(written.positional[count]),
    );
  }
  const ignored = new Set(extra.map(([k]) => k));
  const args = new Args(it, `${name}.load_data`, node, [...params, ...ignored], params.length);
  const values: KerasDatasetArgs = {};
  for (const [param, fallback] of signature) {
    const v = args.raw(param);
    if (v === undefined) values[param] = fallback;
    else {
      const value = known(v);
      if (value.kind === 'number' || value.kind === 'string') values[param] = value.value;
      else if (value.kind === 'none') values[param] = null;
      else if (value.kind === 'bool') values[param] = Number(value.value);
      else args.fail(param, 'a number, a string or None');
    }
  }
  checkArguments(name, values, args);
  const datasets = it.kerasDatasets;
  if (!datasets) throw unsupported(`${name}.load_data() reads Keras's cache, which this translation was not given`, location);
  let lookup;
  try {
    lookup = datasets.lookup(name, values);
  } catch (e) {
    if (e instanceof KerasDatasetValueError) throw pythonError(`ValueError: ${e.message}`, location);
    throw new ScanError('unsupported', `Keras's cached ${name} cannot be read: ${e instanceof Error ? e.message : String(e)}`, location);
  }
  if (!lookup.found) {
    throw new ScanError(
      'file-not-found',
      `Keras's ${name} is not in its cache: ${lookup.file} does not exist (Keras downloads it on first use; the scan never downloads). Fill the cache with: ${fillCommand(name, values)}`,
      location,
    );
  }
  const { info } = lookup;
  const part = (split: 'train' | 'test', which: 'x' | 'y'): Value => {
    const source: ArraySource = { kind: 'kerasCache', dataset: name, args: values, split, part: which };
    return cachedArray(info[split][which], source, location);
  };
  return tuple([tuple([part('train', 'x'), part('train', 'y')]), tuple([part('test', 'x'), part('test', 'y')])]);
}

function cachedArray(info: KerasArrayInfo, source: ArraySource, location: SourceRange): Value {
  return arrayValue({
    plan: { source, ops: [], location },
    shape: info.shape,
    classes: info.classes,
    integer: info.integer,
    oneHot: false,
    ...(info.sequences ? { sequences: { lengths: info.sequences.lengths, maxValue: info.sequences.maxValue } } : {}),
  });
}

/** What Keras checks before reading its files, raised as Keras raises it. */
function checkArguments(name: KerasCacheDataset, values: KerasDatasetArgs, args: Args): void {
  const fail = (param: string, message: string): never => {
    throw pythonError(`ValueError: ${message}`, args.range(param));
  };
  if (name === 'boston_housing') {
    const split = values.test_split;
    if (typeof split !== 'number' || !(split >= 0 && split < 1)) {
      fail('test_split', `Invalid \`test_split\` argument: ${args.text('test_split')}. It must be between 0 and 1 (exclusive of 1).`);
    }
  }
  if (name === 'cifar100' && values.label_mode !== 'fine' && values.label_mode !== 'coarse') {
    fail('label_mode', `\`label_mode\` must be one of \`"fine"\`, \`"coarse"\`. Received: label_mode=${values.label_mode}.`);
  }
  const seed = values.seed;
  if (seed !== undefined && (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)) {
    fail('seed', 'Seed must be between 0 and 2**32 - 1');
  }
  for (const param of ['num_words', 'skip_top', 'maxlen', 'start_char', 'oov_char', 'index_from', 'test_split']) {
    if (param in values && values[param] !== null && typeof values[param] !== 'number') args.fail(param, 'a number or None');
  }
  const path = values.path;
  if (path !== undefined) {
    if (typeof path !== 'string') args.fail('path', 'a file name');
    if (path.includes('/')) {
      fail(
        'path',
        `Paths are no longer accepted as the \`fname\` argument. To specify the file's parent directory, use the \`cache_dir\` argument. Received: fname=${path}`,
      );
    }
  }
}

// ---------------------------------------------------------------------------
// pad_sequences
// ---------------------------------------------------------------------------

/** `pad_sequences(sequences, maxlen=None, dtype='int32', padding='pre', truncating='pre', value=0.0)`. */
export function padSequences(it: ScriptContext, node: SyntaxNode): Value {
  const args: Args = new Args(it, 'pad_sequences', node, ['sequences', 'maxlen', 'dtype', 'padding', 'truncating', 'value']);
  const input = args.value('sequences');
  if (input?.kind !== 'array') return args.fail('sequences', "an array of sequences (a Keras dataset's x)");
  const a = input.array;
  const lengths = a.sequences?.lengths ?? (a.shape.length === 2 ? new Array<number>(a.shape[0]).fill(a.shape[1]) : null);
  if (!lengths) return args.fail('sequences', 'sequences (a list of lists, or a 2-D array)');
  const maxlen = args.has('maxlen') && args.given('maxlen') ? args.positiveInt('maxlen')! : lengths.reduce((m, l) => Math.max(m, l), 0);
  const side = (param: 'padding' | 'truncating'): 'pre' | 'post' => {
    const v = args.string(param) ?? 'pre';
    if (v === 'pre' || v === 'post') return v;
    const kind = param === 'padding' ? 'Padding' : 'Truncating';
    throw pythonError(`ValueError: ${kind} type "${v}" not understood`, args.range(param));
  };
  const padding = side('padding');
  const truncating = side('truncating');
  const dtypeValue = args.value('dtype');
  const dtype = dtypeValue === undefined ? 'int32' : (dtypeOf(dtypeValue) ?? args.fail('dtype', "a numeric dtype such as 'int32' or 'float32'"));
  const fill = args.number('value', 0);
  const location = it.source.rangeOf(node);
  return withOp({ ...a, sequences: undefined }, { op: 'padSequences', maxlen, padding, truncating, value: fill, dtype }, location, {
    shape: [a.shape[0], maxlen],
    integer: dtype === 'int32',
    classes: null,
    oneHot: false,
  });
}

// ---------------------------------------------------------------------------
// np.zeros and the one-hot loop
// ---------------------------------------------------------------------------

/** `np.zeros(shape, dtype=float)`: only ever filled by the one-hot loop below. */
export function zeros(it: ScriptContext, node: SyntaxNode): Value {
  const args: Args = new Args(it, 'np.zeros', node, ['shape', 'dtype', 'order', 'like']);
  const shape = args.shape('shape')!;
  if (!shape) return args.fail('shape', 'a shape');
  const dtype = args.value('dtype');
  const integer = dtype !== undefined && dtypeOf(dtype) === 'int32';
  return arrayValue({ plan: { source: { kind: 'zeros', shape }, ops: [], location: it.source.rangeOf(node) }, shape, classes: null, integer, oneHot: false });
}

interface LoopContext extends Evaluator {
  evaluate(node: SyntaxNode): Value;
  set(name: string, value: Value): void;
}

const isName = (node: SyntaxNode | undefined, name: string, ev: Evaluator) => node?.name === 'VariableName' && ev.source.textOf(node) === name;

/** The items between a subscript's brackets. */
function subscriptOf(node: SyntaxNode): { object: SyntaxNode; items: SyntaxNode[] } | null {
  if (node.name !== 'MemberExpression' || !node.getChild('[')) return null;
  const parts = children(node);
  return { object: parts[0], items: parts.slice(1).filter((c) => !['[', ']', ','].includes(c.name)) };
}

/**
 * A `for` loop over the samples of an array: `for i, s in enumerate(x)` or `for i in range(len(x))`.
 * Its body must be the one-hot fill `results[i, s] = v` (or `results[i][s] = v`, `s` may be `x[i]`)
 * of an np.zeros((len(x), d)) array; that array becomes x's multi-hot encoding. Returns false for
 * a loop that is not over an array; throws Unsupported for a loop over an array that does something else.
 */
export function followArrayLoop(ev: LoopContext, loop: SyntaxNode, targets: SyntaxNode[], iterableNodes: SyntaxNode[], bodies: SyntaxNode[]): boolean {
  if (iterableNodes.length !== 1 || iterableNodes[0].name !== 'CallExpression') return false;
  const call = iterableNodes[0];
  const calleeText = ev.source.textOf(call.firstChild!);
  const callArgs = namedChildren(call.lastChild!);
  let arrayNode: SyntaxNode | undefined;
  let form: 'enumerate' | 'range';
  if (calleeText === 'enumerate' && callArgs.length === 1) {
    arrayNode = callArgs[0];
    form = 'enumerate';
  } else if (calleeText === 'range' && callArgs.length === 1 && callArgs[0].name === 'CallExpression' && ev.source.textOf(callArgs[0].firstChild!) === 'len') {
    arrayNode = namedChildren(callArgs[0].lastChild!)[0];
    form = 'range';
  } else return false;
  const callee = ev.lenient(call.firstChild!);
  if (callee.kind !== 'symbol' || callee.path[0] !== 'builtins' || !arrayNode) return false;
  const over = ev.lenient(arrayNode);
  if (over.kind !== 'array') return false;
  const x = over.array;
  const range = ev.source.range(loop.from, call.to);
  const refuse = (why: string): never => {
    throw unsupported(
      `a loop over the samples of ${ev.source.textOf(arrayNode!)} is followed only as the one-hot fill \`results[i, seq] = 1.\` of an np.zeros((len(x), d)) array: ${why}`,
      range,
    );
  };
  const names = targets.length === 1 && ['TupleExpression', 'ParenthesizedExpression'].includes(targets[0].name) ? namedChildren(targets[0]) : targets;
  const index = names[0];
  const item = form === 'enumerate' ? names[1] : undefined;
  if (!index || index.name !== 'VariableName' || names.length !== (form === 'enumerate' ? 2 : 1) || (item && item.name !== 'VariableName')) {
    return refuse('the loop variables are not `i, seq`');
  }
  const indexName = ev.source.textOf(index);
  /** The sample's indices as the body reads them: `seq` (enumerate) or `x[i]` (range). */
  const isSample = (node: SyntaxNode | undefined): boolean => {
    if (!node) return false;
    if (item) return isName(node, ev.source.textOf(item), ev);
    const s = subscriptOf(node);
    return s !== null && s.items.length === 1 && isName(s.items[0], indexName, ev) && sameArray(ev.lenient(s.object), x);
  };
  const sampleText = item ? ev.source.textOf(item) : `${ev.source.textOf(arrayNode)}[${indexName}]`;
  if (bodies.length !== 1) return refuse('its body is not that one assignment');
  let statement = onlyStatement(bodies[0]);
  // `for j in seq: results[i, j] = 1` sets the same indices one at a time.
  let isColumn = isSample;
  if (statement?.name === 'ForStatement') {
    const parts = children(statement);
    const inAt = parts.findIndex((c) => c.name === 'in');
    const [inner] = parts.slice(1, inAt);
    const innerBodies = parts.filter((c) => c.name === 'Body');
    const iterated = parts.slice(inAt + 1).filter((c) => c.name !== 'Body');
    if (inAt !== 2 || inner?.name !== 'VariableName' || innerBodies.length !== 1 || iterated.length !== 1 || !isSample(iterated[0])) {
      return refuse(`the inner loop is not \`for j in ${sampleText}\``);
    }
    const column = ev.source.textOf(inner);
    isColumn = (node) => isName(node, column, ev);
    statement = onlyStatement(innerBodies[0]);
  }
  if (statement?.name !== 'AssignStatement') return refuse('its body is not that one assignment');
  const [target, op, valueNode] = children(statement);
  if (op?.name !== 'AssignOp' || !valueNode || children(statement).length !== 3) return refuse('its body is not that one assignment');
  const outer = subscriptOf(target);
  const inner = outer && outer.items.length === 1 ? subscriptOf(outer.object) : null;
  const [resultNode, rowNode, columnNode] =
    outer?.items.length === 2 ? [outer.object, ...outer.items] : inner?.items.length === 1 ? [inner.object, inner.items[0], outer!.items[0]] : [];
  if (!resultNode || resultNode.name !== 'VariableName' || !isName(rowNode, indexName, ev)) return refuse('the assignment is not results[i, seq]');
  if (!isColumn(columnNode)) return refuse(`the column index is not ${sampleText}`);
  const fill = known(ev.evaluate(valueNode));
  if (fill.kind !== 'number' && fill.kind !== 'bool') return refuse(`the value set is ${describe(fill)}, not a number`);
  const resultName = ev.source.textOf(resultNode);
  const results = ev.lenient(resultNode);
  if (results.kind !== 'array' || results.array.plan.source.kind !== 'zeros' || results.array.plan.ops.length > 0 || results.array.shape.length !== 2) {
    return refuse(`${resultName} is not an np.zeros((len(x), d)) array`);
  }
  const [rows, dimension] = results.array.shape;
  if (rows !== x.shape[0]) return refuse(`${resultName} has ${rows} rows for ${x.shape[0]} samples`);
  if (x.shape.length > 2 || (!x.integer && !x.sequences)) return refuse(`${ev.source.textOf(arrayNode)} does not hold integer indices`);
  const largest = x.sequences?.maxValue ?? (x.classes !== null ? x.classes - 1 : null);
  if (largest !== null && largest >= dimension) {
    const source = x.plan.source;
    const why =
      source.kind === 'kerasCache' && 'num_words' in source.args && source.args.num_words === null
        ? ` (${source.dataset}.load_data() was given no num_words, so it keeps every word; Keras 3 ignores Keras 2's nb_words=)`
        : '';
    throw new PythonRaises(
      new ScanError('script-error', `IndexError: index ${largest} is out of bounds for axis 1 with size ${dimension}${why}`, ev.source.rangeOf(target)),
    );
  }
  const value = fill.kind === 'bool' ? Number(fill.value) : fill.value;
  const multiHot = withOp({ ...x, sequences: undefined }, { op: 'multiHot', dimension, value }, ev.source.rangeOf(statement), {
    shape: [x.shape[0], dimension],
    integer: results.array.integer,
    classes: null,
    oneHot: x.shape.length === 1 && value === 1,
  });
  ev.set(resultName, multiHot);
  const after = unsupported(`the loop variable after the per-sample loop at line ${range.line} is not followed`, range);
  for (const n of [index, item]) if (n) ev.set(ev.source.textOf(n), { kind: 'unsupported', error: after.error });
  return true;
}

/** A Body's one statement (comments aside), or null. */
function onlyStatement(body: SyntaxNode): SyntaxNode | null {
  const statements = children(body).filter((c) => c.name !== ':' && c.name !== 'Comment');
  return statements.length === 1 ? statements[0] : null;
}

function sameArray(v: Value, x: ArrayValue): boolean {
  return v.kind === 'array' && v.array === x;
}

export const ARRAY_OF_SEQUENCES = (a: ArrayValue): string =>
  `an object array of ${a.shape[0]} sequences of different lengths (shape ${shapeText(a.shape)}): pad them (keras.utils.pad_sequences) or one-hot them first`;
