// The named settings of a call: Python keyword and positional arguments (mapped to parameter
// names by position), a JavaScript config object's properties, or JavaScript positional arguments.

import { children, type Doc, type SyntaxNode } from './document';
import { append, bracketedItems, remove, type Item, type ItemList } from './items';
import type { TextEdit } from './text';

export interface Option {
  name: string;
  value: SyntaxNode;
  index: number;
  positional: boolean;
}

/** How entries are written: `name=value` (Python call), `name: value` (JS object), or by position. */
export type OptionStyle = 'keyword' | 'property' | 'positional';

interface Entry {
  name: string | undefined;
  value: SyntaxNode | undefined;
  splat: boolean;
}

export class Options {
  private readonly entries: Entry[];

  constructor(
    private readonly doc: Doc,
    private readonly list: ItemList,
    private readonly style: OptionStyle,
    /** Parameter names by position. */
    private readonly positional: readonly string[] = [],
  ) {
    this.entries = list.items.map((item) => entryOf(doc, item, style));
  }

  /** Options of a bracketed node: a Python ArgList, a JS ObjectExpression or a JS ArgList. */
  static of(doc: Doc, node: SyntaxNode, style: OptionStyle, positional: readonly string[] = []): Options {
    return new Options(doc, bracketedItems(doc, node), style, positional);
  }

  /** The first of `names` that is set, by name or by position. */
  get(...names: string[]): Option | undefined {
    let position = 0;
    for (const [index, e] of this.entries.entries()) {
      // After `*args` the positions of the arguments are unknown.
      if (e.splat && e.name === undefined) position = Infinity;
      if (e.splat) continue;
      const name = e.name ?? this.positional[position++];
      if (name !== undefined && names.includes(name) && e.value) {
        return { name, value: e.value, index, positional: e.name === undefined };
      }
    }
    return undefined;
  }

  /** Whether another argument may be added without risking a duplicate (`**kwargs`). */
  get canAdd(): boolean {
    return !(this.style === 'keyword' && this.entries.some((e) => e.splat));
  }

  /** Removes an option; a positional one followed by more positional arguments becomes `none`. */
  remove(option: Option, none: string): TextEdit {
    const laterPositional = this.entries.slice(option.index + 1).some((e) => e.name === undefined && !e.splat);
    if (option.positional && laterPositional) return this.set(option, none);
    return remove(this.doc, this.list, option.index);
  }

  set(option: Option, text: string): TextEdit {
    return { start: option.value.from, end: option.value.to, newText: text };
  }

  /** Adds an option; undefined when it cannot be written (by position, when earlier ones are missing). */
  add(name: string, text: string): TextEdit[] | undefined {
    if (!this.canAdd) return undefined;
    if (this.style === 'positional') {
      return this.positional.indexOf(name) === this.entries.length ? append(this.doc, this.list, [text]) : undefined;
    }
    return append(this.doc, this.list, [this.style === 'keyword' ? `${name}=${text}` : `${name}: ${text}`]);
  }

  /** Sets an option, adding it when absent. */
  put(name: string, text: string, aliases: string[] = []): TextEdit[] | undefined {
    const existing = this.get(name, ...aliases);
    return existing ? [this.set(existing, text)] : this.add(name, text);
  }
}

function entryOf(doc: Doc, item: Item, style: OptionStyle): Entry {
  const [first, second, third] = item.nodes;
  // `**kwargs` names nothing in particular; `*args` and `...args` also hide the positions after them.
  if (first.name === '**') return { name: '', value: second, splat: true };
  if (first.name === '*' || first.name === 'Spread') return { name: undefined, value: second, splat: true };
  if (style === 'keyword' && second?.name === 'AssignOp') return { name: doc.text(first), value: third, splat: false };
  if (style === 'property' && first.name === 'Property') {
    const [key, colon, value] = children(first);
    if (key.name === 'Spread') return { name: '', value: colon, splat: true };
    const name = doc.stringValue(key) ?? doc.text(key);
    // `{units}` is shorthand for `{units: units}`: the key is its own value.
    return { name, value: colon?.name === ':' ? value : key, splat: false };
  }
  return { name: undefined, value: first, splat: false };
}
