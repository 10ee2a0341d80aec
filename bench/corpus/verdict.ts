// What one corpus scan amounts to: a report, a correct refusal of a script broken as published
// (its first error at the mistake's line), or a failure, with the construct and line that stopped it.

import { basename } from 'node:path';
import type { ReportDiagnostic } from '../../src/shared/protocol';
import { BROKEN_AS_PUBLISHED } from './expected';
import type { CorpusScan } from './scan';

export type Outcome = 'report' | 'correct refusal' | 'failure';

export interface Verdict {
  script: string;
  scan: CorpusScan;
  outcome: Outcome;
  layers: number;
  /** The first error: its code, its message's first sentence, its line. */
  stoppedBy: { code: string; construct: string; line: number } | undefined;
}

const firstSentence = (message: string) => {
  const line = message.split('\n')[0];
  const end = line.search(/[.:](\s|$)/);
  return (end > 0 ? line.slice(0, end) : line).slice(0, 110);
};

export function judge(file: string, scan: CorpusScan): Verdict {
  const script = basename(file);
  const report = scan.report;
  const error: ReportDiagnostic | undefined = report?.diagnostics.find((d) => d.severity === 'error');
  const stoppedBy = error ? { code: error.code, construct: firstSentence(error.message), line: error.line } : undefined;
  const layers = report?.layers.length ?? 0;
  const scanned = report?.status === 'completed';
  const broken = BROKEN_AS_PUBLISHED[script];
  const outcome: Outcome = scanned ? 'report' : broken && stoppedBy && broken.lines.includes(stoppedBy.line) ? 'correct refusal' : 'failure';
  return { script, scan, outcome, layers, stoppedBy };
}
