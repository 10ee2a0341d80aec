// The workspace the e2e sessions open: copies of the repository's examples, with settings that
// keep training small (a few hundred samples, two epochs) so a scan takes seconds.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './harness';

/** Workspace-relative path → repository-relative source, for every file under examples/. */
export function exampleWorkspace(): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const entry of readdirSync(path.join(repoRoot, dir), { withFileTypes: true })) {
      const relative = path.posix.join(dir, entry.name);
      if (entry.isDirectory()) walk(relative);
      else files[relative] = relative;
    }
  };
  walk('examples');
  return files;
}

export const scanSettings: Record<string, unknown> = {
  'dyingNeurons.samples': 512,
  'dyingNeurons.epochs': 2,
  'dyingNeurons.probeSize': 256,
};
