// The scan's findings as VS Code diagnostics (code-actions-sample style: the collection is a
// subscription, `code` is what the code actions filter on). VS Code does not move extension
// diagnostics when the text changes, so this store does: each finding keeps its current span,
// and a finding whose layer's own text changed is marked stale until the next scan.
import * as vscode from 'vscode';
import type { CellRef, LayerSummary, ReportDiagnostic, Severity } from '../shared/protocol';
import { documentUri } from './notebooks';
import { shiftSpanThrough, type Span, type TextChange } from './textShift';

export const DIAGNOSTIC_SOURCE = 'dying-neurons';
export const STALE_NOTE = ' (stale: re-scan)';

/** A published diagnostic: what the scan said, about which layer, where it is now. */
export interface Finding {
  readonly report: ReportDiagnostic;
  /** The layer the diagnostic is about, from the run's model summary. */
  readonly layer: LayerSummary | undefined;
  readonly span: Span;
  /** The layer's text changed since the scan: the finding may no longer hold. */
  readonly stale: boolean;
}

const SEVERITIES: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
};

/** 1-based report positions (0 = unknown) → a 0-based span; unknown positions go to the file's start. */
export function spanOf(d: ReportDiagnostic): Span {
  const start = { line: Math.max(d.line - 1, 0), character: Math.max(d.column - 1, 0) };
  const end = { line: Math.max(d.endLine - 1, 0), character: Math.max(d.endColumn - 1, 0) };
  const endIsBefore = end.line < start.line || (end.line === start.line && end.character < start.character);
  return { start, end: endIsBefore ? start : end };
}

/** The README section that explains a diagnostic code (its heading's anchor). */
const explanationUri = (readme: vscode.Uri, code: string): vscode.Uri => readme.with({ fragment: code });

export function toDiagnostic(finding: Finding, readme: vscode.Uri): vscode.Diagnostic {
  const { report, span, stale } = finding;
  const range = new vscode.Range(span.start.line, span.start.character, span.end.line, span.end.character);
  const diagnostic = new vscode.Diagnostic(range, stale ? report.message + STALE_NOTE : report.message, SEVERITIES[report.severity]);
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = { value: report.code, target: explanationUri(readme, report.code) };
  if (report.related && report.related.length > 0) {
    diagnostic.relatedInformation = report.related.map(
      (r) =>
        new vscode.DiagnosticRelatedInformation(
          new vscode.Location(documentUri(r.file, r.cell), new vscode.Position(Math.max(r.line - 1, 0), Math.max(r.column - 1, 0))),
          r.message,
        ),
    );
  }
  if (stale) diagnostic.tags = [vscode.DiagnosticTag.Unnecessary];
  return diagnostic;
}

/** The document a position is in (a notebook's cell document), as the key of its findings. */
const keyOf = (file: string, cell?: CellRef): string => documentUri(file, cell).toString();

const sameSpans = (a: Span, b: Span): boolean =>
  a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;

export class ScanDiagnostics {
  private readonly collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
  /** Findings per document (uri string). */
  private readonly findings = new Map<string, readonly Finding[]>();
  /** Per scanned file: the documents its last publish put findings in. */
  private readonly published = new Map<string, ReadonlySet<string>>();
  /** Per running scan: the edits made per document since the scan read its text. */
  private readonly editsSinceScan = new Map<string, Map<string, TextChange[]>>();

  constructor(private readonly readme: vscode.Uri) {}

  register(): vscode.Disposable[] {
    return [this.collection, vscode.workspace.onDidChangeTextDocument((e) => this.onDidChangeText(e.document.uri, e.contentChanges))];
  }

  /** A scan of `file` is starting: positions it reports refer to the text as it is now. */
  beginScan(file: string): void {
    this.editsSinceScan.set(file, new Map());
  }

  endScan(file: string): void {
    this.editsSinceScan.delete(file);
  }

  /** Replaces the findings of the scan of `file` (its live or final diagnostics). */
  publish(file: string, diagnostics: readonly ReportDiagnostic[], model: readonly LayerSummary[]): void {
    const byDocument = new Map<string, ReportDiagnostic[]>();
    for (const d of diagnostics) byDocument.set(keyOf(d.file, d.cell), [...(byDocument.get(keyOf(d.file, d.cell)) ?? []), d]);
    for (const key of this.published.get(file) ?? []) {
      if (!byDocument.has(key)) this.replace(key, []);
    }
    const edits = this.editsSinceScan.get(file);
    for (const [key, reports] of byDocument) {
      const changes = edits?.get(key) ?? [];
      this.replace(
        key,
        reports.map((report) => {
          const { span, touched } = shiftSpanThrough(spanOf(report), changes);
          return { report, layer: model.find((l) => l.name === report.layer), span, stale: touched };
        }),
      );
    }
    this.published.set(file, new Set(byDocument.keys()));
  }

  /** The findings in a document, as they stand now. */
  findingsIn(uri: vscode.Uri): readonly Finding[] {
    return this.findings.get(uri.toString()) ?? [];
  }

  /** The finding a diagnostic shows (code actions get copies, so match by value). */
  findingFor(uri: vscode.Uri, diagnostic: vscode.Diagnostic): Finding | undefined {
    return this.findingsIn(uri).find((f) => sameSpans(diagnostic.range, f.span) && diagnostic.message === toDiagnostic(f, this.readme).message);
  }

  private onDidChangeText(uri: vscode.Uri, contentChanges: readonly TextChange[]): void {
    if (contentChanges.length === 0) return;
    const key = uri.toString();
    for (const edits of this.editsSinceScan.values()) edits.set(key, [...(edits.get(key) ?? []), ...contentChanges]);
    const current = this.findings.get(key);
    if (!current) return;
    const moved = current.map((f) => {
      const { span, touched } = shiftSpanThrough(f.span, contentChanges);
      return { ...f, span, stale: f.stale || touched };
    });
    // Typing below every finding moves nothing: don't republish on each keystroke.
    if (moved.some((f, i) => f.stale !== current[i].stale || !sameSpans(f.span, current[i].span))) this.replace(key, moved);
  }

  private replace(key: string, findings: readonly Finding[]): void {
    const uri = vscode.Uri.parse(key);
    if (findings.length === 0) {
      this.findings.delete(key);
      this.collection.delete(uri);
      return;
    }
    this.findings.set(key, findings);
    this.collection.set(
      uri,
      findings.map((f) => toDiagnostic(f, this.readme)),
    );
  }
}
