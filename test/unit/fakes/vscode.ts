// A small hand-written stand-in for the `vscode` module, in the spirit of vscode-jest's
// __mocks__/vscode.ts: just the API surface the extension uses, with real behaviour where a
// test observes it (ranges, diagnostics, edits, events) and a record of what the UI was asked
// to show. `test/unit/fakes/useFakeVscode.ts` makes `require('vscode')` resolve here.
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type * as api from 'vscode';

/** What the fake accepts where the API takes a Position / Range / Uri (real or fake). */
interface PositionLike {
  line: number;
  character: number;
}
interface RangeLike {
  start: PositionLike;
  end: PositionLike;
}
interface UriLike {
  fsPath: string;
  toString(): string;
}

// ---------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------

export class Position {
  constructor(
    readonly line: number,
    readonly character: number,
  ) {}
  compareTo(other: Position): number {
    return this.line - other.line || this.character - other.character;
  }
  isBefore(other: Position): boolean {
    return this.compareTo(other) < 0;
  }
  isAfter(other: Position): boolean {
    return this.compareTo(other) > 0;
  }
  isEqual(other: Position): boolean {
    return this.compareTo(other) === 0;
  }
  translate(lineDelta = 0, characterDelta = 0): Position {
    return new Position(this.line + lineDelta, this.character + characterDelta);
  }
}

export class Range {
  readonly start: Position;
  readonly end: Position;
  constructor(start: Position, end: Position);
  constructor(startLine: number, startCharacter: number, endLine: number, endCharacter: number);
  constructor(a: Position | number, b: Position | number, c?: number, d?: number) {
    const [start, end] = typeof a === 'number' ? [new Position(a, b as number), new Position(c as number, d as number)] : [a, b as Position];
    [this.start, this.end] = start.isAfter(end) ? [end, start] : [start, end];
  }
  get isEmpty(): boolean {
    return this.start.isEqual(this.end);
  }
  isEqual(other: Range): boolean {
    return this.start.isEqual(other.start) && this.end.isEqual(other.end);
  }
  contains(p: Position | Range): boolean {
    return p instanceof Range ? this.contains(p.start) && this.contains(p.end) : !p.isBefore(this.start) && !p.isAfter(this.end);
  }
  intersection(other: Range): Range | undefined {
    const start = this.start.isAfter(other.start) ? this.start : other.start;
    const end = this.end.isBefore(other.end) ? this.end : other.end;
    return start.isAfter(end) ? undefined : new Range(start, end);
  }
}

export class Selection extends Range {
  constructor(
    readonly anchor: Position,
    readonly active: Position,
  ) {
    super(anchor, active);
  }
}

export class Uri {
  private constructor(
    readonly scheme: string,
    readonly path: string,
    readonly fragment: string,
    readonly query: string,
  ) {}
  static file(fsPath: string): Uri {
    return new Uri('file', path.resolve(fsPath), '', '');
  }
  static parse(value: string): Uri {
    const m = /^([a-z][\w+.-]*):(?:\/\/)?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/i.exec(value);
    if (!m) throw new Error(`fake Uri.parse: cannot parse ${value}`);
    return new Uri(m[1], m[2], m[4] ?? '', m[3] ?? '');
  }
  static joinPath(base: Uri, ...segments: string[]): Uri {
    return new Uri(base.scheme, path.posix.join(base.path, ...segments), '', '');
  }
  get fsPath(): string {
    return this.path;
  }
  with(change: { scheme?: string; path?: string; fragment?: string; query?: string }): Uri {
    return new Uri(change.scheme ?? this.scheme, change.path ?? this.path, change.fragment ?? this.fragment, change.query ?? this.query);
  }
  toString(): string {
    const query = this.query ? `?${this.query}` : '';
    const fragment = this.fragment ? `#${this.fragment}` : '';
    return `${this.scheme}://${this.path}${query}${fragment}`;
  }
}

export enum DiagnosticSeverity {
  Error = 0,
  Warning = 1,
  Information = 2,
  Hint = 3,
}

