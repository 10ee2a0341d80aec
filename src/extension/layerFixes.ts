// The engine's fixes for a finding, and "fix all in file": the preferred fix of each finding
// applied in turn to the text. No `vscode` import; the caller wraps the result in one
// WorkspaceEdit (one undo).
import { applyEdits, fixesFor, languageOf, targetAfterEdits, type FixResult, type FixTarget, type TextEdit } from '../engine/fixes';
import type { DiagnosticCode, FixId, LayerSummary } from '../shared/protocol';
import type { Finding } from './diagnostics';

/** Codes the engine's fixes address ('input-dead' is fixed at its root layer). */
const FIXABLE: ReadonlySet<DiagnosticCode> = new Set(['dead-units', 'dying-units', 'saturated-units']);

/** Fixes that edit the compile call, not the layer: once per file in "fix all". */
const MODEL_WIDE: ReadonlySet<FixId> = new Set(['lower-lr', 'sgd-to-adam']);

export type FixableFinding = Finding & { readonly layer: LayerSummary };

/** A finding the engine may fix: about a layer, of a unit code, and not stale (its layer's text is as scanned). */
export const isFixable = (f: Finding): f is FixableFinding => !f.stale && f.layer !== undefined && FIXABLE.has(f.report.code);

/** The layer's constructor call as the engine's fixes take it, where the finding is now. */
export const targetOf = ({ span, layer }: FixableFinding): FixTarget => ({
  line: span.start.line + 1,
  column: span.start.character + 1,
  className: layer.className,
  activation: layer.activation,
  family: layer.family,
});

/** The engine's fixes for a finding, best first; none for a stale or unfixable one. */
export function fixesForFinding(source: string, fileName: string, finding: Finding): FixResult[] {
  const language = languageOf(fileName);
  if (!isFixable(finding) || !language) return [];
  return fixesFor(source, language, targetOf(finding), finding.report.code);
}

export interface FixAllResult {
  text: string;
  applied: { layer: string; fix: FixResult }[];
}

/**
 * Applies each fixable finding's preferred fix in turn. Each is computed on the text the
 * previous ones produced, at its layer's place moved through their edits; a model-wide fix
 * (learning rate, optimiser) is applied once.
 */
export function fixAll(source: string, fileName: string, findings: readonly Finding[]): FixAllResult {
  const language = languageOf(fileName);
  const applied: FixAllResult['applied'] = [];
  if (!language) return { text: source, applied };
  const fixable = findings.filter(isFixable);
  let text = source;
  let targets: (FixTarget | undefined)[] = fixable.map(targetOf);
  fixable.forEach((finding, i) => {
    const target = targets[i];
    if (!target) return;
    const fixes = fixesFor(text, language, target, finding.report.code).filter(
      (f) => !(MODEL_WIDE.has(f.id) && applied.some((a) => a.fix.id === f.id)),
    );
    const fix = fixes.find((f) => f.preferred) ?? fixes[0];
    if (!fix) return;
    targets = targets.map((t) => t && targetAfterEdits(text, language, fix.edits, t));
    text = applyEdits(text, fix.edits);
    applied.push({ layer: finding.layer.name, fix });
  });
  return { text, applied };
}

/** One edit that turns `before` into `after` (their common prefix and suffix left alone). */
export function replacementBetween(before: string, after: string): TextEdit {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let end = 0;
  while (end < before.length - start && end < after.length - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  return { start, end: before.length - end, newText: after.slice(start, after.length - end) };
}
