// Keccak-256 as Ethereum uses it (original Keccak padding 0x01, not SHA3-256's 0x06), needed for the
// EIP-55 mixed-case address checksum. node:crypto's 'sha3-256' is the NIST variant and gives other
// digests, so the permutation is written here: 64-bit lanes as pairs of 32-bit halves (no BigInt, so
// a checksum costs a few microseconds). Only called on 0x-prefixed 40-hex candidates with mixed case.

const RC_HI = new Uint32Array([
  0x00000000, 0x00000000, 0x80000000, 0x80000000, 0x00000000, 0x00000000, 0x80000000, 0x80000000,
  0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x80000000, 0x80000000, 0x80000000,
  0x80000000, 0x80000000, 0x00000000, 0x80000000, 0x80000000, 0x80000000, 0x00000000, 0x80000000,
]);
const RC_LO = new Uint32Array([
  0x00000001, 0x00008082, 0x0000808a, 0x80008000, 0x0000808b, 0x80000001, 0x80008081, 0x00008009,
  0x0000008a, 0x00000088, 0x80008009, 0x8000000a, 0x8000808b, 0x0000008b, 0x00008089, 0x00008003,
  0x00008002, 0x00000080, 0x0000800a, 0x8000000a, 0x80008081, 0x00008080, 0x80000001, 0x80008008,
]);
// Rotation offsets r[x][y] indexed by lane x + 5y, and the pi permutation target for each lane.
const ROT = [0, 1, 62, 28, 27, 36, 44, 6, 55, 20, 3, 10, 43, 25, 39, 41, 45, 15, 21, 8, 18, 2, 61, 56, 14];

// Per lane i = x + 5y: where rho+pi moves it (y + 5((2x + 3y) mod 5)), whether its rotation swaps the
// halves (r >= 32), and the rotation within a half (r mod 32); tables instead of % per lane and round.
const PI = new Uint8Array(25);
const SWAP = new Uint8Array(25);
const SHIFT = new Uint8Array(25);
for (let x = 0; x < 5; x++) {
  for (let y = 0; y < 5; y++) {
    const i = x + 5 * y;
    PI[i] = y + 5 * ((2 * x + 3 * y) % 5);
    SWAP[i] = ROT[i]! >= 32 ? 1 : 0;
    SHIFT[i] = ROT[i]! % 32;
  }
}
const X1 = new Uint8Array([1, 2, 3, 4, 0]);
const X2 = new Uint8Array([2, 3, 4, 0, 1]);
const X4 = new Uint8Array([4, 0, 1, 2, 3]);
// Scratch state, reused by every call (one checksum at a time: nothing here awaits).
const C_HI = new Uint32Array(5);
const C_LO = new Uint32Array(5);
const B_HI = new Uint32Array(25);
const B_LO = new Uint32Array(25);

function permute(hi: Uint32Array, lo: Uint32Array): void {
  const cHi = C_HI, cLo = C_LO, bHi = B_HI, bLo = B_LO;
  for (let round = 0; round < 24; round++) {
    // theta
    for (let x = 0; x < 5; x++) {
      cHi[x] = hi[x]! ^ hi[x + 5]! ^ hi[x + 10]! ^ hi[x + 15]! ^ hi[x + 20]!;
      cLo[x] = lo[x]! ^ lo[x + 5]! ^ lo[x + 10]! ^ lo[x + 15]! ^ lo[x + 20]!;
    }
    for (let x = 0; x < 5; x++) {
      const h1 = cHi[X1[x]!]!;
      const l1 = cLo[X1[x]!]!;
      const dHi = cHi[X4[x]!]! ^ ((h1 << 1) | (l1 >>> 31));
      const dLo = cLo[X4[x]!]! ^ ((l1 << 1) | (h1 >>> 31));
      hi[x]! ^= dHi;
      lo[x]! ^= dLo;
      hi[x + 5]! ^= dHi;
      lo[x + 5]! ^= dLo;
      hi[x + 10]! ^= dHi;
      lo[x + 10]! ^= dLo;
      hi[x + 15]! ^= dHi;
      lo[x + 15]! ^= dLo;
      hi[x + 20]! ^= dHi;
      lo[x + 20]! ^= dLo;
    }
    // rho + pi: B[y, 2x+3y] = rot(A[x, y], r[x, y])
    for (let i = 0; i < 25; i++) {
      let h = hi[i]!;
      let l = lo[i]!;
      if (SWAP[i] !== 0) {
        const t = h;
        h = l;
        l = t;
      }
      const s = SHIFT[i]!;
      const j = PI[i]!;
      if (s === 0) {
        bHi[j] = h;
        bLo[j] = l;
      } else {
        bHi[j] = (h << s) | (l >>> (32 - s));
        bLo[j] = (l << s) | (h >>> (32 - s));
      }
    }
    // chi
    for (let y = 0; y < 25; y += 5) {
      for (let x = 0; x < 5; x++) {
        hi[x + y] = bHi[x + y]! ^ (~bHi[X1[x]! + y]! & bHi[X2[x]! + y]!);
        lo[x + y] = bLo[x + y]! ^ (~bLo[X1[x]! + y]! & bLo[X2[x]! + y]!);
      }
    }
    // iota
    hi[0]! ^= RC_HI[round]!;
    lo[0]! ^= RC_LO[round]!;
  }
}

/** Keccak-256 digest of `data` (32 bytes). */
export function keccak256(data: Uint8Array): Uint8Array {
  const rate = 136;
  const hi = new Uint32Array(25);
  const lo = new Uint32Array(25);
  const padded = new Uint8Array(Math.floor(data.length / rate) * rate + rate);
  padded.set(data);
  padded[data.length]! ^= 0x01;
  padded[padded.length - 1]! ^= 0x80;
  for (let off = 0; off < padded.length; off += rate) {
    for (let i = 0; i < rate / 8; i++) {
      const p = off + i * 8;
      lo[i]! ^= padded[p]! | (padded[p + 1]! << 8) | (padded[p + 2]! << 16) | (padded[p + 3]! << 24);
      hi[i]! ^= padded[p + 4]! | (padded[p + 5]! << 8) | (padded[p + 6]! << 16) | (padded[p + 7]! << 24);
    }
    permute(hi, lo);
  }
  const out = new Uint8Array(32);
  for (let i = 0; i < 4; i++) {
    for (let b = 0; b < 4; b++) {
      out[i * 8 + b] = (lo[i]! >>> (8 * b)) & 0xff;
      out[i * 8 + 4 + b] = (hi[i]! >>> (8 * b)) & 0xff;
    }
  }
  return out;
}
