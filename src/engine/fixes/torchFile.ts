// A PyTorch script as the torch fixes read it: what a call stands for (`nn.Linear` →
// torch.nn.Linear), and torch names written the file's way, with the imports they need.

import { canonical } from './dialect';
import type { Doc, SyntaxNode } from './document';
import { PythonNames } from './pythonNames';
import type { TextEdit } from './text';

export class TorchFile {
  private readonly names: PythonNames;

  constructor(readonly doc: Doc) {
    this.names = new PythonNames(doc);
  }

  /** Whether the file imports torch and no Keras (a Keras script may use the torch backend without importing it). */
  static imports(doc: Doc): boolean {
    const names = new PythonNames(doc);
    return names.importsFrom('torch') && !names.importsFrom('keras') && !names.importsFrom('tensorflow') && !names.importsFrom('tf_keras');
  }

  /** The dotted path a call's callee stands for, imports resolved: `nn.Linear` → ['torch', 'nn', 'Linear']. */
  resolved(call: SyntaxNode): string[] | undefined {
    const path = this.doc.calleePath(call);
    const head = path && this.names.resolve(path[0]);
    return head && path ? [...head, ...path.slice(1)] : path;
  }

  /** The lower-case name of what a call constructs or calls ('linear', 'batchnorm1d', 'relu'). */
  kind(call: SyntaxNode): string | undefined {
    const path = this.doc.calleePath(call);
    return path && canonical(path[path.length - 1]);
  }

  /** Whether a callee is torch's own (`torch.relu`, `F.relu`), not a method of a tensor. */
  isTorch(call: SyntaxNode): boolean {
    return this.resolved(call)?.[0] === 'torch';
  }

  /** A torch symbol named the way `sibling`'s callee names its own: `nn.Linear` → `nn.BatchNorm1d`. */
  sibling(sibling: SyntaxNode, symbol: string): string | undefined {
    const path = this.doc.calleePath(sibling);
    if (!path) return undefined;
    if (path.length > 1) return [...path.slice(0, -1), symbol].join('.');
    const resolved = this.resolved(sibling) ?? ['torch', 'nn', path[0]];
    return this.names.nameFor([...resolved.slice(0, -1), symbol], symbol);
  }

  /** A function of `torch.nn.init` (`nn.init.kaiming_normal_`). */
  init(fn: string): string | undefined {
    const module = this.names.nameFor(['torch', 'nn', 'init'], 'init');
    return module && `${module}.${fn}`;
  }

  /** A function of `torch.nn.functional` (`F.leaky_relu`). */
  functional(fn: string): string | undefined {
    const module = this.names.nameFor(['torch', 'nn', 'functional'], 'F', true);
    return module && `${module}.${fn}`;
  }

  /** The import edits the names this object returned need. */
  imports(): TextEdit[] {
    return this.names.edits();
  }
}
