// The extension's command ids; package.json `contributes.commands` declares the same set
// (test/unit/extension-manifest.test.ts keeps the two in step).
export const COMMANDS = {
  trainAndScan: 'dyingNeurons.trainAndScan',
  stopTraining: 'dyingNeurons.stopTraining',
  showActivations: 'dyingNeurons.showActivations',
  rescan: 'dyingNeurons.rescan',
  reviveDeadUnits: 'dyingNeurons.reviveDeadUnits',
  fixAllInFile: 'dyingNeurons.fixAllInFile',
  /** Measures a layer's quick fixes in short parallel runs (args: the file's Uri, the layer name). */
  tryFixes: 'dyingNeurons.tryFixes',
  /** Internal: runs after a quick fix to offer a re-scan (hidden from the palette). */
  offerRescan: 'dyingNeurons.offerRescan',
} as const;
