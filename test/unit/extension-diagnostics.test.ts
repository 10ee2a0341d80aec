import './fakes/useFakeVscode';
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import * as vscode from 'vscode';
import { ScanDiagnostics, toDiagnostic, spanOf, STALE_NOTE } from '../../src/extension/diagnostics';
import { shiftSpan, type Span } from '../../src/extension/textShift';
import type { LayerSummary, ReportDiagnostic } from '../../src/shared/protocol';
import { fake, openDocument, resetFake, type FakeTextDocument } from './fakes/vscode';

const FILE = '/work/project/model.ts';
const HELPERS = '/work/project/helpers.ts';
const README = vscode.Uri.file('/ext/README.md');

const SOURCE = [
  "import * as tf from '@tensorflow/tfjs';",
  '',
  'const model = tf.sequential();',
  "model.add(tf.layers.dense({ units: 64, activation: 'relu', inputShape: [784] }));",
  "model.add(tf.layers.dense({ units: 10, activation: 'softmax' }));",
].join('\n');

/** The warning the engine gives the first Dense layer (line 4, `tf.layers.dense(...)`). */
const denseWarning: ReportDiagnostic = {
  severity: 'warning',
  code: 'dead-units',
  message: 'dense: 23 of 64 units dead since epoch 2 (never active on 1,024 probe samples)',
  file: FILE,
  line: 4,
  column: 11,
  endLine: 4,
  endColumn: 80,
  layer: 'dense',
  related: [{ message: 'called from here', file: HELPERS, line: 12, column: 3 }],
};

const denseSummary: LayerSummary = {
  index: 0,
  name: 'dense',
  className: 'Dense',
  activation: 'relu',
  family: 'relu',
  units: 64,
  outputShape: [null, 64],
  location: { file: FILE, line: 4, column: 11, endLine: 4, endColumn: 80 },
  callers: [],
  inbound: [],
};

const rangeOf = (d: { range: vscode.Range }) => [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character];
const published = (file: string) => fake.collections[0].get(vscode.Uri.file(file)) ?? [];

describe('ReportDiagnostic → vscode.Diagnostic', () => {
  beforeEach(resetFake);

  it('maps 1-based positions to a 0-based range, severity, source, code with its README anchor, related frames', () => {
    const d = toDiagnostic({ report: denseWarning, layer: denseSummary, span: spanOf(denseWarning), stale: false }, README);
    assert.deepEqual(rangeOf(d), [3, 10, 3, 79]);
    assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(d.source, 'dying-neurons');
    assert.equal(d.message, denseWarning.message);
    const code = d.code as { value: string; target: vscode.Uri };
    assert.equal(code.value, 'dead-units');
    assert.equal(code.target.toString(), 'file:///ext/README.md#dead-units');
    assert.equal(d.relatedInformation?.length, 1);
    const related = d.relatedInformation![0];
    assert.equal(related.message, 'called from here');
    assert.equal(related.location.uri.fsPath, HELPERS);
    assert.deepEqual(rangeOf(related.location), [11, 2, 11, 2]);
    assert.equal(d.tags, undefined);
  });

  it('maps every severity, and an error without a position to the start of the file', () => {
    const error: ReportDiagnostic = { ...denseWarning, severity: 'error', code: 'syntax-error', line: 0, column: 0, endLine: 0, endColumn: 0, related: [] };
    const d = toDiagnostic({ report: error, layer: undefined, span: spanOf(error), stale: false }, README);
    assert.deepEqual(rangeOf(d), [0, 0, 0, 0]);
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(d.relatedInformation, undefined);
    const info = toDiagnostic({ report: { ...denseWarning, severity: 'information' }, layer: undefined, span: spanOf(denseWarning), stale: false }, README);
    assert.equal(info.severity, vscode.DiagnosticSeverity.Information);
  });

  it('marks a stale finding in its message and fades it', () => {
    const d = toDiagnostic({ report: denseWarning, layer: denseSummary, span: spanOf(denseWarning), stale: true }, README);
    assert.equal(d.message, denseWarning.message + STALE_NOTE);
    assert.deepEqual(d.tags, [vscode.DiagnosticTag.Unnecessary]);
  });
});

