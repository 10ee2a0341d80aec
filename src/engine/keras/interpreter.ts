// Walks the script top to bottom the way Python would run it, following what matters to
// training (imports, assignments, loops over ranges, simple functions, the model, compile,
// fit) and remembering everything else as `unsupported` — an error only where it is used.

import type { ReportDiagnostic, SourceFrame, SourceRange } from '../../shared/protocol';
import { ScanError } from '../errors';
import type { TrainingPlan } from '../plan';
import { Args } from './args';
import type { ScriptContext } from './context';
import { invertMask, negated, permutation, take } from './arrayMath';
import { dictKeys, dictLiteral, setItem } from './dicts';
import { arrayAttribute } from './arrays';
import { isMergeLayer } from './layers';
import { callMethod, callSymbol, tensorList } from './library';
import {
  changedNames,
  containsToken,
  IN_PLACE_FUNCTIONS,
  IN_PLACE_SUPPORTED,
  MUTATORS,
  rootVariable,
  STRICT_METHODS,
  targetNames,
  trainsModel,
} from './blocks';
import type { FitLog } from './fits';
import { isLayerBase, layerClass, makeCustomLayer } from './customLayer';
import { readImport } from './imports';
import type { KerasDatasets } from '../kerasDatasets';
import { followArrayLoop } from './sequences';
import { Graph } from './model';
import { LayerNames } from './names';
import { binary, parseNumber, parseString, truth } from './operators';
import { callArguments, children, isTrailingDotFloat, namedChildren, type PythonSource, type SyntaxNode } from './source';
import { subscript } from './subscripts';
import { BUILTINS, canonical, PYTHON_GLOBALS, starImported } from './symbols';
import { describe, known, NONE, num, strictly, PythonRaises, tuple, Unsupported, unsupported, type FunctionValue, type Value } from './values';

/** User functions nested deeper than this are refused (runaway recursion). */
const MAX_CALL_DEPTH = 32;
/** Statements and comprehension items run, in all; beyond it the scan stops following the script. */
const MAX_STEPS = 1_000_000;

class Break {
  constructor(readonly node: SyntaxNode) {}
}
class Continue {
  constructor(readonly node: SyntaxNode) {}
}
class Return {
  constructor(readonly value: Value) {}
}

/** A TensorFlow 1 import, refused where it is written (a name bound to it fails where it is used). */
const TENSORFLOW_CONTRIB =
  'tensorflow.contrib is TensorFlow 1 (removed in TensorFlow 2): its Keras is tensorflow.keras or keras today, which the translator follows';

export class Interpreter implements ScriptContext {
  readonly graph = new Graph();
  /** Keras's names for the layers the script builds without `name=`. */
  readonly layerNames = new LayerNames();
  readonly notes: ReportDiagnostic[] = [];
  /** Set by the first fit scanned. */
  plan: TrainingPlan | null = null;
  /** The first model the script builds, where a missing fit is reported. */
  firstModelLocation: SourceRange | null = null;
  /** The first custom training loop (`with tf.GradientTape()`), where a missing fit is reported instead. */
  customLoop: SourceRange | null = null;
  /** Call sites of the user functions being run, innermost first. */
  callers: SourceFrame[] = [];
  /** Keras's dataset cache as the host reads it (translateKeras's option). */
  kerasDatasets: KerasDatasets | null = null;

  private readonly globals = new Map<string, Value>([['__name__', { kind: 'string', value: '__main__' }]]);
  private locals: Map<string, Value> | null = null;
  private readonly starModules: string[][] = [];
  private steps = 0;
  /** What could not be evaluated and was then read through a name: data the script goes on to use. */
  private readonly usedUnsupported = new Set<ScanError>();

  constructor(
    readonly source: PythonSource,
    readonly fits: FitLog,
  ) {}

  run(): void {
    this.body(this.source.top);
  }

  /**
   * The error to report for `error`, in file order: an unsupported value the script read before
   * (its data, kept lazily until fit needs it) when that comes earlier in the file, else `error`.
   * Fixing the errors top to bottom then meets them in the order they are reported.
   */
  firstInFile(error: ScanError): ScanError {
    const key = (e: ScanError) => (e.range && e.range.file === this.source.file ? [e.range.line, e.range.column] : [Infinity, Infinity]);
    const before = (a: ScanError, b: ScanError) => key(a)[0] < key(b)[0] || (key(a)[0] === key(b)[0] && key(a)[1] < key(b)[1]);
    return [...this.usedUnsupported].reduce((first, e) => (before(e, first) ? e : first), error);
  }

