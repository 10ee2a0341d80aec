// A part of `npm run bench`: it measures, logs as it goes, and returns its section of
// BENCHMARKS.md (Markdown, written between its own markers). Add a suite to SUITES in run.ts.

export type Mode = 'full' | 'quick';

export interface Suite {
  /** The marker name of its section: <!-- bench:ID:begin --> … <!-- bench:ID:end -->. */
  id: string;
  title: string;
  run(mode: Mode, log: (text: string) => void): Promise<string>;
}
