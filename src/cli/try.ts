// `dying-neurons try`: measures the quick fixes of one layer (see launchTryFixes) and prints
// the ranked table. FILE is read once and never written.

import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { cellLabel } from '../engine/notebookPositions';
import { describeSelector, selectLayers, TRY_DEFAULTS, winnerOf, type LayerSelector } from '../engine/tryFixes';
import type { Report, ScanOptions, TryResults } from '../shared/protocol';
import { selectRunner, type RunnerConfig } from '../host/runners';
import { launchTryFixes, type TryOutcome } from '../host/tryFixes';
import { displayPath, plural, reportText } from './format';
import { printable } from './printable';
import { INTERRUPTED, missingFile, type CliIO } from './scan';
import { runLine, tryText } from './tryFormat';

export interface TryCommand {
  options: ScanOptions;
  json: boolean;
  /** The layer `--layer` names; default the first layer with a warning. */
  layer?: LayerSelector;
  /** How the runners start (src/host/runners.ts picks the scan's). */
  runners: RunnerConfig;
  /** Aborted on Ctrl+C / SIGTERM: every run is cancelled. */
  signal: AbortSignal;
}

/** Progress on stderr: what runs now, then a line per finished run. */
class TryProgress {
  private announced = false;
  private readonly printed = new Set<string>();

  constructor(private readonly io: CliIO) {}

  update(results: TryResults): void {
    const { rows } = results;
    if (!this.announced) {
      this.announced = true;
      const parallel = Math.min(cpus().length, rows.length);
      this.io.stderr.write(
        printable(
          `Trying ${plural(rows.length - 1, 'candidate')} and the unchanged model on ${results.layer} (${results.cell ? cellLabel(results.cell) : 'line '}${results.line}), ${parallel} at a time…\n`,
        ),
      );
    }
    const finished = rows.filter((r) => r.status !== 'pending' && r.status !== 'running');
    for (const row of finished) {
      if (this.printed.has(row.id)) continue;
      this.printed.add(row.id);
      this.io.stderr.write(printable(runLine(row, this.printed.size, rows.length)));
    }
  }
}

const asJson = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

function printReport(report: Report, run: TryCommand, io: CliIO): void {
  io.stdout.write(run.json ? asJson(report) : printable(reportText(report, io.cwd)));
}

/** Prints what the try found; resolves with the exit status. */
function printOutcome(outcome: TryOutcome, run: TryCommand, io: CliIO): number {
  switch (outcome.kind) {
    case 'no-baseline':
      printReport(outcome.baseline, run, io);
      return outcome.baseline.status === 'cancelled' ? INTERRUPTED : 2;
    case 'no-layer': {
      const { file } = run.options;
      io.stdout.write(
        run.json ? asJson({ version: 1, file, status: 'nothing-to-try', message: outcome.message, rows: [] }) : printable(`${outcome.message}\n`),
      );
      // A --layer that names no layer (or is ambiguous) is bad input; a model without warnings is not.
      return run.layer !== undefined && !selectLayers(outcome.baseline, run.layer).ok ? 2 : 0;
    }
    case 'results': {
      const { results } = outcome;
      io.stdout.write(run.json ? asJson({ version: 1, ...results, winner: winnerOf(results.rows)?.id ?? null }) : printable(tryText(results, io.cwd)));
      return results.status === 'cancelled' ? INTERRUPTED : 0;
    }
  }
}

export async function tryCommand(run: TryCommand, io: CliIO): Promise<number> {
  const missing = missingFile(run.options);
  if (missing) {
    printReport(missing, run, io);
    return 2;
  }
  const { options } = run;
  const budget = `${plural(options.epochs ?? TRY_DEFAULTS.epochs, 'epoch')} on at most ${plural(options.samples ?? TRY_DEFAULTS.samples, 'sample')}`;
  const which = run.layer === undefined ? 'the first layer with a warning' : `the layer ${describeSelector(run.layer)}`;
  io.stderr.write(printable(`Scanning ${displayPath(options.file, io.cwd)} unchanged (${budget}) to find ${which}…\n`));
  const progress = new TryProgress(io);
  const handle = launchTryFixes(
    { options, source: readFileSync(options.file, 'utf8'), select: run.layer },
    { runner: selectRunner(options, run.runners), onUpdate: (r) => progress.update(r) },
  );
  const cancel = () => handle.cancel();
  run.signal.addEventListener('abort', cancel, { once: true });
  if (run.signal.aborted) cancel();
  const outcome = await handle.done;
  run.signal.removeEventListener('abort', cancel);
  return printOutcome(outcome, run, io);
}
