// Where a PyTorch module is constructed — `self.fc1 = nn.Linear(...)` in `__init__`, an entry of
// `nn.Sequential(...)` or of a list, `layers.append(...)` in a loop — and how the code reaches it
// afterwards: `self.fc1`, `self.net[0]`, `layers[-1]`, and the calls of `self.fc1` in `forward`.

import { same, soleArgument } from './chain';
import { children, type Doc, type SyntaxNode } from './document';
import { bracketedItems, type ItemList } from './items';
import type { TorchFile } from './torchFile';

export interface Handle {
  /** An expression naming the module once `statement` has run: `self.fc1`, `self.net[0]`, `layers[-1]`. */
  text: string;
  statement: SyntaxNode;
  /** Counted from the end of a list that later statements may extend (`layers[-1]`): valid right after `statement` only. */
  relative: boolean;
}

export interface ModulePlace {
  handle?: Handle;
  /** An entry of a list: the arguments of `nn.Sequential(...)` or a list literal. */
  entry?: { list: ItemList; index: number };
  /** `receiver.append(module)`, a statement of its own. */
  appended?: { receiver: string; statement: SyntaxNode };
  /** `self.name = module` in a method of class `owner`. */
  attribute?: { name: string; statement: SyntaxNode; owner: SyntaxNode };
}

/** Calls that hold modules as their positional arguments or in a list argument, indexable afterwards. */
const CONTAINERS = new Set(['sequential', 'modulelist']);

/** The index of `call` in a list whose earlier entries are plain expressions (no `*splat`, no keyword). */
function entryIndex(list: ItemList, call: SyntaxNode): number | undefined {
  const index = list.items.findIndex((i) => i.nodes.length === 1 && same(i.nodes[0], call));
  return index >= 0 && list.items.slice(0, index).every((i) => i.nodes.length === 1) ? index : undefined;
}

/** `receiver` and statement of `receiver.method(value)` when that is a whole statement. */
function methodStatement(doc: Doc, value: SyntaxNode, method: string): { receiver: string; statement: SyntaxNode } | undefined {
  const call = value.parent?.parent;
  const statement = call?.parent;
  const path = call && doc.calleePath(call);
  if (!call || statement?.name !== 'ExpressionStatement' || !same(statement.firstChild, call)) return undefined;
  if (!path || path.length < 2 || path[path.length - 1] !== method || !same(soleArgument(doc, call), value)) return undefined;
  return { receiver: path.slice(0, -1).join('.'), statement };
}

/** `target = value` (a plain name or an attribute): the target node. */
function assignedTo(value: SyntaxNode): SyntaxNode | undefined {
  const statement = value.parent;
  const parts = statement?.name === 'AssignStatement' ? children(statement) : [];
  const ok = parts.length === 3 && same(parts[2], value) && ['VariableName', 'MemberExpression'].includes(parts[0].name);
  return ok ? parts[0] : undefined;
}

function enclosingClass(node: SyntaxNode): SyntaxNode | undefined {
  for (let n = node.parent; n; n = n.parent) if (n.name === 'ClassDefinition') return n;
  return undefined;
}

/** `nn.Sequential(a, b)` and `nn.ModuleList([a, b])`: the handle of the container, indexed. */
function indexed(t: TorchFile, container: SyntaxNode, index: number): Handle | undefined {
  const outer = CONTAINERS.has(t.kind(container) ?? '') ? placeOf(t, container).handle : undefined;
  return outer && { ...outer, text: `${outer.text}[${index}]` };
}

