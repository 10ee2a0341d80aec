// A Python def used as an activation (`def mish(x): return x * tanh(softplus(x))`), read
// symbolically into an elementwise expression of tfjs ops on its argument. Anything else in its
// body is refused at that place, naming the construct.

import type { SourceRange } from '../../shared/protocol';
import type { CustomActivation, Elementwise, ElementwiseFunction } from '../plan';
import type { Evaluator } from './args';
import { callArguments, children, namedChildren, type SyntaxNode } from './source';
import { unsupported, type FunctionValue, type Value } from './values';

const X: Elementwise = { op: 'x' };
const constant = (value: number): Elementwise => ({ op: 'constant', value });
const isConstant = (e: Elementwise): e is { op: 'constant'; value: number } => e.op === 'constant';

/** Constant arithmetic folded as Python computes it. */
const FOLD: Partial<Record<ElementwiseFunction, (...v: number[]) => number>> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  pow: (a, b) => a ** b,
  maximum: Math.max,
  minimum: Math.min,
  neg: (a) => -a,
  exp: Math.exp,
  log: Math.log,
  log1p: Math.log1p,
  expm1: Math.expm1,
  abs: Math.abs,
  sqrt: Math.sqrt,
  square: (a) => a * a,
  sin: Math.sin,
  cos: Math.cos,
  tanh: Math.tanh,
  sign: Math.sign,
};

function call(op: ElementwiseFunction, ...args: Elementwise[]): Elementwise {
  const fold = FOLD[op];
  if (fold && args.every(isConstant)) return constant(fold(...args.map((a) => a.value)));
  return { op, args };
}

const sigmoidTimes = (x: Elementwise): Elementwise => call('mul', x, call('sigmoid', x));
const hardSigmoid = (x: Elementwise): Elementwise => call('div', call('relu6', call('add', x, constant(3))), constant(6));

/** Keras's gelu: exact (erf), or its tanh approximation. */
function gelu(x: Elementwise, approximate: boolean): Elementwise {
  if (!approximate) return call('mul', call('mul', constant(0.5), x), call('add', constant(1), call('erf', call('div', x, constant(Math.SQRT2)))));
  const inner = call('mul', constant(Math.sqrt(2 / Math.PI)), call('add', x, call('mul', constant(0.044715), call('pow', x, constant(3)))));
  return call('mul', call('mul', constant(0.5), x), call('add', constant(1), call('tanh', inner)));
}

/** A function's parameters (aliases joined by '|', the tensor first) with their defaults, and what it computes. */
interface FunctionSpec {
  params: string[];
  defaults?: Record<string, number | boolean | null>;
  build(args: Map<string, Elementwise | boolean | null>, refuse: (why: string) => never): Elementwise;
}

const TENSOR = 'x|features|t|a|input';
const tensor = (args: Map<string, Elementwise | boolean | null>, name = TENSOR): Elementwise => args.get(name) as Elementwise;
const unary = (op: ElementwiseFunction): FunctionSpec => ({ params: [TENSOR], build: (a) => call(op, tensor(a)) });
const binary = (op: ElementwiseFunction): FunctionSpec => ({
  params: ['x1|x|a', 'x2|y|b'],
  build: (a) => call(op, tensor(a, 'x1|x|a'), tensor(a, 'x2|y|b')),
});
const expanded = (fn: (x: Elementwise) => Elementwise): FunctionSpec => ({ params: [TENSOR], build: (a) => fn(tensor(a)) });

function number(v: Elementwise | boolean | null | undefined, what: string, refuse: (why: string) => never): number {
  if (v && typeof v === 'object' && isConstant(v)) return v.value;
  return refuse(`${what} must be a number`);
}

