// The panel's header: which file, what ran it (runner, backend, device), how the run is going,
// problems with links to their lines, the Re-scan button, and a file picker when several files
// were scanned.
import type { FromWebviewMessage, SourceRange } from '../shared/protocol';
import { breakable, h, replaceChildren } from './dom';
import { basename, cellLabel, cellOf, ranWith, runStatus } from './format';
import type { RunModel, PanelRun } from './runModel';

export interface HeaderActions {
  post(message: FromWebviewMessage): void;
  chooseFile(file: string): void;
}

interface Problem {
  message: string;
  at: SourceRange | null;
}

export class Header {
  readonly element: HTMLElement;
  private readonly title = h('h2', { class: 'file-title' });
  private readonly ran = h('div', { class: 'run-with muted', hidden: true });
  private readonly status = h('div', { class: 'run-status', role: 'status' });
  private readonly progress = h('vscode-progress-bar', { 'aria-label': 'Training progress' });
  private readonly problems = h('ul', { class: 'problems', hidden: true });
  private readonly picker = h('vscode-single-select', { class: 'file-picker', 'aria-label': 'Scanned file', hidden: true });
  private readonly rescan = h('vscode-button', { class: 'rescan', 'aria-label': 'Re-scan this file' }, 'Re-scan');
  private pickerFiles = '';

  constructor(private readonly actions: HeaderActions, private readonly model: RunModel) {
    this.rescan.addEventListener('click', () => {
      const file = this.model.current;
      if (file !== null) this.actions.post({ type: 'rescan', file });
    });
    this.picker.addEventListener('change', () => {
      const value = (this.picker as HTMLElement & { value: string }).value;
      if (value !== '') this.actions.chooseFile(value);
    });
    this.element = h(
      'header',
      { class: 'panel-header' },
      h('div', { class: 'header-row' }, this.title, h('div', { class: 'header-actions' }, this.picker, this.rescan)),
      this.ran,
      this.status,
      this.progress,
      this.problems,
    );
  }

  render(run: PanelRun | undefined): void {
    this.renderPicker();
    if (run === undefined) {
      this.title.textContent = 'No scan yet';
      this.status.textContent = 'Run "Dying Neurons: Train and Scan" on a model script; its units appear here live.';
      this.progress.hidden = true;
      this.ran.hidden = true;
      this.rescan.toggleAttribute('disabled', true);
      this.problems.hidden = true;
      return;
    }
    replaceChildren(this.title, breakable(basename(run.file)));
    this.title.title = run.file;
    const ran = ranWith(run.started);
    this.ran.hidden = ran === null;
    this.ran.textContent = ran ?? '';
    this.status.textContent = runStatus(run);
    this.status.dataset.status = run.status;
    this.rescan.toggleAttribute('disabled', run.status === 'running');
    const last = run.progressMessages[run.progressMessages.length - 1];
    this.progress.hidden = run.status !== 'running';
    if (last !== undefined) {
      const done = (last.epoch - 1) * last.batches + last.batch;
      (this.progress as HTMLElement & { value?: number; max: number }).max = Math.max(1, last.epochs * last.batches);
      (this.progress as HTMLElement & { value?: number }).value = done;
    }
    this.renderProblems(problems(run));
  }

  private renderPicker(): void {
    const files = [...this.model.runs.keys()];
    const key = JSON.stringify([files, this.model.current]);
    if (key === this.pickerFiles) return;
    this.pickerFiles = key;
    this.picker.hidden = files.length < 2;
    replaceChildren(this.picker, ...files.map((f) => h('vscode-option', { value: f, selected: f === this.model.current }, basename(f))));
  }

  private renderProblems(list: Problem[]): void {
    this.problems.hidden = list.length === 0;
    replaceChildren(this.problems, ...list.map((p) => h('li', {}, p.message, p.at === null ? null : ' ', p.at === null ? null : this.link(p.at))));
  }

  private link(at: SourceRange): HTMLElement {
    const a = h('a', { href: '#', class: 'source-link' }, breakable(`${basename(at.file)}:${cellLabel(at.cell)}${at.line}:${at.column}`));
    a.addEventListener('click', (e) => {
      e.preventDefault();
      this.actions.post({ type: 'reveal', file: at.file, line: Math.max(1, at.line), column: Math.max(1, at.column), ...cellOf(at) });
    });
    return a;
  }
}

/** The run's error and the report's error diagnostics, each once. */
function problems(run: PanelRun): Problem[] {
  const list: Problem[] = [];
  if (run.error !== null) list.push({ message: run.error.message, at: run.error.position });
  for (const d of run.report?.diagnostics ?? []) {
    if (d.severity !== 'error' || list.some((p) => p.message === d.message)) continue;
    list.push({ message: d.message, at: d.line > 0 ? { file: d.file, line: d.line, column: d.column, endLine: d.endLine, endColumn: d.endColumn } : null });
  }
  return list;
}