  /** Runs a function's or the module's body; a stray break or continue is Python's syntax error. */
  private body(node: SyntaxNode): Value {
    try {
      this.block(node);
      return NONE;
    } catch (e) {
      if (e instanceof Return) return e.value;
      if (e instanceof Break || e instanceof Continue) {
        throw new ScanError('syntax-error', `Syntax error: '${e instanceof Break ? 'break' : 'continue'}' outside loop`, this.source.rangeOf(e.node));
      }
      throw e;
    }
  }

  // -------------------------------------------------------------------------
  // Statements
  // -------------------------------------------------------------------------

  /** Runs the statements of the module or a Body. */
  private block(node: SyntaxNode): void {
    for (const s of children(node)) if (s.name !== ':') this.statement(s);
  }

  private step(node: SyntaxNode): void {
    if (++this.steps > MAX_STEPS) {
      throw new ScanError(
        'unsupported',
        `the script runs more than ${MAX_STEPS.toLocaleString('en')} steps before fit; the scan stops following it here`,
        this.source.rangeOf(node),
      );
    }
  }

  private statement(node: SyntaxNode): void {
    this.step(node);
    switch (node.name) {
      case 'ImportStatement':
        return this.importStatement(node);
      case 'AssignStatement':
        return this.assignStatement(node);
      case 'UpdateStatement':
        return this.updateStatement(node);
      case 'ExpressionStatement':
        this.lenient(node.firstChild!);
        return;
      case 'StatementGroup':
        return this.block(node);
      case 'ForStatement':
        return this.forStatement(node);
      case 'IfStatement':
        return this.ifStatement(node);
      case 'WhileStatement':
      case 'MatchStatement':
        return this.opaqueBlock(node, node.name === 'WhileStatement' ? 'a while loop' : 'a match statement');
      case 'WithStatement':
        return this.withStatement(node);
      case 'TryStatement':
        return this.tryStatement(node);
      case 'FunctionDefinition':
        return this.functionDefinition(node);
      case 'ClassDefinition':
        return this.classDefinition(node);
      case 'DecoratedStatement': {
        const def = node.lastChild!;
        const name = def.getChild('VariableName');
        if (name)
          this.set(
            this.source.textOf(name),
            this.poison(`the decorated ${def.name === 'ClassDefinition' ? 'class' : 'function'} ${this.source.textOf(name)} is not supported`, name),
          );
        return;
      }
      case 'ReturnStatement': {
        if (!this.locals) return;
        const values = namedChildren(node).filter((c) => c.name !== 'return');
        throw new Return(values.length === 0 ? NONE : values.length === 1 ? this.lenient(values[0]) : tuple(values.map((v) => this.lenient(v))));
      }
      case 'BreakStatement':
        throw new Break(node);
      case 'ContinueStatement':
        throw new Continue(node);
      default:
        // pass, assert, del, global, raise, type aliases and comments change nothing the scan trains.
        return;
    }
  }

  private importStatement(node: SyntaxNode): void {
    const { bindings, star } = readImport(this.source, node);
    if (star) this.starModules.unshift(canonical(star));
    for (const { name, node: imported, path } of bindings) {
      const what = this.source.textOf(imported);
      if (path?.[0] === 'tensorflow' && path[1] === 'contrib') this.set(name, this.poison(TENSORFLOW_CONTRIB, node));
      else this.set(name, path ? this.symbol(path) : this.poison(`${what} comes from a local module, which the scan does not follow`, imported));
    }
  }

  private assignStatement(node: SyntaxNode): void {
    const groups: SyntaxNode[][] = [[]];
    for (const c of children(node)) {
      if (c.name === 'AssignOp') groups.push([]);
      else if (c.name !== ',' && c.name !== 'TypeDef') groups[groups.length - 1].push(c);
    }
    if (groups.length < 2) return; // an annotation without a value
    const valueNodes = groups.pop()!;
    const value = valueNodes.length === 1 ? this.lenient(valueNodes[0]) : tuple(valueNodes.map((n) => this.lenient(n)));
    for (const targets of groups) this.assign(targets, value, node);
  }

  private updateStatement(node: SyntaxNode): void {
    const target = node.firstChild!;
    const op = node.getChild('UpdateOp')!;
    const valueNode = node.lastChild!;
    const value = this.attempt(() =>
      binary(this.evaluate(target), this.source.textOf(op).slice(0, -1), this.evaluate(valueNode), this.source.textOf(node), this.source.rangeOf(node)),
    );
    if (target.name === 'VariableName') this.changedInPlace(this.source.textOf(target), value, node);
    this.assign([target], value, node);
  }

