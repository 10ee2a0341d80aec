// The wasm backend has no UnsortedSegmentSum kernel, which Embedding's gradient (Gather's) needs,
// and the cpu backend's builds one mask per segment (10,000 for a 10,000-word vocabulary): an
// imdb model with an Embedding took minutes per batch. This registers it on wasm, summed in one
// pass over the rows: out[segmentIds[i], ...] += x[i, ...].

import type { Tf } from './tfjs';

type KernelFunc = import('@tensorflow/tfjs').KernelFunc;
type TensorInfo = import('@tensorflow/tfjs').TensorInfo;
type WasmBackend = {
  readSync(dataId: object): ArrayLike<number>;
  makeOutput(shape: number[], dtype: 'float32' | 'int32', memoryOffset?: number, values?: Float32Array | Int32Array): TensorInfo;
};

const KERNEL = 'UnsortedSegmentSum';

/** Registers the kernel on `tf`'s wasm backend unless it already has one. */
export function registerWasmSegmentSum(tf: Tf): void {
  if (tf.getKernel(KERNEL, 'wasm')) return;
  const kernelFunc: KernelFunc = ({ inputs, backend, attrs }) => {
    const { x, segmentIds } = inputs as { x: TensorInfo; segmentIds: TensorInfo };
    const numSegments = (attrs as { numSegments: number }).numSegments;
    const wasm = backend as unknown as WasmBackend;
    const values = wasm.readSync(x.dataId);
    const ids = wasm.readSync(segmentIds.dataId);
    const rows = ids.length;
    const width = rows === 0 ? 0 : values.length / rows;
    const out = x.dtype === 'int32' ? new Int32Array(numSegments * width) : new Float32Array(numSegments * width);
    for (let i = 0; i < rows; i++) {
      const segment = ids[i];
      // Like TensorFlow, ids outside [0, numSegments) are dropped.
      if (segment < 0 || segment >= numSegments) continue;
      const from = i * width;
      const to = segment * width;
      for (let j = 0; j < width; j++) out[to + j] += values[from + j];
    }
    return wasm.makeOutput([numSegments, ...x.shape.slice(segmentIds.shape.length)], x.dtype === 'int32' ? 'int32' : 'float32', undefined, out);
  };
  tf.registerKernel({ kernelName: KERNEL, backendName: 'wasm', kernelFunc });
}
