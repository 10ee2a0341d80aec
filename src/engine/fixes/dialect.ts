// What the fixes need to know about a language (Keras in Python, TensorFlow.js in JS/TS): one
// object per fix being built, so the imports it asks for belong to that fix alone.

import type { Chain } from './chain';
import type { Doc, SyntaxNode } from './document';
import type { Options } from './options';
import type { TextEdit } from './text';

export type NewLayer =
  | { kind: 'batch-norm' }
  /** `value` is the source text of the activation (e.g. `'relu'`, `tf.nn.relu`). */
  | { kind: 'activation'; value: string }
  | { kind: 'leaky-relu' }
  | { kind: 'dropout'; rate: number };

export interface OptimizerSyntax {
  /** Default learning rate of a known optimiser (lower-case name), given by a string or constructed with no rate. */
  defaultRate(name: string, form: 'string' | 'call'): number | undefined;
  /** Names of the learning-rate setting, the current one first. */
  readonly rateNames: readonly string[];
  /** A new optimiser expression with the given learning rate (a literal), named in the file's style. */
  create(name: string, rate: string, sibling: SyntaxNode): string | undefined;
  /** Whether an SGD constructor call is plain SGD (no momentum, no Nesterov). */
  isPlainSgd(options: Options): boolean;
  /** The optimiser `compile` uses when it is given none (Keras: RMSprop); undefined when it is required. */
  readonly implicit: string | undefined;
}

export interface Dialect {
  readonly doc: Doc;
  /** A Keras (snake_case) identifier in this language: 'kernel_initializer' → 'kernelInitializer'. */
  name(snake: string): string;
  /** How `name = value` reads in a call of this language, for titles. */
  show(snake: string, value: string): string;
  /** The literal a removed positional argument becomes. */
  readonly none: string;
  /** The class a call constructs, lower-cased ('dense', 'batchnormalization', 'adam'). */
  kind(call: SyntaxNode): string | undefined;
  /** The named settings of a layer, initializer, optimiser or compile call; undefined when not written literally. */
  options(call: SyntaxNode): Options | undefined;
  chain(call: SyntaxNode): Chain | undefined;
  /** A new layer's constructor call, named the way `sibling` (the layer being fixed) is. */
  layer(sibling: SyntaxNode, layer: NewLayer): string | undefined;
  /** An L2 kernel regulariser with the given factor. */
  l2(sibling: SyntaxNode, factor: string): string | undefined;
  readonly optimizer: OptimizerSyntax;
  /** The value of a variable's only assignment in the file. */
  assigned(variable: SyntaxNode): SyntaxNode | undefined;
  /** The import edits needed by the texts this object has returned. */
  imports(): TextEdit[];
}

/** 'kernel_initializer' → 'kernelInitializer'. */
export function camel(snake: string): string {
  return snake
    .split('_')
    .map((part, i) => (i === 0 ? part : part.charAt(0).toUpperCase() + part.slice(1)))
    .join('');
}

/** Lower-case, without underscores: 'he_normal', 'heNormal' and 'HeNormal' all read 'henormal'. */
export function canonical(name: string): string {
  return name.toLowerCase().split('_').join('');
}