  /**
   * `x -= mean` changes a numpy array in place: every other name bound to the same array (or a
   * list or tuple holding it) sees the change, as in numpy; when the scan cannot follow the
   * change, they are an error where they are used. (A view made before, such as `x[:10]`, is
   * another array here.)
   */
  private changedInPlace(name: string, value: Value, statement: SyntaxNode): void {
    const array = this.locals?.get(name) ?? this.globals.get(name);
    if (array?.kind !== 'array') return;
    const text = this.source.textOf(statement).split(/[\r\n]/)[0];
    if (array.array.integer && value.kind === 'array' && !value.array.integer) {
      const message = `numpy cannot store the float result of ${text} in ${name}, an array of integers (UFuncTypeError): cast it first, e.g. ${name} = ${name}.astype('float32')`;
      throw new PythonRaises(new ScanError('script-error', message, this.source.rangeOf(statement)));
    }
    const changed = (other: string, v: Value): Value => {
      if (v === array || (v.kind === 'array' && v.array === array.array)) {
        return value.kind === 'array'
          ? value
          : this.poison(`${text} changes ${other} in place too (the same numpy array as ${name}), which the scan does not follow`, statement);
      }
      if (v.kind === 'sequence') v.items.forEach((item, i) => (v.items[i] = changed(other, item)));
      return v;
    };
    for (const scope of new Set([this.locals, this.globals])) {
      for (const [other, v] of scope ?? []) if (scope !== (this.locals ?? this.globals) || other !== name) scope!.set(other, changed(other, v));
    }
  }

  /** Binds `value` to a target list (`a`, `a, b`, `(a, b), (c, d)`, `[a, b]`). */
  private assign(targets: SyntaxNode[], value: Value, statement: SyntaxNode): void {
    if (targets.length > 1) return this.unpack(targets, value, statement);
    const target = targets[0];
    switch (target.name) {
      case 'VariableName':
        return this.set(this.source.textOf(target), value);
      case 'TupleExpression':
      case 'ArrayExpression':
        return this.unpack(namedChildren(target), value, statement);
      case 'ParenthesizedExpression':
        return this.assign(namedChildren(target), value, statement);
      case 'MemberExpression':
        return this.assignMember(target, value);
      default:
        for (const name of targetNames(target)) this.set(this.source.textOf(name), this.poison(`${this.source.textOf(target)} cannot be assigned to`, target));
    }
  }

  /** `a.b = v`, `a[i] = v`: list items are followed; changes to models, layers and data are not. */
  private assignMember(target: SyntaxNode, value: Value): void {
    const root = rootVariable(target);
    const owner = root ? this.attemptQuiet(() => this.evaluate(root)) : null;
    if (
      owner?.kind === 'layer' &&
      target.firstChild?.name === 'VariableName' &&
      !target.getChild('[') &&
      this.source.textOf(target.lastChild!) === 'trainable' &&
      value.kind === 'bool'
    ) {
      // Freezing a layer: models built or fitted from now on train it so; a plan made before keeps its own copy.
      owner.layer.plans = owner.layer.plans.map((p) => ({ ...p, config: { ...p.config, trainable: value.value } }));
      return;
    }
    if (owner?.kind === 'model' || owner?.kind === 'layer') {
      throw new ScanError(
        'unsupported',
        `assigning to ${this.source.textOf(target)} changes the model, which the scan does not follow`,
        this.source.rangeOf(target),
      );
    }
    const inside = children(target)
      .filter((c) => !['[', ']'].includes(c.name))
      .slice(1);
    if (owner?.kind === 'sequence' && !owner.tuple && target.firstChild?.name === 'VariableName' && target.getChild('[') && inside.length === 1) {
      const index = this.attemptQuiet(() => this.evaluate(inside[0]));
      const i = index?.kind === 'number' && index.integer ? (index.value < 0 ? index.value + owner.items.length : index.value) : -1;
      if (i >= 0 && i < owner.items.length) {
        owner.items[i] = value;
        return;
      }
    }
    if (owner?.kind === 'dict' && target.firstChild?.name === 'VariableName' && target.getChild('[') && inside.length === 1) {
      return setItem(owner, this.evaluate(inside[0]), value, this.source.rangeOf(inside[0]));
    }
    if (root && (owner?.kind === 'sequence' || owner?.kind === 'array' || owner?.kind === 'dict')) this.mutated(root, target);
  }

