// The model's compile call and its optimiser: lower the learning rate ×0.1, or switch plain SGD to Adam.

import { canonical, type Dialect } from './dialect';
import type { Doc, SyntaxNode } from './document';
import { formatNumber, numberValue, tenthOf } from './numbers';
import type { Options } from './options';
import { indentAt, lineStart, type TextEdit } from './text';

export interface Built {
  title: string;
  edits: TextEdit[];
}

/** Marks a learning rate this fix lowered, on the line above, so the fix is not offered again. */
const MARKER = 'Dying Neurons: learning rate x0.1';

type Optimizer =
  /** `optimizer='adam'` */
  | { form: 'string'; name: string; node: SyntaxNode; holder: SyntaxNode }
  /** `optimizer=Adam(learning_rate=0.01)`, possibly through a variable */
  | { form: 'call'; name: string; node: SyntaxNode; options: Options; holder: SyntaxNode }
  /** `compile(loss=...)` with no optimiser (Keras uses RMSprop) */
  | { form: 'absent'; compile: Options; holder: SyntaxNode };

/** The name of the model a layer belongs to: the `model` of `model.add(...)` or of `model = Sequential([...])`. */
function modelOf(d: Dialect, layer: SyntaxNode): string | undefined {
  for (let n = layer.parent; n; n = n.parent) {
    const path = n.name === 'CallExpression' ? d.doc.calleePath(n) : undefined;
    if (path && path.length > 1 && path[path.length - 1] === 'add') return path.slice(0, -1).join('.');
    const target = n.name === 'AssignStatement' ? n.firstChild : n.name === 'VariableDeclaration' ? n.getChild('VariableDefinition') : null;
    if (target) return d.doc.text(target);
  }
  return undefined;
}

/** The compile call of the layer's model: on the model's name when it has one, the first after the layer otherwise. */
function compileOf(d: Dialect, layer: SyntaxNode): SyntaxNode | undefined {
  const compiles = d.doc.all('CallExpression').flatMap((call) => {
    const path = d.doc.calleePath(call);
    return path && path.length > 1 && path[path.length - 1] === 'compile' ? [{ call, receiver: path.slice(0, -1).join('.') }] : [];
  });
  const model = modelOf(d, layer);
  const own = compiles.filter((c) => c.receiver === model);
  const candidates = (own.length ? own : compiles).map((c) => c.call);
  return candidates.find((c) => c.from > layer.from) ?? candidates[candidates.length - 1];
}

function optimizerOf(d: Dialect, layer: SyntaxNode): Optimizer | undefined {
  const compile = compileOf(d, layer);
  const options = compile && d.options(compile);
  if (!compile || !options) return undefined;
  const statement = d.doc.statementOf(compile);
  const given = options.get('optimizer');
  if (!given) return d.optimizer.implicit ? { form: 'absent', compile: options, holder: statement } : undefined;
  let node = given.value;
  let holder = statement;
  if (node.name === 'VariableName' || node.name === 'PropertyDefinition') {
    const assigned = d.assigned(node);
    if (!assigned) return undefined;
    node = assigned;
    holder = d.doc.statementOf(assigned);
  }
  const text = d.doc.stringValue(node);
  if (text !== undefined) return { form: 'string', name: canonical(text), node, holder };
  const name = node.name === 'CallExpression' ? d.kind(node) : undefined;
  const callOptions = name !== undefined ? d.options(node) : undefined;
  return name !== undefined && callOptions ? { form: 'call', name, node, options: callOptions, holder } : undefined;
}

/** Whether the line above the optimiser's statement has this fix's marker. */
export function isMarked(doc: Doc, holder: SyntaxNode): boolean {
  const start = lineStart(doc.source, holder.from);
  if (start === 0) return false;
  const previous = lineStart(doc.source, start - 1);
  return doc.comments().some((c) => c.from >= previous && c.from < start && doc.text(c).includes(MARKER));
}

export interface RateChange {
  from: string;
  to: string;
  edits: TextEdit[] | undefined;
}

/** A default learning rate, and a tenth of it. */
export function fromDefault(rate: number): { from: string; to: string } {
  return { from: formatNumber(rate), to: formatNumber(rate / 10) };
}

function rateChange(d: Dialect, optimizer: Optimizer, layer: SyntaxNode): RateChange | undefined {
  if (optimizer.form === 'call') {
    const { options } = optimizer;
    const rate = options.get(...d.optimizer.rateNames);
    if (rate) {
      const value = numberValue(d.doc, rate.value);
      const to = value === undefined ? undefined : tenthOf(d.doc.text(rate.value), value);
      return to === undefined ? undefined : { from: d.doc.text(rate.value), to, edits: [options.set(rate, to)] };
    }
    const fallback = d.optimizer.defaultRate(optimizer.name, 'call');
    if (fallback === undefined) return undefined;
    const change = fromDefault(fallback);
    return { ...change, edits: options.add(d.optimizer.rateNames[0], change.to) };
  }
  // A string, or nothing: an optimiser object with the default rate ×0.1.
  const name = optimizer.form === 'string' ? optimizer.name : d.optimizer.implicit;
  const rate = name === undefined ? undefined : d.optimizer.defaultRate(name, 'string');
  if (name === undefined || rate === undefined) return undefined;
  const change = fromDefault(rate);
  const created = d.optimizer.create(name, change.to, layer);
  if (created === undefined) return undefined;
  const edits =
    optimizer.form === 'string' ? [{ start: optimizer.node.from, end: optimizer.node.to, newText: created }] : optimizer.compile.add('optimizer', created);
  return { ...change, edits };
}

/** Learning rate ×0.1 in the compile call's optimiser, marked by a comment on the line above. */
export function lowerLearningRate(d: Dialect, layer: SyntaxNode): Built | undefined {
  const optimizer = optimizerOf(d, layer);
  const change = optimizer && !isMarked(d.doc, optimizer.holder) ? rateChange(d, optimizer, layer) : undefined;
  return optimizer && change && markedRateChange(d.doc, optimizer.holder, change);
}

/** A rate change with the marker on the line above the optimiser's statement `holder`. */
export function markedRateChange(doc: Doc, holder: SyntaxNode, change: RateChange): Built | undefined {
  if (!change.edits) return undefined;
  const { source, newline } = doc;
  const at = lineStart(source, holder.from);
  const marker = indentAt(source, holder.from) + doc.comment(`${MARKER} (was ${change.from})`) + newline;
  return {
    title: `Lower the learning rate ×0.1 (${change.from} → ${change.to})`,
    edits: [{ start: at, end: at, newText: marker }, ...change.edits],
  };
}

export const SGD_TO_ADAM = "Switch SGD to Adam (learning rate 0.001, Adam's default)";

/** Plain SGD → Adam at Adam's default learning rate. */
export function sgdToAdam(d: Dialect, layer: SyntaxNode): Built | undefined {
  const optimizer = optimizerOf(d, layer);
  if (!optimizer || optimizer.form === 'absent' || optimizer.name !== 'sgd') return undefined;
  const title = SGD_TO_ADAM;
  const { node } = optimizer;
  if (optimizer.form === 'string') {
    const quote = d.doc.source[node.from];
    return { title, edits: [{ start: node.from, end: node.to, newText: `${quote}adam${quote}` }] };
  }
  const adam = d.optimizer.isPlainSgd(optimizer.options) ? d.optimizer.create('adam', '0.001', node) : undefined;
  return adam ? { title, edits: [{ start: node.from, end: node.to, newText: adam }] } : undefined;
}
