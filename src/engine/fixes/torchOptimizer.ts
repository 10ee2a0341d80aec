// The PyTorch optimiser's constructor (`optim.SGD(model.parameters(), lr=0.5)`): lower its
// learning rate ×0.1, or switch plain SGD to Adam.

import { canonical } from './dialect';
import type { SyntaxNode } from './document';
import { bracketedItems } from './items';
import { formatNumber, numberValue, tenthOf } from './numbers';
import { fromDefault, isMarked, markedRateChange, SGD_TO_ADAM, type Built, type RateChange } from './optimizer';
import { Options } from './options';
import type { TorchFile } from './torchFile';

/** `torch.optim` classes by lower-case name, with their default learning rates (torch 2.x). */
const OPTIMIZERS: Record<string, number> = {
  sgd: 0.001,
  adam: 0.001,
  adamw: 0.001,
  rmsprop: 0.01,
  adagrad: 0.01,
  adadelta: 1,
  adamax: 0.002,
  nadam: 0.002,
  radam: 0.001,
  asgd: 0.01,
  rprop: 0.01,
};

const POSITIONAL = ['params', 'lr', 'momentum', 'dampening', 'weight_decay', 'nesterov'];
const ADAM_RATE = 0.001;

interface Optimizer {
  call: SyntaxNode;
  name: string;
  options: Options;
}

/** The optimiser constructed after the layer (the first), else the last one before it. */
function optimizerOf(t: TorchFile, layer: SyntaxNode): Optimizer | undefined {
  const optimizers = t.doc.all('CallExpression').filter((c) => {
    const path = t.resolved(c);
    return path?.length === 3 && path[0] === 'torch' && path[1] === 'optim' && canonical(path[2]) in OPTIMIZERS;
  });
  const call = optimizers.find((c) => c.from > layer.from) ?? optimizers[optimizers.length - 1];
  const args = call?.getChild('ArgList');
  const name = call && t.kind(call);
  return call && args && name ? { call, name, options: Options.of(t.doc, args, 'keyword', POSITIONAL) } : undefined;
}

function rateChange(t: TorchFile, { name, options }: Optimizer): RateChange | undefined {
  const rate = options.get('lr');
  if (!rate) {
    const change = fromDefault(OPTIMIZERS[name]);
    return { ...change, edits: options.add('lr', change.to) };
  }
  const value = numberValue(t.doc, rate.value);
  const to = value === undefined ? undefined : tenthOf(t.doc.text(rate.value), value);
  return to === undefined ? undefined : { from: t.doc.text(rate.value), to, edits: [options.set(rate, to)] };
}

/** Learning rate ×0.1 in the optimiser's constructor, marked by a comment on the line above. */
export function torchLowerLearningRate(t: TorchFile, layer: SyntaxNode): Built | undefined {
  const optimizer = optimizerOf(t, layer);
  const holder = optimizer && t.doc.statementOf(optimizer.call);
  const change = optimizer && holder && !isMarked(t.doc, holder) ? rateChange(t, optimizer) : undefined;
  return holder && change && markedRateChange(t.doc, holder, change);
}

/** Plain SGD (no momentum, no Nesterov) → Adam at Adam's default rate; the parameters and weight decay kept. */
export function torchSgdToAdam(t: TorchFile, layer: SyntaxNode): Built | undefined {
  const optimizer = optimizerOf(t, layer);
  if (!optimizer || optimizer.name !== 'sgd' || !optimizer.options.canAdd) return undefined;
  const { options, call } = optimizer;
  const literal = (option: string) => {
    const set = options.get(option);
    return set && (set.value.name === 'Number' ? numberValue(t.doc, set.value) : t.doc.text(set.value));
  };
  const momentum = literal('momentum');
  const nesterov = literal('nesterov');
  const params = options.get('params');
  const given = bracketedItems(t.doc, call.getChild('ArgList')!).items.length;
  // An argument SGD has and Adam has not (`maximize=`, `foreach=`…): leave such a constructor alone.
  const known = POSITIONAL.filter((p) => options.get(p)).length === given;
  if ((momentum !== undefined && momentum !== 0) || (nesterov !== undefined && nesterov !== 'False') || !params || !known) return undefined;
  const adam = t.sibling(call, 'Adam');
  const decay = options.get('weight_decay');
  const rest = decay ? `, weight_decay=${t.doc.text(decay.value)}` : '';
  const newText = adam && `${adam}(${t.doc.text(params.value)}, lr=${formatNumber(ADAM_RATE)}${rest})`;
  return newText ? { title: SGD_TO_ADAM, edits: [{ start: call.from, end: call.to, newText }] } : undefined;
}
