// numpy's .npz (a zip of .npy files) and .npy formats, as Keras's dataset files use them:
// numeric arrays in C order, and object arrays (ragged lists) stored as a pickle.

import { inflateRawSync } from 'node:zlib';
import { unpickle, type PickledArray, type PyValue } from './pickle';

export class NpyError extends Error {}

/** The members of a zip archive by name (stored or deflated; no zip64, as numpy writes these files). */
export function readZip(data: Buffer): Map<string, Buffer> {
  const EOCD = 0x06054b50;
  let end = -1;
  for (let i = data.length - 22; i >= Math.max(0, data.length - 22 - 65535); i--) {
    if (data.readUInt32LE(i) === EOCD) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new NpyError('not a zip archive (no end of central directory)');
  const count = data.readUInt16LE(end + 10);
  let at = data.readUInt32LE(end + 16);
  const members = new Map<string, Buffer>();
  for (let n = 0; n < count; n++) {
    if (data.readUInt32LE(at) !== 0x02014b50) throw new NpyError('a damaged zip central directory');
    const method = data.readUInt16LE(at + 10);
    const compressed = data.readUInt32LE(at + 20);
    const nameLength = data.readUInt16LE(at + 28);
    const extraLength = data.readUInt16LE(at + 30);
    const commentLength = data.readUInt16LE(at + 32);
    const local = data.readUInt32LE(at + 42);
    const name = data.toString('utf8', at + 46, at + 46 + nameLength);
    if (compressed === 0xffffffff || local === 0xffffffff) throw new NpyError(`${name}: zip64 members are not read`);
    at += 46 + nameLength + extraLength + commentLength;
    if (data.readUInt32LE(local) !== 0x04034b50) throw new NpyError(`${name}: a damaged zip member`);
    const start = local + 30 + data.readUInt16LE(local + 26) + data.readUInt16LE(local + 28);
    const raw = data.subarray(start, start + compressed);
    if (method === 0) members.set(name, raw);
    else if (method === 8) members.set(name, inflateRawSync(raw));
    else throw new NpyError(`${name}: zip compression method ${method} is not read`);
  }
  return members;
}

/** A .npy file's array: numeric arrays keep their bytes, object arrays their unpickled items. */
export function readNpy(data: Buffer, name: string): PickledArray {
  if (data.toString('latin1', 0, 6) !== '\x93NUMPY') throw new NpyError(`${name}: not a .npy file`);
  const major = data[6];
  const headerLength = major === 1 ? data.readUInt16LE(8) : data.readUInt32LE(8);
  const headerStart = major === 1 ? 10 : 12;
  const header = data.toString(major === 3 ? 'utf8' : 'latin1', headerStart, headerStart + headerLength);
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (!descr || !fortran || shapeText === undefined) throw new NpyError(`${name}: a .npy header numpy would not write: ${header.trim()}`);
  if (fortran === 'True') throw new NpyError(`${name}: Fortran-ordered arrays are not read`);
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map(Number);
  const body = data.subarray(headerStart + headerLength);
  if (descr === '|O') {
    const array = unpickle(body);
    if (typeof array !== 'object' || array === null || Array.isArray(array) || array instanceof Uint8Array || array.kind !== 'ndarray') {
      throw new NpyError(`${name}: the pickle does not hold a numpy array`);
    }
    return array;
  }
  return { kind: 'ndarray', shape, dtype: descr, items: null, bytes: body };
}

/** `np.load(path)` of a .npz: its arrays by name (without .npy). */
export function readNpz(data: Buffer): Map<string, PickledArray> {
  const arrays = new Map<string, PickledArray>();
  for (const [member, bytes] of readZip(data)) {
    if (member.endsWith('.npy')) arrays.set(member.slice(0, -4), readNpy(bytes, member));
  }
  return arrays;
}

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

/** A numeric array's values as float64 (ints of up to 2**53 exactly). */
export function numericArray(array: PickledArray, name: string): Float64Array {
  if (!array.bytes) throw new NpyError(`${name}: expected numbers, found an object array`);
  const n = size(array.shape);
  const little = !array.dtype.startsWith('>');
  const kind = array.dtype.replace(/^[<>|=]/, '');
  const widths: Record<string, number> = { u1: 1, i1: 1, b1: 1, u2: 2, i2: 2, u4: 4, i4: 4, u8: 8, i8: 8, f4: 4, f8: 8 };
  const width = widths[kind];
  if (!width) throw new NpyError(`${name}: the dtype ${array.dtype} is not read`);
  if (array.bytes.length < n * width) throw new NpyError(`${name}: ${array.bytes.length} bytes for ${n} values of ${array.dtype}`);
  const view = new DataView(array.bytes.buffer, array.bytes.byteOffset, n * width);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const o = i * width;
    switch (kind) {
      case 'u1':
      case 'b1':
        out[i] = view.getUint8(o);
        break;
      case 'i1':
        out[i] = view.getInt8(o);
        break;
      case 'u2':
        out[i] = view.getUint16(o, little);
        break;
      case 'i2':
        out[i] = view.getInt16(o, little);
        break;
      case 'u4':
        out[i] = view.getUint32(o, little);
        break;
      case 'i4':
        out[i] = view.getInt32(o, little);
        break;
      case 'u8':
        out[i] = Number(view.getBigUint64(o, little));
        break;
      case 'i8':
        out[i] = Number(view.getBigInt64(o, little));
        break;
      case 'f4':
        out[i] = view.getFloat32(o, little);
        break;
      default:
        out[i] = view.getFloat64(o, little);
    }
  }
  return out;
}

/** An object array of integer lists (imdb's and reuters' sequences). */
export function sequenceArray(array: PickledArray, name: string): number[][] {
  if (!array.items) throw new NpyError(`${name}: expected an object array of lists`);
  return array.items.map((item: PyValue, i) => {
    if (!Array.isArray(item) || !item.every((w) => typeof w === 'number' && Number.isInteger(w))) {
      throw new NpyError(`${name}[${i}]: expected a list of integers`);
    }
    return item as number[];
  });
}
