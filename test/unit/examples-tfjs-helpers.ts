// Scans of the TensorFlow.js examples for their tests: a small sample (500 training samples, one
// epoch, 256 probe samples, seed 7), each through the real worker.

import assert from 'node:assert/strict';
import path from 'node:path';
import type { Report } from '../../src/shared/protocol';
import { ROOT, scan } from './worker-helpers';

export async function scanExample(name: string): Promise<Report> {
  const { report } = await scan(path.join(ROOT, 'examples', 'tfjs', name), { options: { samples: 500, epochs: 1, probe: 256, seed: 7 } });
  assert.equal(report.status, 'completed');
  return report;
}

/** Per layer: [name, line, dead, dying, saturated]. */
export const counts = (report: Report) => report.layers.map((l) => [l.name, l.line, l.dead, l.dying, l.saturated]);

/** Per diagnostic: [severity, code, line, layer]. */
export const flagged = (report: Report) => report.diagnostics.map((d) => [d.severity, d.code, d.line, d.layer]);
