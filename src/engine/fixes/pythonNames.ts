// Naming Keras symbols in a Python file the way the file already does (`layers.X`, bare `X`,
// `keras.layers.X`, `tf.keras.layers.X`), and the import edits that the chosen names need.

import { children, type Doc, type SyntaxNode } from './document';
import { append, itemsOf, type ItemList } from './items';
import { lineEnd, type TextEdit } from './text';

interface FromImport {
  module: string[];
  names: ItemList;
  star: boolean;
}

/** The Keras part of a module path: ['tensorflow', 'keras', 'layers'] → ['layers']; undefined outside Keras. */
function kerasPart(path: readonly string[]): string[] | undefined {
  if (path[0] === 'tensorflow' && path[1] === 'keras') return path.slice(2);
  if (path[0] === 'keras' || path[0] === 'tf_keras') return path.slice(1);
  return undefined;
}

function isKeras(path: readonly string[], part: readonly string[]): boolean {
  const k = kerasPart(path);
  return k !== undefined && k.length === part.length && k.every((p, i) => p === part[i]);
}

/** The Keras module a path is in, as written: ['tensorflow', 'keras', 'layers', 'Dense'] → 'tensorflow.keras'. */
function kerasRoot(path: readonly string[]): string | undefined {
  const k = kerasPart(path);
  return k && path.slice(0, path.length - k.length).join('.');
}

export class PythonNames {
  /** Bound name → the dotted path it stands for. */
  private readonly bindings = new Map<string, string[]>();
  private readonly fromImports: FromImport[] = [];
  private lastImport: SyntaxNode | undefined;
  private readonly extended = new Map<FromImport, string[]>();
  private readonly added = new Map<string, string[]>();
  /** New `import module as alias` lines. */
  private readonly aliased: string[] = [];
  /** Names taken by this object's new imports. */
  private readonly taken = new Set<string>();

  constructor(private readonly doc: Doc) {
    for (const statement of doc.top.getChildren('ImportStatement')) this.read(statement);
  }

  /** Whether the file (or a new import) uses a name already: a new import must not take it. */
  private used(name: string): boolean {
    return this.taken.has(name) || this.doc.all('VariableName').some((n) => this.doc.text(n) === name);
  }

  private read(statement: SyntaxNode): void {
    this.lastImport = statement;
    const parts = children(statement);
    const keyword = parts.find((p) => p.name === 'import');
    if (!keyword) return; // an unfinished `from x`
    if (parts[0].name === 'from') {
      const module = parts.filter((p) => p.from < keyword.from && p.name === 'VariableName').map((p) => this.doc.text(p));
      if (parts[1].name === '.') return; // relative import: not Keras
      const paren = statement.getChild('(');
      const close = statement.getChild(')')?.from ?? statement.to;
      const names = itemsOf(this.doc, statement, paren?.to ?? keyword.to, close, !paren);
      const star = names.items.some((i) => i.nodes[0].name === '*');
      this.fromImports.push({ module, names, star });
      for (const { nodes } of names.items) {
        const bound = nodes[nodes.length - 1];
        if (bound.name === 'VariableName') this.bindings.set(this.doc.text(bound), [...module, this.doc.text(nodes[0])]);
      }
      return;
    }
    for (const { nodes } of itemsOf(this.doc, statement, keyword.to, statement.to, true).items) {
      const path = nodes.filter((n) => n.name === 'VariableName').map((n) => this.doc.text(n));
      const alias = nodes.some((n) => n.name === 'as');
      // `import a.b as c` binds c to a.b; `import a.b` binds a.
      if (alias) this.bindings.set(path.pop()!, path);
      else this.bindings.set(path[0], [path[0]]);
    }
  }

  /** The dotted path a bare name is bound to by an import. */
  resolve(name: string): string[] | undefined {
    return this.bindings.get(name);
  }

  private bound(test: (path: string[]) => boolean): string | undefined {
    for (const [name, path] of this.bindings) if (test(path)) return name;
    return undefined;
  }

  private extend(target: FromImport, name: string): void {
    this.extended.set(target, [...(this.extended.get(target) ?? []), name]);
    this.bindings.set(name, [...target.module, name]);
    this.taken.add(name);
  }

  private addLine(module: string, name: string): void {
    this.added.set(module, [...(this.added.get(module) ?? []), name]);
    this.bindings.set(name, [...module.split('.'), name]);
    this.taken.add(name);
  }

