// The script's own activation functions (a Keras def of elementwise ops, translated by the
// engine) registered with tfjs as activations under their names, so that a layer's
// `activation: 'mish_like'` applies them and its config names them for the monitor.

import type { CustomActivation, Elementwise, ElementwiseFunction } from '../engine/plan';
import type { Tensor, Tf } from './tfjs';

type Operand = Tensor | number;

/** Every op a custom activation may use, as tfjs computes it (numbers only where tfjs takes numbers). */
function ops(tf: Tf): Record<ElementwiseFunction, (args: Operand[]) => Tensor> {
  const t = (v: Operand): Tensor => (typeof v === 'number' ? tf.scalar(v) : v);
  const n = (v: Operand): number => (typeof v === 'number' ? v : NaN);
  return {
    add: ([a, b]) => tf.add(t(a), t(b)),
    sub: ([a, b]) => tf.sub(t(a), t(b)),
    mul: ([a, b]) => tf.mul(t(a), t(b)),
    div: ([a, b]) => tf.div(t(a), t(b)),
    pow: ([a, b]) => tf.pow(t(a), t(b)),
    maximum: ([a, b]) => tf.maximum(t(a), t(b)),
    minimum: ([a, b]) => tf.minimum(t(a), t(b)),
    neg: ([a]) => tf.neg(t(a)),
    relu: ([a]) => tf.relu(t(a)),
    relu6: ([a]) => tf.relu6(t(a)),
    sigmoid: ([a]) => tf.sigmoid(t(a)),
    tanh: ([a]) => tf.tanh(t(a)),
    softplus: ([a]) => tf.softplus(t(a)),
    elu: ([a]) => tf.elu(t(a)),
    selu: ([a]) => tf.selu(t(a)),
    exp: ([a]) => tf.exp(t(a)),
    log: ([a]) => tf.log(t(a)),
    log1p: ([a]) => tf.log1p(t(a)),
    expm1: ([a]) => tf.expm1(t(a)),
    abs: ([a]) => tf.abs(t(a)),
    sqrt: ([a]) => tf.sqrt(t(a)),
    square: ([a]) => tf.square(t(a)),
    sin: ([a]) => tf.sin(t(a)),
    cos: ([a]) => tf.cos(t(a)),
    erf: ([a]) => tf.erf(t(a)),
    sign: ([a]) => tf.sign(t(a)),
    leakyRelu: ([a, alpha]) => tf.leakyRelu(t(a), n(alpha)),
    clipByValue: ([a, low, high]) => tf.clipByValue(t(a), n(low), n(high)),
  };
}

function evaluate(table: ReturnType<typeof ops>, e: Elementwise, x: Tensor): Operand {
  if (e.op === 'x') return x;
  if (e.op === 'constant') return e.value;
  return table[e.op](e.args.map((a) => evaluate(table, a, x)));
}

/** Names registered here, in this process: the monitor measures their layers. */
const registered = new Set<string>();

export function isCustomActivation(name: string): boolean {
  return registered.has(name);
}

/**
 * Registers `activation` with tfjs's serialization map (where tfjs looks activation names up);
 * a name tfjs already uses for something else (a layer, an initializer) is refused.
 */
export function registerCustomActivation(tf: Tf, activation: CustomActivation): void {
  const { name, expression } = activation;
  const existing = tf.serialization.SerializationMap.getMap().classNameMap[name];
  if (existing && !registered.has(name)) throw new Error(`the activation ${name} has the name of TensorFlow.js's ${name}; rename the function`);
  const table = ops(tf);
  class Custom extends tf.serialization.Serializable {
    static readonly className = name;
    getConfig() {
      return {};
    }
    apply(x: Tensor): Tensor {
      return tf.tidy(() => {
        const y = evaluate(table, expression, x);
        // A constant activation still gives one value per unit.
        return typeof y === 'number' ? tf.fill(x.shape, y) : y;
      });
    }
  }
  tf.serialization.registerClass(Custom);
  registered.add(name);
}
