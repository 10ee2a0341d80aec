// A small seeded PRNG (mulberry32). The scan replaces Math.random with one while the user's code
// runs: tfjs seeds its initialisers, shuffling and dropout from Math.random, so the same --seed
// gives the same run (on the same backend).

export type Random = () => number;

export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal draw (Box–Muller). */
export function normal(random: Random): number {
  const u = 1 - random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** `k` distinct indices of [0, n), drawn without replacement, in increasing order. */
export function sampleIndices(n: number, k: number, random: Random): number[] {
  const pool = Array.from({ length: n }, (_, i) => i);
  const take = Math.min(k, n);
  for (let i = 0; i < take; i++) {
    const j = i + Math.floor(random() * (n - i));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, take).sort((a, b) => a - b);
}

/** Replaces Math.random with a generator seeded with `seed`; returns the function that restores it. */
export function seedMathRandom(seed: number): () => void {
  const original = Math.random;
  Math.random = createRandom(seed);
  return () => {
    Math.random = original;
  };
}
