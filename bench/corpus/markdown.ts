// The corpus suite's section of BENCHMARKS.md: per script, the runner, exit status, layers found
// and what stopped it; the share that scans to a report (correct refusals marked), and the
// count before the issue 15 work for comparison.

import { markdownTable } from '../table';
import { fixed } from '../stats';
import type { Machine } from '../machine';
import { BROKEN_AS_PUBLISHED } from './expected';
import type { Verdict } from './verdict';

/** Measured with this suite on the code before the issue 15 fixes (commit noted). */
export const BEFORE = { commit: '3a2c4ec', reports: 9, correctRefusals: 5, total: 33 };

const pct = (a: number, b: number) => `${fixed((100 * a) / b, 0)}%`;

function stopped(v: Verdict): string {
  if (v.scan.timedOut) return 'timed out';
  if (!v.stoppedBy) return v.scan.report ? '' : `no report (exit ${v.scan.exitCode}): ${v.scan.stderrTail.trim().split('\n').pop() ?? ''}`;
  return `\`${v.stoppedBy.code}\` line ${v.stoppedBy.line}: ${v.stoppedBy.construct.replaceAll('|', '\\|')}`;
}

export function corpusMarkdown(verdicts: Verdict[], settings: { samples: number; epochs: number }, machine: Machine): string {
  const reports = verdicts.filter((v) => v.outcome === 'report').length;
  const refusals = verdicts.filter((v) => v.outcome === 'correct refusal').length;
  const total = verdicts.length;
  const failures = verdicts.filter((v) => v.outcome === 'failure');
  const datasets = failures.filter((v) => v.stoppedBy?.construct.includes('load_data')).length;
  return [
    '## Public-script corpus on the paths without Python (issue 15)',
    '',
    `${total} public Keras and TensorFlow.js scripts kept as published in \`test/corpus/\` (the first line of each names its source).`,
    `Each is scanned with \`dying-neurons scan FILE --json --samples ${settings.samples} --epochs ${settings.epochs}\`: \`--runner translate\` for \`.py\`,`,
    'the TensorFlow.js runner for `.js`/`.mjs`. MNIST and Fashion-MNIST are bundled; the other Keras datasets are read from a',
    "temporary Keras cache (`$KERAS_HOME`) that the suite fills with synthetic data in Keras's exact file formats",
    '(`test/fixtures/keras_cache.py`: random data of the real sizes — imdb 25,000 + 25,000 reviews, reuters 11,228,',
    'boston_housing 506 × 13; CIFAR with 1,000 images per batch), as there is no network to download the real files.',
    'A script *broken as published* (it fails in any Python or Node; listed in `bench/corpus/expected.ts`) counts as correct',
    "when the scan refuses it with its first error at the mistake's line.",
    '',
    `**Scans to a report or a correct refusal: ${reports + refusals} of ${total} (${pct(reports + refusals, total)})** — ${reports} reports, ${refusals} correct refusals.`,
    BEFORE.total > 0
      ? `Before the issue 15 fixes (commit ${BEFORE.commit}): ${BEFORE.reports + BEFORE.correctRefusals} of ${BEFORE.total} (${pct(BEFORE.reports + BEFORE.correctRefusals, BEFORE.total)}) — ${BEFORE.reports} reports, ${BEFORE.correctRefusals} correct refusals.`
      : '',
    `Of the ${failures.length} failures, ${datasets} stop at a Keras dataset's load_data.`,
    '',
    markdownTable({
      head: ['script', 'runner', 'exit', 'layers', 'outcome', 'stopped by (first error)'],
      rows: verdicts.map((v) => [
        `\`${v.script}\``,
        v.scan.runner,
        v.scan.timedOut ? 'timeout' : String(v.scan.exitCode),
        String(v.layers),
        v.outcome === 'correct refusal' ? `correct refusal (${BROKEN_AS_PUBLISHED[v.script].why})` : v.outcome,
        stopped(v),
      ]),
    }),
    '',
    `Measured on ${machine.cpu} (${machine.cores} cores), Node ${machine.node}, tfjs ${machine.tfjs}, commit ${machine.commit}, ${machine.date}.`,
  ].join('\n');
}
