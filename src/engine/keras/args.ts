// A call's arguments bound to a Keras/numpy signature the way Python binds them, with
// typed readers whose refusals name the argument and point at it.

import type { SourceRange } from '../../shared/protocol';
import { callArguments, type PythonSource, type SyntaxNode } from './source';
import { describe, known, unsupported, type Value } from './values';

export interface Evaluator {
  readonly source: PythonSource;
  /** Evaluates; what cannot be followed comes back as an `unsupported` value. */
  lenient(node: SyntaxNode): Value;
}

interface Bound {
  /** The whole argument (`name=value` or the positional value). */
  from: number;
  value: SyntaxNode;
}

export class Args {
  private readonly bound = new Map<string, Bound>();
  private readonly cache = new Map<string, Value>();
  /** Parameters given under another name (Keras 1's), as written: messages use the script's spelling. */
  private readonly written = new Map<string, string>();

  /**
   * @param callee how the callee reads in messages, e.g. "Dense"
   * @param call the CallExpression
   * @param signature the parameter names in positional order (keyword-only ones last)
   * @param positionalCount how many of them may be given positionally
   */
  constructor(
    readonly ev: Evaluator,
    readonly callee: string,
    readonly call: SyntaxNode,
    signature: readonly string[],
    positionalCount = signature.length,
  ) {
    const argList = call.lastChild;
    if (!argList || argList.name !== 'ArgList') throw unsupported(`${callee}: unexpected call`, ev.source.rangeOf(call));
    const args = callArguments(ev.source, argList);
    if (args.unpacked) {
      const end = args.unpacked.nextSibling ?? args.unpacked;
      throw unsupported(`${callee}: *args, **kwargs and generator arguments are not supported`, ev.source.range(args.unpacked.from, end.to));
    }
    if (args.positional.length > positionalCount) {
      const extra = args.positional[positionalCount];
      throw unsupported(
        `${callee} takes at most ${positionalCount} positional argument${positionalCount === 1 ? '' : 's'}, got ${args.positional.length}`,
        ev.source.rangeOf(extra),
      );
    }
    args.positional.forEach((node, i) => this.bound.set(signature[i], { from: node.from, value: node }));
    for (const [name, { name: nameNode, value }] of args.keywords) {
      const range = ev.source.range(nameNode.from, value.to);
      if (!signature.includes(name)) throw unsupported(`${callee}: unknown or unsupported argument '${name}'`, range);
      if (this.bound.has(name)) throw unsupported(`${callee} got multiple values for argument '${name}'`, range);
      this.bound.set(name, { from: nameNode.from, value });
    }
  }

  /**
   * Reads the argument written as `from` as the parameter `to` (Keras 1's border_mode as padding),
   * with `value` instead of the written one if given; both written is refused at `from`.
   */
  rename(from: string, to: string, value?: Value): void {
    const b = this.bound.get(from);
    if (!b) return;
    if (this.bound.has(to)) this.refuse(from, `${to} is given too`);
    const v = value ?? this.cache.get(from);
    this.drop(from);
    this.bound.set(to, b);
    this.written.set(to, from);
    if (v) this.cache.set(to, v);
  }

  /** Forgets an argument another one now carries (Keras 1's nb_col, in kernel_size). */
  drop(name: string): void {
    this.bound.delete(name);
    this.cache.delete(name);
  }

  has(name: string): boolean {
    return this.bound.has(name);
  }

  /** Names of the arguments written in the call, in binding order. */
  names(): string[] {
    return [...this.bound.keys()];
  }

  node(name: string): SyntaxNode | undefined {
    return this.bound.get(name)?.value;
  }

  /** The argument as written, `name=value` for a keyword argument. */
  range(name: string): SourceRange {
    const b = this.bound.get(name);
    return b ? this.ev.source.range(b.from, b.value.to) : this.ev.source.rangeOf(this.call);
  }

  valueRange(name: string): SourceRange {
    const b = this.bound.get(name);
    return this.ev.source.rangeOf(b ? b.value : this.call);
  }

