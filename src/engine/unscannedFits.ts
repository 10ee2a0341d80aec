// The fit calls a scan that runs the script for real did not scan (it stops after --max-fits fits,
// default 1, since the code after a fit would run for real): an information note at each, saying
// why and how to scan it.

import type { ReportDiagnostic, SourceRange } from '../shared/protocol';
import { diagnosticAt } from './report';

const sameStart = (a: SourceRange, b: SourceRange): boolean => a.file === b.file && a.line === b.line && a.column === b.column;

const ordinal = (n: number): string => (n === 1 ? 'first model.fit' : `first ${n} fits`);

/**
 * `calls`: every fit call in the script's text, in file order; `scanned`: the calls the scan
 * trained; `limit`: the fits it would scan. A call that never ran although the limit left room
 * was not reached before the script ended.
 */
export function unscannedFitNotes(calls: readonly SourceRange[], scanned: readonly SourceRange[], limit: number): ReportDiagnostic[] {
  const unscanned = calls.filter((c) => !scanned.some((s) => sameStart(c, s)));
  const full = scanned.length >= limit;
  return unscanned.map((call, i) => {
    const message = full
      ? `Not scanned: the scan stops after the ${ordinal(limit)} (the code after ${limit === 1 ? 'it' : 'them'} would run for real); ` +
        `pass --max-fits ${limit + i + 1} / set dyingNeurons.maxFits to scan it.`
      : `Not scanned: this fit did not run before the script ended.`;
    return diagnosticAt('information', 'fit-not-scanned', message, call);
  });
}
