// A Jupyter notebook (nbformat 4) as one Python program: its code cells in order, with IPython
// magics and shell lines turned into `pass` (never executed), and a map from the program's lines
// back to each cell and the line inside it.

import { linesWithBreaks, splitLines } from './lineIndex';

/** A code cell's place in the program. */
export interface ProgramCell {
  /** 0-based index among all the notebook's cells (markdown included), as the JSON lists them. */
  index: number;
  /** The cell's id (nbformat 4.5+), when the notebook has ids. */
  id?: string;
  /** 1-based line of the program where the cell's first line stands. */
  firstLine: number;
  lineCount: number;
}

/** A line the program does not run, and why: a magic, a shell line, a cell magic's cell. */
export interface SkippedLine {
  cell: number;
  /** 1-based line inside the cell. */
  line: number;
  text: string;
}

export interface NotebookProgram {
  text: string;
  cells: ProgramCell[];
  skipped: SkippedLine[];
}

export type NotebookParse = { ok: true; program: NotebookProgram } | { ok: false; message: string };

/** Cell magics whose body is still Python: the magic line is skipped, the body runs. */
const PYTHON_CELL_MAGICS = new Set(['time', 'timeit', 'capture', 'prun']);

interface RawCell {
  cell_type?: unknown;
  source?: unknown;
  id?: unknown;
}

function cellSource(cell: RawCell): string | null {
  if (typeof cell.source === 'string') return cell.source;
  if (Array.isArray(cell.source) && cell.source.every((s) => typeof s === 'string')) return cell.source.join('');
  return null;
}

/**
 * `%magic` and `!shell` lines: IPython syntax that Python would refuse. IPython itself recognises
 * them by their first character on a logical line, as here.
 */
function isIPythonLine(line: string): boolean {
  const code = line.trimStart();
  return code.startsWith('%') || code.startsWith('!');
}

/** The line with its code replaced by `pass`, indentation kept, so blocks and line numbers stay. */
const passLine = (line: string): string => `${line.slice(0, line.length - line.trimStart().length)}pass`;

export function parseNotebook(json: string): NotebookParse {
  let notebook: { nbformat?: unknown; cells?: unknown };
  try {
    notebook = JSON.parse(json) as typeof notebook;
  } catch (error) {
    return { ok: false, message: `The notebook is not valid JSON: ${(error as Error).message}` };
  }
  if (typeof notebook !== 'object' || notebook === null || notebook.nbformat !== 4 || !Array.isArray(notebook.cells)) {
    const format = typeof notebook === 'object' && notebook !== null && 'nbformat' in notebook ? `nbformat ${String(notebook.nbformat)}` : 'no nbformat';
    return {
      ok: false,
      message: `The notebook has ${format}; scans read nbformat 4 (Jupyter's format since 2015). Open and save it in Jupyter or VS Code to convert it.`,
    };
  }
  const lines: string[] = [];
  const cells: ProgramCell[] = [];
  const skipped: SkippedLine[] = [];
  for (const [index, raw] of (notebook.cells as RawCell[]).entries()) {
    if (raw?.cell_type !== 'code') continue;
    const source = cellSource(raw);
    if (source === null) return { ok: false, message: `Cell ${index + 1} has no readable source (nbformat 4 keeps it as a string or a list of strings).` };
    const cellLines = splitLines(source);
    const cellMagic = cellLines[0].startsWith('%%') ? cellLines[0].slice(2).split(/\s/)[0] : null;
    const skipWholeCell = cellMagic !== null && !PYTHON_CELL_MAGICS.has(cellMagic);
    cells.push({ index, ...(typeof raw.id === 'string' ? { id: raw.id } : {}), firstLine: lines.length + 1, lineCount: cellLines.length });
    cellLines.forEach((line, i) => {
      const skip = skipWholeCell ? line.trim() !== '' : isIPythonLine(line);
      if (skip && (!skipWholeCell || i === 0)) skipped.push({ cell: index, line: i + 1, text: line.trim() });
      lines.push(skip ? (skipWholeCell ? '' : passLine(line)) : line);
    });
  }
  return { ok: true, program: { text: lines.join('\n') + '\n', cells, skipped } };
}

/** The parsed cells of a notebook's JSON, or null when it is not one (parseNotebook says why). */
function rawCells(json: string): RawCell[] | null {
  try {
    const notebook = JSON.parse(json) as { cells?: unknown };
    return Array.isArray(notebook.cells) ? (notebook.cells as RawCell[]) : null;
  } catch {
    return null;
  }
}

/** The text of cell `index` (counted among all cells) of a notebook's JSON; null when there is none. */
export function cellText(json: string, index: number): string | null {
  const cell = rawCells(json)?.[index];
  return cell ? cellSource(cell) : null;
}

/** The notebook's JSON with cell `index`'s text replaced, kept as Jupyter keeps it (a list of lines). */
export function withCellText(json: string, index: number, text: string): string {
  const notebook = JSON.parse(json) as { cells: RawCell[] };
  notebook.cells[index] = { ...notebook.cells[index], source: linesWithBreaks(text) };
  return JSON.stringify(notebook, null, 1);
}

/** The cell that holds `line` of the program, and the 1-based line inside it; null past the end. */
export function cellAt(program: NotebookProgram, line: number): { cell: ProgramCell; line: number } | null {
  for (const cell of program.cells) {
    if (line >= cell.firstLine && line < cell.firstLine + cell.lineCount) return { cell, line: line - cell.firstLine + 1 };
  }
  return null;
}
