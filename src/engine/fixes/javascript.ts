// TensorFlow.js in JavaScript and TypeScript: config objects, model styles, `tf.train` optimisers
// and the file's own name for the tfjs module.

import { addChain, listChain, same, wrapChain, type Application, type Chain } from './chain';
import { camel, canonical, type Dialect, type NewLayer, type OptimizerSyntax } from './dialect';
import { children, type Doc, type SyntaxNode } from './document';
import { append, bracketedItems, type ItemList } from './items';
import { Options } from './options';
import type { TextEdit } from './text';

/**
 * `tf.train` optimisers by lower-case name: the learning rate tfjs uses for the optimiser given
 * by name in `compile` (tfjs-layers' getOptimizer), and when the factory is called without one.
 */
const OPTIMIZERS: Record<string, { string?: number; call?: number }> = {
  adam: { string: 0.001, call: 0.001 },
  sgd: { string: 0.01 },
  rmsprop: { string: 0.001 },
  adagrad: { string: 0.01 },
  adadelta: { string: 1, call: 0.001 },
  adamax: { string: 0.002, call: 0.002 },
  momentum: {},
};

/** `layer.apply(x)`: a layer applied to a tensor. */
function application(doc: Doc): Application {
  const of = (call: SyntaxNode): SyntaxNode | undefined => {
    const member = call.parent;
    const applied = member?.parent;
    const property = member?.lastChild;
    const isApply = member?.name === 'MemberExpression' && property?.name === 'PropertyName' && doc.text(property) === 'apply';
    return isApply && same(member.firstChild, call) && applied?.name === 'CallExpression' && same(applied.firstChild, member) ? applied : undefined;
  };
  return {
    of,
    layer: (applied) => {
      const layer = applied.firstChild?.firstChild;
      return layer?.name === 'CallExpression' && same(of(layer), applied) ? layer : undefined;
    },
    wrap: (layer) => [`${layer}.apply(`, ')'],
  };
}

const TFJS = '@tensorflow/tfjs';

/** The tfjs bindings of a file: `import * as tf`, `const tf = require(...)`, `import {layers}`. */
class TfjsNames {
  private namespace: string | undefined;
  /** Exported name → local name. */
  private readonly named = new Map<string, string>();
  /** Named-import lists (`{layers}`) that new names can join. */
  private readonly groups: ItemList[] = [];
  private readonly added = new Map<ItemList, string[]>();

  constructor(private readonly doc: Doc) {
    for (const node of doc.top.getChildren('ImportDeclaration')) {
      const from = node.getChild('String');
      // `import type {...}` binds nothing at run time.
      if (!from || !doc.stringValue(from)?.startsWith(TFJS) || node.getChild('type')) continue;
      const group = node.getChild('ImportGroup');
      if (group) this.readGroup(bracketedItems(doc, group));
      else this.readNamespace(node);
    }
    for (const node of doc.top.getChildren('VariableDeclaration')) {
      const init = node.getChild('CallExpression');
      const module = init && doc.calleePath(init)?.join('.') === 'require' ? init.getChild('ArgList')?.getChild('String') : null;
      if (!module || !doc.stringValue(module)?.startsWith(TFJS)) continue;
      const pattern = node.getChild('ObjectPattern');
      if (pattern) this.readGroup(bracketedItems(doc, pattern));
      else this.readNamespace(node);
    }
  }

  /** `import * as tf from`, `import tf from`, `const tf = require(...)`. */
  private readNamespace(node: SyntaxNode): void {
    const name = node.getChild('VariableDefinition');
    if (name) this.namespace ??= this.doc.text(name);
  }

  private readGroup(list: ItemList): void {
    this.groups.push(list);
    for (const { nodes } of list.items) {
      // `{a}`, `{a as b}` (import) or `{a: b}` (destructuring)
      const parts = nodes[0].name === 'PatternProperty' ? children(nodes[0]) : nodes;
      this.named.set(this.doc.text(parts[0]), this.doc.text(parts[parts.length - 1]));
    }
  }

  /** Whether a callee's object names the tfjs namespace `module`: `tf.train.adam` or `train.adam`. */
  isModule(path: readonly string[], module: string): boolean {
    const object = path[path.length - 2];
    return object === module || (path.length === 2 && object === this.named.get(module));
  }

