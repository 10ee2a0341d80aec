// Offsets in a text to 1-based lines and columns and back: the one conversion every position in
// a report, a fix and a source map goes through.

export interface LineColumn {
  line: number;
  column: number;
}

export class LineIndex {
  /** Offset of the start of each line. */
  private readonly starts: number[] = [0];

  constructor(private readonly text: string) {
    // Lines end at '\n', '\r\n' or a lone '\r' (old Mac files), as in VS Code, Python and V8.
    for (const match of text.matchAll(/\r\n?|\n/g)) this.starts.push(match.index + match[0].length);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** Offset of the start of a 1-based line; undefined when there is no such line. */
  lineStart(line: number): number | undefined {
    return line >= 1 && line <= this.starts.length ? this.starts[line - 1] : undefined;
  }

  /** 1-based line and column of an offset. */
  position(offset: number): LineColumn {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo] + 1 };
  }

  /** Offset of a 1-based line and column; undefined when the line does not exist or is shorter. */
  offset(line: number, column: number): number | undefined {
    const start = this.lineStart(line);
    if (start === undefined || column < 1) return undefined;
    const next = this.starts[line] ?? this.text.length + 1;
    // The line's end: before its line break ('\n', '\r\n' or '\r'), or the end of the text.
    const end = next > this.text.length ? this.text.length : next - (this.text.startsWith('\r\n', next - 2) ? 2 : 1);
    return start + column - 1 <= end ? start + column - 1 : undefined;
  }
}

/** The text's lines, without their breaks, as LineIndex counts them ('\n', '\r\n' or a lone '\r'). */
export const splitLines = (text: string): string[] => text.split(/\r\n?|\n/);

/** The text's lines, each with its break, as nbformat 4 lists a cell's source (no empty last line). */
export const linesWithBreaks = (text: string): string[] => text.match(/[^\r\n]*(?:\r\n?|\n)|[^\r\n]+$/g) ?? [];

/**
 * The text for a lezer parser, which ends lines only at '\n' (a comment would run to the end of a
 * CR-only file): each lone '\r' as '\n', so that every offset stays the same.
 */
export const forParser = (text: string): string => text.replace(/\r(?!\n)/g, '\n');