describe('ScanDiagnostics', () => {
  let store: ScanDiagnostics;
  let doc: FakeTextDocument;

  beforeEach(() => {
    resetFake();
    store = new ScanDiagnostics(README);
    store.register();
    doc = openDocument(FILE, SOURCE);
  });

  it('publishes into the "dying-neurons" collection, per file, and replaces on the next publish', () => {
    const inHelper: ReportDiagnostic = { ...denseWarning, file: HELPERS, line: 2, column: 1, endLine: 2, endColumn: 9, related: [] };
    store.publish(FILE, [denseWarning, inHelper], [denseSummary]);
    assert.equal(fake.collections[0].name, 'dying-neurons');
    assert.equal(published(FILE).length, 1);
    assert.deepEqual(rangeOf(published(HELPERS)[0]), [1, 0, 1, 8]);
    store.publish(FILE, [denseWarning], [denseSummary]);
    assert.equal(published(HELPERS).length, 0, 'the helper file has no finding in the new publish');
    store.publish(FILE, [], [denseSummary]);
    assert.equal(published(FILE).length, 0);
  });

  it('moves a finding down when lines are inserted above it, without marking it stale', () => {
    store.publish(FILE, [denseWarning], [denseSummary]);
    doc.edit([{ range: new vscode.Range(1, 0, 1, 0), text: '// a comment\n// another\n' }]);
    const [d] = published(FILE);
    assert.deepEqual(rangeOf(d), [5, 10, 5, 79]);
    assert.equal(d.message, denseWarning.message);
    assert.equal(doc.getText(d.range), "tf.layers.dense({ units: 64, activation: 'relu', inputShape: [784] })");
  });

  it('moves a finding sideways when text is typed before it on its line, and not for text after it', () => {
    store.publish(FILE, [denseWarning], [denseSummary]);
    doc.edit([{ range: new vscode.Range(3, 0, 3, 0), text: '  ' }]);
    doc.edit([{ range: new vscode.Range(3, 83, 3, 83), text: ' // ok' }]);
    const [d] = published(FILE);
    assert.deepEqual(rangeOf(d), [3, 12, 3, 81]);
    assert.equal(d.message, denseWarning.message);
  });

  it("marks a finding stale when its layer's own text changes, until the next publish", () => {
    store.publish(FILE, [denseWarning], [denseSummary]);
    const units = SOURCE.split('\n')[3].indexOf('64');
    doc.edit([{ range: new vscode.Range(3, units, 3, units + 2), text: '128' }]);
    const [d] = published(FILE);
    assert.equal(d.message, denseWarning.message + STALE_NOTE);
    assert.deepEqual(d.tags, [vscode.DiagnosticTag.Unnecessary]);
    assert.deepEqual(rangeOf(d), [3, 10, 3, 80], 'the range grows with the layer text');
    assert.equal(store.findingsIn(vscode.Uri.file(FILE))[0].stale, true);

    store.publish(FILE, [denseWarning], [denseSummary]);
    assert.equal(published(FILE)[0].message, denseWarning.message);
  });

  it('maps positions published during a scan through the edits made since the scan started', () => {
    store.beginScan(FILE);
    doc.edit([{ range: new vscode.Range(0, 0, 0, 0), text: '// header\n' }]);
    store.publish(FILE, [denseWarning], [denseSummary]);
    assert.deepEqual(rangeOf(published(FILE)[0]), [4, 10, 4, 79]);
    assert.equal(published(FILE)[0].message, denseWarning.message);

    doc.edit([{ range: new vscode.Range(4, 10, 4, 12), text: 'TF' }]);
    store.publish(FILE, [denseWarning], [denseSummary]);
    assert.equal(published(FILE)[0].message, denseWarning.message + STALE_NOTE, 'the scan measured the text before the edit');

    store.endScan(FILE);
    store.publish(FILE, [denseWarning], [denseSummary]);
    assert.deepEqual(rangeOf(published(FILE)[0]), [3, 10, 3, 79], 'a later scan reads the text as it is');
  });

  it('finds the finding behind a copy of its diagnostic (code actions receive copies)', () => {
    store.publish(FILE, [denseWarning], [denseSummary]);
    const shown = published(FILE)[0];
    const copy = new vscode.Diagnostic(new vscode.Range(3, 10, 3, 79), shown.message, shown.severity);
    const finding = store.findingFor(vscode.Uri.file(FILE), copy);
    assert.equal(finding?.layer?.name, 'dense');
    assert.equal(finding?.report.code, 'dead-units');
    const elsewhere = new vscode.Diagnostic(new vscode.Range(4, 10, 4, 79), shown.message);
    assert.equal(store.findingFor(vscode.Uri.file(FILE), elsewhere), undefined);
  });
});

describe('shiftSpan', () => {
  const span: Span = { start: { line: 3, character: 10 }, end: { line: 3, character: 20 } };
  const at = (line: number, character: number) => ({ line, character });
  const change = (sl: number, sc: number, el: number, ec: number, text: string) => ({ range: { start: at(sl, sc), end: at(el, ec) }, text });

  it('moves past an insertion at its start and does not grow with one at its end', () => {
    assert.deepEqual(shiftSpan(span, change(3, 10, 3, 10, 'ab')), { span: { start: at(3, 12), end: at(3, 22) }, touched: false });
    assert.deepEqual(shiftSpan(span, change(3, 20, 3, 20, 'ab')), { span, touched: false });
  });

  it('follows deleted and inserted lines above it', () => {
    assert.deepEqual(shiftSpan(span, change(0, 0, 2, 0, '')), { span: { start: at(1, 10), end: at(1, 20) }, touched: false });
    assert.deepEqual(shiftSpan(span, change(3, 2, 3, 4, 'x\ny\nzz')).span, { start: at(5, 8), end: at(5, 18) });
  });

  it('is touched by a replacement that overlaps it and by an insertion inside it', () => {
    assert.equal(shiftSpan(span, change(3, 15, 3, 15, 'x')).touched, true);
    assert.deepEqual(shiftSpan(span, change(2, 0, 3, 12, '')), { span: { start: at(2, 0), end: at(2, 8) }, touched: true });
    assert.deepEqual(shiftSpan(span, change(3, 18, 4, 0, 'q')), { span: { start: at(3, 10), end: at(3, 19) }, touched: true });
  });

  it('keeps an empty span empty when text is inserted at it', () => {
    const empty: Span = { start: at(0, 0), end: at(0, 0) };
    assert.deepEqual(shiftSpan(empty, change(0, 0, 0, 0, '// x\n')).span, { start: at(1, 0), end: at(1, 0) });
  });
});