export enum DiagnosticTag {
  Unnecessary = 1,
  Deprecated = 2,
}

export class Location {
  readonly range: Range;
  constructor(
    readonly uri: Uri,
    rangeOrPosition: Range | Position,
  ) {
    this.range = rangeOrPosition instanceof Position ? new Range(rangeOrPosition, rangeOrPosition) : rangeOrPosition;
  }
}

export class DiagnosticRelatedInformation {
  constructor(
    readonly location: Location,
    readonly message: string,
  ) {}
}

export class Diagnostic {
  source?: string;
  code?: string | number | { value: string | number; target: Uri };
  relatedInformation?: DiagnosticRelatedInformation[];
  tags?: DiagnosticTag[];
  constructor(
    public range: Range,
    public message: string,
    public severity: DiagnosticSeverity = DiagnosticSeverity.Error,
  ) {}
}

export class CodeActionKind {
  static readonly Empty = new CodeActionKind('');
  static readonly QuickFix = new CodeActionKind('quickfix');
  static readonly Refactor = new CodeActionKind('refactor');
  static readonly Source = new CodeActionKind('source');
  static readonly SourceOrganizeImports = new CodeActionKind('source.organizeImports');
  static readonly SourceFixAll = new CodeActionKind('source.fixAll');
  private constructor(readonly value: string) {}
  append(part: string): CodeActionKind {
    return new CodeActionKind(this.value ? `${this.value}.${part}` : part);
  }
  contains(other: CodeActionKind): boolean {
    return this.value === '' || other.value === this.value || other.value.startsWith(`${this.value}.`);
  }
  intersects(other: CodeActionKind): boolean {
    return this.contains(other) || other.contains(this);
  }
}

export enum CodeActionTriggerKind {
  Invoke = 1,
  Automatic = 2,
}

export interface Command {
  command: string;
  title: string;
  arguments?: unknown[];
}

export class CodeAction {
  edit?: WorkspaceEdit;
  diagnostics?: Diagnostic[];
  isPreferred?: boolean;
  command?: Command;
  constructor(
    readonly title: string,
    readonly kind?: CodeActionKind,
  ) {}
}

export class TextEdit {
  constructor(
    readonly range: Range,
    readonly newText: string,
  ) {}
}

export class WorkspaceEdit {
  private readonly edits: [Uri, TextEdit][] = [];
  replace(uri: Uri, range: Range, newText: string): void {
    this.edits.push([uri, new TextEdit(range, newText)]);
  }
  insert(uri: Uri, position: Position, newText: string): void {
    this.replace(uri, new Range(position, position), newText);
  }
  get size(): number {
    return new Set(this.edits.map(([uri]) => uri.toString())).size;
  }
  get(uri: Uri): TextEdit[] {
    return this.edits.filter(([u]) => u.toString() === uri.toString()).map(([, e]) => e);
  }
  entries(): [Uri, TextEdit[]][] {
    const uris = [...new Map(this.edits.map(([u]) => [u.toString(), u])).values()];
    return uris.map((u) => [u, this.get(u)]);
  }
}

export class ThemeColor {
  constructor(readonly id: string) {}
}

export class MarkdownString {
  constructor(public value = '') {}
  appendMarkdown(value: string): MarkdownString {
    this.value += value;
    return this;
  }
}

export class Disposable {
  constructor(private readonly callOnDispose: () => void) {}
  static from(...items: { dispose(): unknown }[]): Disposable {
    return new Disposable(() => items.forEach((i) => i.dispose()));
  }
  dispose(): void {
    this.callOnDispose();
  }
}

export type Event<T> = (listener: (e: T) => unknown) => Disposable;

export class EventEmitter<T> {
  private listeners: ((e: T) => unknown)[] = [];
  readonly event: Event<T> = (listener) => {
    this.listeners.push(listener);
    return new Disposable(() => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    });
  };
  fire(e: T): void {
    [...this.listeners].forEach((l) => l(e));
  }
  dispose(): void {
    this.listeners = [];
  }
}