  /** The evaluated argument (possibly an unsupported value), or undefined when not given. */
  raw(name: string): Value | undefined {
    const b = this.bound.get(name);
    if (!b) return undefined;
    let v = this.cache.get(name);
    if (!v) {
      v = this.ev.lenient(b.value);
      this.cache.set(name, v);
    }
    return v;
  }

  /** Whether the argument is given as something other than None (without judging its value). */
  given(name: string): boolean {
    const v = this.raw(name);
    return v !== undefined && v.kind !== 'none';
  }

  /** The evaluated argument; an unsupported value raises its error. None counts as not given. */
  value(name: string): Value | undefined {
    const v = this.raw(name);
    return v === undefined || v.kind === 'none' ? undefined : known(v);
  }

  refuse(name: string, why: string): never {
    throw unsupported(`${this.callee}: ${this.written.get(name) ?? name}=${this.text(name)} is not supported (${why})`, this.range(name));
  }

  fail(name: string, expected: string): never {
    const v = this.raw(name);
    throw unsupported(`${this.callee}: ${this.written.get(name) ?? name} must be ${expected}, got ${v ? describe(v) : 'nothing'}`, this.valueRange(name));
  }

  text(name: string): string {
    const n = this.node(name);
    return n ? this.ev.source.textOf(n) : '';
  }

  number(name: string): number | undefined;
  number(name: string, fallback: number): number;
  number(name: string, fallback?: number): number | undefined {
    const v = this.value(name);
    if (v === undefined) return fallback;
    if (v.kind === 'number') return v.value;
    return this.fail(name, 'a number');
  }

  positiveInt(name: string): number | undefined {
    const v = this.value(name);
    if (v === undefined) return undefined;
    if (v.kind === 'number' && v.integer && v.value > 0) return v.value;
    return this.fail(name, 'a positive integer');
  }

  string(name: string): string | undefined {
    const v = this.value(name);
    if (v === undefined) return undefined;
    if (v.kind === 'string') return v.value;
    return this.fail(name, 'a string');
  }

  bool(name: string): boolean | undefined {
    const v = this.value(name);
    if (v === undefined) return undefined;
    if (v.kind === 'bool') return v.value;
    if (v.kind === 'number') return v.value !== 0;
    return this.fail(name, 'True or False');
  }

  /** An int or a tuple of `rank` ints (kernel sizes, strides, pool sizes). */
  intOrTuple(name: string, rank: number): number | number[] | undefined {
    const v = this.value(name);
    if (v === undefined) return undefined;
    if (v.kind === 'number' && v.integer && v.value > 0) return v.value;
    if (v.kind === 'sequence' && v.items.length === rank) {
      const dims = v.items.map((item) => (item.kind === 'number' && item.integer && item.value > 0 ? item.value : NaN));
      if (dims.every((d) => !Number.isNaN(d))) return rank === 1 ? dims[0] : dims;
    }
    return this.fail(name, rank === 1 ? 'a positive integer' : `a positive integer or a tuple of ${rank} positive integers`);
  }

  /**
   * A shape: a tuple or list of positive ints (an int alone for a single axis). With `batch`,
   * a leading None (the batch axis) reads -1; with `free`, one -1 may stand for an inferred axis;
   * with `unknown`, None stands for an axis whose length the data gives (it reads -1 too).
   */
  shape(name: string, options: { batch?: boolean; free?: boolean; unknown?: boolean } = {}): number[] | undefined {
    const v = this.value(name);
    if (v === undefined) return undefined;
    const items = v.kind === 'sequence' ? v.items : [v];
    const dims = items.map((item, i) => {
      if (item.kind === 'number' && item.integer && (item.value > 0 || (options.free && item.value === -1))) return item.value;
      return (options.batch && i === 0) || options.unknown ? (item.kind === 'none' ? -1 : NaN) : NaN;
    });
    const free = options.free ? dims.filter((d) => d === -1).length : 0;
    if (dims.length > 0 && dims.every((d) => !Number.isNaN(d)) && free <= 1) return dims;
    return this.fail(
      name,
      options.free ? 'a tuple of positive integers (one may be -1)' : options.unknown ? 'a tuple of positive integers or None' : 'a tuple of positive integers',
    );
  }
}
