import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkLine, diagnosticText, displayPath, layerTable, progressLine, reportText, summaryText } from '../../src/cli/format';
import { describeReportRun } from '../../src/engine/ranWith';
import type { LayerReport, Report, ReportDiagnostic } from '../../src/shared/protocol';

const FILE = '/home/user/project/model.js';
const CWD = '/home/user/project';

function layer(name: string, line: number, units: number, dead: number, firstDeadCheck: (number | null)[]): LayerReport {
  return {
    name,
    className: 'Dense',
    activation: 'relu',
    units,
    line,
    column: 15,
    endLine: line,
    endColumn: 40,
    dead,
    dying: 1,
    saturated: 0,
    deadUnits: [],
    dyingUnits: [],
    saturatedUnits: [],
    firstDeadCheck,
    cameBack: [],
    rootCause: null,
  };
}

const warning: ReportDiagnostic = {
  severity: 'warning',
  code: 'dead-units',
  message: 'dense_1: 2 of 3 units dead since epoch 1',
  file: FILE,
  line: 12,
  column: 15,
  endLine: 12,
  endColumn: 40,
  layer: 'dense_1',
  related: [{ message: 'called from here', file: FILE, line: 30, column: 3 }],
};

const report: Report = {
  version: 1,
  file: FILE,
  status: 'completed',
  backend: 'wasm',
  epochsRun: 2,
  layers: [layer('dense_1', 12, 3, 2, [null, 2, 1]), layer('dense_with_long_name', 0, 128, 0, [null, null])],
  diagnostics: [warning],
  checks: [
    { index: 0, kind: 'init', epoch: 0, step: 0, label: 'init' },
    { index: 1, kind: 'epoch', epoch: 1, step: 10, label: 'epoch 1' },
    { index: 2, kind: 'epoch', epoch: 2, step: 20, label: 'epoch 2' },
  ],
  history: [],
};

describe('report text', () => {
  it('tabulates the layers with their first dead check', () => {
    assert.equal(
      layerTable(report),
      [
        'layer                 line  units  dead  dying  saturated  first dead at',
        'dense_1                 12      3     2      1          0  epoch 1',
        'dense_with_long_name     ?    128     0      1          0  -',
        '',
      ].join('\n'),
    );
  });

  it('writes diagnostics as file:line:col: severity: message [code] with notes', () => {
    assert.equal(
      diagnosticText(warning, CWD),
      'model.js:12:15: warning: dense_1: 2 of 3 units dead since epoch 1 [dead-units]\n  model.js:30:3: note: called from here\n',
    );
    assert.equal(
      diagnosticText({ ...warning, line: 0, column: 0, related: undefined }, '/elsewhere'),
      `${FILE}: warning: dense_1: 2 of 3 units dead since epoch 1 [dead-units]\n`,
    );
  });

  it('shows paths relative to the working directory only inside it', () => {
    assert.deepEqual([displayPath(FILE, CWD), displayPath(FILE, '/home/user/other'), displayPath(FILE, FILE)], ['model.js', FILE, FILE]);
  });

  it('sums up the run', () => {
    assert.equal(summaryText(report), 'Scanned 2 layers over 2 epochs on wasm: 1 warning, 0 information.\n');
    assert.equal(summaryText({ ...report, status: 'failed', diagnostics: [{ ...warning, severity: 'error' }] }), 'Could not scan: 1 error.\n');
    assert.equal(summaryText({ ...report, status: 'cancelled' }), 'Cancelled after 2 epochs.\n');
  });

  it('leaves the table out when no layer was scanned', () => {
    assert.equal(reportText({ ...report, layers: [], diagnostics: [] }, CWD), 'Scanned 0 layers over 2 epochs on wasm: 0 warnings, 0 information.\n');
  });
});

describe('progress text', () => {
  it('draws the bar', () => {
    assert.equal(
      progressLine({ epoch: 2, epochs: 5, batch: 47, batches: 94, loss: 0.43214, dead: 12, units: 128 }, 10),
      'epoch 2/5 [#####.....] batch 47/94  loss 0.4321  dead 12/128',
    );
    assert.equal(
      progressLine({ epoch: 1, epochs: 1, batch: 0, batches: 0, loss: NaN, dead: 0, units: 4 }, 4),
      'epoch 1/1 [....] batch 0/0  loss NaN  dead 0/4',
    );
  });

  it('writes a line per check', () => {
    assert.equal(checkLine('init', undefined, 0, 64), 'init: dead 0 of 64 units\n');
    assert.equal(checkLine('epoch 1', 0.5, 1, 1), 'epoch 1: loss 0.5000, dead 1 of 1 unit\n');
  });
});

describe('where a scan trained', () => {
  it('says the runner, framework and device when the runner said, else the backend', () => {
    const python = {
      ranWith: { runner: 'python', framework: 'keras', kerasBackend: 'tensorflow', device: 'CPU' },
      backend: null,
    } as const satisfies Pick<Report, 'ranWith' | 'backend'>;
    assert.equal(describeReportRun(python), 'Keras in Python · tensorflow · CPU');
    assert.equal(describeReportRun({ backend: 'wasm' }), 'wasm');
    assert.equal(describeReportRun({ backend: null }), 'no backend');
  });
});
