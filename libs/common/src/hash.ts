import type { Key } from './key';

/**
 * Hashes as Java's hashCode does (so key-group assignment matches what a Flink user would compute),
 * then Flink's murmur3 finaliser spreads the bits before `mod maxParallelism`.
 */
export function hashKey(key: Key): number {
  switch (typeof key) {
    case 'string':
      return hashString(key);
    case 'number':
      return hashNumber(key);
    case 'boolean':
      return key ? 1231 : 1237;
    case 'bigint':
      return hashString(key.toString());
    default: {
      let h = 1;
      for (const k of key) h = (Math.imul(31, h) + hashKey(k)) | 0;
      return h;
    }
  }
}

export function hashString(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

const float64 = new Float64Array(1);
const float64Words = new Int32Array(float64.buffer);

export function hashNumber(n: number): number {
  if ((n | 0) === n) return n;
  float64[0] = n;
  return float64Words[0] ^ float64Words[1];
}

/** Flink's MathUtils.murmurHash: murmur3 on one 32-bit word, made non-negative. */
export function murmurHash(code: number): number {
  code = Math.imul(code, 0xcc9e2d51);
  code = (code << 15) | (code >>> 17);
  code = Math.imul(code, 0x1b873593);
  code = (code << 13) | (code >>> 19);
  code = (Math.imul(code, 5) + 0xe6546b64) | 0;
  code ^= 4;
  code ^= code >>> 16;
  code = Math.imul(code, 0x85ebca6b);
  code ^= code >>> 13;
  code = Math.imul(code, 0xc2b2ae35);
  code ^= code >>> 16;
  if (code >= 0) return code;
  return code !== -2147483648 ? -code : 0;
}
