// The bench's writing of BENCHMARKS.md: a suite's section replaces only its own markers' text.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withSection } from '../../bench/benchmarksFile';
import { median, medianInterval, totalsRatio } from '../../bench/stats';
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

test("the median's 95% interval is the order statistics at ranks n/2 ∓ 0.98·√n", () => {
  // n = 100: ranks 40 and 61 (1-based) of 1..100, shuffled.
  const values = Array.from({ length: 100 }, (_, i) => ((i * 37) % 100) + 1);
  assert.deepEqual(medianInterval(values), [40, 61]);
  assert.deepEqual(medianInterval([5, 1, 3]), [1, 5]);
});

test('the ratio of totals over pairs, with a seeded bootstrap interval around it', () => {
  const plain = [10, 20, 30, 40];
  const same = totalsRatio(plain, plain);
  assert.deepEqual(same, { ratio: 1, interval: [1, 1] });
  const scanned = [11, 20, 33, 40];
  const { ratio, interval } = totalsRatio(plain, scanned);
  assert.equal(ratio, 104 / 100);
  assert.ok(interval[0] >= 1 && interval[0] < ratio && interval[1] > ratio && interval[1] <= 1.1, String(interval));
  assert.deepEqual(totalsRatio(plain, scanned).interval, interval);
});

test('tables are padded Markdown', () => {
  assert.equal(markdownTable({ head: ['a', 'bb'], rows: [['ccc', 'd']] }), '| a   | bb |\n|-----|----|\n| ccc | d  |');
});