export class CancellationTokenSource {
  private readonly emitter = new EventEmitter<void>();
  readonly token = {
    isCancellationRequested: false,
    onCancellationRequested: this.emitter.event,
  };
  cancel(): void {
    if (this.token.isCancellationRequested) return;
    this.token.isCancellationRequested = true;
    this.emitter.fire();
  }
  dispose(): void {
    this.emitter.dispose();
  }
}

export enum StatusBarAlignment {
  Left = 1,
  Right = 2,
}

export enum ProgressLocation {
  SourceControl = 1,
  Window = 10,
  Notification = 15,
}

export enum ViewColumn {
  Active = -1,
  Beside = -2,
  One = 1,
}

export enum ConfigurationTarget {
  Global = 1,
  Workspace = 2,
  WorkspaceFolder = 3,
}

// ---------------------------------------------------------------------------
// Documents
// ---------------------------------------------------------------------------

const languageIds: Record<string, string> = {
  '.py': 'python',
  '.js': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.ts': 'typescript',
  '.mts': 'typescript',
};

export interface ContentChange {
  range: Range;
  rangeOffset: number;
  rangeLength: number;
  text: string;
}

/** An in-memory document; `edit` changes it and fires workspace.onDidChangeTextDocument. */
export class FakeTextDocument {
  readonly uri: Uri;
  readonly languageId: string;
  version = 1;
  isDirty = false;
  isClosed = false;
  saveCount = 0;
  /** `uri` and `languageId` for a notebook cell's document (its `fileName` is the notebook's). */
  constructor(
    fileName: string,
    private text: string,
    uri?: Uri,
    languageId?: string,
  ) {
    this.uri = uri ?? Uri.file(fileName);
    this.languageId = languageId ?? languageIds[path.extname(fileName)] ?? 'plaintext';
  }
  get fileName(): string {
    return this.uri.fsPath;
  }
  get isUntitled(): boolean {
    return false;
  }
  get lineCount(): number {
    return this.lines().length;
  }
  getText(range?: RangeLike): string {
    return range ? this.text.slice(this.offsetAt(range.start), this.offsetAt(range.end)) : this.text;
  }
  lineAt(line: number): { text: string; range: Range } {
    const text = this.lines()[line];
    return { text, range: new Range(line, 0, line, text.length) };
  }
  offsetAt(p: PositionLike): number {
    const lines = this.lines();
    const line = Math.min(Math.max(p.line, 0), lines.length - 1);
    const before = lines.slice(0, line).reduce((n, l) => n + l.length + 1, 0);
    return before + Math.min(Math.max(p.character, 0), lines[line].length);
  }
  positionAt(offset: number): Position {
    const clamped = Math.min(Math.max(offset, 0), this.text.length);
    const before = this.text.slice(0, clamped).split('\n');
    return new Position(before.length - 1, before[before.length - 1].length);
  }
  async save(): Promise<boolean> {
    writeFileSync(this.fileName, this.text);
    this.isDirty = false;
    this.saveCount++;
    return true;
  }
  /** Applies edits (non-overlapping, in any order) as one change event, as the editor does. */
  edit(edits: { range: RangeLike; text: string }[]): void {
    // Last first, so each change's range is valid in the text the previous ones produced.
    const ordered = [...edits].sort((a, b) => this.offsetAt(b.range.start) - this.offsetAt(a.range.start));
    const contentChanges: ContentChange[] = ordered.map((e) => {
      const rangeOffset = this.offsetAt(e.range.start);
      const rangeLength = this.offsetAt(e.range.end) - rangeOffset;
      this.text = this.text.slice(0, rangeOffset) + e.text + this.text.slice(rangeOffset + rangeLength);
      const range = new Range(e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character);
      return { range, rangeOffset, rangeLength, text: e.text };
    });
    this.version++;
    this.isDirty = true;
    workspaceEvents.changeTextDocument.fire({ document: this, contentChanges, reason: undefined });
  }
  private lines(): string[] {
    return this.text.split('\n');
  }
}

