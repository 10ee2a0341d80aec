// "Fix all in file": the preferred fix of each layer's finding applied in turn to the text, each
// computed on the text the previous ones produced, at its layer's place moved through their edits.

import type { DiagnosticCode, FixId, SourceLanguage } from '../../shared/protocol';
import { fixesFor, targetAfterEdits, type FixResult, type FixTarget } from './index';
import { applyEdits } from './text';

/** Fixes that edit the compile call, not the layer: once per file. */
const MODEL_WIDE: ReadonlySet<FixId> = new Set(['lower-lr', 'sgd-to-adam']);

/** A layer with a finding, where it is in the text fixes start from. */
export interface FixAllItem {
  layer: string;
  target: FixTarget;
  code: DiagnosticCode;
}

export interface FixAllResult {
  text: string;
  applied: { layer: string; fix: FixResult }[];
}

/** Applies each item's preferred fix in turn; a model-wide fix (learning rate, optimiser) once. */
export function fixAll(source: string, language: SourceLanguage, items: readonly FixAllItem[]): FixAllResult {
  const applied: FixAllResult['applied'] = [];
  let text = source;
  let targets: (FixTarget | undefined)[] = items.map((item) => item.target);
  items.forEach((item, i) => {
    const target = targets[i];
    if (!target) return;
    const fixes = fixesFor(text, language, target, item.code).filter((f) => !(MODEL_WIDE.has(f.id) && applied.some((a) => a.fix.id === f.id)));
    const fix = fixes.find((f) => f.preferred) ?? fixes[0];
    if (!fix) return;
    targets = targets.map((t) => t && targetAfterEdits(text, language, fix.edits, t));
    text = applyEdits(text, fix.edits);
    applied.push({ layer: item.layer, fix });
  });
  return { text, applied };
}
