// Judges the quick scans against the full trainings (measured.json): which layers really end
// training with a problem, which the quick scan warns about under each candidate warning rule,
// and what became of the units a quick scan calls dead or inactive.

import { relative } from 'node:path';
import { RunTracker } from '../../src/engine/report';
import { monitoredInputs, outputLayers, seesOnlyTheInput } from '../../src/engine/layerGraph';
import { canDie, classifyMeasures } from '../../src/engine/stats';
import { DEFAULT_THRESHOLDS, type LayerSummary, type UnitState } from '../../src/shared/protocol';
import { PACKAGE_ROOT } from '../../src/worker/packageRoot';
import type { Measured, MeasuredCheck, MeasuredRun } from './collect';
import type { DetectionModel, ModelGroup } from './models';

const T = DEFAULT_THRESHOLDS;

/** Activations the monitor measured before issue 13 (all judged as ReLU then). */
const MONITORED_BEFORE = new Set(['relu', 'relu6', 'elu', 'selu', 'leakyrelu']);

/** The states of every monitored layer at one check; `before` judges as before issue 13 (every ReLU-family unit could be dead). */
function statesAt(check: MeasuredCheck, model: readonly LayerSummary[], before = false): Map<string, UnitState[]> {
  const states = new Map<string, UnitState[]>();
  for (const layer of model) {
    const measures = check.layers[layer.name];
    if (!measures || layer.family === null) continue;
    const name = layer.activation.toLowerCase().replace(/_/g, '');
    if (before && layer.family === 'relu' && !MONITORED_BEFORE.has(name)) continue;
    const activation = before && layer.family === 'relu' ? 'relu' : layer.activation;
    states.set(layer.name, classifyMeasures({ name: layer.name, activation }, measures, T).state);
  }
  return states;
}

const count = (states: readonly UnitState[], ...which: UnitState[]) => states.filter((s) => which.includes(s)).length;

/** What a candidate rule sees of a layer: its states at the quick scan's last two checks and its place in the model. */
export interface RuleInput {
  latest: readonly UnitState[];
  previous: readonly UnitState[] | undefined;
  /** Fed by the model's input only (seesOnlyTheInput). */
  firstLayer: boolean;
  /** A monitored layer feeding it is warned about by the same rule. */
  inputWarned: boolean;
}

/** A candidate warning rule: the units of a layer that count toward its warning. */
export interface Rule {
  id: string;
  title: string;
  before?: boolean;
  counted(layer: RuleInput): number;
}

const bad = (s: UnitState | undefined) => s === 'dying' || s === 'dead';
/** Dying now, and dying or dead at the check before. */
const lastingDying = ({ latest, previous }: RuleInput) => latest.filter((s, u) => s === 'dying' && bad(previous?.[u])).length;
/** Dead or dying now and at the check before. */
const lastingBad = ({ latest, previous }: RuleInput) => latest.filter((s, u) => bad(s) && bad(previous?.[u])).length;
/** Dead now and at the check before. */
const lastingDead = ({ latest, previous }: RuleInput) => latest.filter((s, u) => s === 'dead' && previous?.[u] === 'dead').length;
const deadSaturated = ({ latest }: RuleInput) => count(latest, 'dead', 'saturated');

export const RULES: Rule[] = [
  { id: 'before', title: 'before issue 13: dead + dying + saturated at the last check, every never-positive ReLU-family unit dead', before: true, counted: (l) => count(l.latest, 'dead', 'dying', 'saturated') },
  { id: 'semantics', title: 'per-activation semantics only (inactive never counts)', counted: (l) => count(l.latest, 'dead', 'dying', 'saturated') },
  { id: 'lasting-dying', title: 'dying counts only when dying (or dead) at the check before too', counted: (l) => deadSaturated(l) + lastingDying(l) },
  { id: 'dying-with-dead', title: 'dying counts only when the layer also has dead units', counted: (l) => deadSaturated(l) + (count(l.latest, 'dead') > 0 ? count(l.latest, 'dying') : 0) },
  { id: 'no-dying', title: 'dying never counts (dead + saturated only)', counted: deadSaturated },
  { id: 'lasting', title: 'dead and dying count only when dead or dying at the check before too', counted: (l) => count(l.latest, 'saturated') + lastingBad(l) },
  {
    id: 'deeper-lasting',
    title: 'first layers as `lasting-dying`; deeper layers as `lasting` (their input changes, their dead units can come back)',
    counted: (l) => count(l.latest, 'saturated') + (l.firstLayer ? count(l.latest, 'dead') + lastingDying(l) : lastingBad(l)),
  },
  {
    id: 'deeper-two-checks',
    title: 'dying never counts; dead counts in first layers, in deeper layers only when dead at the check before too',
    counted: (l) => count(l.latest, 'saturated') + (l.firstLayer ? count(l.latest, 'dead') : lastingDead(l)),
  },
  {
    id: 'deeper-lasting-dead',
    title: 'as `deeper-two-checks`, but a deeper layer fed by a warned layer counts every dead unit (the process killing units upstream goes on)',
    counted: (l) => count(l.latest, 'saturated') + (l.firstLayer || l.inputWarned ? count(l.latest, 'dead') : lastingDead(l)),
  },
];

