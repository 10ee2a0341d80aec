// The corpus suite (issue 15): every public script in test/corpus/ scanned on the paths without
// Python, one at a time, into a table of what scanned and what stopped the rest.

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

export const corpusSuite: Suite = {
  id: 'corpus',
  title: 'Public-script corpus (issue 15)',
  async run(_mode: Mode, log: (text: string) => void): Promise<string> {
    const scratch = mkdtempSync(join(tmpdir(), 'dn-corpus-'));
    const kerasHome = join(scratch, 'keras-home');
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