  /** `np.random.shuffle(x)`: x's rows in a random order, in place; other in-place functions are not followed. */
  private shuffle(fn: string, variable: SyntaxNode, call: SyntaxNode): void {
    const name = this.source.textOf(variable);
    const value = fn === 'numpy.random.shuffle' ? (this.locals?.get(name) ?? this.globals.get(name)) : undefined;
    if (value?.kind !== 'array' || value.array.shape.length === 0) return this.mutated(variable, call);
    const range = this.source.rangeOf(call);
    const result = take(value.array, permutation(value.array.shape[0], range), this.source.textOf(call), range);
    this.changedInPlace(name, result, call);
    (this.locals?.has(name) ? this.locals : this.globals).set(name, result);
  }

  /** A list or array changed in a way the scan does not follow: using it later is an error here. */
  private mutated(variable: SyntaxNode, change: SyntaxNode): void {
    const name = this.source.textOf(variable);
    this.set(name, this.poison(`${this.source.textOf(change).split(/[\r\n]/)[0]} changes ${name} in a way the scan does not follow`, change));
  }

  private unpack(targets: SyntaxNode[], value: Value, statement: SyntaxNode): void {
    let items: Value[];
    if (value.kind === 'unsupported') items = targets.map(() => value);
    else if (value.kind === 'sequence' && value.items.length === targets.length) items = value.items;
    else {
      const why = value.kind === 'sequence' ? `${value.items.length} values` : describe(value);
      items = targets.map(() => this.poison(`cannot unpack ${why} into ${targets.length} names`, statement));
    }
    targets.forEach((t, i) => this.assign([t], items[i], statement));
  }

  private forStatement(node: SyntaxNode): void {
    const parts = children(node);
    const inAt = parts.findIndex((c) => c.name === 'in');
    const targets = parts.slice(1, inAt).filter((c) => c.name !== ',');
    const bodies = parts.filter((c) => c.name === 'Body');
    const iterableNodes = parts.slice(inAt + 1).filter((c) => c.name !== ',' && c.name !== 'Body' && c.name !== 'else');
    const iterable = iterableNodes.length === 1 ? this.lenient(iterableNodes[0]) : tuple(iterableNodes.map((n) => this.lenient(n)));
    let items: Value[];
    try {
      if (followArrayLoop(this, node, targets, iterableNodes, bodies)) return;
      items = this.iterate(iterable, iterableNodes[0]);
    } catch (e) {
      if (e instanceof Unsupported) return this.skipBlock(e.error, bodies);
      throw e;
    }
    let broke = false;
    for (const item of items) {
      this.assign(targets, item, node);
      try {
        this.block(bodies[0]);
      } catch (e) {
        if (e instanceof Break) {
          broke = true;
          break;
        }
        if (!(e instanceof Continue)) throw e;
      }
    }
    if (!broke && bodies[1]) this.block(bodies[1]);
  }

  private ifStatement(node: SyntaxNode): void {
    const parts = children(node);
    for (let i = 0; i < parts.length; i++) {
      const c = parts[i];
      if (c.name === 'else') return this.block(parts[i + 1]);
      if (c.name !== 'if' && c.name !== 'elif') continue;
      const condition = parts[i + 1];
      const holds = truth(this.lenient(condition));
      if (holds === null) {
        const error = new ScanError('unsupported', `the scan cannot tell whether ${this.source.textOf(condition)} holds`, this.source.rangeOf(condition));
        return this.skipBlock(
          error,
          parts.filter((b) => b.name === 'Body'),
        );
      }
      if (holds) return this.block(parts[i + 2]);
      i++;
    }
  }

  /** A block the scan cannot run: fine unless it builds or trains the model. */
  private opaqueBlock(node: SyntaxNode, what: string): void {
    const error = new ScanError('unsupported', `${what} is not supported here`, this.source.range(node.from, node.firstChild!.to));
    this.skipBlock(error, [node]);
  }

  private skipBlock(error: ScanError, bodies: SyntaxNode[]): void {
    if (bodies.some((b) => trainsModel(this.source, b))) throw error;
    for (const b of bodies) for (const name of changedNames(this.source, b)) this.set(name, { kind: 'unsupported', error });
  }

