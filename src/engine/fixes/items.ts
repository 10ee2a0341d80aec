// Comma-separated lists in brackets — call arguments, object literals, list literals, import
// names — and the edits that remove or insert an entry in the list's own layout: one entry per
// line (indentation, trailing commas and end-of-line comments kept) or all on one line.

import { children, type Doc, type SyntaxNode } from './document';
import { indentAt, isBlank, lineEnd, lineStart, type TextEdit } from './text';

export interface Item {
  from: number;
  to: number;
  /** The syntax nodes of the entry (comments excluded). */
  nodes: SyntaxNode[];
  /** Offset of the comma right after the entry, if there is one. */
  commaAfter: number | null;
}

export interface ItemList {
  /** Just after the opening bracket (or keyword) and just before the closing bracket (or the end). */
  open: number;
  close: number;
  items: Item[];
  /** No brackets around the list (`from m import a, b`): new entries must stay on its line. */
  unbracketed: boolean;
}

/** The entries among `parent`'s children that lie in [open, close]. */
export function itemsOf(doc: Doc, parent: SyntaxNode, open: number, close: number, unbracketed = false): ItemList {
  const items: Item[] = [];
  let nodes: SyntaxNode[] = [];
  const flush = (commaAfter: number | null) => {
    if (nodes.length) items.push({ from: nodes[0].from, to: nodes[nodes.length - 1].to, nodes, commaAfter });
    nodes = [];
  };
  for (const c of children(parent)) {
    if (c.from < open || c.to > close || doc.isComment(c)) continue;
    if (c.name === ',') flush(c.from);
    else nodes.push(c);
  }
  flush(null);
  return { open, close, items, unbracketed };
}

/** The entries between a node's first and last child tokens, e.g. `(`…`)`, `[`…`]`, `{`…`}`. */
export function bracketedItems(doc: Doc, node: SyntaxNode): ItemList {
  return itemsOf(doc, node, node.firstChild?.to ?? node.from, node.lastChild?.from ?? node.to);
}

/**
 * The end of the entry's line when only a comma and/or a comment follow the entry on it (the list
 * is laid out one entry per line); undefined when more of the list follows on the same line.
 */
function lineEndAfter(doc: Doc, item: Item): number | undefined {
  const s = doc.source;
  let at = item.to;
  while (isBlank(s[at]) || (item.commaAfter !== null && at === item.commaAfter)) at++;
  const comment = doc.commentAt(at);
  if (comment) at = comment.to;
  return at === lineEnd(s, at) ? at : undefined;
}

/** Inserts entries (source texts) right after entry `index`. */
export function insertAfter(doc: Doc, list: ItemList, index: number, texts: readonly string[]): TextEdit[] {
  const item = list.items[index];
  const end = list.unbracketed ? undefined : lineEndAfter(doc, item);
  if (end === undefined) return [{ start: item.to, end: item.to, newText: texts.map((t) => ', ' + t).join('') }];
  const lines = texts.map((t) => doc.newline + indentAt(doc.source, item.from) + t);
  if (item.commaAfter !== null) return [{ start: end, end, newText: lines.map((l) => l + ',').join('') }];
  return [
    { start: item.to, end: item.to, newText: ',' },
    { start: end, end, newText: lines.join(',') },
  ];
}

/** Adds entries at the end of the list. */
export function append(doc: Doc, list: ItemList, texts: readonly string[]): TextEdit[] {
  if (list.items.length) return insertAfter(doc, list, list.items.length - 1, texts);
  return [{ start: list.open, end: list.open, newText: texts.join(', ') }];
}

/** Removes entry `index` with its comma; a whole line when the entry has the line to itself. */
export function remove(doc: Doc, list: ItemList, index: number): TextEdit {
  const s = doc.source;
  const item = list.items[index];
  const start = lineStart(s, item.from);
  const end = lineEndAfter(doc, item);
  if (end !== undefined && s.slice(start, item.from).trim() === '' && start > list.open) {
    const next = s[end] === '\r' ? end + 2 : end + 1;
    return { start, end: Math.min(next, s.length), newText: '' };
  }
  const previous = list.items[index - 1];
  if (previous?.commaAfter != null) return { start: previous.commaAfter, end: item.to, newText: '' };
  const next = list.items[index + 1];
  if (next) return { start: item.from, end: next.from, newText: '' };
  return { start: item.from, end: item.commaAfter === null ? item.to : item.commaAfter + 1, newText: '' };
}
