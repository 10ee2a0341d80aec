// The detection suite's section of BENCHMARKS.md: the candidate warning rules against the full
// trainings, the chosen default, every model's layers, and what became of dead and inactive units.

import { DEFAULT_THRESHOLDS } from '../../src/shared/protocol';
import { fixed } from '../stats';
import { loadAverage, machineTable, packageVersion, type Machine } from '../machine';
import { markdownTable } from '../table';
import { RUNS } from './collect';
import { scoreRules, type Evaluation, type LayerVerdict } from './evaluate';
import { HELD_OUT } from './models';

/** The rule the engine implements (layerDiagnostics.ts `warningUnits`); the suite checks they agree. */
export const DEFAULT_RULE = 'deeper-lasting-dead';

const pct = (x: number) => (Number.isFinite(x) ? `${fixed(x * 100, 1)}%` : 'n/a');
const ratio = (a: number, b: number) => `${a}/${b} (${pct(b === 0 ? NaN : a / b)})`;
const code = (s: string) => `\`${s}\``;

function layerCell(l: LayerVerdict): string {
  const t = l.truth;
  const parts = [t.dead > 0 ? `${t.dead} dead` : '', t.saturated > 0 ? `${t.saturated} saturated` : '', t.inactive > 0 ? `${t.inactive} inactive` : ''].filter(Boolean);
  return `${l.layer} (${l.activation}, ${l.units}): ${parts.join(', ') || 'healthy'}`;
}

function quickCell(l: LayerVerdict): string {
  const q = l.quick;
  const parts = [q.dead > 0 ? `${q.dead} dead` : '', q.dying > 0 ? `${q.dying} dying` : '', q.saturated > 0 ? `${q.saturated} saturated` : '', q.inactive > 0 ? `${q.inactive} inactive` : ''].filter(Boolean);
  const verdict = l.engine === null ? '' : l.quick.inputDead ? ' → information (input dead)' : ` → ${l.engine}`;
  return `${l.layer}: ${parts.join(', ')}${verdict}`;
}

/** The margin: the layer without a problem whose counted units come closest to the warning line. */
function closestCall(e: Evaluation): string {
  const share = (l: LayerVerdict) => l.counted[DEFAULT_RULE] / l.units;
  const closest = e.layers.filter((l) => !l.truth.positive && !l.quick.inputDead).sort((a, b) => share(b) - share(a))[0];
  if (!closest) return '';
  return `Closest call: ${code(closest.model)} ${closest.layer}, ${closest.counted[DEFAULT_RULE]} of ${closest.units} units counted (${pct(share(closest))}; ${closest.truth.dead} dead at the end).`;
}

/** What the default rule did on the models added after it was chosen. */
function heldOutText(e: Evaluation): string {
  const layers = e.layers.filter((l) => HELD_OUT.some((name) => l.model.endsWith(`/${name}.mjs`)));
  const models = [...new Set(layers.map((l) => l.model))];
  if (models.length === 0) return 'Held-out models (added after the rule was chosen): none measured yet.';
  const positives = layers.filter((l) => l.truth.positive);
  const score = (rule: string) => {
    const warned = layers.filter((l) => l.warns[rule]);
    return `warns on ${warned.length} (${warned.filter((l) => l.truth.positive).length} with a problem) and finds ${positives.filter((l) => l.warns[rule] || l.quick.inputDead).length} of the ${positives.length} problem layers`;
  };
  return (
    `**Held out** (added after the rule was chosen, so not used to choose it): ${models.map(code).join(', ')} — ${layers.length} layers, ${positives.length} of them ending training with a problem. ` +
    `There the default rule ${score(DEFAULT_RULE)}; \`no-dying\` ${score('no-dying')}. ` +
    'The other models are those the rule was chosen on: their precision is not an out-of-sample figure.'
  );
}

