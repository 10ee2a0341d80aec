// A vscode-table with fixed headers and column widths whose rows are replaced as a whole.
import { h } from './dom';

export class Table {
  /** Holds the current vscode-table. */
  readonly element: HTMLElement;
  private table: HTMLElement;

  constructor(private readonly headers: string[], private readonly widths: string[], private readonly className: string) {
    this.table = this.make([]);
    this.element = h('div', { class: 'table-holder' }, this.table);
  }

  setRows(rows: HTMLElement[]): void {
    // A new vscode-table each time: it sizes the columns of the first body row it sees and
    // keeps those cells, so rows put into an existing table would keep their natural widths.
    const table = this.make(rows);
    this.table.replaceWith(table);
    this.table = table;
  }

  private make(rows: HTMLElement[]): HTMLElement {
    return h(
      'vscode-table',
      { class: this.className, zebra: true, 'bordered-rows': true, columns: JSON.stringify(this.widths) },
      h('vscode-table-header', { slot: 'header' }, ...this.headers.map((c) => h('vscode-table-header-cell', {}, c))),
      h('vscode-table-body', { slot: 'body' }, ...rows),
    );
  }
}

export function tableRow(attrs: Record<string, string>, cells: (Node | string | null)[][]): HTMLElement {
  return h('vscode-table-row', attrs, ...cells.map((children) => h('vscode-table-cell', {}, ...children)));
}
