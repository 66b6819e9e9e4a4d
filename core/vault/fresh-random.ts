import { randomFillSync } from 'node:crypto';

/**
 * Random bytes for IVs and data keys, cut from a block the CSPRNG filled once. Each call to
 * `randomBytes` is a system call of ~5 µs; an import seals 200,000 values and claims 100,000 keys,
 * so one call per value cost more than the encryption. A block is never refilled: every slice
 * handed out stays its own bytes.
 */
const BLOCK_BYTES = 16 * 1024;
let block = Buffer.alloc(0);
let used = 0;

export const freshRandomBytes = (size: number): Buffer => {
  if (size > BLOCK_BYTES) return randomFillSync(Buffer.allocUnsafe(size));
  if (used + size > block.length) {
    block = randomFillSync(Buffer.allocUnsafe(BLOCK_BYTES));
    used = 0;
  }
  used += size;
  return block.subarray(used - size, used);
};
