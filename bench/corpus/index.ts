// The corpus suite (issue 15): every public script in test/corpus/ scanned on the paths without
// Python, one at a time, into a table of what scanned and what stopped the rest.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/worker/packageRoot';
import { describeMachine } from '../machine';
import type { Mode, Suite } from '../suite';
import { corpusMarkdown } from './markdown';
import { scanCorpusScript } from './scan';
import { judge, type Verdict } from './verdict';

export const CORPUS_DIR = join(PACKAGE_ROOT, 'test', 'corpus');
const SCRIPT = /\.(py|js|mjs)$/;
/** Small on purpose: the question is whether a script scans, not what it finds. */
const SETTINGS = { samples: 64, epochs: 1 };

/**
 * Keras's cache as Keras leaves it after each dataset's first load_data, with synthetic data in
 * Keras's exact formats (test/fixtures/keras_cache.py, written by the project's .venv numpy):
 * there is no network to download the real files.
 */
function fillKerasCache(kerasHome: string, log: (text: string) => void): void {
  const python = join(PACKAGE_ROOT, '.venv', 'bin', 'python');
  const made = spawnSync(python, [join(PACKAGE_ROOT, 'test', 'fixtures', 'keras_cache.py'), kerasHome, 'synthetic'], { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`filling the Keras cache failed (${python}): ${made.stderr || made.error?.message}`);
  log(`Keras cache filled with synthetic data: ${kerasHome}`);
}

export const corpusSuite: Suite = {
  id: 'corpus',
  title: 'Public-script corpus (issue 15)',
  async run(_mode: Mode, log: (text: string) => void): Promise<string> {
    const scratch = mkdtempSync(join(tmpdir(), 'dn-corpus-'));
    const kerasHome = join(scratch, 'keras-home');
    fillKerasCache(kerasHome, log);
    const verdicts: Verdict[] = [];
    try {
      for (const name of readdirSync(CORPUS_DIR)
        .filter((f) => SCRIPT.test(f))
        .sort()) {
        const cwd = mkdtempSync(join(scratch, 'run-'));
        const scan = await scanCorpusScript(join(CORPUS_DIR, name), { ...SETTINGS, kerasHome, cwd });
        const verdict = judge(name, scan);
        verdicts.push(verdict);
        log(
          `${name}: ${verdict.outcome}${verdict.stoppedBy ? ` (${verdict.stoppedBy.code} line ${verdict.stoppedBy.line})` : ''}, ${(scan.ms / 1000).toFixed(1)} s`,
        );
      }
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
    return corpusMarkdown(verdicts, SETTINGS, describeMachine());
  },
};