  private withStatement(node: SyntaxNode): void {
    const parts = children(node);
    for (let i = 1; i < parts.length; i++) {
      const c = parts[i];
      if (c.name === 'Body') return this.block(c);
      if (c.name === ',' || c.name === 'as') continue;
      if (parts[i - 1].name === 'as') continue;
      const value = this.lenient(c);
      const callee = c.name === 'CallExpression' ? this.attemptQuiet(() => this.evaluate(c.firstChild!)) : null;
      if (callee?.kind === 'symbol' && callee.path[callee.path.length - 1] === 'GradientTape') this.customLoop ??= this.source.rangeOf(c);
      if (parts[i + 1]?.name === 'as') this.set(this.source.textOf(parts[i + 2]), value);
    }
  }

  /** Runs the path without exceptions: try body, else, finally. */
  private tryStatement(node: SyntaxNode): void {
    let previous = '';
    let raised: PythonRaises | null = null;
    const parts = children(node);
    for (const c of parts) {
      if (c.name === 'Body' && previous === 'try') raised = this.tryBody(c);
      else if (c.name === 'Body' && (previous === 'finally' || (previous === 'else' && !raised))) this.block(c);
      if (c.name === 'try' || c.name === 'except' || c.name === 'else' || c.name === 'finally') previous = c.name;
    }
  }

  /** The try block; where Python raises in it, its except blocks may run, which the scan does not follow. */
  private tryBody(body: SyntaxNode): PythonRaises | null {
    try {
      this.block(body);
      return null;
    } catch (e) {
      if (!(e instanceof PythonRaises)) throw e;
      const handlers = children(body.parent!).filter((c) => c.name === 'Body' && c !== body);
      const error = new ScanError('unsupported', `${e.error.message} inside a try block, whose except blocks the scan does not follow`, e.error.range);
      this.skipBlock(error, [body, ...handlers]);
      return e;
    }
  }

  private functionDefinition(node: SyntaxNode): void {
    const nameNode = node.getChild('VariableName')!;
    const params = node.getChild('ParamList')!;
    const defaults = new Map<string, Value>();
    let star: SyntaxNode | null = null;
    for (const c of children(params)) {
      if (c.name === '*' || c.name === '**' || c.name === '/') star ??= c;
      if (c.name === 'AssignOp' && c.prevSibling) {
        const param = c.prevSibling.name === 'TypeDef' ? c.prevSibling.prevSibling! : c.prevSibling;
        defaults.set(this.source.textOf(param), this.lenient(c.nextSibling!));
      }
    }
    const name = this.source.textOf(nameNode);
    if (star) {
      this.set(name, this.poison(`the function ${name} takes *args, **kwargs or positional-only parameters, which the scan does not follow`, nameNode));
      return;
    }
    this.set(name, { kind: 'function', fn: { name, node, defaults, generator: containsToken(node, 'yield') } });
  }

  private classDefinition(node: SyntaxNode): void {
    const nameNode = node.getChild('VariableName')!;
    const name = this.source.textOf(nameNode);
    const bases = node.getChild('ArgList');
    const baseValues = bases ? namedChildren(bases).map((b) => this.attemptQuiet(() => this.evaluate(b))) : [];
    const isCallback = baseValues.some((v) => v?.kind === 'symbol' && v.path[0] === 'keras' && v.path[1] === 'callbacks');
    if (baseValues.some(isLayerBase)) return this.set(name, layerClass(this, name, node));
    const trainStep = node
      .getChild('Body')
      ?.getChildren('FunctionDefinition')
      .map((f) => f.getChild('VariableName'))
      .find((n) => n !== null && this.source.textOf(n) === 'train_step');
    if (!isCallback && trainStep) {
      const message = `the class ${name} overrides train_step, a custom training step: the scan trains what Keras's own fit step trains, so there is no fit to scan`;
      return this.set(name, { kind: 'unsupported', error: new ScanError('no-fit', message, this.source.rangeOf(trainStep)) });
    }
    // Callback subclasses are ignored: the scan skips fit's callbacks and monitors itself.
    this.set(
      name,
      isCallback
        ? { kind: 'callbackClass', name }
        : this.poison(
            `the class ${name} is custom Python: subclassed models and layers are not supported (build the model with Sequential or the functional API)`,
            nameNode,
          ),
    );
  }

  // -------------------------------------------------------------------------
  // Names
  // -------------------------------------------------------------------------

  set(name: string, value: Value): void {
    (this.locals ?? this.globals).set(name, value);
  }

