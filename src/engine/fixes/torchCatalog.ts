// The fixes in PyTorch's own terms: `nn.init` calls after the layer's construction, a BatchNorm
// after the layer (in its Sequential, or a new module applied in `forward`), ReLU → LeakyReLU in
// module or functional form, zero bias in place of a strongly negative one, and the optimiser's.

import type { FixId } from '../../shared/protocol';
import { insertLinesAfter, same } from './chain';
import { children, type SyntaxNode } from './document';
import type { FixTarget } from './index';
import { bracketedItems, insertAfter } from './items';
import type { Built } from './optimizer';
import { Options } from './options';
import { offsetAt } from './text';
import type { TorchFile } from './torchFile';
import { torchLowerLearningRate, torchSgdToAdam } from './torchOptimizer';
import { attributeCalled, forwardCalls, placeOf, type ModulePlace } from './torchPlaces';
import { parameterWrites } from './torchWrites';

export type TorchBuilder = (t: TorchFile, layer: SyntaxNode, target: FixTarget) => Built | undefined;

/** A bias written with a mean at or below this is strongly negative (as for Keras). */
const NEGATIVE_BIAS = -0.1;
const LEAKY_SLOPE = '0.01';

/** The layers whose weights the init fixes set: the BatchNorm that normalises each one's output, and the option that sizes it. */
const BATCH_NORMS: Record<string, [batchNorm: string, positional: readonly string[], size: string]> = {
  linear: ['BatchNorm1d', ['in_features', 'out_features'], 'out_features'],
  conv1d: ['BatchNorm1d', ['in_channels', 'out_channels'], 'out_channels'],
  conv2d: ['BatchNorm2d', ['in_channels', 'out_channels'], 'out_channels'],
  conv3d: ['BatchNorm3d', ['in_channels', 'out_channels'], 'out_channels'],
  convtranspose1d: ['BatchNorm1d', ['in_channels', 'out_channels'], 'out_channels'],
  convtranspose2d: ['BatchNorm2d', ['in_channels', 'out_channels'], 'out_channels'],
  convtranspose3d: ['BatchNorm3d', ['in_channels', 'out_channels'], 'out_channels'],
};

const isBatchNorm = (t: TorchFile, node: SyntaxNode | undefined): boolean => node?.name === 'CallExpression' && (t.kind(node) ?? '').startsWith('batchnorm');

function initFix(kind: 'Kaiming' | 'Xavier'): TorchBuilder {
  return (t, layer, target) => {
    const place = placeOf(t, layer);
    const { handle } = place;
    if (!handle || !((t.kind(layer) ?? '') in BATCH_NORMS)) return undefined;
    // Writes from outside the block (through the model) are not where the new call goes.
    const writes = parameterWrites(t, place, 'weight').filter((w) => same(w.statement.parent, handle.statement.parent));
    const last = writes[writes.length - 1];
    if (last?.init && last.fn.startsWith(kind.toLowerCase())) return undefined;
    const weight = `${handle.text}.weight`;
    const fn = kind === 'Kaiming' ? 'kaiming_normal_' : 'xavier_uniform_';
    const nonlinearity = target.activation === 'leaky_relu' ? 'leaky_relu' : 'relu';
    const call = t.init(fn);
    const text = call && `${call}(${weight}${kind === 'Kaiming' ? `, nonlinearity=${t.doc.str(nonlinearity)}` : ''})`;
    const edits = text === undefined ? undefined : insertLinesAfter(t.doc, last?.statement ?? handle.statement, [text]);
    return edits && { title: `Use ${kind} initialisation (${text})`, edits };
  };
}

const zeroBias: TorchBuilder = (t, layer) => {
  const negative = parameterWrites(t, placeOf(t, layer), 'bias').filter((w) => w.mean !== undefined && w.mean <= NEGATIVE_BIAS);
  const zeros = negative.length ? t.init('zeros_') : undefined;
  if (!zeros) return undefined;
  const edits = negative.map((w) => ({ start: w.call.from, end: w.call.to, newText: `${zeros}(${w.target})` }));
  return { title: `Initialise the bias to zeros (${zeros})`, edits };
};

/** The next statement after `statement`, comments skipped. */
function nextStatement(t: TorchFile, statement: SyntaxNode): SyntaxNode | undefined {
  let s = statement.nextSibling;
  while (s && t.doc.isComment(s)) s = s.nextSibling;
  return s ?? undefined;
}

/** The argument of `receiver.append(argument)` in a statement, if it is one. */
function appendedIn(t: TorchFile, statement: SyntaxNode | undefined, receiver: string): SyntaxNode | undefined {
  const call = statement?.name === 'ExpressionStatement' ? statement.firstChild : null;
  const path = call && t.doc.calleePath(call);
  const args = call?.getChild('ArgList');
  const argument = args && call ? Options.of(t.doc, args, 'keyword', ['value']).get('value')?.value : undefined;
  return path?.join('.') === `${receiver}.append` ? argument : undefined;
}