  /** How to write the tfjs namespace `module` ('layers', 'train', 'regularizers'). */
  ref(module: string, sibling: readonly string[], siblingModule: string): string | undefined {
    const n = sibling.length;
    if (n > 1 && siblingModule === module) return sibling.slice(0, -1).join('.');
    if (n > 2 && sibling[n - 2] === siblingModule) return [...sibling.slice(0, -2), module].join('.');
    const local = this.named.get(module);
    if (local) return local;
    if (this.namespace) return `${this.namespace}.${module}`;
    const group = this.groups[0];
    const used = this.doc
      .all('VariableName')
      .concat(this.doc.all('VariableDefinition'))
      .some((n) => this.doc.text(n) === module);
    if (!group || used) return undefined;
    this.added.set(group, [...(this.added.get(group) ?? []), module]);
    this.named.set(module, module);
    return module;
  }

  edits(): TextEdit[] {
    return [...this.added].flatMap(([group, names]) => append(this.doc, group, names));
  }
}

export class JavaScriptDialect implements Dialect {
  readonly none = 'undefined';
  private readonly names: TfjsNames;
  readonly optimizer: OptimizerSyntax;

  constructor(readonly doc: Doc) {
    this.names = new TfjsNames(doc);
    this.optimizer = {
      defaultRate: (name, form) => OPTIMIZERS[name]?.[form],
      rateNames: ['learning_rate'],
      create: (name, rate, sibling) => {
        const train = name in OPTIMIZERS ? this.ref('train', sibling) : undefined;
        return train && `${train}.${name}(${rate})`;
      },
      // tf.train.sgd has no momentum: that is tf.train.momentum.
      isPlainSgd: () => true,
      implicit: undefined,
    };
  }

  name(snake: string): string {
    return camel(snake);
  }

  show(snake: string, value: string): string {
    return `${camel(snake)}: ${value}`;
  }

  kind(call: SyntaxNode): string | undefined {
    const path = this.doc.calleePath(call);
    return path && canonical(path[path.length - 1]);
  }

  /** `tf.train.adam(0.01)` takes positional arguments; layers, initializers and `compile` a config object. */
  options(call: SyntaxNode): Options | undefined {
    const args = call.getChild('ArgList');
    const path = this.doc.calleePath(call);
    if (!args || !path) return undefined;
    if (this.names.isModule(path, 'train')) return Options.of(this.doc, args, 'positional', ['learning_rate']);
    const [first] = bracketedItems(this.doc, args).items;
    const config = first?.nodes.length === 1 && first.nodes[0].name === 'ObjectExpression' ? first.nodes[0] : undefined;
    return config && Options.of(this.doc, config, 'property');
  }

  chain(call: SyntaxNode): Chain | undefined {
    return listChain(this.doc, call) ?? addChain(this.doc, call) ?? wrapChain(this.doc, call, application(this.doc));
  }

  private ref(module: string, sibling: SyntaxNode): string | undefined {
    const path = this.doc.calleePath(sibling) ?? [];
    return this.names.ref(module, path, this.names.isModule(path, 'train') ? 'train' : 'layers');
  }

  layer(sibling: SyntaxNode, layer: NewLayer): string | undefined {
    const layers = this.ref('layers', sibling);
    if (!layers) return undefined;
    switch (layer.kind) {
      case 'batch-norm':
        return `${layers}.batchNormalization()`;
      case 'activation':
        return `${layers}.activation({activation: ${layer.value}})`;
      case 'leaky-relu':
        return `${layers}.leakyReLU()`;
      case 'dropout':
        return `${layers}.dropout({rate: ${layer.rate}})`;
    }
  }

  l2(sibling: SyntaxNode, factor: string): string | undefined {
    const regularizers = this.ref('regularizers', sibling);
    return regularizers && `${regularizers}.l2({l2: ${factor}})`;
  }

  assigned(variable: SyntaxNode): SyntaxNode | undefined {
    const name = this.doc.text(variable);
    const values = this.doc.all('VariableDeclaration').flatMap((declaration) => {
      const parts = children(declaration);
      return parts.flatMap((part, i) => {
        if (part.name !== 'VariableDefinition' || this.doc.text(part) !== name) return [];
        const equals = parts.slice(i + 1).find((p) => p.name !== 'TypeAnnotation');
        const value = equals?.name === 'Equals' ? equals.nextSibling : null;
        return value ? [value] : [];
      });
    });
    return values.length === 1 ? values[0] : undefined;
  }

  imports(): TextEdit[] {
    return this.names.edits();
  }
}
