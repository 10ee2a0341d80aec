// Text edits and number formatting underneath the fixes.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits } from '../../src/engine/fixes';
import { tenthOf } from '../../src/engine/fixes/numbers';
import { mapOffset, normaliseEdits, offsetAt, positionAt } from '../../src/engine/fixes/text';

describe('text edits', () => {
  it('applies edits given in any order, insertions at one offset in the order given', () => {
    const edits = [
      { start: 6, end: 11, newText: 'there' },
      { start: 0, end: 0, newText: '>' },
      { start: 0, end: 0, newText: '> ' },
      { start: 5, end: 5, newText: ',' },
    ];
    assert.equal(applyEdits('hello world', edits), '>> hello, there');
    assert.deepEqual(normaliseEdits(edits), [
      { start: 0, end: 0, newText: '>> ' },
      { start: 5, end: 5, newText: ',' },
      { start: 6, end: 11, newText: 'there' },
    ]);
  });

  it('refuses overlapping edits', () => {
    assert.throws(
      () =>
        applyEdits('abcdef', [
          { start: 1, end: 4, newText: '' },
          { start: 3, end: 5, newText: 'x' },
        ]),
      /overlapping/,
    );
  });

  it('maps offsets through edits; insertions at the offset come before it', () => {
    const edits = [
      { start: 0, end: 0, newText: 'ab' },
      { start: 4, end: 6, newText: '' },
    ];
    assert.equal(mapOffset(0, edits), 2);
    assert.equal(mapOffset(3, edits), 5);
    assert.equal(mapOffset(5, edits), undefined);
    assert.equal(mapOffset(8, edits), 8);
  });

  it('converts 1-based lines and columns, CRLF included', () => {
    const text = 'ab\r\ncd\nef';
    assert.equal(offsetAt(text, 2, 2), 5);
    assert.equal(offsetAt(text, 3, 3), 9);
    assert.equal(offsetAt(text, 2, 4), undefined);
    assert.equal(offsetAt(text, 4, 1), undefined);
    assert.deepEqual(positionAt(text, 5), { line: 2, column: 2 });
    assert.deepEqual(positionAt(text, 0), { line: 1, column: 1 });
  });
});

describe('a tenth of a learning rate', () => {
  it('is written cleanly in the literal’s own notation', () => {
    const cases: [string, string][] = [
      ['0.5', '0.05'],
      ['0.001', '0.0001'],
      ['0.3', '0.03'],
      ['0.07', '0.007'],
      ['1', '0.1'],
      ['1e-3', '1e-4'],
      ['5e-4', '5e-5'],
      ['2.5E-3', '2.5E-4'],
      ['1_0.0', '1'],
      ['0.000001', '1e-7'],
    ];
    assert.deepEqual(
      cases.map(([literal]) => tenthOf(literal, Number(literal.split('_').join('')))),
      cases.map(([, tenth]) => tenth),
    );
  });
});