/** An entry of a list literal: `x = [...]`, `x += [...]`, `x.extend([...])`, `nn.ModuleList([...])`. */
function listEntry(t: TorchFile, array: SyntaxNode, call: SyntaxNode): ModulePlace {
  const { doc } = t;
  const list = bracketedItems(doc, array);
  const index = entryIndex(list, call);
  if (index === undefined) return {};
  const entry = { list, index };
  const fromEnd = index - list.items.length;
  const holder = array.parent;
  const target = assignedTo(array);
  if (target) return { entry, handle: { text: `${doc.text(target)}[${index}]`, statement: holder!, relative: false } };
  const parts = holder?.name === 'UpdateStatement' ? children(holder) : [];
  if (parts.length === 3 && doc.text(parts[1]) === '+=' && same(parts[2], array)) {
    return { entry, handle: { text: `${doc.text(parts[0])}[${fromEnd}]`, statement: holder!, relative: true } };
  }
  const extended = methodStatement(doc, array, 'extend');
  if (extended) return { entry, handle: { text: `${extended.receiver}[${fromEnd}]`, statement: extended.statement, relative: true } };
  const owner = holder?.name === 'ArgList' ? holder.parent : null;
  const handle = owner && same(soleArgument(doc, owner), array) ? indexed(t, owner, index) : undefined;
  return handle ? { entry, handle } : { entry };
}

export function placeOf(t: TorchFile, call: SyntaxNode): ModulePlace {
  const { doc } = t;
  const parent = call.parent;
  const target = assignedTo(call);
  if (target && parent) {
    const handle = { text: doc.text(target), statement: parent, relative: false };
    const path = doc.path(target);
    const owner = enclosingClass(parent);
    const attribute = path?.length === 2 && path[0] === 'self' && owner ? { name: path[1], statement: parent, owner } : undefined;
    return attribute ? { handle, attribute } : { handle };
  }
  if (parent?.name === 'ArrayExpression') return listEntry(t, parent, call);
  const appended = methodStatement(doc, call, 'append');
  if (appended) return { appended, handle: { text: `${appended.receiver}[-1]`, statement: appended.statement, relative: true } };
  const owner = parent?.name === 'ArgList' ? parent.parent : null;
  if (owner && t.kind(owner) === 'sequential') {
    const list = bracketedItems(doc, parent!);
    const index = entryIndex(list, call);
    if (index === undefined) return {};
    const handle = indexed(t, owner, index);
    return handle ? { entry: { list, index }, handle } : { entry: { list, index } };
  }
  return {};
}

/** The calls of `self.name(...)` in the `forward` method of class `owner`. */
export function forwardCalls(doc: Doc, owner: SyntaxNode, name: string): SyntaxNode[] {
  const forward = owner
    .getChild('Body')
    ?.getChildren('FunctionDefinition')
    .find((f) => {
      const id = f.getChild('VariableName');
      return id && doc.text(id) === 'forward';
    });
  if (!forward) return [];
  return doc.all('CallExpression', forward).filter((c) => {
    const path = doc.calleePath(c);
    return path?.length === 2 && path[0] === 'self' && path[1] === name;
  });
}

/** The value of `self.name = value` in class `owner`, when it is assigned once. */
function attributeValue(doc: Doc, owner: SyntaxNode, name: string): SyntaxNode | undefined {
  const values = doc
    .all('AssignStatement', owner)
    .map(children)
    .filter(([target, , value]) => value && target.name === 'MemberExpression' && doc.path(target)?.join('.') === `self.${name}`)
    .map((parts) => parts[2]);
  return values.length === 1 ? values[0] : undefined;
}

/** The statements after a module's construction in which its handle names it, in order. */
export function statementsAfter(handle: Handle): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let s = handle.statement.nextSibling; s; s = s.nextSibling) out.push(s);
  return out;
}

/** The module a call `self.name(...)` in a method calls: the value `self.name` is assigned in the class. */
export function attributeCalled(t: TorchFile, call: SyntaxNode): SyntaxNode | undefined {
  const path = t.doc.calleePath(call);
  const owner = enclosingClass(call);
  return owner && path?.length === 2 && path[0] === 'self' ? attributeValue(t.doc, owner, path[1]) : undefined;
}