/** By the function's last name, for keras.activations, keras.ops, keras.backend, tf, tf.nn and tf.math. */
const FUNCTIONS: Record<string, FunctionSpec> = {
  relu: {
    // Keras 2 spelled the slope alpha.
    params: [TENSOR, 'negative_slope|alpha', 'max_value', 'threshold'],
    defaults: { 'negative_slope|alpha': 0, max_value: null, threshold: 0 },
    build(a, refuse) {
      if (number(a.get('threshold'), 'threshold', refuse) !== 0) refuse('relu with a threshold is not translated');
      const slope = number(a.get('negative_slope|alpha'), 'negative_slope', refuse);
      const x = tensor(a);
      const rectified = slope === 0 ? call('relu', x) : { op: 'leakyRelu' as const, args: [x, constant(slope)] };
      const max = a.get('max_value');
      return max === null ? rectified : call('minimum', rectified, constant(number(max, 'max_value', refuse)));
    },
  },
  leaky_relu: {
    params: [TENSOR, 'negative_slope|alpha'],
    defaults: { 'negative_slope|alpha': 0.2 },
    build: (a, refuse) => ({ op: 'leakyRelu', args: [tensor(a), constant(number(a.get('negative_slope|alpha'), 'negative_slope', refuse))] }),
  },
  elu: {
    params: [TENSOR, 'alpha'],
    defaults: { alpha: 1 },
    build(a, refuse) {
      const alpha = number(a.get('alpha'), 'alpha', refuse);
      const x = tensor(a);
      if (alpha === 1) return call('elu', x);
      // x above 0, alpha (e^x − 1) below.
      return call('add', call('relu', x), call('mul', constant(alpha), call('sub', call('exp', call('minimum', x, constant(0))), constant(1))));
    },
  },
  gelu: {
    params: [TENSOR, 'approximate'],
    defaults: { approximate: false },
    build: (a, refuse) => {
      const approximate = a.get('approximate');
      return typeof approximate === 'boolean' ? gelu(tensor(a), approximate) : refuse('approximate must be True or False');
    },
  },
  clip: { params: [TENSOR, 'x_min', 'x_max'], build: (a, refuse) => clip(tensor(a), a.get('x_min'), a.get('x_max'), refuse) },
  clip_by_value: {
    params: ['t', 'clip_value_min', 'clip_value_max'],
    build: (a, refuse) => clip(tensor(a, 't'), a.get('clip_value_min'), a.get('clip_value_max'), refuse),
  },
  sigmoid: unary('sigmoid'),
  tanh: unary('tanh'),
  softplus: unary('softplus'),
  selu: unary('selu'),
  relu6: unary('relu6'),
  exp: unary('exp'),
  log: unary('log'),
  log1p: unary('log1p'),
  expm1: unary('expm1'),
  abs: unary('abs'),
  absolute: unary('abs'),
  sqrt: unary('sqrt'),
  square: unary('square'),
  sin: unary('sin'),
  cos: unary('cos'),
  erf: unary('erf'),
  sign: unary('sign'),
  negative: unary('neg'),
  swish: expanded(sigmoidTimes),
  silu: expanded(sigmoidTimes),
  mish: expanded((x) => call('mul', x, call('tanh', call('softplus', x)))),
  softsign: expanded((x) => call('div', x, call('add', constant(1), call('abs', x)))),
  hard_sigmoid: expanded(hardSigmoid),
  hard_silu: expanded((x) => call('mul', x, hardSigmoid(x))),
  hard_swish: expanded((x) => call('mul', x, hardSigmoid(x))),
  add: binary('add'),
  subtract: binary('sub'),
  multiply: binary('mul'),
  divide: binary('div'),
  truediv: binary('div'),
  pow: binary('pow'),
  power: binary('pow'),
  maximum: binary('maximum'),
  minimum: binary('minimum'),
};

function clip(
  x: Elementwise,
  low: Elementwise | boolean | null | undefined,
  high: Elementwise | boolean | null | undefined,
  refuse: (why: string) => never,
): Elementwise {
  return { op: 'clipByValue', args: [x, constant(number(low, 'the lower bound', refuse)), constant(number(high, 'the upper bound', refuse))] };
}

