// A seeded generator for test data: the same texts every run, so a failure reproduces.

/**
 * Integers in [0, n) from a 32-bit linear congruential generator's high bits (its low bits repeat with a short
 * period: `% n` of the whole state would cycle through few patterns when n is a power of two).
 */
export function seededInts(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) >>> 8) % n;
}