  /**
   * How to write Keras symbol `symbol` of submodule `module` (e.g. 'layers', 'BatchNormalization').
   * `sibling` is the callee path of a call to a symbol of `siblingModule` that the fix sits next to.
   * Undefined when every way of naming it would take a name the file already uses.
   */
  ref(module: string, symbol: string, sibling: readonly string[], siblingModule: string): string | undefined {
    const n = sibling.length;
    if (n > 1 && siblingModule === module) return [...sibling.slice(0, -1), symbol].join('.');
    if (n > 2 && sibling[n - 2] === siblingModule) return [...sibling.slice(0, -2), module, symbol].join('.');
    const direct = this.bound((p) => isKeras(p, [module, symbol]));
    if (direct) return direct;
    if (this.fromImports.some((f) => f.star && isKeras(f.module, [module]))) return symbol;
    const candidates = this.fromImports.filter((f) => !f.star && isKeras(f.module, [module]));
    const sameModule = candidates.find((f) => n === 1 && this.binds(f, sibling[0])) ?? candidates[0];
    if (sameModule && !this.used(symbol)) {
      this.extend(sameModule, symbol);
      return symbol;
    }
    const moduleName = this.bound((p) => isKeras(p, [module]));
    if (moduleName) return `${moduleName}.${symbol}`;
    const keras = this.bound((p) => isKeras(p, []));
    if (keras) return `${keras}.${module}.${symbol}`;
    const tf = this.bound((p) => p.length === 1 && p[0] === 'tensorflow');
    if (tf) return `${tf}.keras.${module}.${symbol}`;
    const rootImport = this.fromImports.find((f) => !f.star && isKeras(f.module, []));
    if (rootImport && !this.used(module)) {
      this.extend(rootImport, module);
      return `${module}.${symbol}`;
    }
    const root = [...this.bindings.values()].map(kerasRoot).find((r) => r !== undefined) ?? 'tensorflow.keras';
    if (!this.used(symbol)) {
      this.addLine(`${root}.${module}`, symbol);
      return symbol;
    }
    if (!this.used(module)) {
      this.addLine(root, module);
      return `${module}.${symbol}`;
    }
    return undefined;
  }

  /** Whether the file imports anything from a top-level package (`torch`, `keras`). */
  importsFrom(root: string): boolean {
    return [...this.bindings.values()].some((p) => p[0] === root);
  }

  /**
   * How to write the module or symbol at `path` (e.g. ['torch', 'nn', 'init']): its own name, a
   * name the file binds it to, a new name in a `from` import of its module, an imported prefix of
   * it (`nn.init`), else a new `import ... as alias`. With `preferAlias` (`F` for
   * `torch.nn.functional`) the new import comes before the other ways. Undefined when every way
   * takes a used name.
   */
  nameFor(path: readonly string[], alias: string, preferAlias = false): string | undefined {
    const same = (p: readonly string[], q: readonly string[]) => p.length === q.length && p.every((x, i) => x === q[i]);
    const parent = path.slice(0, -1);
    const symbol = path[path.length - 1];
    const exact = this.bound((p) => same(p, path));
    if (exact) return exact;
    if (this.fromImports.some((f) => f.star && same(f.module, parent))) return symbol;
    if (preferAlias && !this.used(alias)) return this.importAs(path, alias);
    const from = this.fromImports.find((f) => !f.star && same(f.module, parent));
    if (from && !this.used(symbol)) {
      this.extend(from, symbol);
      return symbol;
    }
    for (let n = path.length - 1; n > 0; n--) {
      const prefix = this.bound((p) => same(p, path.slice(0, n)));
      if (prefix) return [prefix, ...path.slice(n)].join('.');
    }
    return this.used(alias) ? undefined : this.importAs(path, alias);
  }

  private importAs(path: readonly string[], alias: string): string {
    this.aliased.push(`import ${path.join('.')} as ${alias}`);
    this.bindings.set(alias, [...path]);
    this.taken.add(alias);
    return alias;
  }

  private binds(target: FromImport, name: string): boolean {
    return target.names.items.some((i) => this.doc.text(i.nodes[i.nodes.length - 1]) === name);
  }

  edits(): TextEdit[] {
    const edits: TextEdit[] = [];
    for (const [target, names] of this.extended) edits.push(...append(this.doc, target.names, names));
    const lines = [...this.aliased, ...[...this.added].map(([module, names]) => `from ${module} import ${names.join(', ')}`)];
    if (lines.length === 0) return edits;
    const { newline, source } = this.doc;
    if (this.lastImport) {
      const at = lineEnd(source, this.lastImport.to);
      edits.push({ start: at, end: at, newText: lines.map((l) => newline + l).join('') });
    } else {
      edits.push({ start: 0, end: 0, newText: lines.map((l) => l + newline).join('') });
    }
    return edits;
  }
}
