// Says where a scan trained, for people: "Keras in Python · tensorflow · CPU", "TensorFlow.js · wasm".

import type { Backend, RanWith, Report } from '../shared/protocol';

type RunFacts = Partial<Omit<RanWith, 'python'>> & { backend?: Backend | null };

/** What ran, when the runner says so; null when it does not (older recordings). */
export function describeRun({ runner, framework, backend, kerasBackend, device }: RunFacts): string | null {
  if (runner === undefined) return null;
  let parts: (string | null | undefined)[];
  if (runner === 'python') {
    parts = framework === 'torch' ? ['PyTorch'] : framework === 'keras' ? ['Keras in Python', kerasBackend] : ['Python'];
  } else {
    parts = [runner === 'translate' ? 'Keras translated to TensorFlow.js' : 'TensorFlow.js', backend];
  }
  return [...parts, device].filter((p): p is string => typeof p === 'string' && p !== '').join(' · ');
}

/** Where a report's scan trained, for a summary line: what the runner said, else the backend. */
export function describeReportRun(report: Pick<Report, 'ranWith' | 'backend'>): string {
  return (report.ranWith && describeRun({ ...report.ranWith, backend: report.backend })) ?? report.backend ?? 'no backend';
}
