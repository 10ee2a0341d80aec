// Keras's names for layers built without `name=`: the class name in snake_case, numbered per
// name in construction order — dense, dense_1, conv2d, max_pooling2d, re_lu, leaky_re_lu —
// as keras.src.utils.naming.auto_name gives them (Keras 2 names these classes the same way).

/** keras.src.utils.naming.to_snake_case, applied to a class name. */
export function snakeCase(className: string): string {
  return className
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/** The names one script's unnamed layers get, counted over the whole script as Keras counts them. */
export class LayerNames {
  private readonly counts = new Map<string, number>();

  /** The name of the next unnamed layer of `className`: 'dense', then 'dense_1', 'dense_2', … */
  next(className: string): string {
    const base = snakeCase(className);
    const n = this.counts.get(base) ?? 0;
    this.counts.set(base, n + 1);
    return n === 0 ? base : `${base}_${n}`;
  }
}
