// Reads and writes IDX files (the MNIST distribution format): a big-endian header — two zero
// bytes, a type byte (0x08 = unsigned byte), the number of dimensions — then one 32-bit size per
// dimension, then the data. Reads only the first `limit` items of the first dimension.

import { closeSync, openSync, readSync } from 'node:fs';

export interface IdxArray {
  /** Sizes of all dimensions; the first is the number of items read. */
  dims: number[];
  data: Uint8Array;
}

const UNSIGNED_BYTE = 0x08;

/** Reads `length` bytes at `position`, from a file or from memory. */
type HeaderBytes = (length: number, position: number) => Buffer;

/** The sizes of all dimensions and where the data starts. */
function readHeader(bytes: HeaderBytes, file: string): { dims: number[]; dataOffset: number } {
  const magic = bytes(4, 0);
  if (magic[0] !== 0 || magic[1] !== 0 || magic[2] !== UNSIGNED_BYTE || magic[3] < 1) {
    throw new Error(`${file}: not an unsigned-byte IDX file`);
  }
  const rank = magic[3];
  const header = bytes(4 * rank, 4);
  return { dims: Array.from({ length: rank }, (_, i) => header.readUInt32BE(4 * i)), dataOffset: 4 + 4 * rank };
}

/** The dims of the first `limit` items and their byte length. */
function itemsToRead(dims: number[], limit: number | undefined): { dims: number[]; length: number } {
  const items = limit === undefined ? dims[0] : Math.min(dims[0], limit);
  const itemSize = dims.slice(1).reduce((a, b) => a * b, 1);
  return { dims: [items, ...dims.slice(1)], length: items * itemSize };
}

const truncated = (file: string, length: number, position: number): Error => new Error(`${file}: truncated IDX file (wanted ${length} bytes at ${position})`);

function readExactly(fd: number, length: number, position: number, file: string): Buffer {
  const buffer = Buffer.alloc(length);
  let read = 0;
  while (read < length) {
    const n = readSync(fd, buffer, read, length - read, position + read);
    if (n === 0) throw truncated(file, length, position);
    read += n;
  }
  return buffer;
}

/** Reads an IDX file from disk, only as far as the first `limit` items. */
export function readIdx(file: string, limit?: number): IdxArray {
  const fd = openSync(file, 'r');
  try {
    const { dims, dataOffset } = readHeader((length, position) => readExactly(fd, length, position, file), file);
    const wanted = itemsToRead(dims, limit);
    const body = readExactly(fd, wanted.length, dataOffset, file);
    return { dims: wanted.dims, data: new Uint8Array(body.buffer, body.byteOffset, body.length) };
  } finally {
    closeSync(fd);
  }
}

/** Parses IDX bytes already in memory (`name` says where they came from, in errors). */
export function parseIdx(bytes: Buffer, name: string, limit?: number): IdxArray {
  const slice = (length: number, position: number): Buffer => {
    if (position + length > bytes.length) throw truncated(name, length, position);
    return bytes.subarray(position, position + length);
  };
  const { dims, dataOffset } = readHeader(slice, name);
  const wanted = itemsToRead(dims, limit);
  const body = slice(wanted.length, dataOffset);
  return { dims: wanted.dims, data: new Uint8Array(body.buffer, body.byteOffset, body.length) };
}

/** An unsigned-byte IDX file of `data` with these dimensions. */
export function encodeIdx(dims: number[], data: Uint8Array): Buffer {
  const size = dims.reduce((a, b) => a * b, 1);
  if (size !== data.length) throw new Error(`IDX dims ${dims.join('×')} hold ${size} bytes, got ${data.length}`);
  const header = Buffer.alloc(4 + 4 * dims.length);
  header[2] = UNSIGNED_BYTE;
  header[3] = dims.length;
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, data]);
}
