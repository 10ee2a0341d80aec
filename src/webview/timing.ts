// User Timing measures of the panel's own work (ingest, render, save), which
// bench/panel/ reads; cleared now and then so a long run does not pile them up.
const KEEP = 5000;
let count = 0;

/** Records `name` from `start` (a performance.now() value) to now. */
export function measure(name: string, start: number): void {
  performance.measure(name, { start, end: performance.now() });
  if (++count >= KEEP) {
    performance.clearMeasures();
    count = 0;
  }
}