  private lookup(name: string, node: SyntaxNode): Value {
    const value = this.locals?.get(name) ?? this.globals.get(name);
    if (value?.kind === 'unsupported') this.usedUnsupported.add(value.error);
    if (value) return value;
    for (const module of this.starModules) if (starImported(module, name)) return this.symbol([...module, name]);
    if (BUILTINS.has(name)) return { kind: 'symbol', path: ['builtins', name] };
    const range = this.source.rangeOf(node);
    if (PYTHON_GLOBALS.has(name)) throw unsupported(`${name} is not followed by the scan`, range);
    const opaqueStar = this.starModules.find((m) => m[0] !== 'keras');
    if (opaqueStar) throw unsupported(`${name} may come from \`from ${opaqueStar.join('.')} import *\`, which the scan does not follow`, range);
    throw new PythonRaises(new ScanError('script-error', `name '${name}' is not defined`, range));
  }

  symbol(path: string[]): Extract<Value, { kind: 'symbol' }> {
    return { kind: 'symbol', path: canonical(path) };
  }

  // -------------------------------------------------------------------------
  // Expressions
  // -------------------------------------------------------------------------

  /** Evaluates; what the scan cannot follow becomes an `unsupported` value. */
  lenient(node: SyntaxNode): Value {
    return this.attempt(() => this.evaluate(node));
  }

  private attempt(fn: () => Value): Value {
    try {
      return fn();
    } catch (e) {
      if (e instanceof Unsupported) return { kind: 'unsupported', error: e.error };
      throw e;
    }
  }

  /** Evaluates for a peek (class bases, assignment owners): nothing it raises matters. */
  private attemptQuiet(fn: () => Value): Value | null {
    try {
      return fn();
    } catch (e) {
      if (e instanceof Unsupported) return null;
      throw e;
    }
  }

  poison(message: string, node: SyntaxNode): Value {
    return { kind: 'unsupported', error: new ScanError('unsupported', message, this.source.rangeOf(node)) };
  }

  evaluate(node: SyntaxNode): Value {
    const text = () => this.source.textOf(node);
    switch (node.name) {
      case 'Number':
        return parseNumber(text(), this.source.rangeOf(node));
      case 'String':
        return { kind: 'string', value: parseString(text()) };
      case 'ContinuedString':
        return {
          kind: 'string',
          value: namedChildren(node)
            .map((s) => (s.name === 'String' ? parseString(this.source.textOf(s)) : ''))
            .join(''),
        };
      case 'FormatString':
        throw unsupported('f-strings are not evaluated', this.source.rangeOf(node));
      case 'Boolean':
        return { kind: 'bool', value: text() === 'True' };
      case 'None':
        return NONE;
      case 'Ellipsis':
        return { kind: 'ellipsis' };
      case 'VariableName':
        return this.lookup(text(), node);
      case 'ParenthesizedExpression':
        return this.evaluate(namedChildren(node)[0]);
      case 'TupleExpression':
      case 'ArrayExpression':
        return { kind: 'sequence', tuple: node.name === 'TupleExpression', items: this.elements(node) };
      case 'DictionaryExpression':
        return dictLiteral(this, node);
      case 'ArrayComprehensionExpression':
        return { kind: 'sequence', tuple: false, items: this.comprehension(node) };
      case 'UnaryExpression':
        return this.unary(node);
      case 'BinaryExpression':
        return this.binaryExpression(node);
      case 'ConditionalExpression': {
        const [then, condition, otherwise] = namedChildren(node).filter((c) => c.name !== 'if' && c.name !== 'else');
        const holds = truth(this.evaluate(condition));
        if (holds === null) throw unsupported(`the scan cannot tell whether ${this.source.textOf(condition)} holds`, this.source.rangeOf(condition));
        return this.evaluate(holds ? then : otherwise);
      }
      case 'CallExpression':
        return this.call(node);
      case 'MemberExpression':
        if (isTrailingDotFloat(node)) return num(Number(this.source.textOf(node.firstChild!)), false);
        return node.getChild('[') ? subscript(this, this.evaluate(node.firstChild!), node) : this.attribute(node);
      default:
        throw unsupported(`'${text().split(/[\r\n]/)[0]}' is not supported`, this.source.rangeOf(node));
    }
  }

  /** The items of a list or tuple display; `*xs` spreads a list or tuple. */
  private elements(node: SyntaxNode): Value[] {
    const items: Value[] = [];
    let spread = false;
    for (const c of children(node)) {
      if (c.name === '*') spread = true;
      else if (!['(', ')', '[', ']', ','].includes(c.name)) {
        const value = this.evaluate(c);
        if (spread) items.push(...this.iterate(value, c));
        else items.push(value);
        spread = false;
      }
    }
    return items;
  }

