// Maps positions in the transpiled script back to the user's files (through esbuild's source
// map) and widens a position to the source range of the expression there, using the lezer
// JavaScript/TypeScript parser on the original text: a layer's range is its whole constructor
// call, `tf.layers.dense({...})`, even though V8 reports the position of `dense`.

import { SourceMap, type SourceMapPayload, type SourceMapping } from 'node:module';
import { extname, resolve } from 'node:path';
import { parser } from '@lezer/javascript';
import type { SyntaxNode, Tree } from '@lezer/common';
import { forParser, LineIndex } from '../engine/lineIndex';
import type { SourceRange } from '../shared/protocol';

export interface UserPosition {
  file: string;
  /** 1-based. */
  line: number;
  column: number;
}

interface ParsedSource {
  tree: Tree;
  lines: LineIndex;
}

const DIALECTS: Record<string, string> = { '.ts': 'ts', '.mts': 'ts', '.cts': 'ts', '.tsx': 'ts jsx', '.jsx': 'jsx' };

const isMapping = (entry: SourceMapping | object): entry is SourceMapping => 'originalSource' in entry;

export class SourceLocator {
  private readonly map: SourceMap;
  private readonly texts = new Map<string, string>();
  private readonly parsed = new Map<string, ParsedSource>();

  /** `payload` is esbuild's map of the bundle written in `outDir`. */
  constructor(
    payload: SourceMapPayload,
    private readonly outDir: string,
  ) {
    this.map = new SourceMap(payload);
    payload.sources.forEach((source, i) => this.texts.set(resolve(outDir, source), payload.sourcesContent[i] ?? ''));
  }

  /** The user's position for a 1-based position in the bundle; null for code that is not the user's. */
  original(line: number, column: number): UserPosition | null {
    const entry = this.map.findEntry(line - 1, column - 1);
    if (!isMapping(entry) || entry.generatedLine !== line - 1) return null;
    const file = resolve(this.outDir, entry.originalSource);
    if (file.split(/[\\/]/).includes('node_modules')) return null;
    return { file, line: entry.originalLine + 1, column: entry.originalColumn + 1 };
  }

  /**
   * The range of the call or `new` expression whose callee holds `at` (the constructor call of a
   * layer, the call site of a helper); else the range of the innermost syntax node there.
   */
  rangeAt(at: UserPosition): SourceRange {
    const source = this.source(at.file);
    const fallback = { file: at.file, line: at.line, column: at.column, endLine: at.line, endColumn: at.column };
    const start = source?.lines.lineStart(at.line);
    if (!source || start === undefined) return fallback;
    const offset = start + at.column - 1;
    const inner = source.tree.resolveInner(offset, 1);
    const node = enclosingCall(inner, offset) ?? inner;
    if (node.type.isTop) return fallback;
    return { file: at.file, ...source.lines.position(node.from), ...endOf(source.lines.position(node.to)) };
  }

  /** Every `.fit(...)` and `.fitDataset(...)` call written in `file`, in file order (whether it runs or not). */
  fitCalls(file: string): SourceRange[] {
    const source = this.source(file);
    if (!source) return [];
    const calls: SourceRange[] = [];
    source.tree.iterate({
      enter: (n) => {
        if (n.name !== 'CallExpression') return;
        const callee = n.node.firstChild;
        const property = callee?.name === 'MemberExpression' ? callee.lastChild : null;
        if (property?.name !== 'PropertyName') return;
        const name = this.texts.get(file)!.slice(property.from, property.to);
        if (name === 'fit' || name === 'fitDataset') calls.push({ file, ...source.lines.position(n.from), ...endOf(source.lines.position(n.to)) });
      },
    });
    return calls;
  }

  private source(file: string): ParsedSource | undefined {
    const cached = this.parsed.get(file);
    if (cached) return cached;
    const text = this.texts.get(file);
    if (text === undefined) return undefined;
    const dialect = DIALECTS[extname(file)];
    const tree = (dialect ? parser.configure({ dialect }) : parser).parse(forParser(text));
    const source = { tree, lines: new LineIndex(text) };
    this.parsed.set(file, source);
    return source;
  }
}

const endOf = (p: { line: number; column: number }) => ({ endLine: p.line, endColumn: p.column });

/** The innermost CallExpression/NewExpression around `offset` whose callee (not its arguments) holds it. */
function enclosingCall(node: SyntaxNode, offset: number): SyntaxNode | null {
  for (let n: SyntaxNode | null = node; n; n = n.parent) {
    if (n.name !== 'CallExpression' && n.name !== 'NewExpression') continue;
    const args = n.getChild('ArgList');
    if (!args || offset < args.from) return n;
  }
  return null;
}
