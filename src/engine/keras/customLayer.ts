// A custom Keras layer, `class X(keras.layers.Layer)`: translated when it has no weights and its
// `call` is elementwise ops tfjs has (a layer that only applies an activation of its own), else
// refused with the first method or construct the scan does not follow, where it is written.

import type { SourceFrame, SourceRange } from '../../shared/protocol';
import { ScanError } from '../errors';
import type { CustomActivation } from '../plan';
import { Args, type Evaluator } from './args';
import { elementwiseCall } from './customActivation';
import type { LayerNames } from './names';
import { children, type SyntaxNode } from './source';
import type { LayerValue, Value } from './values';

/** Methods a weightless elementwise layer may define besides call: they change nothing the scan trains. */
const HARMLESS = new Set(['compute_output_shape', 'get_config', 'from_config']);

/** Whether a class base is Keras's Layer (keras.layers.Layer, Keras 1's keras.layers.core.Layer, …). */
export function isLayerBase(value: Value | null): boolean {
  return value?.kind === 'symbol' && value.path[0] === 'keras' && value.path[value.path.length - 1] === 'Layer';
}

/** The layer class as a value: its elementwise activation, or an unsupported value with the reason at its place. */
export function layerClass(ev: Evaluator, className: string, node: SyntaxNode): Value {
  try {
    return { kind: 'layerClass', name: className, activation: { name: className, expression: readCall(ev, className, node) } };
  } catch (e) {
    if (e instanceof ScanError) return { kind: 'unsupported', error: e };
    throw e;
  }
}

function readCall(ev: Evaluator, className: string, node: SyntaxNode): CustomActivation['expression'] {
  const refuse = (at: SyntaxNode, why: string): never => {
    throw new ScanError('unsupported', `the layer ${className}: ${why}`, firstLine(ev, at));
  };
  const methods = new Map<string, SyntaxNode>();
  for (const statement of children(node.getChild('Body')!)) {
    if (statement.name === ':' || (statement.name === 'ExpressionStatement' && statement.firstChild?.name === 'String')) continue;
    const def = statement.name === 'DecoratedStatement' ? statement.lastChild! : statement;
    const nameNode = def.name === 'FunctionDefinition' ? def.getChild('VariableName') : null;
    if (!nameNode)
      return refuse(statement, `${firstLineText(ev, statement)} in its class body is not followed (the scan translates a layer whose call is elementwise)`);
    methods.set(ev.source.textOf(nameNode), def);
  }
  const call = methods.get('call');
  if (!call) {
    const keras1 = methods.has('get_output') ? " (get_output is Keras 1's name for it)" : '';
    return refuse(node.getChild('VariableName')!, `it defines no call(self, inputs), which Keras 3 calls${keras1}`);
  }
  for (const [name, def] of methods) {
    if (name === 'call' || HARMLESS.has(name)) continue;
    if (name === '__init__' && onlyInitializesLayer(ev, def)) continue;
    const why =
      name === 'build'
        ? 'its build() creates weights, which the scan does not translate'
        : name === '__init__'
          ? "its __init__ does more than call Layer's, which the scan does not follow"
          : `its method ${name} is not followed`;
    return refuse(def, why);
  }
  const defaults = new Map<string, Value>();
  for (const c of children(call.getChild('ParamList')!)) {
    if (c.name === 'AssignOp' && c.prevSibling) defaults.set(ev.source.textOf(c.prevSibling), ev.lenient(c.nextSibling!));
  }
  return elementwiseCall(ev, { name: 'call', node: call, defaults, generator: false }, `the layer ${className}'s call`);
}

/** `def __init__(self, **kwargs): super().__init__(**kwargs)`, with a docstring at most. */
function onlyInitializesLayer(ev: Evaluator, def: SyntaxNode): boolean {
  return children(def.getChild('Body')!).every((s) => {
    if (s.name === ':' || (s.name === 'ExpressionStatement' && s.firstChild?.name === 'String')) return true;
    const call = s.name === 'ExpressionStatement' ? s.firstChild : null;
    return call?.name === 'CallExpression' && /^super\([^)]*\)\s*\.\s*__init__$/.test(ev.source.textOf(call.firstChild!));
  });
}

function firstLineText(ev: Evaluator, node: SyntaxNode): string {
  return ev.source.textOf(node).split(/[\r\n]/)[0];
}

function firstLine(ev: Evaluator, node: SyntaxNode): SourceRange {
  return ev.source.range(node.from, node.from + firstLineText(ev, node).length);
}

/** `X(...)` of a translated layer class: a tfjs activation layer applying the class's call, named as Keras names it. */
export function makeCustomLayer(
  ev: Evaluator,
  value: { name: string; activation: CustomActivation },
  call: SyntaxNode,
  callers: SourceFrame[],
  names: LayerNames,
): LayerValue {
  const args = new Args(ev, value.name, call, ['name', 'trainable', 'dtype', 'input_shape'], 0);
  const location = ev.source.rangeOf(call);
  const config = { activation: value.activation.name, name: args.string('name') ?? names.next(value.name) };
  const inputShape = args.shape('input_shape', { unknown: true }) ?? null;
  return {
    className: value.name,
    plans: [{ factory: 'activation', config, location, callers, customActivation: value.activation }],
    inputShape,
    location,
  };
}
