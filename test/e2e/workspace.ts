// The workspace the e2e sessions open: copies of the repository's examples, with settings that
// keep training small (a few hundred samples, two epochs) so a scan takes seconds.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './harness';

/** Workspace-relative path → repository-relative source, for every file under `dir`, placed at `as`. */
function filesUnder(dir: string, as: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(path.join(repoRoot, dir), { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const relative = path.relative(path.join(repoRoot, dir), path.join(entry.parentPath, entry.name));
    files[path.posix.join(as, relative)] = path.posix.join(dir, relative);
  }
  return files;
}

/** The user's view: the repository's examples. */
export const exampleWorkspace = (): Record<string, string> => filesUnder('examples', 'examples');

/** The extension-host suite's workspace: the examples and the suite's own fixtures. */
export const hostWorkspace = (): Record<string, string> => ({ ...exampleWorkspace(), ...filesUnder('test/vscode/fixtures', 'fixtures') });

export const scanSettings: Record<string, unknown> = {
  'dyingNeurons.samples': 512,
  'dyingNeurons.epochs': 2,
  'dyingNeurons.probeSize': 256,
};
