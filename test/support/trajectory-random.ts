/** A small seeded PRNG (mulberry32) so generated trajectories are deterministic for a given seed. */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [min, max). */
  between(min: number, max: number): number;
  /** Approximately normal (mean 0, sd 1), Irwin-Hall with 4 terms. */
  gaussian(): number;
  /** True with probability p. */
  chance(p: number): boolean;
}

export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    between: (min, max) => min + (max - min) * next(),
    gaussian: () => (next() + next() + next() + next() - 2) * Math.sqrt(3),
    chance: (p) => p > 0 && next() < p,
  };
}
