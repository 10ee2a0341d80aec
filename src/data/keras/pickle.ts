// A strict reader for the pickles inside Keras's dataset files: numpy object arrays of lists
// (imdb.npz, reuters.npz) and CIFAR's batches (a dict holding a uint8 array). It runs the
// pickle machine for the opcodes these use and builds arrays through the three globals Keras's
// own RestrictedUnpickler allows (numpy.ndarray, numpy.dtype, multiarray._reconstruct);
// any other opcode or global is refused by name.

/** A numpy array as the pickle rebuilds it: numeric data stays raw bytes until `numericArray`. */
export interface PickledArray {
  kind: 'ndarray';
  shape: number[];
  dtype: string;
  /** Object arrays: the items; numeric arrays: the raw bytes in C order. */
  items: PyValue[] | null;
  bytes: Uint8Array | null;
}

interface PickledDtype {
  kind: 'dtype';
  name: string;
  byteorder: string;
}

interface PickledGlobal {
  kind: 'global';
  name: 'ndarray' | 'dtype' | '_reconstruct';
}

export type PyValue =
  | number
  | string
  | boolean
  | null
  | Uint8Array
  | PyValue[]
  | { kind: 'tuple'; items: PyValue[] }
  | { kind: 'dict'; entries: Map<string, PyValue> }
  | PickledArray
  | PickledDtype
  | PickledGlobal;

const ALLOWED_GLOBALS: Record<string, PickledGlobal['name']> = {
  'numpy ndarray': 'ndarray',
  'numpy dtype': 'dtype',
  'numpy.core.multiarray _reconstruct': '_reconstruct',
  'numpy._core.multiarray _reconstruct': '_reconstruct',
};

const MARK = Symbol('mark');
type Slot = PyValue | typeof MARK;

export class PickleError extends Error {}

const isObject = (v: PyValue, kind: string): boolean =>
  typeof v === 'object' && v !== null && !(v instanceof Uint8Array) && !Array.isArray(v) && v.kind === kind;

function tupleItems(v: PyValue, what: string): PyValue[] {
  if (typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array) && v.kind === 'tuple') return v.items;
  throw new PickleError(`${what}: expected a tuple`);
}

/** Bytes keys (CIFAR's Python 2 pickles read with encoding="bytes") are looked up as latin-1 text. */
function keyOf(v: PyValue): string {
  if (typeof v === 'string') return v;
  if (v instanceof Uint8Array) return Buffer.from(v).toString('latin1');
  if (typeof v === 'number') return String(v);
  throw new PickleError('a dict key that is not a string, bytes or number');
}

const OPCODE_NAMES: Record<number, string> = { 0x63: 'GLOBAL', 0x80: 'PROTO' };