// ---------------------------------------------------------------------------
// Recorded UI
// ---------------------------------------------------------------------------

export class FakeDiagnosticCollection {
  private readonly byUri = new Map<string, Diagnostic[]>();
  disposed = false;
  constructor(readonly name: string) {}
  set(uri: UriLike, diagnostics: readonly Diagnostic[] | undefined): void {
    if (diagnostics && diagnostics.length > 0) this.byUri.set(uri.toString(), [...diagnostics]);
    else this.byUri.delete(uri.toString());
  }
  /** The published diagnostics, typed as the API's (tests are written against the real types). */
  get(uri: UriLike): readonly api.Diagnostic[] | undefined {
    return this.byUri.get(uri.toString()) as readonly api.Diagnostic[] | undefined;
  }
  delete(uri: UriLike): void {
    this.byUri.delete(uri.toString());
  }
  clear(): void {
    this.byUri.clear();
  }
  forEach(callback: (uri: Uri, diagnostics: readonly Diagnostic[]) => void): void {
    this.byUri.forEach((d, uri) => callback(Uri.parse(uri), d));
  }
  dispose(): void {
    this.disposed = true;
    this.byUri.clear();
  }
}

export class FakeStatusBarItem {
  text = '';
  tooltip: string | MarkdownString | undefined;
  command: string | Command | undefined;
  name: string | undefined;
  backgroundColor: ThemeColor | undefined;
  visible = false;
  disposed = false;
  constructor(
    readonly id: string | undefined,
    readonly alignment: StatusBarAlignment,
    readonly priority: number | undefined,
  ) {}
  show(): void {
    this.visible = true;
  }
  hide(): void {
    this.visible = false;
  }
  dispose(): void {
    this.disposed = true;
    this.visible = false;
  }
}

export class FakeOutputChannel {
  readonly lines: string[] = [];
  shown = false;
  constructor(readonly name: string) {}
  appendLine(value: string): void {
    this.lines.push(value);
  }
  append(value: string): void {
    this.lines.push(value);
  }
  info(message: string): void {
    this.lines.push(`[info] ${message}`);
  }
  warn(message: string): void {
    this.lines.push(`[warning] ${message}`);
  }
  error(message: string | Error): void {
    this.lines.push(`[error] ${message instanceof Error ? message.message : message}`);
  }
  show(): void {
    this.shown = true;
  }
  clear(): void {
    this.lines.length = 0;
  }
  dispose(): void {}
}

/** A webview panel; `receive` plays the webview posting a message to the extension. */
export class FakeWebviewPanel {
  readonly posted: unknown[] = [];
  visible = true;
  disposed = false;
  private readonly received = new EventEmitter<unknown>();
  private readonly disposeEvents = new EventEmitter<void>();
  private readonly viewStateEvents = new EventEmitter<{ webviewPanel: FakeWebviewPanel }>();
  readonly webview = {
    html: '',
    options: {} as unknown,
    cspSource: 'vscode-webview://fake',
    asWebviewUri: (uri: Uri) => uri.with({ scheme: 'vscode-webview-resource' }),
    onDidReceiveMessage: (listener: (m: unknown) => unknown, _thisArg?: unknown, disposables?: Disposable[]) =>
      track(this.received.event(listener), disposables),
    postMessage: async (message: unknown) => {
      this.posted.push(message);
      return true;
    },
  };
  constructor(
    readonly viewType: string,
    readonly title: string,
  ) {}
  onDidDispose = (listener: () => unknown, _thisArg?: unknown, disposables?: Disposable[]) => track(this.disposeEvents.event(listener), disposables);
  onDidChangeViewState = (listener: (e: { webviewPanel: FakeWebviewPanel }) => unknown, _thisArg?: unknown, disposables?: Disposable[]) =>
    track(this.viewStateEvents.event(listener), disposables);
  receive(message: unknown): void {
    this.received.fire(message);
  }
  reveal(): void {
    this.visible = true;
  }
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.disposeEvents.fire();
  }
}

