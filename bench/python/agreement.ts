// Part 1: every bundled Keras example scanned twice with the same options, translated to
// TensorFlow.js and in real Keras; per layer, the counts and the verdict of each, side by side.

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Report } from '../../src/shared/protocol';
import { PACKAGE_ROOT } from '../../src/worker/packageRoot';
import { timedScan } from './scan';

const EXAMPLES = join(PACKAGE_ROOT, 'examples', 'keras');

/** What a scan said of one layer, or of the whole run. */
export type Verdict = 'warning' | 'information' | 'clean' | `error: ${string}`;

export interface LayerSide {
  dead: number;
  dying: number;
  saturated: number;
  /** Dead at the init check (firstDeadCheck 0). */
  deadAtInit: number;
  verdict: Verdict;
}

export interface LayerRow {
  name: string;
  line: number;
  units: number;
  translate: LayerSide | undefined;
  python: LayerSide | undefined;
}

export interface ExampleAgreement {
  file: string;
  samples: number;
  translate: Verdict;
  python: Verdict;
  layers: LayerRow[];
  seconds: { translate: number; python: number };
}

/** The samples each example is scanned with (the examples README's settings). */
const SAMPLES: Record<string, number> = { 'dead-conv.py': 1000 };
const DEFAULT_SAMPLES = 2000;

function verdictOf(report: Report, layer?: string): Verdict {
  const error = report.diagnostics.find((d) => d.severity === 'error');
  if (error) return `error: ${error.code}`;
  const about = report.diagnostics.filter((d) => d.layer !== undefined && (layer === undefined || d.layer === layer));
  if (about.some((d) => d.severity === 'warning')) return 'warning';
  return about.some((d) => d.severity === 'information') ? 'information' : 'clean';
}

function sides(report: Report): Map<string, LayerSide & { line: number; units: number }> {
  return new Map(
    report.layers.map((l) => [
      `${l.name}:${l.line}`,
      {
        dead: l.dead,
        dying: l.dying,
        saturated: l.saturated,
        deadAtInit: l.firstDeadCheck.filter((c) => c === 0).length,
        verdict: verdictOf(report, l.name),
        line: l.line,
        units: l.units,
      },
    ]),
  );
}

function rows(translated: Report, real: Report): LayerRow[] {
  const t = sides(translated);
  const p = sides(real);
  const keys = [...new Set([...t.keys(), ...p.keys()])];
  return keys.map((key) => {
    const either = (t.get(key) ?? p.get(key)) as LayerSide & { line: number; units: number };
    const strip = (s: (LayerSide & { line: number; units: number }) | undefined): LayerSide | undefined =>
      s && { dead: s.dead, dying: s.dying, saturated: s.saturated, deadAtInit: s.deadAtInit, verdict: s.verdict };
    return { name: key.split(':')[0], line: either.line, units: either.units, translate: strip(t.get(key)), python: strip(p.get(key)) };
  });
}

export async function agreement(env: NodeJS.ProcessEnv, log: (text: string) => void): Promise<ExampleAgreement[]> {
  const results: ExampleAgreement[] = [];
  for (const name of readdirSync(EXAMPLES).filter((f) => f.endsWith('.py')).sort()) {
    const file = join(EXAMPLES, name);
    const samples = SAMPLES[name] ?? DEFAULT_SAMPLES;
    const translated = await timedScan({ file, runner: 'translate', epochs: 1, samples, env });
    const real = await timedScan({ file, runner: 'python', epochs: 1, samples, env });
    if (real.report.ranWith?.runner !== 'python') throw new Error(`${name} did not run in Python: ${JSON.stringify(real.report.ranWith)}`);
    const result: ExampleAgreement = {
      file: `examples/keras/${name}`,
      samples,
      translate: verdictOf(translated.report),
      python: verdictOf(real.report),
      layers: rows(translated.report, real.report),
      seconds: { translate: translated.endMs / 1000, python: real.endMs / 1000 },
    };
    log(`${name}: translated ${result.translate}, real Keras ${result.python}`);
    results.push(result);
  }
  return results;
}