/** Unpickles `data` (one pickle, up to STOP). */
export function unpickle(data: Uint8Array): PyValue {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const stack: Slot[] = [];
  const memo = new Map<number, PyValue>();
  let at = 0;
  const need = (n: number) => {
    if (at + n > data.length) throw new PickleError('the pickle ends early');
  };
  const u8 = () => (need(1), data[at++]);
  const u16 = () => (need(2), (at += 2), view.getUint16(at - 2, true));
  const u32 = () => (need(4), (at += 4), view.getUint32(at - 4, true));
  const i32 = () => (need(4), (at += 4), view.getInt32(at - 4, true));
  const bytes = (n: number) => (need(n), (at += n), data.subarray(at - n, at));
  const text = (n: number) => Buffer.from(bytes(n)).toString('utf8');
  const line = () => {
    const end = data.indexOf(0x0a, at);
    if (end < 0) throw new PickleError('the pickle ends early');
    const s = Buffer.from(data.subarray(at, end)).toString('latin1');
    at = end + 1;
    return s;
  };
  const pop = (): PyValue => {
    const v = stack.pop();
    if (v === undefined || v === MARK) throw new PickleError('the pickle pops past a mark');
    return v;
  };
  const top = (): PyValue => {
    const v = stack[stack.length - 1];
    if (v === undefined || v === MARK) throw new PickleError('the pickle reads past a mark');
    return v;
  };
  const popMark = (): PyValue[] => {
    const m = stack.lastIndexOf(MARK);
    if (m < 0) throw new PickleError('the pickle has no mark');
    const items = stack.splice(m) as PyValue[];
    return items.slice(1);
  };
  const global = (module: string, name: string): PickledGlobal => {
    const allowed = ALLOWED_GLOBALS[`${module} ${name}`];
    if (!allowed) throw new PickleError(`refusing the global ${module}.${name} (only numpy arrays are read from Keras's dataset files)`);
    return { kind: 'global', name: allowed };
  };
  const list = (target: PyValue, items: PyValue[]) => {
    if (!Array.isArray(target)) throw new PickleError('APPEND to something that is not a list');
    for (const item of items) target.push(item);
  };
  const setItems = (target: PyValue, items: PyValue[]) => {
    if (!isObject(target, 'dict')) throw new PickleError('SETITEM on something that is not a dict');
    const entries = (target as { entries: Map<string, PyValue> }).entries;
    for (let i = 0; i + 1 < items.length; i += 2) entries.set(keyOf(items[i]), items[i + 1]);
  };
  const tuple = (items: PyValue[]): PyValue => ({ kind: 'tuple', items });

  for (;;) {
    const op = u8();
    switch (op) {
      case 0x80: // PROTO
        if (u8() > 5) throw new PickleError('pickle protocol above 5');
        break;
      case 0x95: // FRAME
        need(8);
        at += 8;
        break;
      case 0x2e: // STOP
        return pop();
      case 0x28: // MARK
        stack.push(MARK);
        break;
      case 0x4e: // NONE
        stack.push(null);
        break;
      case 0x88: // NEWTRUE
      case 0x89: // NEWFALSE
        stack.push(op === 0x88);
        break;
      case 0x4b: // BININT1
        stack.push(u8());
        break;
      case 0x4d: // BININT2
        stack.push(u16());
        break;
      case 0x4a: // BININT
        stack.push(i32());
        break;
      case 0x8a: {
        // LONG1: a little-endian two's-complement integer of n bytes
        const n = u8();
        const b = bytes(n);
        let v = 0n;
        for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]);
        if (n > 0 && b[n - 1] & 0x80) v -= 1n << BigInt(8 * n);
        if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) throw new PickleError('an integer beyond 2**53');
        stack.push(Number(v));
        break;
      }
      case 0x47: // BINFLOAT (big-endian)
        need(8);
        stack.push(view.getFloat64(at, false));
        at += 8;
        break;
      case 0x43: // SHORT_BINBYTES
        stack.push(bytes(u8()));
        break;
      case 0x42: // BINBYTES
        stack.push(bytes(u32()));
        break;
      case 0x55: // SHORT_BINSTRING (Python 2 str: bytes, as encoding="bytes"/"latin1" read it)
        stack.push(bytes(u8()));
        break;
      case 0x54: // BINSTRING
        stack.push(bytes(i32()));
        break;
      case 0x8c: // SHORT_BINUNICODE
        stack.push(text(u8()));
        break;
      case 0x58: // BINUNICODE
        stack.push(text(u32()));
        break;
      case 0x29: // EMPTY_TUPLE
        stack.push(tuple([]));
        break;
      case 0x85: // TUPLE1
      case 0x86: // TUPLE2
      case 0x87: {
        // TUPLE3
        const n = op - 0x84;
        const items: PyValue[] = [];
        for (let i = 0; i < n; i++) items.unshift(pop());
        stack.push(tuple(items));
        break;
      }
      case 0x74: // TUPLE
        stack.push(tuple(popMark()));
        break;
      case 0x5d: // EMPTY_LIST
        stack.push([]);
        break;
      case 0x6c: // LIST
        stack.push(popMark());
        break;
      case 0x61: {
        // APPEND
        const v = pop();
        list(top(), [v]);
        break;
      }
      case 0x65: {
        // APPENDS
        const items = popMark();
        list(top(), items);
        break;
      }
      case 0x7d: // EMPTY_DICT
        stack.push({ kind: 'dict', entries: new Map() });
        break;
      case 0x64: {
        // DICT
        const d: PyValue = { kind: 'dict', entries: new Map() };
        setItems(d, popMark());
        stack.push(d);
        break;
      }
      case 0x73: {
        // SETITEM
        const v = pop();
        const k = pop();
        setItems(top(), [k, v]);
        break;
      }
      case 0x75: {
        // SETITEMS
        const items = popMark();
        setItems(top(), items);
        break;
      }
      case 0x71: // BINPUT
        memo.set(u8(), top());
        break;
      case 0x72: // LONG_BINPUT
        memo.set(u32(), top());
        break;
      case 0x94: // MEMOIZE
        memo.set(memo.size, top());
        break;
      case 0x68: // BINGET
      case 0x6a: {
        // LONG_BINGET
        const i = op === 0x68 ? u8() : u32();
        const v = memo.get(i);
        if (v === undefined) throw new PickleError(`the pickle reads memo ${i} before setting it`);
        stack.push(v);
        break;
      }
      case 0x63: {
        // GLOBAL
        const module = line();
        stack.push(global(module, line()));
        break;
      }
      case 0x93: {
        // STACK_GLOBAL
        const name = pop();
        const module = pop();
        if (typeof module !== 'string' || typeof name !== 'string') throw new PickleError('STACK_GLOBAL of something that is not a name');
        stack.push(global(module, name));
        break;
      }
      case 0x52: {
        // REDUCE
        const args = tupleItems(pop(), 'REDUCE');
        stack.push(reduce(pop(), args));
        break;
      }
      case 0x62: {
        // BUILD
        const state = pop();
        build(top(), state);
        break;
      }
      default:
        throw new PickleError(
          `unsupported pickle opcode ${OPCODE_NAMES[op] ?? `0x${op.toString(16).padStart(2, '0')}`} at byte ${at - 1} (Keras's dataset files need only numpy arrays, lists and dicts)`,
        );
    }
  }
}