/** The modules whose elementwise functions apply to a tensor (Python's abs and pow do too). */
const TENSOR_MODULES = ['keras.activations', 'keras.ops', 'keras.backend', 'tensorflow', 'tensorflow.nn', 'tensorflow.math', 'builtins'];
/** Python's and numpy's math, on numbers only (a constant such as math.sqrt(2 / math.pi)). */
const NUMBER_MODULES = ['math', 'numpy'];
const NUMBER_CONSTANTS: Record<string, number> = { pi: Math.PI, e: Math.E };

const BINARY_OPERATORS: Record<string, ElementwiseFunction> = { '+': 'add', '-': 'sub', '*': 'mul', '/': 'div', '**': 'pow' };

/** Activations tfjs has by name: a def that only applies one of them to its argument is that activation. */
const TFJS_NAMED = new Set<string>(['relu', 'relu6', 'sigmoid', 'tanh', 'softplus', 'elu', 'selu']);

/**
 * The def's activation: a tfjs activation name when its body only applies one to its argument,
 * else its elementwise expression. Refuses, at the construct, a body that is anything else.
 */
export function customActivation(ev: Evaluator, fn: FunctionValue): { kind: 'name'; name: string } | { kind: 'custom'; activation: CustomActivation } {
  const expression = new DefReader(ev, fn, `the activation ${fn.name}`, 0).read();
  if (expression.op !== 'x' && expression.op !== 'constant' && TFJS_NAMED.has(expression.op) && expression.args.length === 1 && expression.args[0].op === 'x') {
    return { kind: 'name', name: expression.op };
  }
  return { kind: 'custom', activation: { name: fn.name, expression } };
}

/** A layer's `call(self, inputs)` made of elementwise ops: its expression on `inputs`; `label` names the layer in refusals. */
export function elementwiseCall(ev: Evaluator, fn: FunctionValue, label: string): Elementwise {
  return new DefReader(ev, fn, label, 1).read();
}

/** Reads a def's body; `skip` leading parameters (a method's self) are not the tensor. */
class DefReader {
  private readonly locals = new Map<string, Elementwise>();
  private readonly param: string;

  constructor(
    private readonly ev: Evaluator,
    private readonly fn: FunctionValue,
    private readonly label: string,
    skip: number,
  ) {
    const params = namedChildren(fn.node.getChild('ParamList')!).filter((c) => c.name === 'VariableName');
    const required = params.slice(skip).filter((p) => !fn.defaults.has(ev.source.textOf(p)));
    if (required.length !== 1)
      this.refuse(fn.node.getChild('ParamList')!, `takes ${required.length} arguments without a default, where Keras passes one tensor`);
    this.param = ev.source.textOf(required[0]);
  }

  private refuse(node: SyntaxNode, why: string): never {
    throw unsupported(`${this.label}: ${why}`, this.firstLine(node));
  }

  /** A statement's first line (an `if` block is refused at its `if x > 0:`). */
  private firstLine(node: SyntaxNode): SourceRange {
    const text = this.ev.source.textOf(node);
    const end = text.search(/[\r\n]/);
    return this.ev.source.range(node.from, end < 0 ? node.to : node.from + end);
  }

  private notFollowed(node: SyntaxNode, why = ''): never {
    const text = this.ev.source.textOf(node).split(/[\r\n]/)[0];
    this.refuse(
      node,
      `${text} is not followed${why}: the scan translates + - * / ** and the elementwise functions of keras.activations, keras.ops and tf.nn / tf.math on the tensor`,
    );
  }

  read(): Elementwise {
    for (const statement of children(this.fn.node.getChild('Body')!)) {
      if (statement.name === ':') continue;
      if (statement.name === 'ExpressionStatement' && statement.firstChild?.name === 'String') continue; // a docstring
      if (statement.name === 'AssignStatement') {
        const parts = children(statement);
        if (parts.length !== 3 || parts[0].name !== 'VariableName' || parts[1].name !== 'AssignOp') this.notFollowed(statement);
        this.locals.set(this.ev.source.textOf(parts[0]), this.expression(parts[2]));
        continue;
      }
      if (statement.name === 'ReturnStatement') {
        const values = namedChildren(statement).filter((c) => c.name !== 'return');
        if (values.length !== 1) this.notFollowed(statement);
        return this.expression(values[0]);
      }
      this.notFollowed(statement);
    }
    return this.refuse(this.fn.node.getChild('VariableName')!, 'returns nothing');
  }

