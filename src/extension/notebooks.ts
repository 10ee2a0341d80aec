// Notebooks in VS Code: which notebook a command is about, the notebook's current cells as the
// nbformat 4 JSON a scan reads (unsaved edits included: the notebook is saved only by the user),
// and the cell document (a `vscode-notebook-cell:` URI) a reported position lands in.
import * as vscode from 'vscode';
import { isNotebook, languageOf, type CellRef, type SourceLanguage } from '../shared/protocol';

const CELL_SCHEME = 'vscode-notebook-cell';

/** The notebook toolbar passes `{ notebookEditor: { notebookUri } }`; menus a Uri; the palette nothing. */
export function notebookUriOf(arg: unknown): vscode.Uri | undefined {
  if (typeof arg !== 'object' || arg === null || !('notebookEditor' in arg)) return undefined;
  const editor = (arg as { notebookEditor?: { notebookUri?: unknown } }).notebookEditor;
  return editor?.notebookUri instanceof vscode.Uri ? editor.notebookUri : undefined;
}

/** The file a command without a target is about: the active cell's notebook, the active notebook, else the active editor's file. */
export function activeFileUri(): vscode.Uri | undefined {
  const uri = vscode.window.activeTextEditor?.document.uri;
  if (uri?.scheme === CELL_SCHEME) return vscode.Uri.file(uri.fsPath);
  return uri ?? vscode.window.activeNotebookEditor?.notebook.uri;
}

/** A cell's id as VS Code's .ipynb support keeps it (nbformat 4.5 `id`, in the cell's metadata). */
const idOf = (cell: vscode.NotebookCell): string | undefined => {
  const id: unknown = cell.metadata?.id;
  return typeof id === 'string' ? id : undefined;
};

/** The notebook's cells as they are now, as the nbformat 4 JSON a notebook scan reads. */
export function notebookJson(notebook: vscode.NotebookDocument): string {
  const cells = notebook.getCells().map((cell) => {
    const id = idOf(cell);
    return {
      cell_type: cell.kind === vscode.NotebookCellKind.Code ? 'code' : 'markdown',
      ...(id !== undefined ? { id } : {}),
      metadata: {},
      source: cell.document.getText(),
    };
  });
  return JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells });
}

/** The open notebook at `file`, if any. */
const openNotebook = (file: string): vscode.NotebookDocument | undefined =>
  vscode.workspace.notebookDocuments.find((n) => n.uri.scheme === 'file' && n.uri.fsPath === file);

/** The document of the reported cell: by its id when it has one (cells may have moved since), else by its index. */
function cellDocument(file: string, ref: CellRef): vscode.TextDocument | undefined {
  const notebook = openNotebook(file);
  if (!notebook) return undefined;
  const byId = ref.id !== undefined ? notebook.getCells().find((c) => idOf(c) === ref.id) : undefined;
  return (byId ?? (ref.index < notebook.cellCount ? notebook.cellAt(ref.index) : undefined))?.document;
}

/** The documents a scan of `file` puts findings in: an open notebook's cells, else the file. */
export function findingDocuments(file: string): vscode.Uri[] {
  const notebook = openNotebook(file);
  return notebook ? notebook.getCells().map((c) => c.document.uri) : [vscode.Uri.file(file)];
}

/** Where a reported position is shown: its cell's document in a notebook, else the file. */
export const documentUri = (file: string, cell: CellRef | undefined): vscode.Uri => (cell && cellDocument(file, cell)?.uri) ?? vscode.Uri.file(file);

/** The language the engine's fixes read a document in: a script's, or Python for a notebook's Python cell. */
export function documentLanguage(document: vscode.TextDocument): SourceLanguage | undefined {
  if (document.uri.scheme === CELL_SCHEME) return isNotebook(document.fileName) && document.languageId === 'python' ? 'python' : undefined;
  return languageOf(document.fileName);
}

/** A document fixes edit: a script, or a code cell of a notebook with its place now. */
export interface FixDocument {
  document: vscode.TextDocument;
  cell?: CellRef;
}

/** The documents of `file` that hold its layers: the script, or the notebook's code cells (the notebook opened, not shown). */
export async function fixDocuments(file: string): Promise<FixDocument[]> {
  const uri = vscode.Uri.file(file);
  if (!isNotebook(file)) return [{ document: await vscode.workspace.openTextDocument(uri) }];
  const notebook = await vscode.workspace.openNotebookDocument(uri);
  return notebook
    .getCells()
    .filter((c) => c.kind === vscode.NotebookCellKind.Code)
    .map((c) => {
      const id = idOf(c);
      return { document: c.document, cell: { index: c.index, ...(id !== undefined ? { id } : {}) } };
    });
}

/** The text a run of `file` reads: the script's, or the notebook's current cells as nbformat 4 JSON. */
export const runSource = async (file: string, documents: readonly FixDocument[]): Promise<string> =>
  isNotebook(file) ? notebookJson(await vscode.workspace.openNotebookDocument(vscode.Uri.file(file))) : documents[0].document.getText();