  /** `[expr for target in iterable if condition]`, one `for` clause. */
  private comprehension(node: SyntaxNode): Value[] {
    const parts = children(node).filter((c) => !['[', ']', ','].includes(c.name));
    const fors = parts.filter((c) => c.name === 'for');
    if (fors.length !== 1) throw unsupported('nested comprehensions are not supported', this.source.rangeOf(node));
    const forAt = parts.indexOf(fors[0]);
    const inAt = parts.findIndex((c) => c.name === 'in');
    const ifAt = parts.findIndex((c) => c.name === 'if');
    const element = parts[0];
    const targets = parts.slice(forAt + 1, inAt);
    const iterableNode = parts[inAt + 1];
    const condition = ifAt >= 0 ? parts[ifAt + 1] : null;
    const out: Value[] = [];
    for (const item of this.iterate(this.evaluate(iterableNode), iterableNode)) {
      this.step(node);
      this.assign(targets, item, node);
      if (condition && truth(this.evaluate(condition)) !== true) continue;
      out.push(this.evaluate(element));
    }
    return out;
  }

  /** The items a `for` loop sees: sequences and ranges. */
  iterate(value: Value, node: SyntaxNode): Value[] {
    const v = known(value);
    if (v.kind === 'sequence') return v.items;
    if (v.kind === 'dict') return dictKeys(v);
    throw unsupported(`the scan only loops over ranges, lists, tuples and dicts, not over ${describe(v)}`, this.source.rangeOf(node));
  }

  private unary(node: SyntaxNode): Value {
    const op = node.firstChild!;
    const operand = known(this.evaluate(node.lastChild!));
    const opText = this.source.textOf(op);
    if (opText === 'not') {
      const holds = truth(operand);
      if (holds === null) throw unsupported(`the scan cannot tell whether ${this.source.textOf(node.lastChild!)} holds`, this.source.rangeOf(node));
      return { kind: 'bool', value: !holds };
    }
    if (operand.kind === 'number' && (opText === '-' || opText === '+')) return num(opText === '-' ? -operand.value : operand.value, operand.integer);
    if (operand.kind === 'array' && opText === '-') return { kind: 'array', array: negated(operand.array, this.source.rangeOf(node)) };
    if (operand.kind === 'array' && opText === '~') return invertMask(operand.array, this.source.rangeOf(node));
    throw unsupported(`'${this.source.textOf(node)}' is not supported`, this.source.rangeOf(node));
  }

  private binaryExpression(node: SyntaxNode): Value {
    const parts = children(node);
    const left = parts[0];
    const right = parts[parts.length - 1];
    const op = parts
      .slice(1, -1)
      .map((c) => this.source.textOf(c))
      .join(' ');
    if (op === 'and' || op === 'or') {
      const l = known(this.evaluate(left));
      const holds = truth(l);
      if (holds === null) throw unsupported(`the scan cannot tell whether ${this.source.textOf(left)} holds`, this.source.rangeOf(left));
      return (op === 'and') === holds ? this.evaluate(right) : l;
    }
    return binary(this.evaluate(left), op, this.evaluate(right), this.source.textOf(node), this.source.rangeOf(node));
  }

  private attribute(node: SyntaxNode): Value {
    const objectNode = node.firstChild!;
    const name = this.source.textOf(node.lastChild!);
    const object = this.evaluate(objectNode);
    if (object.kind === 'symbol') {
      const symbol = this.symbol([...object.path, name]);
      // numpy's and TensorFlow's newaxis are None.
      return ['numpy.newaxis', 'tensorflow.newaxis'].includes(symbol.path.join('.')) ? NONE : symbol;
    }
    if (object.kind === 'array') {
      const value = arrayAttribute(object.array, name);
      if (value) return value;
    }
    known(object);
    throw unsupported(`'${this.source.textOf(node)}' is not supported`, this.source.rangeOf(node));
  }

  // -------------------------------------------------------------------------
  // Calls
  // -------------------------------------------------------------------------

  /** A callee the scan cannot follow: Python evaluates the arguments before the call, so a NameError in them comes first. */
  private callable(value: Value, node: SyntaxNode): Exclude<Value, { kind: 'unsupported' }> {
    if (value.kind === 'unsupported') {
      const args = callArguments(this.source, node.lastChild!);
      for (const n of [...args.positional, ...[...args.keywords.values()].map((k) => k.value)]) this.lenient(n);
    }
    return known(value);
  }

