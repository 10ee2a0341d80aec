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
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
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
    // The line's end: before its line break ('\n' or '\r\n'), or the end of the text.
    const end = next > this.text.length ? this.text.length : next - (this.text[next - 2] === '\r' ? 2 : 1);
    return start + column - 1 <= end ? start + column - 1 : undefined;
  }
}