export interface LayerVerdict {
  model: string;
  group: ModelGroup;
  layer: string;
  activation: string;
  units: number;
  firstLayer: boolean;
  /** Ground truth at the end of the full training, on the whole training set. */
  truth: { dead: number; saturated: number; inactive: number; positive: boolean };
  /** The quick scan's last check. */
  quick: { dead: number; dying: number; saturated: number; inactive: number; inputDead: boolean };
  /** Per rule id: whether the quick scan warns, and the units the rule counts toward the warning. */
  warns: Record<string, boolean>;
  counted: Record<string, number>;
  /** The engine's own diagnostic severity on this layer at the default settings. */
  engine: string | null;
}

export interface UnitFates {
  /** Units dead at the quick scan's last check, and those of them dead at the end of the full training. */
  calledDead: number;
  deadAtEnd: number;
  /** The same before issue 13 (leaky/ELU units never positive called dead); dead at the end by this semantics. */
  calledDeadBefore: number;
  deadAtEndBefore: number;
  /** Units dead at the quick scan's init check, and those of them not dead at the end, first layers and deeper. */
  deadSinceInit: { first: number; firstBack: number; deeper: number; deeperBack: number };
  /** Units dead at the quick scan's last check by where and since when, each with those of them dead at the end. */
  lastDead: Record<'first' | 'deeperLasting' | 'deeperNew', { units: number; deadAtEnd: number }>;
}

export interface SlopeFate {
  model: string;
  layer: string;
  activation: string;
  units: number;
  inactiveAtInit: number;
  inactiveAtEnd: number;
  /** Of the units inactive at init, those positive on some training sample at the end. */
  cameBack: number;
}

export interface ModelSummary {
  model: string;
  group: ModelGroup;
  epochs: number;
  samples: string;
  accuracy: number | null;
  truthMs: number;
  quickMs: number;
  backend: string | null;
  /** The commit the full training was measured at. */
  commit: string;
}

export interface Evaluation {
  models: ModelSummary[];
  layers: LayerVerdict[];
  units: UnitFates;
  slopes: SlopeFate[];
  missing: string[];
}

function engineSeverities(run: MeasuredRun): Map<string, { severity: string; inputDead: boolean }> {
  const tracker = new RunTracker('model', run.model, T);
  for (const c of run.checks) {
    tracker.addCheck(c.check, run.model.flatMap((l) => (c.layers[l.name] && l.family !== null ? [classifyMeasures(l, c.layers[l.name], T)] : [])));
  }
  return new Map(tracker.diagnostics().map((d) => [d.layer ?? '', { severity: d.severity, inputDead: d.code === 'input-dead' }]));
}

