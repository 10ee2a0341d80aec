// Reads IDX files (the MNIST distribution format): a big-endian header — two zero bytes, a type
// byte (0x08 = unsigned byte), the number of dimensions — then one 32-bit size per dimension,
// then the data. Reads only the first `limit` items of the first dimension.

import { closeSync, openSync, readSync } from 'node:fs';

export interface IdxArray {
  /** Sizes of all dimensions; the first is the number of items read. */
  dims: number[];
  data: Uint8Array;
}

const UNSIGNED_BYTE = 0x08;

function readExactly(fd: number, length: number, position: number, file: string): Buffer {
  const buffer = Buffer.alloc(length);
  let read = 0;
  while (read < length) {
    const n = readSync(fd, buffer, read, length - read, position + read);
    if (n === 0) throw new Error(`${file}: truncated IDX file (wanted ${length} bytes at ${position})`);
    read += n;
  }
  return buffer;
}

export function readIdx(file: string, limit?: number): IdxArray {
  const fd = openSync(file, 'r');
  try {
    const magic = readExactly(fd, 4, 0, file);
    if (magic[0] !== 0 || magic[1] !== 0 || magic[2] !== UNSIGNED_BYTE || magic[3] < 1) {
      throw new Error(`${file}: not an unsigned-byte IDX file`);
    }
    const rank = magic[3];
    const header = readExactly(fd, 4 * rank, 4, file);
    const dims = Array.from({ length: rank }, (_, i) => header.readUInt32BE(4 * i));
    const items = limit === undefined ? dims[0] : Math.min(dims[0], limit);
    const itemSize = dims.slice(1).reduce((a, b) => a * b, 1);
    const body = readExactly(fd, items * itemSize, 4 + 4 * rank, file);
    return { dims: [items, ...dims.slice(1)], data: new Uint8Array(body.buffer, body.byteOffset, body.length) };
  } finally {
    closeSync(fd);
  }
}
