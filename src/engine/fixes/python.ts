// Keras in Python: argument positions, model styles, optimiser classes and naming.

import { addChain, followingStatements, insertLinesAfter, listChain, same, soleArgument, wrapChain } from './chain';
import type { Application, Chain } from './chain';
import { canonical, type Dialect, type NewLayer, type OptimizerSyntax } from './dialect';
import { children, type Doc, type SyntaxNode } from './document';
import { Options } from './options';
import { PythonNames } from './pythonNames';
import type { TextEdit } from './text';

/** Keras optimiser classes by lower-case name, with their default learning rates. */
const OPTIMIZERS: Record<string, [className: string, rate: number]> = {
  adam: ['Adam', 0.001],
  sgd: ['SGD', 0.01],
  rmsprop: ['RMSprop', 0.001],
  adagrad: ['Adagrad', 0.001],
  adadelta: ['Adadelta', 0.001],
  adamax: ['Adamax', 0.001],
  nadam: ['Nadam', 0.001],
  adamw: ['AdamW', 0.001],
  ftrl: ['Ftrl', 0.001],
};

const CONV = [
  'filters',
  'kernel_size',
  'strides',
  'padding',
  'data_format',
  'dilation_rate',
  'groups',
  'activation',
  'use_bias',
  'kernel_initializer',
  'bias_initializer',
  'kernel_regularizer',
];

/** Parameter names by position, by lower-case class (or function) name without underscores. */
const POSITIONAL: Record<string, readonly string[]> = {
  dense: ['units', 'activation', 'use_bias', 'kernel_initializer', 'bias_initializer', 'kernel_regularizer'],
  conv1d: CONV,
  conv2d: CONV,
  conv3d: CONV,
  activation: ['activation'],
  dropout: ['rate'],
  constant: ['value'],
  randomnormal: ['mean', 'stddev', 'seed'],
  truncatednormal: ['mean', 'stddev', 'seed'],
  randomuniform: ['minval', 'maxval', 'seed'],
  compile: ['optimizer', 'loss', 'metrics'],
  ...Object.fromEntries(Object.keys(OPTIMIZERS).map((name) => [name, ['learning_rate']])),
  sgd: ['learning_rate', 'momentum', 'nesterov'],
};

const LAYER_CLASSES: Record<NewLayer['kind'], string> = {
  'batch-norm': 'BatchNormalization',
  activation: 'Activation',
  'leaky-relu': 'LeakyReLU',
  dropout: 'Dropout',
};

/** `layer(x)`: a layer applied to a tensor. */
const APPLICATION: Application = {
  of: (call) => {
    const parent = call.parent;
    return parent?.name === 'CallExpression' && same(parent.firstChild, call) ? parent : undefined;
  },
  layer: (application) => {
    const callee = application.firstChild;
    return application.name === 'CallExpression' && callee?.name === 'CallExpression' ? callee : undefined;
  },
  wrap: (layer) => [`${layer}(`, ')'],
};

/** `x = Dense(64)(x)` statements, followed by the next statements that rebind `x` the same way. */
function assignChain(doc: Doc, call: SyntaxNode): Chain | undefined {
  const rebinding = (statement: SyntaxNode): { name: string; layer: SyntaxNode; input: string } | undefined => {
    const parts = children(statement);
    const [target, , value] = parts;
    const layer = value && APPLICATION.layer(value);
    const input = value && soleArgument(doc, value);
    if (statement.name !== 'AssignStatement' || parts.length !== 3 || target.name !== 'VariableName' || !layer || !input) {
      return undefined;
    }
    return { name: doc.text(target), layer, input: doc.text(input) };
  };
  const statement = APPLICATION.of(call)?.parent;
  const site = statement && rebinding(statement);
  if (!statement || !site || !same(site.layer, call)) return undefined;
  const { name } = site;
  const following = followingStatements(doc, statement, (s) => {
    const next = rebinding(s);
    return next?.name === name && next.input === name ? next.layer : undefined;
  });
  const statements = [statement, ...following.statements];
  return {
    layers: [call, ...following.layers],
    insertAfter: (index, texts) =>
      insertLinesAfter(
        doc,
        statements[index],
        texts.map((t) => `${name} = ${t}(${name})`),
      ),
  };
}

export class PythonDialect implements Dialect {
  readonly none = 'None';
  private readonly names: PythonNames;
  readonly optimizer: OptimizerSyntax;

  constructor(readonly doc: Doc) {
    this.names = new PythonNames(doc);
    this.optimizer = {
      defaultRate: (name) => OPTIMIZERS[name]?.[1],
      rateNames: ['learning_rate', 'lr'],
      create: (name, rate, sibling) => {
        const optimizer = OPTIMIZERS[name];
        const ref = optimizer && this.ref('optimizers', optimizer[0], sibling);
        return ref && `${ref}(learning_rate=${rate})`;
      },
      isPlainSgd: (options) => {
        const momentum = options.get('momentum');
        const nesterov = options.get('nesterov');
        const zero = !momentum || (momentum.value.name === 'Number' && Number(doc.text(momentum.value)) === 0);
        return zero && (!nesterov || doc.text(nesterov.value) === 'False');
      },
      implicit: 'rmsprop',
    };
  }

  name(snake: string): string {
    return snake;
  }

  show(snake: string, value: string): string {
    return `${snake}=${value}`;
  }

  kind(call: SyntaxNode): string | undefined {
    const path = this.doc.calleePath(call);
    if (!path) return undefined;
    const resolved = path.length === 1 ? (this.names.resolve(path[0]) ?? path) : path;
    return canonical(resolved[resolved.length - 1]);
  }

  options(call: SyntaxNode): Options | undefined {
    const args = call.getChild('ArgList');
    const kind = this.kind(call);
    return args && kind !== undefined ? Options.of(this.doc, args, 'keyword', POSITIONAL[kind] ?? []) : undefined;
  }

  chain(call: SyntaxNode): Chain | undefined {
    const { doc } = this;
    return listChain(doc, call) ?? addChain(doc, call) ?? assignChain(doc, call) ?? wrapChain(doc, call, APPLICATION);
  }

  /** A Keras symbol named like `sibling`, a call of a layer or of an optimiser. */
  private ref(module: string, symbol: string, sibling: SyntaxNode): string | undefined {
    const kind = this.kind(sibling);
    const siblingModule = kind !== undefined && kind in OPTIMIZERS ? 'optimizers' : 'layers';
    return this.names.ref(module, symbol, this.doc.calleePath(sibling) ?? [], siblingModule);
  }

  layer(sibling: SyntaxNode, layer: NewLayer): string | undefined {
    const args = layer.kind === 'activation' ? layer.value : layer.kind === 'dropout' ? String(layer.rate) : '';
    const name = this.ref('layers', LAYER_CLASSES[layer.kind], sibling);
    return name && `${name}(${args})`;
  }

  l2(sibling: SyntaxNode, factor: string): string | undefined {
    const name = this.ref('regularizers', 'l2', sibling);
    return name && `${name}(${factor})`;
  }

  assigned(variable: SyntaxNode): SyntaxNode | undefined {
    const name = this.doc.text(variable);
    const values = this.doc
      .all('AssignStatement')
      .map(children)
      .filter((parts) => parts.length === 3 && parts[0].name === 'VariableName' && this.doc.text(parts[0]) === name)
      .map((parts) => parts[2]);
    return values.length === 1 ? values[0] : undefined;
  }

  imports(): TextEdit[] {
    return this.names.edits();
  }
}