export function detectionMarkdown(e: Evaluation, machine: Machine): string {
  const scores = scoreRules(e.layers);
  const chosen = scores.find((s) => s.rule.id === DEFAULT_RULE)!;
  const engineWarns = e.layers.filter((l) => l.engine === 'warning' && !l.quick.inputDead);
  const engineAgrees = e.layers.every((l) => (l.engine === 'warning') === l.warns[DEFAULT_RULE]);
  const positives = e.layers.filter((l) => l.truth.positive);
  const healthyWarned = new Map<string, number>();
  const healthyReal = new Map<string, number>();
  for (const l of e.layers) {
    if (l.group !== 'healthy' || !l.warns[DEFAULT_RULE]) continue;
    healthyWarned.set(l.model, (healthyWarned.get(l.model) ?? 0) + 1);
    healthyReal.set(l.model, (healthyReal.get(l.model) ?? 0) + (l.truth.positive ? 1 : 0));
  }
  const u = e.units;
  const d = u.deadSinceInit;
  const q = RUNS.quick;
  const lines: string[] = [
    '## Detection quality: quick scan against full training (issue 13)',
    '',
    `${e.models.length} models (${e.models.filter((m) => m.group === 'dying').length} dying examples, ${e.models.filter((m) => m.group === 'healthy').length} healthy standard architectures, ${e.models.filter((m) => m.group === 'slope').length} LeakyReLU slope probes), TensorFlow.js on wasm.`,
    `**Ground truth**: each script as written (its own epochs, its whole training data), then every unit measured on the whole training split`,
    `(\`--probe ${RUNS.truth.probe}\`, capped at the split's size). A layer *has a problem* when it ends training with ≥ ${pct(DEFAULT_THRESHOLDS.warnFraction)} of its units dead`,
    `(ReLU/ReLU6 never active) or saturated (sigmoid/tanh). The second criterion of the issue, "its dead units cost accuracy", is not measured (no ablation).`,
    `**Quick scan**: the default \`--epochs ${q.epochs} --samples ${q.samples}\` (probe ${q.probe}, seed 42; checks at init, early in epoch 1 and at its end), judged by the engine.`,
    'The model\'s output layers are never judged. Measurements cached in `bench/detection/measured.json` (keyed by the script\'s hash); the rules are judged from them offline.',
    '',
    '### Warning rules',
    '',
    markdownTable({
      head: ['rule', 'warnings', 'on a real problem', 'precision', 'recall (all problem layers)', 'recall (dying examples)', 'warnings on healthy models'],
      rows: scores.map((s) => [
        `${s.rule.id === DEFAULT_RULE ? '**default** ' : ''}${code(s.rule.id)}: ${s.rule.title}`,
        String(s.warnings),
        String(s.truePositives),
        pct(s.precision),
        pct(s.recall),
        pct(s.dyingRecall),
        String(s.healthyWarnings),
      ]),
    }),
    '',
    `Recall counts a problem layer as found when it is warned about, or marked "input is dead" pointing at a warned layer upstream. ${positives.length} layers have a problem at the end of training.`,
    'Every row uses the root cause as the engine has it now (a layer behind one at least 90% dead gets information, not a warning); the `before` row differs from the others only in its unit states and its warning count.',
    `The engine's own diagnostics at the default settings: ${engineWarns.length} warnings, ${engineAgrees ? `the same layers as the ${code(DEFAULT_RULE)} row` : `**not** the same layers as the ${code(DEFAULT_RULE)} row`}.`,
    `Targets (precision ≥ 95%, recall 100% on the dying examples): precision ${pct(chosen.precision)} — ${chosen.precision >= 0.95 ? 'meets' : '**misses**'}; recall ${pct(chosen.dyingRecall)} — ${chosen.dyingRecall === 1 ? 'meets' : '**misses**'}.`,
    `**Chosen rule**: ${code(DEFAULT_RULE)}, the highest precision in this table that finds every problem layer of the dying examples — a layer is warned about when the units counted reach ${pct(DEFAULT_THRESHOLDS.warnFraction)} of its units (\`warningUnits\` in src/engine/layerDiagnostics.ts):`,
    'saturated units; in a first layer (fed by the model\'s input through layers that learn nothing) every dead unit; in a deeper layer the units dead at this check and the one before,',
    'or every dead unit when a layer feeding it has a warning. Dying and inactive units are information. Why: a deeper unit\'s input changes as the layers before it train, and most deeper units',
    'dead at one check only were active again by the end (table below); `deeper-two-checks` alone misses high-learning-rate\'s second layer, whose units kept dying behind a warned first layer.',
    `Its warnings on the healthy group's models: ${healthyWarned.size === 0 ? 'none' : [...healthyWarned].map(([model, n]) => `${code(model)} (${n} layer${n === 1 ? '' : 's'}, ${healthyReal.get(model)} with a problem at the end)`).join(', ')}. ${closestCall(e)}`,
    heldOutText(e),
    '',
    '### Units',
    '',
    markdownTable({
      head: ['measure', 'value'],
      rows: [
        ['units "dead" at the quick scan\'s last check that are dead at the end of training (unit-level precision)', ratio(u.deadAtEnd, u.calledDead)],
        ['the same before issue 13 (never-positive LeakyReLU/ELU/SELU units called dead)', ratio(u.deadAtEndBefore, u.calledDeadBefore)],
        ['units "dead" at the last check in first layers: dead at the end', ratio(u.lastDead.first.deadAtEnd, u.lastDead.first.units)],
        ['units "dead" at the last check in deeper layers, dead at the check before too (they count toward a warning): dead at the end', ratio(u.lastDead.deeperLasting.deadAtEnd, u.lastDead.deeperLasting.units)],
        ['units "dead" at the last check in deeper layers, not at the check before (they count only behind a warned layer): dead at the end', ratio(u.lastDead.deeperNew.deadAtEnd, u.lastDead.deeperNew.units)],
        ['dead since init, first layer (input never changes): came back by the end', ratio(d.firstBack, d.first)],
        ['dead since init, deeper layers: came back by the end', ratio(d.deeperBack, d.deeper)],
      ],
    }),
    '',
    '### Inactive units (activations that pass gradient below zero)',
    '',
    markdownTable({
      head: ['model', 'layer', 'activation', 'units', 'inactive at init', 'of those, positive on some training sample at the end', 'inactive at the end'],
      rows: e.slopes.map((s) => [code(s.model), s.layer, s.activation, String(s.units), String(s.inactiveAtInit), String(s.cameBack), String(s.inactiveAtEnd)]),
    }),
    '',
    '### Models',
    '',
    markdownTable({
      head: ['model', 'group', 'full training', 'layers at the end of training', 'quick scan (default rule)'],
      rows: e.models.map((m) => {
        const layers = e.layers.filter((l) => l.model === m.model);
        return [
          code(m.model),
          m.group,
          `${m.epochs} epoch${m.epochs === 1 ? '' : 's'}, ${m.samples} samples, training accuracy ${m.accuracy === null ? 'n/a' : pct(m.accuracy)}, ${fixed(m.truthMs / 1000)} s`,
          layers.map(layerCell).join('; '),
          layers.filter((l) => l.engine !== null).map(quickCell).join('; ') || 'nothing',
        ];
      }),
    }),
    '',
    e.missing.length > 0 ? `Not measured (a run failed or is missing): ${e.missing.map(code).join(', ')}.` : 'Every model was measured.',
    '',
    '### Machine',
    '',
    machineTable(machine, {
      software: ['TensorFlow.js', `${packageVersion('@tensorflow/tfjs')} (wasm ${packageVersion('@tensorflow/tfjs-backend-wasm')})`],
      loadAverageAtEnd: loadAverage(),
      run: `\`npm run bench -- --suite detection\`: the runs measured at ${new Set(e.models.map((m) => m.commit)).size} commits (each run's in measured.json), up to 4 at a time; judged at this commit`,
    }),
  ];
  return lines.join('\n');
}
