// Every fix on a corpus of Keras and TensorFlow.js sources written in different styles:
// exact text after the fix, the offers in order, re-parse, and applied twice = once.
// Corpus: test/unit/fixtures/fixes/<case>/ — before.txt, case.json (target, diagnostic code,
// expected offers) and <fix-id>.txt, the exact text after each offered fix.

import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { DiagnosticCode, FixId, FixOffer } from '../../src/shared/protocol';
import { applyEdits, fixesFor, languageOf, type FixTarget } from '../../src/engine/fixes';
import { Doc } from '../../src/engine/fixes/document';
import { assertSettled, hasPython, pythonSyntaxErrors, scriptSyntaxErrors } from './fixes-helpers';

const CORPUS = path.join(__dirname, 'fixtures', 'fixes');
const FIX_IDS: FixId[] = ['he-init', 'glorot-init', 'batch-norm', 'leaky-relu', 'lower-lr', 'zero-bias', 'sgd-to-adam', 'l2', 'dropout'];

interface Case {
  fileName: string;
  code: DiagnosticCode;
  target: FixTarget;
  offers: FixOffer[];
}

const cases = readdirSync(CORPUS).sort();

describe('fixes corpus', () => {
  it('covers every fix in Python and in JS/TS, and both languages in several styles', () => {
    const seen = new Map<FixId, Set<string>>();
    for (const name of cases) {
      const { fileName, offers } = JSON.parse(readFileSync(path.join(CORPUS, name, 'case.json'), 'utf8')) as Case;
      for (const { id } of offers) seen.set(id, (seen.get(id) ?? new Set()).add(languageOf(fileName) === 'python' ? 'python' : 'js'));
    }
    for (const id of FIX_IDS) assert.deepEqual([...(seen.get(id) ?? [])].sort(), ['js', 'python'], id);
    assert.equal(cases.length, 13);
  });

  for (const name of cases) {
    describe(name, () => {
      const dir = path.join(CORPUS, name);
      const c = JSON.parse(readFileSync(path.join(dir, 'case.json'), 'utf8')) as Case;
      const before = readFileSync(path.join(dir, 'before.txt'), 'utf8');
      const language = languageOf(c.fileName)!;
      const fixes = fixesFor(before, language, c.target, c.code);

      it('offers the expected fixes, best first, exactly one preferred', () => {
        assert.deepEqual(
          fixes.map(({ id, title, preferred }) => ({ id, title, preferred })),
          c.offers,
        );
        assert.equal(fixes.filter((f) => f.preferred).length, 1);
        assert.ok(fixes[0].preferred);
      });

      it('produces the exact text after each fix, and no fix without an expected text', () => {
        for (const fix of fixes) {
          const expected = readFileSync(path.join(dir, `${fix.id}.txt`), 'utf8');
          assert.equal(applyEdits(before, fix.edits), expected, fix.id);
        }
        for (const id of FIX_IDS) {
          if (!fixes.some((f) => f.id === id)) assert.ok(!existsSync(path.join(dir, `${id}.txt`)), `${id} is not offered`);
        }
      });

      it('gives sorted, non-overlapping edits', () => {
        for (const fix of fixes) {
          fix.edits.forEach((e, i) => {
            assert.ok(e.start <= e.end, fix.id);
            if (i > 0) assert.ok(fix.edits[i - 1].end <= e.start, fix.id);
          });
        }
      });

      it('re-parses after each fix: lezer finds no new error, and the language itself accepts it', () => {
        const afters = fixes.map((f) => applyEdits(before, f.edits));
        const errors = new Doc(before, language).errors;
        for (const [i, after] of afters.entries()) assert.ok(new Doc(after, language).errors <= errors, fixes[i].id);
        if (language !== 'python') {
          assert.deepEqual(scriptSyntaxErrors(before, c.fileName), []);
          for (const [i, after] of afters.entries()) assert.deepEqual(scriptSyntaxErrors(after, c.fileName), [], fixes[i].id);
        }
      });

      if (language === 'python') {
        it('python3 accepts the Python texts', { skip: hasPython ? false : 'no python3' }, () => {
          const texts = [before, ...fixes.map((f) => applyEdits(before, f.edits))];
          assert.deepEqual(
            pythonSyntaxErrors(texts),
            texts.map(() => null),
          );
        });
      }

      it('is idempotent: the fixed text is not offered the same fix again', () => {
        for (const fix of fixes) assertSettled(before, language, c.target, c.code, fix);
      });
    });
  }
});
