// The statements that set a PyTorch module's parameters after its construction:
// `nn.init.constant_(self.fc1.bias, -10)`, `self.fc1.bias.data.fill_(-10)`, `layers[-1].weight.normal_(0, 5)`,
// with the mean of the values they write when it is written out literally.

import { children, type SyntaxNode } from './document';
import { bracketedItems } from './items';
import { numberValue } from './numbers';
import { Options } from './options';
import type { TorchFile } from './torchFile';
import { statementsAfter, type ModulePlace } from './torchPlaces';

export interface ParameterWrite {
  call: SyntaxNode;
  /** The statement of the construction's block that holds the call (a `with` block counts as one). */
  statement: SyntaxNode;
  /** The function or method: 'kaiming_normal_', 'constant_', 'fill_', 'mul_'. */
  fn: string;
  /** `nn.init.*` rather than a tensor method. */
  init: boolean;
  /** The written expression: `self.fc1.bias` (without `.data`). */
  target: string;
  /** Its names when it is a dotted name: ['self', 'fc1', 'bias']. */
  path: string[] | undefined;
  mean: number | undefined;
}

/** Parameter names by position, the tensor first for `nn.init` functions. */
const POSITIONAL: Record<string, readonly string[]> = {
  constant_: ['tensor', 'val'],
  normal_: ['tensor', 'mean', 'std'],
  trunc_normal_: ['tensor', 'mean', 'std'],
  uniform_: ['tensor', 'a', 'b'],
};
const METHOD_POSITIONAL: Record<string, readonly string[]> = {
  fill_: ['value'],
  normal_: ['mean', 'std'],
  uniform_: ['from', 'to'],
};

function meanOf(t: TorchFile, fn: string, options: Options | undefined): number | undefined {
  const value = (names: string[], fallback?: number): number | undefined => {
    const set = options?.get(...names);
    return set ? numberValue(t.doc, set.value) : fallback;
  };
  switch (fn) {
    case 'constant_':
    case 'fill_':
      return value(['val', 'value']);
    case 'normal_':
    case 'trunc_normal_':
      return value(['mean'], 0);
    case 'uniform_': {
      const [low, high] = [value(['a', 'from'], 0), value(['b', 'to'], 1)];
      return low === undefined || high === undefined ? undefined : (low + high) / 2;
    }
    case 'zeros_':
    case 'zero_':
      return 0;
    case 'ones_':
      return 1;
    default:
      return undefined;
  }
}

/** The parameter a call writes, if it writes one in place. */
function writeOf(t: TorchFile, call: SyntaxNode, statement: SyntaxNode): ParameterWrite | undefined {
  const { doc } = t;
  const resolved = t.resolved(call);
  const args = call.getChild('ArgList');
  const callee = call.firstChild;
  if (!args || !callee) return undefined;
  const written = (node: SyntaxNode) => {
    const text = doc.text(node);
    const path = doc.path(node);
    const data = path?.[path.length - 1] === 'data';
    return { target: data ? text.slice(0, -'.data'.length) : text, path: data ? path.slice(0, -1) : path };
  };
  if (resolved && resolved[0] === 'torch' && resolved[resolved.length - 2] === 'init') {
    const fn = resolved[resolved.length - 1];
    const options = Options.of(doc, args, 'keyword', POSITIONAL[fn] ?? ['tensor']);
    const tensor = options.get('tensor');
    return tensor && { call, statement, fn, init: true, ...written(tensor.value), mean: meanOf(t, fn, options) };
  }
  const parts = callee.name === 'MemberExpression' ? children(callee) : [];
  const fn = parts.length === 3 ? doc.text(parts[2]) : '';
  if (!fn.endsWith('_') || (resolved && resolved[0] === 'torch')) return undefined;
  const options = Options.of(doc, args, 'keyword', METHOD_POSITIONAL[fn] ?? []);
  return { call, statement, fn, init: false, ...written(parts[0]), mean: meanOf(t, fn, options) };
}

/** The modules that hold the one named `handle`: `model[0]` → `model`; `self.fc1` → `self`. */
function holders(handle: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < handle.length; i++) if (handle[i] === '.' || handle[i] === '[') out.push(handle.slice(0, i));
  return out;
}

/**
 * The loop variable of a loop that goes over the module named `handle`: `for layer in (self.fc1, self.fc2)`,
 * `for m in model`, `for m in self.modules()`.
 */
function loopAlias(t: TorchFile, statement: SyntaxNode, handle: string): string | undefined {
  if (statement.name !== 'ForStatement') return undefined;
  const [, variable, keyword, iterable] = children(statement);
  if (variable?.name !== 'VariableName' || keyword?.name !== 'in' || !iterable) return undefined;
  const listed =
    ['TupleExpression', 'ArrayExpression'].includes(iterable.name) && bracketedItems(t.doc, iterable).items.some((i) => t.doc.text(i.nodes[0]) === handle);
  const over = holders(handle).flatMap((h) => [h, `${h}.modules()`, `${h}.children()`]);
  return listed || over.includes(t.doc.text(iterable)) ? t.doc.text(variable) : undefined;
}

function writesIn(t: TorchFile, statement: SyntaxNode): ParameterWrite[] {
  return t.doc.all('CallExpression', statement).flatMap((c) => writeOf(t, c, statement) ?? []);
}

/**
 * The writes of `param` of the module placed at `place`, in order: in the statements after its
 * construction (only those right after it for a handle counted from the end of a list), and for
 * an attribute `self.fc1` also through the model from outside its class (`model.fc1.bias`).
 */
export function parameterWrites(t: TorchFile, place: ModulePlace, param: 'weight' | 'bias'): ParameterWrite[] {
  const { handle, attribute } = place;
  if (!handle) return [];
  const own = `${handle.text}.${param}`;
  const writes: ParameterWrite[] = [];
  for (const s of statementsAfter(handle)) {
    const alias = loopAlias(t, s, handle.text);
    const found = writesIn(t, s).filter((w) => w.target === own || (alias !== undefined && w.target === `${alias}.${param}`));
    if (handle.relative && found.length === 0 && !t.doc.isComment(s)) break;
    writes.push(...found);
  }
  if (!attribute) return writes;
  // Through the model from outside the class: `model.fc1.bias` anywhere else in the file.
  const { owner, name } = attribute;
  const outside = t.doc
    .all('CallExpression')
    .filter((c) => c.from < owner.from || c.from >= owner.to)
    .flatMap((c) => writeOf(t, c, t.doc.statementOf(c)) ?? [])
    .filter((w) => {
      const path = w.path;
      return path?.length === 3 && path[0] !== 'self' && path[1] === name && path[2] === param;
    });
  return [...writes, ...outside];
}
