// A source file parsed with lezer, and the small tree queries every fix shares.

import { parser as pythonParser } from '@lezer/python';
import { parser as javascriptParser } from '@lezer/javascript';
import { TreeFragment, type SyntaxNode, type Tree } from '@lezer/common';
import { applyEdits, newlineOf, type TextEdit } from './text';
import { forParser } from '../lineIndex';

import type { SourceLanguage } from '../../shared/protocol';

export type { SourceLanguage, SyntaxNode };

const typescriptParser = javascriptParser.configure({ dialect: 'ts' });

const COMMENTS = new Set(['Comment', 'LineComment', 'BlockComment']);

export class Doc {
  readonly tree: Tree;
  readonly errors: number;
  /** The file's line break. */
  readonly newline: string;
  private quoteStyle: string | undefined;
  private readonly found = new Map<string, SyntaxNode[]>();

  constructor(
    readonly source: string,
    readonly language: SourceLanguage,
    fragments: readonly TreeFragment[] = [],
  ) {
    this.tree = parse(source, language, fragments);
    this.errors = countErrors(this.tree);
    this.newline = newlineOf(source);
  }

  /** The quote character most of the file's string literals use. */
  get quote(): string {
    this.quoteStyle ??= dominantQuote(this.tree, this.source);
    return this.quoteStyle;
  }

  get top(): SyntaxNode {
    return this.tree.topNode;
  }

  get python(): boolean {
    return this.language === 'python';
  }

  text(node: SyntaxNode): string {
    return this.source.slice(node.from, node.to);
  }

  /** A string literal in the file's quote style (the contents need no escaping). */
  str(contents: string): string {
    return this.quote + contents + this.quote;
  }

  /** The contents of a plain string literal node (no escapes, no interpolation); undefined otherwise. */
  stringValue(node: SyntaxNode): string | undefined {
    if (node.name !== 'String') return undefined;
    const t = this.text(node);
    const q = t[0];
    if ((q !== "'" && q !== '"') || t.length < 2 || t[t.length - 1] !== q || t.startsWith(q.repeat(3))) return undefined;
    const inner = t.slice(1, -1);
    return inner.includes('\\') ? undefined : inner;
  }

  isComment(node: SyntaxNode): boolean {
    return COMMENTS.has(node.name);
  }

  /** The comment starting at `offset`, if one does. */
  commentAt(offset: number): SyntaxNode | undefined {
    const node = this.tree.resolveInner(offset, 1);
    return this.isComment(node) && node.from === offset ? node : undefined;
  }

  /** Every comment node of the file. */
  comments(): SyntaxNode[] {
    const out: SyntaxNode[] = [];
    this.tree.iterate({
      enter: (n) => {
        if (COMMENTS.has(n.name)) out.push(n.node);
      },
    });
    return out;
  }

  /** Every node of the given type, in source order (in the whole file unless `within` is given). */
  all(name: string, within?: SyntaxNode): SyntaxNode[] {
    const cached = within ? undefined : this.found.get(name);
    if (cached) return cached;
    const out: SyntaxNode[] = [];
    (within ?? this.top).cursor().iterate((n) => {
      if (n.name === name) out.push(n.node);
    });
    if (!within) this.found.set(name, out);
    return out;
  }

  /** The document after (normalised) edits, parsed incrementally from this one's tree. */
  edited(edits: readonly TextEdit[]): Doc {
    let shift = 0;
    const changes = edits.map((e) => {
      const fromB = e.start + shift;
      shift += e.newText.length - (e.end - e.start);
      return { fromA: e.start, toA: e.end, fromB, toB: fromB + e.newText.length };
    });
    const fragments = TreeFragment.applyChanges(TreeFragment.addTree(this.tree), changes);
    return new Doc(applyEdits(this.source, edits), this.language, fragments);
  }

  /** A comment line (without line break) in the file's language. */
  comment(text: string): string {
    return (this.python ? '# ' : '// ') + text;
  }

  /**
   * The names of a callee: `keras.layers.Dense` → ['keras', 'layers', 'Dense'];
   * undefined when it is not a plain dotted name.
   */
  path(node: SyntaxNode): string[] | undefined {
    if (node.name === 'VariableName') return [this.text(node)];
    if (node.name !== 'MemberExpression') return undefined;
    const parts = children(node);
    const object = parts[0];
    const property = parts[parts.length - 1];
    if (parts.length !== 3 || parts[1].name !== '.' || property.name !== 'PropertyName') return undefined;
    const base = this.path(object);
    return base && [...base, this.text(property)];
  }

  /** The callee's names of a call expression. */
  calleePath(call: SyntaxNode): string[] | undefined {
    const callee = call.firstChild;
    return call.name === 'CallExpression' && callee ? this.path(callee) : undefined;
  }

  /** The statement holding a node: a direct child of the file or of a block. */
  statementOf(node: SyntaxNode): SyntaxNode {
    let n = node;
    while (n.parent && !['Script', 'Body', 'Block'].includes(n.parent.name)) n = n.parent;
    return n;
  }
}

function parse(source: string, language: SourceLanguage, fragments: readonly TreeFragment[]): Tree {
  const parser = language === 'python' ? pythonParser : language === 'typescript' ? typescriptParser : javascriptParser;
  return parser.parse(forParser(source), fragments);
}

function countErrors(tree: Tree): number {
  let errors = 0;
  tree.iterate({
    enter: (n) => {
      if (n.type.isError) errors++;
    },
  });
  return errors;
}

export function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) out.push(c);
  return out;
}

function dominantQuote(tree: Tree, source: string): string {
  let single = 0;
  let double = 0;
  tree.iterate({
    enter: (n) => {
      if (n.name !== 'String') return;
      const q = source[n.from];
      if (source.startsWith(q.repeat(3), n.from)) return;
      if (q === "'") single++;
      else if (q === '"') double++;
    },
  });
  return double > single ? '"' : "'";
}
