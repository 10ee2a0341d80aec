// A vscode-table with fixed headers and column widths whose rows are replaced as a whole.
import { h } from './dom';

export class Table {
  readonly element: HTMLElement;
  private body: HTMLElement;

  constructor(headers: string[], private readonly widths: string[], className: string) {
    this.body = h('vscode-table-body', { slot: 'body' });
    this.element = h(
      'vscode-table',
      { class: className, zebra: true, 'bordered-rows': true, columns: JSON.stringify(widths) },
      h('vscode-table-header', { slot: 'header' }, ...headers.map((c) => h('vscode-table-header-cell', {}, c))),
      this.body,
    );
  }

  setRows(rows: HTMLElement[]): void {
    // A new body element rather than new rows in the old one, and `columns` set again:
    // vscode-table sizes the cells of the first row when `columns` is set.
    const body = h('vscode-table-body', { slot: 'body' }, ...rows);
    this.body.replaceWith(body);
    this.body = body;
    (this.element as HTMLElement & { columns: string[] }).columns = this.widths;
  }
}

export function tableRow(attrs: Record<string, string>, cells: (Node | string | null)[][]): HTMLElement {
  return h('vscode-table-row', attrs, ...cells.map((children) => h('vscode-table-cell', {}, ...children)));
}
