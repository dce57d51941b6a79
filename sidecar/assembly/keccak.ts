// Keccak-256 as Ethereum uses it (the original padding 0x01, not SHA3-256's 0x06; node:crypto has only
// the NIST one), for the EIP-55 mixed-case checksum of an address (validators-wallets.ts). In this module
// for its native 64-bit rotations: the same permutation in JavaScript, on 32-bit halves, took ~12 µs a
// digest, this takes well under one. The host writes the message at TEXT_AT and reads the digest at
// KECCAK_AT; the lanes are locals, the round constants sit at RC_AT.
import { KECCAK_AT, RC_AT, TEXT_AT } from './layout';

/** Bytes absorbed per block (1600 − 2 × 256 bits). */
const RATE: i32 = 136;

// The 24 round constants (FIPS 202, 3.2.5), written once when the module starts.
store<u64>(<usize>RC_AT + 0, 0x0000000000000001);
store<u64>(<usize>RC_AT + 8, 0x0000000000008082);
store<u64>(<usize>RC_AT + 16, 0x800000000000808a);
store<u64>(<usize>RC_AT + 24, 0x8000000080008000);
store<u64>(<usize>RC_AT + 32, 0x000000000000808b);
store<u64>(<usize>RC_AT + 40, 0x0000000080000001);
store<u64>(<usize>RC_AT + 48, 0x8000000080008081);
store<u64>(<usize>RC_AT + 56, 0x8000000000008009);
store<u64>(<usize>RC_AT + 64, 0x000000000000008a);
store<u64>(<usize>RC_AT + 72, 0x0000000000000088);
store<u64>(<usize>RC_AT + 80, 0x0000000080008009);
store<u64>(<usize>RC_AT + 88, 0x000000008000000a);
store<u64>(<usize>RC_AT + 96, 0x000000008000808b);
store<u64>(<usize>RC_AT + 104, 0x800000000000008b);
store<u64>(<usize>RC_AT + 112, 0x8000000000008089);
store<u64>(<usize>RC_AT + 120, 0x8000000000008003);
store<u64>(<usize>RC_AT + 128, 0x8000000000008002);
store<u64>(<usize>RC_AT + 136, 0x8000000000000080);
store<u64>(<usize>RC_AT + 144, 0x000000000000800a);
store<u64>(<usize>RC_AT + 152, 0x800000008000000a);
store<u64>(<usize>RC_AT + 160, 0x8000000080008081);
store<u64>(<usize>RC_AT + 168, 0x8000000000008080);
store<u64>(<usize>RC_AT + 176, 0x0000000080000001);
store<u64>(<usize>RC_AT + 184, 0x8000000080008008);

/**
 * Keccak-256 of the n bytes at TEXT_AT, written to KECCAK_AT (32 bytes). Pads in place: the host keeps
 * RATE bytes of room after the message.
 */
