// The directory of the dying-neurons package (holding its node_modules), from either the built
// bundle (dist/) or the sources (src/worker/) that tests run.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'dying-neurons') return dir;
    if (dirname(dir) === dir) throw new Error(`dying-neurons package not found above ${from}`);
  }
}

export const PACKAGE_ROOT = findRoot(__dirname);