/** The new attribute's name: `fc1_bn`, else `fc1_bn2`… not used in the class yet. */
function freeAttribute(t: TorchFile, owner: SyntaxNode, base: string): string {
  const used = new Set(t.doc.all('MemberExpression', owner).map((m) => t.doc.text(m)));
  let name = base;
  for (let n = 2; used.has(`self.${name}`); n++) name = `${base}${n}`;
  return name;
}

/** A BatchNorm module after an attribute: assigned after it in `__init__`, applied to its output in `forward`. */
function batchNormAttribute(t: TorchFile, place: ModulePlace, ctor: string): Built | undefined {
  const { attribute } = place;
  const calls = attribute ? forwardCalls(t.doc, attribute.owner, attribute.name) : [];
  if (!attribute || calls.length === 0) return undefined;
  const applied = (call: SyntaxNode) => {
    const outer = call.parent?.name === 'ArgList' ? call.parent.parent : null;
    return !!outer && isBatchNorm(t, attributeCalled(t, outer));
  };
  if (calls.some(applied)) return undefined;
  const name = freeAttribute(t, attribute.owner, `${attribute.name}_bn`);
  const added = insertLinesAfter(t.doc, attribute.statement, [`self.${name} = ${ctor}`]);
  const wraps = calls.flatMap((c) => [
    { start: c.from, end: c.from, newText: `self.${name}(` },
    { start: c.to, end: c.to, newText: ')' },
  ]);
  return added && { title: `Insert self.${name} = ${ctor}, applied after self.${attribute.name} in forward`, edits: [...added, ...wraps] };
}

const batchNorm: TorchBuilder = (t, layer) => {
  const norm = BATCH_NORMS[t.kind(layer) ?? ''];
  const args = layer.getChild('ArgList');
  const size = norm && args ? Options.of(t.doc, args, 'keyword', norm[1]).get(norm[2]) : undefined;
  const name = norm && size && t.sibling(layer, norm[0]);
  if (!name || !size) return undefined;
  const ctor = `${name}(${t.doc.text(size.value)})`;
  const title = `Insert ${ctor} after the layer`;
  const place = placeOf(t, layer);
  if (place.entry) {
    const { list, index } = place.entry;
    const next = list.items[index + 1];
    if (next?.nodes.length === 1 && isBatchNorm(t, next.nodes[0])) return undefined;
    return { title, edits: insertAfter(t.doc, list, index, [ctor]) };
  }
  if (place.appended) {
    const { receiver, statement } = place.appended;
    if (isBatchNorm(t, appendedIn(t, nextStatement(t, statement), receiver))) return undefined;
    const edits = insertLinesAfter(t.doc, statement, [`${receiver}.append(${ctor})`]);
    return edits && { title, edits };
  }
  return batchNormAttribute(t, place, ctor);
};

type ReluForm = 'module' | 'functional' | 'method';

/** How a call applies ReLU: `nn.ReLU()`, `F.relu(x)` / `torch.relu(x)`, `x.relu()`; undefined when it does not. */
function reluForm(t: TorchFile, call: SyntaxNode): ReluForm | undefined {
  const callee = call.firstChild;
  const property = callee?.name === 'MemberExpression' ? callee.lastChild : callee;
  const name = property ? t.doc.text(property) : '';
  if (name === 'ReLU') return 'module';
  if (name !== 'relu' && name !== 'relu_') return undefined;
  if (t.isTorch(call)) return 'functional';
  const args = call.getChild('ArgList');
  return callee?.name === 'MemberExpression' && args && bracketedItems(t.doc, args).items.length === 0 ? 'method' : undefined;
}

/** `self.relu(...)` in a method: the `nn.ReLU()` the attribute holds. */
function reluModuleCalled(t: TorchFile, call: SyntaxNode): SyntaxNode | undefined {
  const module = attributeCalled(t, call);
  return module?.name === 'CallExpression' && reluForm(t, module) === 'module' ? module : undefined;
}

/** The ReLU call at a 1-based position: the innermost one around it. */
function reluAt(t: TorchFile, site: { line: number; column: number }): SyntaxNode | undefined {
  const offset = offsetAt(t.doc.source, site.line, site.column);
  if (offset === undefined) return undefined;
  for (let n: SyntaxNode | null = t.doc.tree.resolveInner(offset, 1); n; n = n.parent) {
    const relu = n.name === 'CallExpression' ? (reluForm(t, n) ? n : reluModuleCalled(t, n)) : undefined;
    if (relu) return relu;
  }
  return undefined;
}

