// Detection quality (issue 13): does a quick scan's warning mean the layer really ends training
// with a problem? Measures each model twice through the TensorFlow.js worker (collect.ts, cached)
// and judges the warning rules against the full trainings (evaluate.ts).

import { describeMachine } from '../machine';
import type { Suite } from '../suite';
import { collect, readMeasured, type RunKind } from './collect';
import { evaluate } from './evaluate';
import { detectionMarkdown } from './markdown';
import { MODELS } from './models';

const KINDS: RunKind[] = ['quick', 'truth'];

export const detectionSuite: Suite = {
  id: 'detection',
  title: 'Detection quality: quick scan against full training',
  async run(mode, log) {
    // A quick run judges only the models measured already: full trainings take long.
    const measured = mode === 'quick' ? readMeasured() : await collect(MODELS.map((m) => m.file), KINDS, log);
    return detectionMarkdown(evaluate(MODELS, measured), describeMachine());
  },
};
