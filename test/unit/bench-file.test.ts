// The bench's writing of BENCHMARKS.md: a suite's section replaces only its own markers' text.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withSection } from '../../bench/benchmarksFile';
import { median } from '../../bench/stats';
import { markdownTable } from '../../bench/table';

test('a new section is appended after the existing text', () => {
  assert.equal(
    withSection('# Benchmarks\n\nintro\n', 'engine', '## Engine\n'),
    '# Benchmarks\n\nintro\n\n<!-- bench:engine:begin -->\n## Engine\n<!-- bench:engine:end -->\n',
  );
});

test('an existing section is replaced and the text around it, other sections included, is kept', () => {
  const text = [
    '# Benchmarks',
    '<!-- bench:panel:begin -->\npanel figures\n<!-- bench:panel:end -->',
    '<!-- bench:engine:begin -->\nold\n<!-- bench:engine:end -->',
    'hand-written notes',
  ].join('\n');
  assert.equal(
    withSection(text, 'engine', 'new'),
    [
      '# Benchmarks',
      '<!-- bench:panel:begin -->\npanel figures\n<!-- bench:panel:end -->',
      '<!-- bench:engine:begin -->\nnew\n<!-- bench:engine:end -->',
      'hand-written notes',
    ].join('\n'),
  );
});

test('median of odd and even counts, unsorted input', () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.ok(Number.isNaN(median([])));
});

test('tables are padded Markdown', () => {
  assert.equal(markdownTable({ head: ['a', 'bb'], rows: [['ccc', 'd']] }), '| a   | bb |\n|-----|----|\n| ccc | d  |');
});