/** The ReLU applied to `call`'s output in `forward`: around it (past a BatchNorm), or a method of it. */
function reluAround(t: TorchFile, call: SyntaxNode): SyntaxNode | undefined {
  let node = call;
  for (;;) {
    const parent = node.parent;
    if (parent?.name === 'AssignStatement') {
      const next = nextUse(t, parent, node);
      if (!next) return undefined;
      node = next;
      continue;
    }
    if (parent?.name === 'MemberExpression' && same(parent.firstChild, node) && parent.parent?.name === 'CallExpression') {
      return reluForm(t, parent.parent) === 'method' ? parent.parent : undefined;
    }
    const outer = parent?.name === 'ArgList' ? parent.parent : null;
    if (!outer) return undefined;
    if (reluForm(t, outer) === 'functional') return outer;
    const module = reluModuleCalled(t, outer);
    if (module) return module;
    if (!isBatchNorm(t, attributeCalled(t, outer))) return undefined;
    node = outer;
  }
}

/** `x = <value>` then `x = F.relu(x)`: the use of `x` in the next statement (not the name it assigns). */
function nextUse(t: TorchFile, statement: SyntaxNode, value: SyntaxNode): SyntaxNode | undefined {
  const [target, , assigned] = children(statement);
  const next = same(assigned, value) && target.name === 'VariableName' ? nextStatement(t, statement) : undefined;
  const name = t.doc.text(target);
  return next && t.doc.all('VariableName', next).find((n) => t.doc.text(n) === name && !same(n.parent, next));
}

/** The ReLU that follows the layer: at the report's activation site, else found next to the layer. */
function reluOf(t: TorchFile, layer: SyntaxNode, target: FixTarget): SyntaxNode | undefined {
  if (target.activationSite) return reluAt(t, target.activationSite);
  const place = placeOf(t, layer);
  const isModule = (n: SyntaxNode | undefined) => n?.name === 'CallExpression' && reluForm(t, n) === 'module';
  if (place.entry) {
    const { list, index } = place.entry;
    const next = list.items.slice(index + 1).find((i) => !(i.nodes.length === 1 && isBatchNorm(t, i.nodes[0])));
    return next?.nodes.length === 1 && isModule(next.nodes[0]) ? next.nodes[0] : undefined;
  }
  if (place.appended) {
    const { receiver } = place.appended;
    let statement = nextStatement(t, place.appended.statement);
    while (isBatchNorm(t, appendedIn(t, statement, receiver))) statement = statement && nextStatement(t, statement);
    const next = appendedIn(t, statement, receiver);
    return isModule(next) ? next : undefined;
  }
  const { attribute } = place;
  const calls = attribute ? forwardCalls(t.doc, attribute.owner, attribute.name) : [];
  const found = attribute && calls.length === 1 ? reluAround(t, calls[0]) : undefined;
  return found;
}

/** The LeakyReLU text that replaces a ReLU call, keeping its input and `inplace`. */
function leakyText(t: TorchFile, call: SyntaxNode, form: ReluForm): string | undefined {
  const { doc } = t;
  const args = call.getChild('ArgList');
  if (!args) return undefined;
  const options = Options.of(doc, args, 'keyword', form === 'functional' ? ['input', 'inplace'] : ['inplace']);
  const inplace = options.get('inplace');
  const extra = inplace ? `, inplace=${doc.text(inplace.value)}` : '';
  if (form === 'module') {
    const name = t.sibling(call, 'LeakyReLU');
    return name && `${name}(${LEAKY_SLOPE}${extra})`;
  }
  const callee = call.firstChild!;
  const underscore = doc.text(callee).endsWith('_') ? '_' : '';
  const input = form === 'functional' ? options.get('input')?.value : (callee.firstChild ?? undefined);
  const fn = t.functional(`leaky_relu${underscore}`);
  return input && fn ? `${fn}(${doc.text(input)}, ${LEAKY_SLOPE}${extra})` : undefined;
}

const leakyRelu: TorchBuilder = (t, layer, target) => {
  const relu = target.family === 'relu' ? reluOf(t, layer, target) : undefined;
  const form = relu && reluForm(t, relu);
  const text = relu && form && leakyText(t, relu, form);
  return text ? { title: `Replace ReLU with LeakyReLU (${text})`, edits: [{ start: relu.from, end: relu.to, newText: text }] } : undefined;
};

export const TORCH_BUILDERS: Partial<Record<FixId, TorchBuilder>> = {
  'zero-bias': zeroBias,
  'he-init': initFix('Kaiming'),
  'glorot-init': initFix('Xavier'),
  'batch-norm': batchNorm,
  'leaky-relu': leakyRelu,
  'lower-lr': torchLowerLearningRate,
  'sgd-to-adam': torchSgdToAdam,
};
