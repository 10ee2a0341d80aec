// A table laid out with CSS grid: aligned columns when its container is wide, one card per row
// when it is narrow (panel.css switches on the container's width). vscode-table cannot reflow
// that way: its columns keep their widths and its cells do not wrap.
import { h, replaceChildren } from './dom';

export interface Column {
  key: string;
  label: string;
  /** The label the cell shows in the card layout; none for cells that speak for themselves. */
  cardLabel?: string;
}

export class GridTable {
  /** The container whose width picks the layout; holds the table. */
  readonly element: HTMLElement;
  private readonly body = h('div', { class: 'grid-body', role: 'rowgroup' });

  constructor(private readonly columns: Column[], className: string) {
    const head = h('div', { class: 'grid-row', role: 'row' }, ...columns.map((c) => h('div', { role: 'columnheader', 'data-col': c.key }, c.label)));
    this.element = h(
      'div',
      { class: 'grid-holder' },
      h('div', { class: `grid-table ${className}`, role: 'table' }, h('div', { class: 'grid-head', role: 'rowgroup' }, head), this.body),
    );
  }

  setRows(rows: HTMLElement[]): void {
    replaceChildren(this.body, ...rows);
  }

  /** A heading row across every column, above a group of rows. */
  heading(text: string): HTMLElement {
    return h('div', { class: 'grid-row grid-heading', role: 'row' }, h('div', { role: 'rowheader', class: 'grid-heading-cell' }, text));
  }

  /** A row with one cell per column, in column order; `cells` maps column keys to their content. */
  row(attrs: Record<string, string>, cells: Record<string, (Node | string | null)[]>): HTMLElement {
    return h(
      'div',
      { ...attrs, class: `grid-row ${attrs.class ?? ''}`.trim(), role: 'row' },
      ...this.columns.map((c) => h('div', { role: 'cell', 'data-col': c.key, 'data-label': c.cardLabel }, ...(cells[c.key] ?? []))),
    );
  }
}
