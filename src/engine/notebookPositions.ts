// The one map from a notebook's program (its code cells run as one Python file) back to the
// notebook: every position a run reports in the program becomes the cell and the line inside it,
// and the lines the program did not run become information notes at their cells.

import type {
  CellRef,
  LayerReport,
  LayerSummary,
  RelatedInformation,
  Report,
  ReportDiagnostic,
  SourceRange,
  TrainingSites,
  WorkerMessage,
} from '../shared/protocol';
import { splitLines } from './lineIndex';
import { cellAt, type NotebookProgram, type ProgramCell, type SkippedLine } from './notebook';

/** The empty range at 1:1 (`startOf`) names the file itself (no fit, a crash): it stays at the notebook, in no cell. */
const isFileStart = (r: { line: number; column: number; endLine: number; endColumn: number }): boolean =>
  r.line === 1 && r.column === 1 && r.endLine === 1 && r.endColumn === 1;

const refOf = (cell: ProgramCell): CellRef => ({ index: cell.index, ...(cell.id !== undefined ? { id: cell.id } : {}) });

/** `cell N:` before a line in a notebook's cell, as people count cells (from 1, markdown included); '' elsewhere. */
export const cellLabel = (cell: CellRef | undefined): string => (cell ? `cell ${cell.index + 1}:` : '');

export class NotebookPositions {
  constructor(
    /** The notebook's path: only positions in this file are the program's (a module beside it keeps its own). */
    readonly file: string,
    readonly program: NotebookProgram,
  ) {}

  /**
   * A 1-based program range → the same range in its cell; an end past the cell's last line (a
   * statement cannot span cells, but a clamp costs nothing) stops at that line's end.
   */
  range<T extends { line: number; column: number; endLine: number; endColumn: number; cell?: CellRef }>(range: T, file: string): T {
    if (file !== this.file || range.cell !== undefined || isFileStart(range)) return range;
    const start = cellAt(this.program, range.line);
    if (!start) return range;
    const last = start.cell.firstLine + start.cell.lineCount - 1;
    const endLine = Math.min(range.endLine, last);
    const endColumn = range.endLine > last ? this.lineLength(last) + 1 : range.endColumn;
    return { ...range, line: start.line, endLine: endLine - start.cell.firstLine + 1, endColumn, cell: refOf(start.cell) };
  }

  private lineLength(line: number): number {
    return splitLines(this.program.text)[line - 1]?.length ?? 0;
  }

  sourceRange = <T extends SourceRange>(range: T): T => this.range(range, range.file);

  private related = (r: RelatedInformation): RelatedInformation => {
    if (r.file !== this.file || r.cell !== undefined) return r;
    const at = cellAt(this.program, r.line);
    return at ? { ...r, line: at.line, cell: refOf(at.cell) } : r;
  };

  diagnostic = (d: ReportDiagnostic): ReportDiagnostic => {
    const mapped = this.range(d, d.file);
    return d.related ? { ...mapped, related: d.related.map(this.related) } : mapped;
  };

  /** A layer at line 0 (unknown) stays unknown; its activation's site (PyTorch) counts in the cell it is in. */
  private layer = (l: LayerReport): LayerReport => {
    const mapped = l.line > 0 ? this.range(l, this.file) : l;
    const { activationSite } = l;
    const site = activationSite && cellAt(this.program, activationSite.line);
    return activationSite && site ? { ...mapped, activationSite: { line: site.line, column: activationSite.column } } : mapped;
  };

  private summary = (l: LayerSummary): LayerSummary => ({
    ...l,
    location: l.location && this.sourceRange(l.location),
    callers: l.callers.map(this.sourceRange),
    ...(l.activationSite ? { activationSite: this.sourceRange(l.activationSite) } : {}),
  });

  report(report: Report): Report {
    const fits = report.fits?.map((f) => ({ ...f, training: this.training(f.training), layers: f.layers.map(this.layer) }));
    return { ...report, layers: report.layers.map(this.layer), diagnostics: report.diagnostics.map(this.diagnostic), ...(fits ? { fits } : {}) };
  }

  private training = (t: TrainingSites): TrainingSites => ({ compile: t.compile && this.sourceRange(t.compile), fit: t.fit && this.sourceRange(t.fit) });

  message(message: WorkerMessage): WorkerMessage {
    switch (message.type) {
      case 'started':
        return {
          ...message,
          model: message.model.map(this.summary),
          ...(message.training ? { training: this.training(message.training) } : {}),
        };
      case 'error':
        return { ...message, position: message.position && this.sourceRange(message.position) };
      case 'finished':
        return { ...message, report: this.report(message.report) };
      default:
        return message;
    }
  }

  /** One information note per line the program did not run, at its cell and line. */
  skippedNotes(): ReportDiagnostic[] {
    return this.program.skipped.map((s) => skippedNote(this.file, this.program, s));
  }
}

function skippedNote(file: string, program: NotebookProgram, skipped: SkippedLine): ReportDiagnostic {
  const cell = program.cells.find((c) => c.index === skipped.cell);
  const kind = skipped.text.startsWith('!') ? 'a shell line' : 'an IPython magic';
  // The program keeps the line's indentation (its code became `pass`).
  const column = 1 + (splitLines(program.text)[(cell?.firstLine ?? 1) + skipped.line - 2] ?? '').search(/\S|$/);
  return {
    severity: 'information',
    code: 'notebook-line-skipped',
    message: `Skipped \`${skipped.text}\` (${kind}): the scan runs the code cells as plain Python and never runs magics or shell commands.`,
    file,
    line: skipped.line,
    column,
    endLine: skipped.line,
    endColumn: column + skipped.text.length,
    ...(cell ? { cell: refOf(cell) } : {}),
  };
}
