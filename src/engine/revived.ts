// The report's count of units revived by ReDo during a scan, and how many of them stayed alive.

import type { LayerReport, Report } from '../shared/protocol';

/** Distinct units revived (a unit revived twice counts once), and those of them not dead at the last check. */
export function revivedSummary(revived: ReadonlyMap<string, ReadonlySet<number>>, layers: readonly LayerReport[]): NonNullable<Report['revived']> {
  let units = 0;
  let aliveAtEnd = 0;
  for (const [name, set] of revived) {
    const dead = new Set(layers.find((l) => l.name === name)?.deadUnits ?? []);
    units += set.size;
    for (const u of set) if (!dead.has(u)) aliveAtEnd++;
  }
  return { units, aliveAtEnd };
}
