// Moves a diagnostic's range through document edits, the way VS Code moves its own markers.
// VS Code does not do this for extension diagnostics: a published range stays where it was
// until the extension publishes again. Plain objects (no `vscode` import) so it is testable.

/** A zero-based position, as in vscode.Position. */
export interface Point {
  line: number;
  character: number;
}

export interface Span {
  start: Point;
  end: Point;
}

/** One entry of TextDocumentChangeEvent.contentChanges. */
export interface TextChange {
  range: Span;
  text: string;
}

const compare = (a: Point, b: Point): number => a.line - b.line || a.character - b.character;

/** The position just after `text` when it is inserted at `at`. */
function endOfInsertion(at: Point, text: string): Point {
  const lines = text.split(/\r\n|\r|\n/);
  const last = lines[lines.length - 1];
  return lines.length === 1 ? { line: at.line, character: at.character + last.length } : { line: at.line + lines.length - 1, character: last.length };
}

/**
 * Where `p` ends up after `change`. An insertion exactly at `p` lands before it when `p` is a
 * range's start (`isStart`), after it when `p` is a range's end, so typing at either edge of a
 * range does not grow it. A point inside replaced text goes to the replacement's edge.
 */
function movePoint(p: Point, change: TextChange, isStart: boolean): Point {
  const { start, end } = change.range;
  const insertedEnd = endOfInsertion(start, change.text);
  const isInsertion = compare(start, end) === 0;
  if (compare(p, start) < 0) return p;
  if (compare(p, start) === 0) return isInsertion && isStart ? insertedEnd : p;
  if (compare(p, end) < 0) return isStart ? start : insertedEnd;
  if (p.line !== end.line) return { line: p.line + insertedEnd.line - end.line, character: p.character };
  return { line: insertedEnd.line, character: insertedEnd.character + p.character - end.character };
}

/** True when `change` alters text inside `span` (not merely text next to it). */
export function touches(span: Span, change: TextChange): boolean {
  const { start, end } = change.range;
  if (compare(start, end) === 0) return compare(span.start, start) < 0 && compare(start, span.end) < 0;
  return compare(start, span.end) < 0 && compare(end, span.start) > 0;
}

/** `span` after `change`, and whether the change altered the text inside it. */
export function shiftSpan(span: Span, change: TextChange): { span: Span; touched: boolean } {
  const start = movePoint(span.start, change, true);
  const end = movePoint(span.end, change, false);
  // An empty span with an insertion at its place: keep it empty, after the insertion.
  return { span: { start, end: compare(end, start) < 0 ? start : end }, touched: touches(span, change) };
}

/** `span` after `changes`, applied in order (as VS Code applies one event's contentChanges). */
export function shiftSpanThrough(span: Span, changes: readonly TextChange[]): { span: Span; touched: boolean } {
  let result = { span, touched: false };
  for (const change of changes) {
    const next = shiftSpan(result.span, change);
    result = { span: next.span, touched: result.touched || next.touched };
  }
  return result;
}
