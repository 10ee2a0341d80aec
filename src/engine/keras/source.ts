// The Python file as a lezer tree, with exact positions and Python's own syntax refusals.

import { parser } from '@lezer/python';
import type { SyntaxNode } from '@lezer/common';
import type { SourceRange } from '../../shared/protocol';
import { ScanError } from '../errors';
import { forParser, LineIndex } from '../lineIndex';

export type { SyntaxNode };

export class PythonSource {
  readonly top: SyntaxNode;
  private readonly lines: LineIndex;

  constructor(
    readonly text: string,
    readonly file: string,
  ) {
    this.lines = new LineIndex(text);
    this.top = parser.parse(forParser(text)).topNode;
  }

  /** 1-based line and column of an offset. */
  position(offset: number): { line: number; column: number } {
    return this.lines.position(offset);
  }

  range(from: number, to: number): SourceRange {
    const start = this.position(from);
    const end = this.position(to);
    return { file: this.file, line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
  }

  rangeOf(node: SyntaxNode): SourceRange {
    return this.range(node.from, node.to);
  }

  textOf(node: SyntaxNode): string {
    return this.text.slice(node.from, node.to);
  }

  /** Columns of indentation before `offset` when it is the first token on its line, else null. */
  indentation(offset: number): number | null {
    const { column } = this.position(offset);
    const start = offset - column + 1;
    for (let i = start; i < offset; i++) if (this.text[i] !== ' ' && this.text[i] !== '\t') return null;
    return offset - start;
  }

  /** Throws a 'syntax-error' ScanError at the first place Python would refuse the file. */
  checkSyntax(): void {
    const cursor = this.top.cursor();
    do {
      const node = cursor.node;
      if (node.type.isError && !isTrailingDotFloat(node.parent)) this.syntaxError(node, 'invalid syntax');
      if (node.name === 'PrintStatement') this.syntaxError(node, "missing parentheses in call to 'print'");
      if (node.name === 'Script' || node.name === 'Body') this.checkIndentation(node);
    } while (cursor.next());
  }

  private checkIndentation(block: SyntaxNode): void {
    let expected: number | null = block.name === 'Script' ? 0 : null;
    for (let child = block.firstChild; child; child = child.nextSibling) {
      if (!child.type.is('Statement')) continue;
      const indent = this.indentation(child.from);
      if (indent === null) continue;
      if (expected === null) expected = indent;
      else if (indent !== expected) this.syntaxError(child, indent > expected ? 'unexpected indent' : 'unindent does not match any outer indentation level');
    }
  }

  private syntaxError(node: SyntaxNode, what: string): never {
    // Error nodes are often empty: widen to the next character so the diagnostic is visible.
    const to = node.to > node.from || node.from >= this.text.length || this.text[node.from] === '\n' ? node.to : node.from + 1;
    const near = this.text.slice(node.from, to).trim();
    const message = near ? `Syntax error: ${what} at '${near}'` : `Syntax error: ${what}`;
    throw new ScanError('syntax-error', message, this.range(node.from, to));
  }
}

/**
 * lezer-python reads a float written with a trailing dot (`3.`, `1./255`) as the member
 * expression `3` `.` <missing name>. Python accepts it, so it is a number, not an error.
 */
export function isTrailingDotFloat(node: SyntaxNode | null): boolean {
  if (!node || node.name !== 'MemberExpression') return false;
  const object = node.firstChild;
  const dot = object?.nextSibling;
  const missing = dot?.nextSibling;
  return object?.name === 'Number' && dot?.name === '.' && !!missing && missing.type.isError && missing.from === missing.to && !missing.nextSibling;
}

/** The arguments of a call, as written. */
export interface CallArguments {
  positional: SyntaxNode[];
  keywords: Map<string, { name: SyntaxNode; value: SyntaxNode }>;
  /** The first `*args`, `**kwargs` or generator argument, which the translator refuses. */
  unpacked: SyntaxNode | null;
}

export function callArguments(source: PythonSource, argList: SyntaxNode): CallArguments {
  const result: CallArguments = { positional: [], keywords: new Map(), unpacked: null };
  for (let child = argList.firstChild; child; child = child.nextSibling) {
    const name = child.name;
    if (name === '(' || name === ')' || name === ',' || name === 'Comment') continue;
    if (name === '*' || name === '**' || name === 'for') {
      result.unpacked ??= child;
      return result;
    }
    const next = child.nextSibling;
    if (name === 'VariableName' && next?.name === 'AssignOp' && next.nextSibling) {
      result.keywords.set(source.textOf(child), { name: child, value: next.nextSibling });
      child = next.nextSibling;
      continue;
    }
    result.positional.push(child);
  }
  return result;
}

/** The children of a node, without comments. */
export function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) if (child.name !== 'Comment') out.push(child);
  return out;
}

/** The children of a node, without punctuation and comments. */
export function namedChildren(node: SyntaxNode): SyntaxNode[] {
  return children(node).filter((c) => !PUNCTUATION.has(c.name));
}

const PUNCTUATION = new Set(['(', ')', '[', ']', '{', '}', ',', ':', '.', ';']);
