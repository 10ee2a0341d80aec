// Try Fixes, the pure part: the candidates for a layer (scratch copies built with the quick
// fixes), which layer to try, each run as a measured row, and the ranking. The worker launcher
// runs the candidates; the CLI, the extension and the bench show the rows.

export { applyFixChain, BASELINE_ID, candidateId, fixPairs, tryCandidates, type TryCandidate } from './candidates';
export { chooseLayer, describeSelector, selectLayers, type LayerChoice, type LayerSelector, type TriedLayer } from './layer';
export { measuredRow, pendingRow, rankRows, targetLayerIn, winnerOf } from './results';

/** The short budget of a try's runs unless told otherwise: one epoch on at most 5,000 samples. */
export const TRY_DEFAULTS = { epochs: 1, samples: 5000 } as const;