export function evaluate(models: readonly DetectionModel[], measured: Measured): Evaluation {
  const out: Evaluation = {
    models: [],
    layers: [],
    units: {
      calledDead: 0,
      deadAtEnd: 0,
      calledDeadBefore: 0,
      deadAtEndBefore: 0,
      deadSinceInit: { first: 0, firstBack: 0, deeper: 0, deeperBack: 0 },
      lastDead: { first: { units: 0, deadAtEnd: 0 }, deeperLasting: { units: 0, deadAtEnd: 0 }, deeperNew: { units: 0, deadAtEnd: 0 } },
    },
    slopes: [],
    missing: [],
  };
  for (const { file, group } of models) {
    const name = relative(PACKAGE_ROOT, file);
    const { quick, truth } = measured[name] ?? {};
    if (quick?.status !== 'completed' || truth?.status !== 'completed' || quick.checks.length < 2) {
      out.missing.push(name);
      continue;
    }
    const model = quick.model;
    const outputs = outputLayers(model);
    const end = statesAt(truth.checks.at(-1)!, model);
    const last = statesAt(quick.checks.at(-1)!, model);
    const previous = statesAt(quick.checks.at(-2)!, model);
    const lastBefore = statesAt(quick.checks.at(-1)!, model, true);
    const previousBefore = statesAt(quick.checks.at(-2)!, model, true);
    const init = statesAt(quick.checks[0], model);
    const engine = engineSeverities(quick);
    // Per rule, the layers it warns about so far (model order: a layer's inputs come before it).
    const warned = new Map(RULES.map((rule) => [rule.id, new Set<string>()]));
    const accuracy = truth.history.at(-1)?.metrics.acc ?? truth.history.at(-1)?.metrics.accuracy ?? null;
    out.models.push({
      model: name,
      group,
      epochs: truth.history.length,
      samples: `${truth.checks.at(-1)!.check.probeSamples ?? '?'}`,
      accuracy,
      truthMs: truth.ms,
      quickMs: quick.ms,
      backend: truth.backend,
      commit: truth.commit,
    });
    for (const layer of model) {
      const endStates = end.get(layer.name);
      const lastStates = last.get(layer.name);
      if (!endStates || !lastStates || outputs.has(layer.name)) continue;
      const truthCounts = { dead: count(endStates, 'dead'), saturated: count(endStates, 'saturated'), inactive: count(endStates, 'inactive') };
      const positive = truthCounts.dead + truthCounts.saturated >= T.warnFraction * layer.units;
      const diagnostic = engine.get(layer.name);
      const inputDead = diagnostic?.inputDead ?? false;
      const firstLayer = seesOnlyTheInput(layer, model);
      const inputs = monitoredInputs(layer, model);
      const warns: Record<string, boolean> = {};
      const counted: Record<string, number> = {};
      for (const rule of RULES) {
        const latest = rule.before ? lastBefore.get(layer.name) : lastStates;
        const p = rule.before ? previousBefore.get(layer.name) : previous.get(layer.name);
        const inputWarned = inputs.some((name) => warned.get(rule.id)!.has(name));
        counted[rule.id] = latest === undefined ? 0 : rule.counted({ latest, previous: p, firstLayer, inputWarned });
        warns[rule.id] = !inputDead && counted[rule.id] >= T.warnFraction * layer.units;
        if (warns[rule.id]) warned.get(rule.id)!.add(layer.name);
      }
      out.layers.push({
        model: name,
        group,
        layer: layer.name,
        activation: layer.activation,
        units: layer.units,
        firstLayer,
        truth: { ...truthCounts, positive },
        quick: { dead: count(lastStates, 'dead'), dying: count(lastStates, 'dying'), saturated: count(lastStates, 'saturated'), inactive: count(lastStates, 'inactive'), inputDead },
        warns,
        counted,
        engine: diagnostic?.severity ?? null,
      });
      // Units.
      const previousStates = previous.get(layer.name);
      lastStates.forEach((s, u) => {
        if (s !== 'dead') return;
        const deadAtEnd = endStates[u] === 'dead' ? 1 : 0;
        out.units.calledDead++;
        out.units.deadAtEnd += deadAtEnd;
        const where = out.units.lastDead[firstLayer ? 'first' : previousStates?.[u] === 'dead' ? 'deeperLasting' : 'deeperNew'];
        where.units++;
        where.deadAtEnd += deadAtEnd;
      });
      lastBefore.get(layer.name)?.forEach((s, u) => {
        if (s !== 'dead') return;
        out.units.calledDeadBefore++;
        if (endStates[u] === 'dead') out.units.deadAtEndBefore++;
      });
      init.get(layer.name)?.forEach((s, u) => {
        if (s !== 'dead') return;
        const back = endStates[u] !== 'dead' ? 1 : 0;
        const d = out.units.deadSinceInit;
        if (firstLayer) (d.first++, (d.firstBack += back));
        else (d.deeper++, (d.deeperBack += back));
      });
      if (!canDie(layer.activation) && layer.family === 'relu') {
        const initStates = init.get(layer.name) ?? [];
        out.slopes.push({
          model: name,
          layer: layer.name,
          activation: layer.activation,
          units: layer.units,
          inactiveAtInit: count(initStates, 'inactive'),
          inactiveAtEnd: count(endStates, 'inactive'),
          cameBack: initStates.filter((s, u) => s === 'inactive' && endStates[u] !== 'inactive').length,
        });
      }
    }
  }
  return out;
}

export interface RuleScore {
  rule: Rule;
  warnings: number;
  truePositives: number;
  precision: number;
  /** Positive layers warned or marked input-dead, of all positive layers; and of those in the dying examples. */
  recall: number;
  dyingRecall: number;
  /** Warnings on layers of the healthy models. */
  healthyWarnings: number;
}

export function scoreRules(layers: readonly LayerVerdict[]): RuleScore[] {
  const positives = layers.filter((l) => l.truth.positive);
  const dyingPositives = positives.filter((l) => l.group === 'dying');
  return RULES.map((rule) => {
    const warned = layers.filter((l) => l.warns[rule.id]);
    const truePositives = warned.filter((l) => l.truth.positive).length;
    const caught = (l: LayerVerdict) => l.warns[rule.id] || l.quick.inputDead;
    return {
      rule,
      warnings: warned.length,
      truePositives,
      precision: warned.length === 0 ? NaN : truePositives / warned.length,
      recall: positives.length === 0 ? NaN : positives.filter(caught).length / positives.length,
      dyingRecall: dyingPositives.length === 0 ? NaN : dyingPositives.filter(caught).length / dyingPositives.length,
      healthyWarnings: warned.filter((l) => l.group === 'healthy').length,
    };
  });
}
