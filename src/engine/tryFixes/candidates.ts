// What Try Fixes runs for a layer: the unchanged model, each quick fix alone, and pairs of fixes
// that work together — each as the full text of a scratch copy, built with the same fix
// functions as the quick fixes (a pair is its second fix computed on the text the first made).

import type { ActivationFamily, DiagnosticCode, FixId } from '../../shared/protocol';
import { applyEdits, fixesFor, targetAfterEdits, type FixTarget, type SourceLanguage } from '../fixes';

export const BASELINE_ID = 'baseline';

export interface TryCandidate {
  /** 'baseline', or the fix ids joined with '+' in the order they are applied. */
  id: string;
  fixes: FixId[];
  title: string;
  /** The scratch copy's text (the user's text itself for the baseline). */
  source: string;
  /** The layer's constructor call in the scratch copy. */
  target: FixTarget;
}

/** The initialiser fix that suits the layer's activation. */
const initFix = (family: ActivationFamily): FixId => (family === 'relu' ? 'he-init' : 'glorot-init');

/** Pairs worth measuring, each in the order it is applied; a pair whose fixes do not both apply is skipped. */
export function fixPairs(family: ActivationFamily): FixId[][] {
  const init = initFix(family);
  const pairs: FixId[][] = [
    ['zero-bias', init],
    [init, 'batch-norm'],
    [init, 'lower-lr'],
  ];
  return family === 'relu' ? [...pairs, [init, 'leaky-relu']] : pairs;
}

export const candidateId = (fixes: readonly FixId[]): string => (fixes.length === 0 ? BASELINE_ID : fixes.join('+'));

/**
 * The scratch copy with `fixes` applied in order, each one as the quick fix computes it on the
 * text the previous ones produced. Undefined when one of them is not offered there.
 */
export function applyFixChain(
  source: string,
  language: SourceLanguage,
  target: FixTarget,
  code: DiagnosticCode,
  fixes: readonly FixId[],
): TryCandidate | undefined {
  let text = source;
  // The start of the constructor call, as the fixes report positions (V8 points inside it).
  let at = targetAfterEdits(source, language, [], target);
  const titles: string[] = [];
  for (const id of fixes) {
    const fix = at && fixesFor(text, language, at, code).find((f) => f.id === id);
    if (!at || !fix) return undefined;
    at = targetAfterEdits(text, language, fix.edits, at);
    text = applyEdits(text, fix.edits);
    titles.push(fix.title);
  }
  if (!at) return undefined;
  return { id: candidateId(fixes), fixes: [...fixes], title: titles.length === 0 ? 'Unchanged model' : titles.join(' + '), source: text, target: at };
}

/**
 * Every run of a try, in a fixed order: the baseline, each fix the quick fixes offer for the
 * layer (best first), then the pairs that apply. Candidates whose text equals an earlier one's
 * are dropped. Empty when the position holds no layer the fixes address.
 */
export function tryCandidates(source: string, language: SourceLanguage, target: FixTarget, code: DiagnosticCode): TryCandidate[] {
  const singles = fixesFor(source, language, target, code).map((f) => [f.id]);
  if (singles.length === 0 || target.family === null) return [];
  const chains = [[], ...singles, ...fixPairs(target.family)];
  const candidates: TryCandidate[] = [];
  for (const fixes of chains) {
    const candidate = applyFixChain(source, language, target, code, fixes);
    if (candidate && !candidates.some((c) => c.source === candidate.source)) candidates.push(candidate);
  }
  return candidates;
}