function track(d: Disposable, disposables: Disposable[] | undefined): Disposable {
  disposables?.push(d);
  return d;
}

export interface ShownMessage {
  severity: 'information' | 'warning' | 'error';
  message: string;
  items: string[];
}

export interface ProgressRecord {
  title: string | undefined;
  cancellable: boolean;
  reports: { message?: string; increment?: number }[];
  /** Presses the notification's Cancel button. */
  cancel(): void;
  done: boolean;
}

/** An installed extension: `activate()` runs `activation` once and makes its result the exports. */
export class FakeExtension {
  isActive = false;
  exports: unknown = undefined;
  activations = 0;
  constructor(
    readonly id: string,
    private readonly activation: () => unknown,
  ) {}
  async activate(): Promise<unknown> {
    this.activations++;
    this.exports = await this.activation();
    this.isActive = true;
    return this.exports;
  }
}

/** What the fake UI was asked to do, and the answers it gives. Reset by `resetFake()`. */
export const fake = {
  messages: [] as ShownMessage[],
  /** The button the next shown message "clicks" (undefined: dismissed). */
  answer: undefined as ((m: ShownMessage) => string | undefined) | undefined,
  progress: [] as ProgressRecord[],
  statusBarItems: [] as FakeStatusBarItem[],
  outputChannels: [] as FakeOutputChannel[],
  collections: [] as FakeDiagnosticCollection[],
  codeActionProviders: [] as { selector: unknown; provider: unknown; metadata: unknown }[],
  documents: [] as FakeTextDocument[],
  shownDocuments: [] as { uri: Uri; selection?: Range }[],
  webviewPanels: [] as FakeWebviewPanel[],
  serializers: new Map<string, unknown>(),
  executed: [] as { command: string; args: unknown[] }[],
  contextKeys: new Map<string, unknown>(),
  configuration: {} as Record<string, unknown>,
  workspaceTrusted: true,
  activeTextEditor: undefined as { document: FakeTextDocument } | undefined,
  notebooks: [] as FakeNotebookDocument[],
  activeNotebookEditor: undefined as { notebook: FakeNotebookDocument } | undefined,
  /** Installed extensions by id (`vscode.extensions.getExtension`). */
  extensions: new Map<string, FakeExtension>(),
};

const workspaceEvents = {
  changeTextDocument: new EventEmitter<{ document: FakeTextDocument; contentChanges: ContentChange[]; reason: undefined }>(),
  changeConfiguration: new EventEmitter<{ affectsConfiguration(section: string): boolean }>(),
  grantTrust: new EventEmitter<void>(),
};
const commandHandlers = new Map<string, (...args: unknown[]) => unknown>();

export function resetFake(): void {
  fake.messages = [];
  fake.answer = undefined;
  fake.progress = [];
  fake.statusBarItems = [];
  fake.outputChannels = [];
  fake.collections = [];
  fake.codeActionProviders = [];
  fake.documents = [];
  fake.shownDocuments = [];
  fake.webviewPanels = [];
  fake.serializers = new Map();
  fake.executed = [];
  fake.contextKeys = new Map();
  fake.configuration = {};
  fake.workspaceTrusted = true;
  fake.activeTextEditor = undefined;
  fake.notebooks = [];
  fake.activeNotebookEditor = undefined;
  fake.extensions = new Map();
  commandHandlers.clear();
}

/** Opens `fileName` with `text` in the fake workspace (and optionally makes it the active editor). */
export function openDocument(fileName: string, text: string, active = false): FakeTextDocument {
  const doc = new FakeTextDocument(fileName, text);
  fake.documents.push(doc);
  if (active) fake.activeTextEditor = { document: doc };
  return doc;
}

export enum NotebookCellKind {
  Markup = 1,
  Code = 2,
}

export interface FakeCellData {
  kind: 'code' | 'markdown';
  text: string;
  id?: string;
}

export interface FakeNotebookCell {
  index: number;
  kind: NotebookCellKind;
  document: FakeTextDocument;
  metadata: { id?: string };
}

