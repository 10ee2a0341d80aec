// Which findings the engine's fixes apply to, where their layer is now, and their fixes.
// No `vscode` import; the caller wraps the edits in one WorkspaceEdit (one undo).
import { fixesFor, type FixResult, type FixTarget } from '../engine/fixes';
import type { FixAllItem } from '../engine/fixes/fixAll';
import type { DiagnosticCode, LayerSummary, SourceLanguage } from '../shared/protocol';
import type { Finding } from './diagnostics';

/** Codes the engine's fixes address ('input-dead' is fixed at its root layer). */
const FIXABLE: ReadonlySet<DiagnosticCode> = new Set(['dead-units', 'dying-units', 'saturated-units']);

export type FixableFinding = Finding & { readonly layer: LayerSummary };

/** A finding the engine may fix: about a layer, of a unit code, and not stale (its layer's text is as scanned). */
export const isFixable = (f: Finding): f is FixableFinding => !f.stale && f.layer !== undefined && FIXABLE.has(f.report.code);

/** The layer's constructor call as the engine's fixes take it, where the finding is now (PyTorch: and its activation's site). */
export const targetOf = ({ span, layer }: FixableFinding): FixTarget => ({
  line: span.start.line + 1,
  column: span.start.character + 1,
  className: layer.className,
  activation: layer.activation,
  family: layer.family,
  ...(layer.activationSite ? { activationSite: { line: layer.activationSite.line, column: layer.activationSite.column } } : {}),
});

/** The engine's fixes for a finding, best first; none for a stale or unfixable one. */
export function fixesForFinding(source: string, language: SourceLanguage | undefined, finding: Finding): FixResult[] {
  if (!isFixable(finding) || !language) return [];
  return fixesFor(source, language, targetOf(finding), finding.report.code);
}

/** The fixable findings as "fix all" takes them. */
export const fixAllItems = (findings: readonly Finding[]): FixAllItem[] =>
  findings.filter(isFixable).map((f) => ({ layer: f.layer.name, target: targetOf(f), code: f.report.code }));
