// What an import statement binds: `import a.b as c`, `from a.b import (x as y, z)`, `from a import *`.

import { children, type PythonSource, type SyntaxNode } from './source';

export interface ImportBinding {
  name: string;
  /** The imported name as written, for messages. */
  node: SyntaxNode;
  /** The dotted path it refers to; null for a relative import (a local module). */
  path: string[] | null;
}

export interface ImportStatement {
  bindings: ImportBinding[];
  /** The module of `from <module> import *`, when the statement is one (and not relative). */
  star: string[] | null;
}

export function readImport(source: PythonSource, node: SyntaxNode): ImportStatement {
  const tokens = children(node).filter((c) => c.name !== '(' && c.name !== ')');
  const text = (n: SyntaxNode) => source.textOf(n);
  const bindings: ImportBinding[] = [];
  let i = 1;
  const dotted = (): string[] => {
    const path = [text(tokens[i++])];
    while (tokens[i]?.name === '.' && tokens[i + 1]?.name === 'VariableName') {
      path.push(text(tokens[i + 1]));
      i += 2;
    }
    return path;
  };
  const alias = (): SyntaxNode | null => {
    if (tokens[i]?.name !== 'as') return null;
    i += 2;
    return tokens[i - 1];
  };

  if (tokens[0].name === 'import') {
    // import a.b.c [as d], e
    while (i < tokens.length) {
      if (tokens[i].name === ',') {
        i++;
        continue;
      }
      const first = tokens[i];
      const path = dotted();
      const as = alias();
      bindings.push(as ? { name: text(as), node: first, path } : { name: path[0], node: first, path: [path[0]] });
    }
    return { bindings, star: null };
  }

  // from [.]a.b import x [as y], z   |   from a.b import *
  let relative = false;
  while (tokens[i].name === '.' || tokens[i].name === 'Ellipsis') {
    relative = true;
    i++;
  }
  const module = tokens[i].name === 'VariableName' ? dotted() : [];
  i++; // import
  if (tokens[i]?.name === '*') return { bindings, star: relative ? null : module };
  while (i < tokens.length) {
    const nameNode = tokens[i++];
    if (nameNode.name === ',') continue;
    const as = alias();
    bindings.push({ name: text(as ?? nameNode), node: nameNode, path: relative ? null : [...module, text(nameNode)] });
  }
  return { bindings, star: null };
}