export function keccak256(n: i32): void {
  const total = (n / RATE + 1) * RATE;
  for (let k = n; k < total; k++) store<u8>(<usize>TEXT_AT + k, 0);
  store<u8>(<usize>TEXT_AT + n, 1);
  store<u8>(<usize>TEXT_AT + total - 1, load<u8>(<usize>TEXT_AT + total - 1) | 0x80);
  let a0: u64 = 0, a1: u64 = 0, a2: u64 = 0, a3: u64 = 0, a4: u64 = 0, a5: u64 = 0, a6: u64 = 0, a7: u64 = 0, a8: u64 = 0, a9: u64 = 0, a10: u64 = 0, a11: u64 = 0, a12: u64 = 0, a13: u64 = 0, a14: u64 = 0, a15: u64 = 0, a16: u64 = 0, a17: u64 = 0, a18: u64 = 0, a19: u64 = 0, a20: u64 = 0, a21: u64 = 0, a22: u64 = 0, a23: u64 = 0, a24: u64 = 0;
  for (let off = 0; off < total; off += RATE) {
    const p = <usize>TEXT_AT + off;
    a0 ^= load<u64>(p + 0);
    a1 ^= load<u64>(p + 8);
    a2 ^= load<u64>(p + 16);
    a3 ^= load<u64>(p + 24);
    a4 ^= load<u64>(p + 32);
    a5 ^= load<u64>(p + 40);
    a6 ^= load<u64>(p + 48);
    a7 ^= load<u64>(p + 56);
    a8 ^= load<u64>(p + 64);
    a9 ^= load<u64>(p + 72);
    a10 ^= load<u64>(p + 80);
    a11 ^= load<u64>(p + 88);
    a12 ^= load<u64>(p + 96);
    a13 ^= load<u64>(p + 104);
    a14 ^= load<u64>(p + 112);
    a15 ^= load<u64>(p + 120);
    a16 ^= load<u64>(p + 128);
    for (let round = 0; round < 24; round++) {
      // theta
      const c0 = a0 ^ a5 ^ a10 ^ a15 ^ a20;
      const c1 = a1 ^ a6 ^ a11 ^ a16 ^ a21;
      const c2 = a2 ^ a7 ^ a12 ^ a17 ^ a22;
      const c3 = a3 ^ a8 ^ a13 ^ a18 ^ a23;
      const c4 = a4 ^ a9 ^ a14 ^ a19 ^ a24;
      const d0 = c4 ^ rotl<u64>(c1, 1);
      const d1 = c0 ^ rotl<u64>(c2, 1);
      const d2 = c1 ^ rotl<u64>(c3, 1);
      const d3 = c2 ^ rotl<u64>(c4, 1);
      const d4 = c3 ^ rotl<u64>(c0, 1);
      // rho and pi: lane x + 5y moves to y + 5((2x + 3y) mod 5), rotated
      const b0 = a0 ^ d0;
      const b10 = rotl<u64>(a1 ^ d1, 1);
      const b20 = rotl<u64>(a2 ^ d2, 62);
      const b5 = rotl<u64>(a3 ^ d3, 28);
      const b15 = rotl<u64>(a4 ^ d4, 27);
      const b16 = rotl<u64>(a5 ^ d0, 36);
      const b1 = rotl<u64>(a6 ^ d1, 44);
      const b11 = rotl<u64>(a7 ^ d2, 6);
      const b21 = rotl<u64>(a8 ^ d3, 55);
      const b6 = rotl<u64>(a9 ^ d4, 20);
      const b7 = rotl<u64>(a10 ^ d0, 3);
      const b17 = rotl<u64>(a11 ^ d1, 10);
      const b2 = rotl<u64>(a12 ^ d2, 43);
      const b12 = rotl<u64>(a13 ^ d3, 25);
      const b22 = rotl<u64>(a14 ^ d4, 39);
      const b23 = rotl<u64>(a15 ^ d0, 41);
      const b8 = rotl<u64>(a16 ^ d1, 45);
      const b18 = rotl<u64>(a17 ^ d2, 15);
      const b3 = rotl<u64>(a18 ^ d3, 21);
      const b13 = rotl<u64>(a19 ^ d4, 8);
      const b14 = rotl<u64>(a20 ^ d0, 18);
      const b24 = rotl<u64>(a21 ^ d1, 2);
      const b9 = rotl<u64>(a22 ^ d2, 61);
      const b19 = rotl<u64>(a23 ^ d3, 56);
      const b4 = rotl<u64>(a24 ^ d4, 14);
      // chi
      a0 = b0 ^ (~b1 & b2);
      a1 = b1 ^ (~b2 & b3);
      a2 = b2 ^ (~b3 & b4);
      a3 = b3 ^ (~b4 & b0);
      a4 = b4 ^ (~b0 & b1);
      a5 = b5 ^ (~b6 & b7);
      a6 = b6 ^ (~b7 & b8);
      a7 = b7 ^ (~b8 & b9);
      a8 = b8 ^ (~b9 & b5);
      a9 = b9 ^ (~b5 & b6);
      a10 = b10 ^ (~b11 & b12);
      a11 = b11 ^ (~b12 & b13);
      a12 = b12 ^ (~b13 & b14);
      a13 = b13 ^ (~b14 & b10);
      a14 = b14 ^ (~b10 & b11);
      a15 = b15 ^ (~b16 & b17);
      a16 = b16 ^ (~b17 & b18);
      a17 = b17 ^ (~b18 & b19);
      a18 = b18 ^ (~b19 & b15);
      a19 = b19 ^ (~b15 & b16);
      a20 = b20 ^ (~b21 & b22);
      a21 = b21 ^ (~b22 & b23);
      a22 = b22 ^ (~b23 & b24);
      a23 = b23 ^ (~b24 & b20);
      a24 = b24 ^ (~b20 & b21);
      // iota
      a0 ^= load<u64>(<usize>RC_AT + (<usize>round << 3));
    }
  }
  store<u64>(<usize>KECCAK_AT, a0);
  store<u64>(<usize>KECCAK_AT + 8, a1);
  store<u64>(<usize>KECCAK_AT + 16, a2);
  store<u64>(<usize>KECCAK_AT + 24, a3);
}
