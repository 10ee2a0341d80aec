// Static facts about a piece of the script, read from the tree without running it: the names a
// block changes, whether it builds or trains a model, which variable an expression starts from.

import { namedChildren, type PythonSource, type SyntaxNode } from './source';

/** Model methods that build or train it: they raise at once what they cannot follow. */
export const STRICT_METHODS = new Set(['add', 'compile', 'fit', 'fit_generator', 'train_on_batch', 'load_weights', 'set_weights', 'build']);

/** The variable an expression like `a.b[0].c` starts from. */
export function rootVariable(node: SyntaxNode): SyntaxNode | null {
  let n: SyntaxNode | null = node;
  while (n && (n.name === 'MemberExpression' || n.name === 'CallExpression')) n = n.firstChild;
  return n?.name === 'VariableName' ? n : null;
}

/** Methods that change a list or array in place. */
export const MUTATORS = new Set(['append', 'extend', 'insert', 'pop', 'remove', 'clear', 'reverse', 'sort', 'fill', 'resize', 'put', 'itemset', 'partition']);
/** List methods the translator follows. */
export const IN_PLACE_SUPPORTED = new Set(['append', 'extend']);
/** Functions that shuffle or change their array argument in place. */
export const IN_PLACE_FUNCTIONS = new Set(['numpy.random.shuffle', 'random.shuffle', 'numpy.copyto', 'numpy.put', 'numpy.place', 'numpy.putmask']);

/** Whether a token such as `yield` occurs inside `node`. */
export function containsToken(node: SyntaxNode, name: string): boolean {
  const cursor = node.cursor();
  do {
    if (cursor.name === name) return true;
  } while (cursor.next() && cursor.from < node.to);
  return false;
}

/** Whether a block builds or trains a model (`.add(`, `.compile(`, `.fit(` inside). */
export function trainsModel(source: PythonSource, node: SyntaxNode): boolean {
  const cursor = node.cursor();
  do {
    if (cursor.name === 'PropertyName' && STRICT_METHODS.has(source.text.slice(cursor.from, cursor.to))) return true;
  } while (cursor.next() && cursor.from < node.to);
  return false;
}

/** Names a block binds or changes: assignment and loop targets, definitions, mutated lists and arrays. */
export function changedNames(source: PythonSource, node: SyntaxNode): string[] {
  const names = new Set<string>();
  const add = (n: SyntaxNode | null) => n && names.add(source.textOf(n));
  const cursor = node.cursor();
  do {
    const n = cursor.node;
    if (n.name === 'AssignOp' && n.parent?.name === 'AssignStatement') {
      for (let t = n.prevSibling; t; t = t.prevSibling) targetNames(t).forEach(add);
    } else if (n.name === 'UpdateStatement') {
      targetNames(n.firstChild!).forEach(add);
    } else if (n.name === 'ForStatement') {
      for (let t = n.firstChild!.nextSibling; t && t.name !== 'in'; t = t.nextSibling) targetNames(t).forEach(add);
    } else if ((n.name === 'FunctionDefinition' || n.name === 'ClassDefinition') && n.getChild('VariableName')) {
      add(n.getChild('VariableName'));
    } else if (n.name === 'as' && n.nextSibling?.name === 'VariableName') {
      add(n.nextSibling);
    } else if (n.name === 'CallExpression' && n.firstChild?.name === 'MemberExpression') {
      const method = n.firstChild.lastChild;
      if (method?.name === 'PropertyName' && MUTATORS.has(source.textOf(method))) add(rootVariable(n.firstChild));
    }
  } while (cursor.next() && cursor.from < node.to);
  return [...names];
}

/** The variables an assignment target binds or changes (`a`, `a, b`, `a[i]`, `a.b`). */
export function targetNames(node: SyntaxNode): SyntaxNode[] {
  if (node.name === 'VariableName') return [node];
  if (node.name === 'MemberExpression') {
    const root = rootVariable(node);
    return root ? [root] : [];
  }
  if (['TupleExpression', 'ArrayExpression', 'ParenthesizedExpression'].includes(node.name)) return namedChildren(node).flatMap((c) => targetNames(c));
  return [];
}
