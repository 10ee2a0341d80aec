// A notebook's scan: its code cells run as one Python program (src/engine/notebook.ts) in the
// runner a .py script gets, and every position the run reports goes back to its cell and line
// (src/engine/notebookPositions.ts), in the messages as they come and in the report.

import { readFile } from 'node:fs/promises';
import { emptyReport } from '../engine/liveRun';
import { parseNotebook } from '../engine/notebook';
import { NotebookPositions } from '../engine/notebookPositions';
import { diagnosticAt, startOf } from '../engine/report';
import type { Runner } from './runner';
import { deferredRun } from './deferredRun';

/** `options.sourceText`, when given, is the notebook's JSON (an unsaved notebook); else the file is read. */
export function notebookRunner(python: Runner): Runner {
  return {
    id: python.id,
    start(options, events) {
      const { file } = options;
      return deferredRun(file, async (deferred) => {
        let json = options.sourceText;
        try {
          json ??= await readFile(file, 'utf8');
        } catch (error) {
          const message = `Cannot read the notebook: ${(error as Error).message}`;
          events.message({ type: 'error', code: 'file-not-found', message, position: null });
          return emptyReport(file, 'failed', [diagnosticAt('error', 'file-not-found', message, startOf(file))]);
        }
        const parsed = parseNotebook(json);
        if (!parsed.ok) {
          events.message({ type: 'error', code: 'notebook-invalid', message: parsed.message, position: startOf(file) });
          return emptyReport(file, 'failed', [diagnosticAt('error', 'notebook-invalid', parsed.message, startOf(file))]);
        }
        if (deferred.cancelled) return deferred.cancelledReport();
        const positions = new NotebookPositions(file, parsed.program);
        const inner = deferred.attach(
          python.start({ ...options, sourceText: parsed.program.text }, { ...events, message: (m) => events.message(positions.message(m)) }),
        );
        const report = positions.report(await inner.done);
        return { ...report, diagnostics: [...positions.skippedNotes(), ...report.diagnostics] };
      });
    },
  };
}