/** An open notebook: each cell's document has a `vscode-notebook-cell:` URI and the notebook's path as fileName. */
export class FakeNotebookDocument {
  readonly uri: Uri;
  readonly notebookType = 'jupyter-notebook';
  readonly cells: FakeNotebookCell[];
  constructor(fileName: string, cells: readonly FakeCellData[]) {
    this.uri = Uri.file(fileName);
    this.cells = cells.map((c, index) => {
      const uri = this.uri.with({ scheme: 'vscode-notebook-cell', fragment: `W${index}sZmlsZQ==` });
      const document = new FakeTextDocument(fileName, c.text, uri, c.kind === 'code' ? 'python' : 'markdown');
      fake.documents.push(document);
      return { index, kind: c.kind === 'code' ? NotebookCellKind.Code : NotebookCellKind.Markup, document, metadata: c.id ? { id: c.id } : {} };
    });
  }
  get cellCount(): number {
    return this.cells.length;
  }
  cellAt(index: number): FakeNotebookCell {
    return this.cells[index];
  }
  getCells(): FakeNotebookCell[] {
    return [...this.cells];
  }
}

/** Opens a notebook in the fake workspace (and optionally makes it the active notebook editor, no cell focused). */
export function openNotebook(fileName: string, cells: readonly FakeCellData[], active = false): FakeNotebookDocument {
  const notebook = new FakeNotebookDocument(path.resolve(fileName), cells);
  fake.notebooks.push(notebook);
  if (active) fake.activeNotebookEditor = { notebook };
  return notebook;
}

/** A notebook file's cells as VS Code's .ipynb support reads them. */
function readNotebook(fileName: string): FakeCellData[] {
  const json = JSON.parse(readFileSync(fileName, 'utf8')) as { cells: { cell_type: string; source: string | string[]; id?: string }[] };
  return json.cells.map((c) => ({
    kind: c.cell_type === 'code' ? 'code' : 'markdown',
    text: Array.isArray(c.source) ? c.source.join('') : c.source,
    ...(c.id ? { id: c.id } : {}),
  }));
}

function showMessage(severity: ShownMessage['severity']) {
  return async (message: string, ...rest: unknown[]): Promise<string | undefined> => {
    const items = rest.filter((r): r is string => typeof r === 'string');
    const shown = { severity, message, items };
    fake.messages.push(shown);
    return fake.answer?.(shown);
  };
}

// ---------------------------------------------------------------------------
// Namespaces
// ---------------------------------------------------------------------------

export const window = {
  get activeTextEditor() {
    return fake.activeTextEditor;
  },
  get activeNotebookEditor() {
    return fake.activeNotebookEditor;
  },
  createStatusBarItem(idOrAlignment?: string | StatusBarAlignment, alignmentOrPriority?: number, priority?: number) {
    const item =
      typeof idOrAlignment === 'string'
        ? new FakeStatusBarItem(idOrAlignment, alignmentOrPriority ?? StatusBarAlignment.Left, priority)
        : new FakeStatusBarItem(undefined, idOrAlignment ?? StatusBarAlignment.Left, alignmentOrPriority);
    fake.statusBarItems.push(item);
    return item;
  },
  createOutputChannel(name: string) {
    const channel = new FakeOutputChannel(name);
    fake.outputChannels.push(channel);
    return channel;
  },
  showInformationMessage: showMessage('information'),
  showWarningMessage: showMessage('warning'),
  showErrorMessage: showMessage('error'),
  async withProgress<R>(
    options: { location: ProgressLocation; title?: string; cancellable?: boolean },
    task: (progress: { report(v: { message?: string; increment?: number }): void }, token: CancellationTokenSource['token']) => Promise<R>,
  ): Promise<R> {
    const source = new CancellationTokenSource();
    const record: ProgressRecord = {
      title: options.title,
      cancellable: options.cancellable ?? false,
      reports: [],
      cancel: () => source.cancel(),
      done: false,
    };
    fake.progress.push(record);
    try {
      return await task({ report: (v) => record.reports.push(v) }, source.token);
    } finally {
      record.done = true;
    }
  },
  createWebviewPanel(viewType: string, title: string) {
    const panel = new FakeWebviewPanel(viewType, title);
    fake.webviewPanels.push(panel);
    return panel;
  },
  registerWebviewPanelSerializer(viewType: string, serializer: unknown) {
    fake.serializers.set(viewType, serializer);
    return new Disposable(() => fake.serializers.delete(viewType));
  },
  async showTextDocument(target: FakeTextDocument | Uri, options?: { selection?: Range }) {
    const uri = target instanceof Uri ? target : target.uri;
    fake.shownDocuments.push({ uri, selection: options?.selection });
    return { document: await workspace.openTextDocument(uri) };
  },
};

