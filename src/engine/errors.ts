import type { DiagnosticCode, SourceRange } from '../shared/protocol';

/**
 * A problem with the user's input (their file, their model, their data) that stops a scan.
 * It becomes an error diagnostic at `range` and exit status 2 — never a stack trace.
 */
export class ScanError extends Error {
  constructor(
    readonly code: DiagnosticCode,
    message: string,
    readonly range: SourceRange | null,
  ) {
    super(message);
    this.name = 'ScanError';
  }
}
