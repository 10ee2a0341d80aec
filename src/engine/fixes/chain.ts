// Where a layer sits in its model — an entry of a layer list, a `model.add(...)` statement, a
// functional application — which layers follow it, and how to put new layers right after it.

import type { Doc, SyntaxNode } from './document';
import { bracketedItems, insertAfter, type ItemList } from './items';
import { indentAt, isBlank, lineEnd, lineStart, type TextEdit } from './text';

export interface Chain {
  /** The layer's constructor call first, then the calls of the layers that follow it, in order. */
  layers: SyntaxNode[];
  /** Edits that put new layers (constructor call texts) right after `layers[index]`; undefined when impossible. */
  insertAfter(index: number, texts: readonly string[]): TextEdit[] | undefined;
}

/** How a language applies a layer to a tensor: Python `layer(x)`, JavaScript `layer.apply(x)`. */
export interface Application {
  /** The application expression whose layer is `call`. */
  of(call: SyntaxNode): SyntaxNode | undefined;
  /** The layer call applied by an application expression. */
  layer(application: SyntaxNode): SyntaxNode | undefined;
  /** The text before and after an expression that applies `layer` to it. */
  wrap(layer: string): [string, string];
}

export function same(a: SyntaxNode | null | undefined, b: SyntaxNode | null | undefined): boolean {
  return !!a && !!b && a.from === b.from && a.to === b.to && a.name === b.name;
}

/** The sole argument of a call's argument list, or undefined. */
export function soleArgument(doc: Doc, call: SyntaxNode): SyntaxNode | undefined {
  const args = call.getChild('ArgList');
  if (!args) return undefined;
  const { items } = bracketedItems(doc, args);
  return items.length === 1 && items[0].nodes.length === 1 ? items[0].nodes[0] : undefined;
}

/** An entry of a list literal: `Sequential([Dense(...), ...])`, `tf.sequential({layers: [...]})`. */
export function listChain(doc: Doc, call: SyntaxNode): Chain | undefined {
  const array = call.parent;
  if (array?.name !== 'ArrayExpression') return undefined;
  const list: ItemList = bracketedItems(doc, array);
  const start = list.items.findIndex((i) => i.nodes.length === 1 && same(i.nodes[0], call));
  if (start < 0) return undefined;
  const following = list.items.slice(start);
  const end = following.findIndex((i) => i.nodes.length !== 1 || i.nodes[0].name !== 'CallExpression');
  const entries = end < 0 ? following : following.slice(0, end);
  return {
    layers: entries.map((i) => i.nodes[0]),
    insertAfter: (index, texts) => insertAfter(doc, list, start + index, texts),
  };
}

/** The receiver and statement of `receiver.add(layer)`, when that is a whole statement. */
function addStatement(doc: Doc, call: SyntaxNode): { receiver: string; statement: SyntaxNode } | undefined {
  const add = call.parent?.parent;
  const statement = add?.parent;
  const path = add && doc.calleePath(add);
  if (!add || statement?.name !== 'ExpressionStatement' || !same(statement.firstChild, add)) return undefined;
  if (!path || path.length < 2 || path[path.length - 1] !== 'add' || !same(soleArgument(doc, add), call)) return undefined;
  return { receiver: path.slice(0, -1).join('.'), statement };
}

/** The statements after `statement` in its block, comments skipped, while `layerOf` finds a layer in them. */
export function followingStatements(
  doc: Doc,
  statement: SyntaxNode,
  layerOf: (statement: SyntaxNode) => SyntaxNode | undefined,
): { statements: SyntaxNode[]; layers: SyntaxNode[] } {
  const statements: SyntaxNode[] = [];
  const layers: SyntaxNode[] = [];
  for (let s = statement.nextSibling; s; s = s.nextSibling) {
    if (doc.isComment(s)) continue;
    const layer = layerOf(s);
    if (!layer) break;
    statements.push(s);
    layers.push(layer);
  }
  return { statements, layers };
}

/** Inserts whole lines after a statement that has its lines to itself, in its indentation. */
export function insertLinesAfter(doc: Doc, statement: SyntaxNode, lines: readonly string[]): TextEdit[] | undefined {
  const s = doc.source;
  if (s.slice(lineStart(s, statement.from), statement.from).trim() !== '') return undefined;
  // A compound statement (`for`, `with`) ends after its body's last line break.
  let at = statement.to;
  while (at > statement.from && (s[at - 1] === '\n' || s[at - 1] === '\r' || isBlank(s[at - 1]))) at--;
  while (isBlank(s[at])) at++;
  at = doc.commentAt(at)?.to ?? at;
  if (at !== lineEnd(s, at)) return undefined;
  const indent = indentAt(s, statement.from);
  return [{ start: at, end: at, newText: lines.map((l) => doc.newline + indent + l).join('') }];
}

/** `model.add(layer)` statements, followed by the model's next `add` statements. */
export function addChain(doc: Doc, call: SyntaxNode): Chain | undefined {
  const site = addStatement(doc, call);
  if (!site) return undefined;
  const { receiver, statement } = site;
  const following = followingStatements(doc, statement, (s) => {
    const add = s.firstChild;
    const layer = add?.name === 'CallExpression' ? soleArgument(doc, add) : undefined;
    return layer && addStatement(doc, layer)?.receiver === receiver ? layer : undefined;
  });
  const statements = [statement, ...following.statements];
  const semicolon = doc.source[statement.to - 1] === ';' ? ';' : '';
  return {
    layers: [call, ...following.layers],
    insertAfter: (index, texts) =>
      insertLinesAfter(
        doc,
        statements[index],
        texts.map((t) => `${receiver}.add(${t})${semicolon}`),
      ),
  };
}

/** A functional application, wrapped in the new layers' applications: `BN()(Dense(64)(x))`. */
export function wrapChain(doc: Doc, call: SyntaxNode, application: Application): Chain | undefined {
  const first = application.of(call);
  if (!first) return undefined;
  const applications = [first];
  const layers = [call];
  for (;;) {
    const inner = applications[applications.length - 1];
    const outer = inner.parent?.parent;
    const layer = outer && application.layer(outer);
    if (!layer || !same(soleArgument(doc, outer), inner)) break;
    applications.push(outer);
    layers.push(layer);
  }
  return {
    layers,
    insertAfter: (index, texts) => {
      const app = applications[index];
      const wraps = texts.map((t) => application.wrap(t));
      return [
        {
          start: app.from,
          end: app.from,
          newText: wraps
            .map(([before]) => before)
            .reverse()
            .join(''),
        },
        { start: app.to, end: app.to, newText: wraps.map(([, after]) => after).join('') },
      ];
    },
  };
}