export const extensions = {
  getExtension(id: string): FakeExtension | undefined {
    return fake.extensions.get(id);
  },
};

export const workspace = {
  get isTrusted() {
    return fake.workspaceTrusted;
  },
  get textDocuments() {
    return fake.documents;
  },
  get notebookDocuments() {
    return fake.notebooks;
  },
  async openNotebookDocument(uri: Uri): Promise<FakeNotebookDocument> {
    return fake.notebooks.find((n) => n.uri.toString() === uri.toString()) ?? openNotebook(uri.fsPath, readNotebook(uri.fsPath));
  },
  /** No folder is open in the fake: scans run from the CLI's or test's working directory. */
  getWorkspaceFolder(_uri: Uri): { uri: Uri } | undefined {
    return undefined;
  },
  onDidChangeTextDocument: workspaceEvents.changeTextDocument.event,
  onDidChangeConfiguration: workspaceEvents.changeConfiguration.event,
  onDidGrantWorkspaceTrust: workspaceEvents.grantTrust.event,
  getConfiguration(section?: string) {
    const prefix = section ? `${section}.` : '';
    return {
      get<T>(key: string, defaultValue?: T): T | undefined {
        const value = fake.configuration[prefix + key];
        return value === undefined ? defaultValue : (value as T);
      },
    };
  },
  async openTextDocument(target: Uri | string): Promise<FakeTextDocument> {
    const uri = typeof target === 'string' ? Uri.file(target) : target;
    return fake.documents.find((d) => d.uri.toString() === uri.toString()) ?? openDocument(uri.fsPath, readFileSync(uri.fsPath, 'utf8'));
  },
  async applyEdit(edit: WorkspaceEdit): Promise<boolean> {
    for (const [uri, edits] of edit.entries()) {
      const doc = await workspace.openTextDocument(uri);
      doc.edit(edits.map((e) => ({ range: e.range, text: e.newText })));
    }
    return true;
  },
};

export const languages = {
  createDiagnosticCollection(name = '') {
    const collection = new FakeDiagnosticCollection(name);
    fake.collections.push(collection);
    return collection;
  },
  registerCodeActionsProvider(selector: unknown, provider: unknown, metadata?: unknown) {
    fake.codeActionProviders.push({ selector, provider, metadata });
    return new Disposable(() => {
      fake.codeActionProviders = fake.codeActionProviders.filter((p) => p.provider !== provider);
    });
  },
};

export const commands = {
  registerCommand(command: string, handler: (...args: unknown[]) => unknown) {
    if (commandHandlers.has(command)) throw new Error(`command '${command}' already exists`);
    commandHandlers.set(command, handler);
    return new Disposable(() => commandHandlers.delete(command));
  },
  async executeCommand(command: string, ...args: unknown[]): Promise<unknown> {
    fake.executed.push({ command, args });
    if (command === 'setContext') {
      fake.contextKeys.set(args[0] as string, args[1]);
      return undefined;
    }
    return commandHandlers.get(command)?.(...args);
  },
  async getCommands(): Promise<string[]> {
    return [...commandHandlers.keys()];
  },
};

export const env = {
  async openExternal(): Promise<boolean> {
    return true;
  },
};