function reduce(callable: PyValue, args: PyValue[]): PyValue {
  if (!isObject(callable, 'global')) throw new PickleError('REDUCE of something that is not an allowed global');
  const name = (callable as PickledGlobal).name;
  if (name === '_reconstruct') return { kind: 'ndarray', shape: [0], dtype: 'b', items: null, bytes: null };
  if (name === 'dtype') {
    const spec = args[0];
    const dtypeName = typeof spec === 'string' ? spec : spec instanceof Uint8Array ? Buffer.from(spec).toString('latin1') : null;
    if (dtypeName === null) throw new PickleError('numpy.dtype of something that is not a name');
    return { kind: 'dtype', name: dtypeName, byteorder: '=' };
  }
  throw new PickleError('numpy.ndarray called directly (only _reconstruct builds arrays)');
}

function build(target: PyValue, state: PyValue): void {
  if (isObject(target, 'dtype')) {
    const items = tupleItems(state, 'dtype state');
    const order = items[1];
    (target as PickledDtype).byteorder = typeof order === 'string' ? order : order instanceof Uint8Array ? Buffer.from(order).toString('latin1') : '=';
    return;
  }
  if (!isObject(target, 'ndarray')) throw new PickleError('BUILD of something that is not a numpy array or dtype');
  const array = target as PickledArray;
  let items = tupleItems(state, 'array state');
  if (items.length === 5) items = items.slice(1); // (version, shape, dtype, fortran, data)
  const [shape, dtype, fortran, payload] = items;
  if (fortran === true) throw new PickleError('Fortran-ordered arrays are not read');
  if (!isObject(dtype, 'dtype')) throw new PickleError('an array state without a dtype');
  array.shape = tupleItems(shape, 'array shape').map((d) => {
    if (typeof d !== 'number') throw new PickleError('an array shape that is not integers');
    return d;
  });
  const d = dtype as PickledDtype;
  array.dtype = `${d.byteorder === '>' ? '>' : '<'}${d.name}`;
  if (Array.isArray(payload)) array.items = payload;
  else if (payload instanceof Uint8Array) array.bytes = payload;
  else if (typeof payload === 'string') array.bytes = Buffer.from(payload, 'latin1');
  else throw new PickleError('an array state without data');
}
