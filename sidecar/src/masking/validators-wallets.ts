// Crypto wallet addresses: Bitcoin base58check and bech32/bech32m, Ethereum's EIP-55 mixed-case checksum.
// The checksums are the public algorithms (double SHA-256, BIP-173/350 polymod, keccak-256).
import { hash } from 'node:crypto';
import { keccak256 } from './features.js';

const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
/** Per ASCII code, its base58 digit value, or -1. */
const B58_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < B58.length; i++) B58_VALUE[B58.charCodeAt(i)] = i;

export function base58Decode(s: string): Uint8Array | null {
  const le: number[] = []; // little-endian bytes of the number
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let carry = c < 128 ? B58_VALUE[c]! : -1;
    if (carry < 0) return null;
    for (let j = 0; j < le.length; j++) {
      carry += le[j]! * 58;
      le[j] = carry & 0xff;
      carry >>= 8;
    }
    while (carry > 0) {
      le.push(carry & 0xff);
      carry >>= 8;
    }
  }
  // Each leading '1' encodes one leading zero byte.
  for (let k = 0; k < s.length && s.charCodeAt(k) === 49; k++) le.push(0);
  return Uint8Array.from(le.reverse());
}

function sha256d(b: Uint8Array): Buffer {
  // One-shot hashes: no Hash object per round.
  return hash('sha256', hash('sha256', b, 'buffer'), 'buffer');
}

/** Bitcoin legacy address: base58check, 25 bytes, version 0x00 (P2PKH) or 0x05 (P2SH). */
export function isBase58Check(s: string): boolean {
  const b = base58Decode(s);
  if (b === null) return false;
  // Version bytes: Bitcoin P2PKH 0x00 (1…) and P2SH 0x05 (3…), Litecoin P2PKH 0x30 (L…) and P2SH 0x32 (M…).
  if (b.length !== 25 || (b[0] !== 0x00 && b[0] !== 0x05 && b[0] !== 0x30 && b[0] !== 0x32)) return false;
  const sum = sha256d(b.subarray(0, 21));
  return sum[0] === b[21] && sum[1] === b[22] && sum[2] === b[23] && sum[3] === b[24];
}

const B32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';

const BECH32_GEN = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
/** Per ASCII code (lower case), its bech32 digit value, or -1. */
const B32_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < B32.length; i++) B32_VALUE[B32.charCodeAt(i)] = i;

/** One BIP-173 checksum step. */
function polymodStep(chk: number, v: number): number {
  const top = chk >>> 25;
  chk = ((chk & 0x1ffffff) << 5) ^ v;
  for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk ^= BECH32_GEN[i]!;
  return chk;
}

/** Bech32 (BIP-173, witness v0) or bech32m (BIP-350, v1+) segwit address with the bc/tb prefix. */
export function isBech32Address(s: string): boolean {
  const a = s.toLowerCase();
  if (s !== a && s !== s.toUpperCase()) return false;
  const pos = a.lastIndexOf('1');
  // The human-readable part is bc or tb (Bitcoin) or ltc (Litecoin), then the separator.
  if (!((pos === 2 && (a.startsWith('bc') || a.startsWith('tb'))) || (pos === 3 && a.startsWith('ltc'))) || a.length - pos - 1 < 7) return false;
  // The checksum runs over the expanded prefix (high bits, 0, low bits) and then the data.
  let chk = 1;
  for (let i = 0; i < pos; i++) chk = polymodStep(chk, a.charCodeAt(i) >> 5);
  chk = polymodStep(chk, 0);
  for (let i = 0; i < pos; i++) chk = polymodStep(chk, a.charCodeAt(i) & 31);
  let version = -1;
  for (let i = pos + 1; i < a.length; i++) {
    const c = a.charCodeAt(i);
    const v = c < 128 ? B32_VALUE[c]! : -1;
    if (v < 0) return false;
    if (version < 0) version = v;
    chk = polymodStep(chk, v);
  }
  const check = chk >>> 0;
  return version === 0 ? check === 1 : version <= 16 && check === 0x2bc830a3;
}

/** Ethereum address: mixed case must match EIP-55 (keccak-256 of the lowercase hex); single case has no checksum. */
export function isEthAddress(s: string): boolean {
  const hex = s.slice(2);
  if (!/^[0-9a-fA-F]{40}$/.test(hex)) return false;
  if (hex === hex.toLowerCase() || hex === hex.toUpperCase()) return true;
  const lower = hex.toLowerCase();
  const h = keccak256(Buffer.from(lower, 'ascii'));
  for (let i = 0; i < 40; i++) {
    const c = hex.charCodeAt(i);
    if (c < 65) continue; // digit
    const nibble = (h[i >> 1]! >> (i % 2 === 0 ? 4 : 0)) & 0xf;
    const upper = c <= 90;
    if ((nibble >= 8) !== upper) return false;
  }
  return true;
}