  private call(node: SyntaxNode): Value {
    const callee = node.firstChild!;
    if (callee.name === 'MemberExpression' && !callee.getChild('[') && !isTrailingDotFloat(callee)) {
      const method = this.source.textOf(callee.lastChild!);
      const strict = STRICT_METHODS.has(method);
      const owner = strict ? strictly(() => this.callable(this.evaluate(callee.firstChild!), node)) : this.evaluate(callee.firstChild!);
      const root = rootVariable(callee);
      if (MUTATORS.has(method) && (owner.kind === 'array' || (owner.kind === 'sequence' && !IN_PLACE_SUPPORTED.has(method))) && root) {
        this.mutated(root, node);
        return NONE;
      }
      if (owner.kind === 'symbol') {
        const symbol = this.symbol([...owner.path, method]);
        const shuffled = IN_PLACE_FUNCTIONS.has(symbol.path.join('.')) ? node.lastChild?.getChild('VariableName') : null;
        if (shuffled) {
          this.shuffle(symbol.path.join('.'), shuffled, node);
          return NONE;
        }
        return callSymbol(this, symbol, node);
      }
      return callMethod(this, this.callable(owner, node), method, node);
    }
    const fn = this.callable(this.evaluate(callee), node);
    switch (fn.kind) {
      case 'symbol':
        return callSymbol(this, fn, node);
      case 'function':
        return this.callFunction(fn.fn, node);
      case 'callbackClass':
        return { kind: 'object', object: { type: 'callback', name: fn.name } };
      case 'layerClass':
        return { kind: 'layer', layer: makeCustomLayer(this, fn, node, [...this.callers], this.layerNames) };
      case 'layer': {
        const args: Args = new Args(this, fn.layer.className, node, ['inputs', 'training', 'mask'], 1);
        if (args.given('mask')) args.refuse('mask', 'masks are not translated');
        if (isMergeLayer(fn.layer.className)) return { kind: 'tensor', tensor: this.graph.apply(fn.layer, tensorList(args, 'inputs')) };
        const input = args.value('inputs');
        if (input?.kind !== 'tensor') args.fail('inputs', 'a tensor from keras.Input or another layer');
        return { kind: 'tensor', tensor: this.graph.apply(fn.layer, input.tensor) };
      }
      default:
        throw unsupported(`${describe(fn)} is not callable`, this.source.rangeOf(callee));
    }
  }

  private callFunction(fn: FunctionValue, node: SyntaxNode): Value {
    if (fn.generator) {
      throw unsupported(
        `${fn.name}() makes a generator: the scan trains on arrays (keras.datasets mnist / fashion_mnist, np.random), not generators`,
        this.source.rangeOf(node),
      );
    }
    if (this.callers.length >= MAX_CALL_DEPTH) throw unsupported(`calls nested deeper than ${MAX_CALL_DEPTH} are not followed`, this.source.rangeOf(node));
    const params = namedChildren(fn.node.getChild('ParamList')!).filter((c) => c.name === 'VariableName' && c.prevSibling?.name !== 'AssignOp');
    const names = params.map((p) => this.source.textOf(p));
    const args = new Args(this, fn.name, node, names);
    const locals = new Map<string, Value>();
    for (const name of names) {
      const value = args.raw(name) ?? fn.defaults.get(name);
      if (value === undefined) throw unsupported(`${fn.name}() is missing the argument '${name}'`, this.source.rangeOf(node));
      locals.set(name, value);
    }
    const saved = { locals: this.locals, callers: this.callers };
    this.locals = locals;
    this.callers = [{ ...this.source.rangeOf(node), functionName: fn.name }, ...this.callers];
    try {
      return this.body(fn.node.getChild('Body')!);
    } finally {
      this.locals = saved.locals;
      this.callers = saved.callers;
    }
  }

  /** Notes a callbacks argument the scan skips. */
  note(diagnostic: Omit<ReportDiagnostic, 'file' | 'line' | 'column' | 'endLine' | 'endColumn'>, range: SourceRange): void {
    // A loop that reaches the same fit again notes nothing new.
    const same = (n: ReportDiagnostic) => n.code === diagnostic.code && n.message === diagnostic.message && n.line === range.line && n.column === range.column;
    if (this.notes.some(same)) return;
    this.notes.push({ ...diagnostic, file: range.file, line: range.line, column: range.column, endLine: range.endLine, endColumn: range.endColumn });
  }
}
