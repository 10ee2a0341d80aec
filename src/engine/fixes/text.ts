// Text edits as offsets into one source text, and the line arithmetic the fixes need.

import { LineIndex } from '../lineIndex';

/** Replace `source.slice(start, end)` with `newText`. Offsets are UTF-16 indices into the original source. */
export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

/**
 * Sorts edits by position and merges insertions at the same offset (in the order given), so the
 * result is non-overlapping and unambiguous for any consumer. Throws on overlapping edits: that is
 * a bug in a fix, never the user's input.
 */
export function normaliseEdits(edits: readonly TextEdit[]): TextEdit[] {
  const sorted = edits.map((e, i) => ({ e, i })).sort((a, b) => a.e.start - b.e.start || a.i - b.i);
  const out: TextEdit[] = [];
  for (const { e } of sorted) {
    const last = out[out.length - 1];
    if (last && last.start === e.start && last.end === last.start) {
      out[out.length - 1] = { start: last.start, end: e.end, newText: last.newText + e.newText };
    } else if (last && e.start < last.end) {
      throw new Error(`overlapping edits at ${e.start}`);
    } else {
      out.push({ ...e });
    }
  }
  return out;
}

/** Applies non-overlapping edits (any order) to the source they were computed on. */
export function applyEdits(source: string, edits: readonly TextEdit[]): string {
  let out = '';
  let at = 0;
  for (const e of normaliseEdits(edits)) {
    out += source.slice(at, e.start) + e.newText;
    at = e.end;
  }
  return out + source.slice(at);
}

/**
 * Where `offset` of the original source lands after the edits; insertions at the offset itself
 * count as before it. Undefined when an edit replaces text around the offset.
 */
export function mapOffset(offset: number, edits: readonly TextEdit[]): number | undefined {
  let shift = 0;
  for (const e of edits) {
    if (e.end <= offset && (e.start < offset || e.start === e.end)) shift += e.newText.length - (e.end - e.start);
    else if (e.start < offset && offset < e.end) return undefined;
  }
  return offset + shift;
}

/** One edit that turns `before` into `after` (their common prefix and suffix left alone). */
export function replacementBetween(before: string, after: string): TextEdit {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let end = 0;
  while (end < before.length - start && end < after.length - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  return { start, end: before.length - end, newText: after.slice(start, after.length - end) };
}

/** Offset of a 1-based line and column, or undefined when the line does not exist. */
export function offsetAt(source: string, line: number, column: number): number | undefined {
  return new LineIndex(source).offset(line, column);
}

/** 1-based line and column of an offset. */
export function positionAt(source: string, offset: number): { line: number; column: number } {
  return new LineIndex(source).position(offset);
}

/** The offset where the line holding `offset` starts; lines end at '\n', '\r\n' or a lone '\r'. */
export function lineStart(source: string, offset: number): number {
  return Math.max(source.lastIndexOf('\n', offset - 1), source.lastIndexOf('\r', offset - 1)) + 1;
}

/** The offset of the line break (or the end of the text) of the line holding `offset`. */
export function lineEnd(source: string, offset: number): number {
  const lineBreak = /[\r\n]/g;
  lineBreak.lastIndex = offset;
  return lineBreak.exec(source)?.index ?? source.length;
}

/**
 * The whitespace that puts new text in the column of `offset`: the line's own indentation when
 * `offset` is its first non-blank character, else blanks as wide as the text before it (tabs kept).
 */
export function indentAt(source: string, offset: number): string {
  const prefix = source.slice(lineStart(source, offset), offset);
  let out = '';
  for (const ch of prefix) out += ch === '\t' ? '\t' : ' ';
  return out;
}

export function isBlank(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t';
}

/** The file's line break: its first one (CRLF, LF or a lone CR), LF when it has none. */
export function newlineOf(source: string): string {
  return /\r\n?|\n/.exec(source)?.[0] ?? '\n';
}