  private expression(node: SyntaxNode): Elementwise {
    switch (node.name) {
      case 'Number': {
        const value = this.ev.lenient(node);
        return value.kind === 'number' ? constant(value.value) : this.notFollowed(node);
      }
      case 'ParenthesizedExpression':
        return this.expression(namedChildren(node)[0]);
      case 'UnaryExpression': {
        const op = this.ev.source.textOf(node.firstChild!);
        const operand = this.expression(node.lastChild!);
        return op === '-' ? call('neg', operand) : op === '+' ? operand : this.notFollowed(node);
      }
      case 'BinaryExpression': {
        const parts = children(node);
        const op = BINARY_OPERATORS[this.ev.source.textOf(parts[1])];
        if (parts.length !== 3 || !op) return this.notFollowed(node);
        return call(op, this.expression(parts[0]), this.expression(parts[2]));
      }
      case 'VariableName': {
        const name = this.ev.source.textOf(node);
        if (name === this.param) return X;
        const local = this.locals.get(name);
        if (local) return local;
        return this.constantValue(node, this.fn.defaults.get(name) ?? this.ev.lenient(node));
      }
      case 'MemberExpression':
        return this.constantValue(node, this.ev.lenient(node));
      case 'CallExpression':
        return this.call(node);
      default:
        return this.notFollowed(node);
    }
  }

  /** A name or attribute that is not the argument: a number (or math.pi), else refused. */
  private constantValue(node: SyntaxNode, value: Value): Elementwise {
    if (value.kind === 'number') return constant(value.value);
    if (value.kind === 'symbol' && NUMBER_MODULES.includes(value.path[0]) && value.path.length === 2 && value.path[1] in NUMBER_CONSTANTS) {
      return constant(NUMBER_CONSTANTS[value.path[1]]);
    }
    return this.notFollowed(node);
  }

  private call(node: SyntaxNode): Elementwise {
    const callee = this.ev.lenient(node.firstChild!);
    if (callee.kind !== 'symbol') return this.notFollowed(node);
    const path = callee.path;
    const module = path.slice(0, -1).join('.');
    const name = path[path.length - 1];
    const spec = FUNCTIONS[name];
    const onNumbers = NUMBER_MODULES.includes(path[0]);
    if (!spec || (!TENSOR_MODULES.includes(module) && !onNumbers)) return this.notFollowed(node);
    const argList = node.lastChild!;
    const given = callArguments(this.ev.source, argList);
    if (given.unpacked || given.positional.length > spec.params.length) return this.notFollowed(node);
    const bound = new Map<string, Elementwise | boolean | null>();
    given.positional.forEach((arg, i) => bound.set(spec.params[i], this.argument(arg)));
    for (const [keyword, { value }] of given.keywords) {
      const param = spec.params.find((p) => p.split('|').includes(keyword));
      if (!param || bound.has(param)) return this.notFollowed(node, ` (its argument ${keyword})`);
      bound.set(param, this.argument(value));
    }
    for (const param of spec.params) {
      if (bound.has(param)) continue;
      const fallback = spec.defaults?.[param];
      if (fallback === undefined) return this.notFollowed(node, ` (it needs ${param.split('|')[0]})`);
      bound.set(param, typeof fallback === 'number' ? constant(fallback) : fallback);
    }
    const result = spec.build(bound, (why) => this.refuse(node, why));
    // numpy's and math's functions take numbers: on the activation's argument they are not TensorFlow's.
    if (onNumbers && !isConstant(result)) return this.notFollowed(node, ' on a tensor (numpy and math compute on numbers)');
    return result;
  }

  /** A call's argument: an expression, or True / False / None for flags. */
  private argument(node: SyntaxNode): Elementwise | boolean | null {
    if (node.name === 'Boolean') return this.ev.source.textOf(node) === 'True';
    if (node.name === 'None') return null;
    return this.expression(node);
  }
}
