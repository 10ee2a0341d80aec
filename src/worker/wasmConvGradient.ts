// The wasm backend has no Conv2DBackpropFilter kernel, so it cannot train convolutions. This
// registers one built from wasm kernels it does have: the filter gradient is itself a
// convolution — of the input with the output gradient, batch as the reduced channel axis:
//   dW[kh, kw, ci, co] = Σ_b,i,j x[b, kh + s·i, kw + s·j, ci] · dy[b, i, j, co]
// i.e. Conv2D(transpose(x) [ci, H, W, b], filter transpose(dy) [oh, ow, b, co], dilation s).

import type { Tf } from './tfjs';

type KernelFunc = import('@tensorflow/tfjs').KernelFunc;
type TensorInfo = import('@tensorflow/tfjs').TensorInfo;
type NamedAttrMap = import('@tensorflow/tfjs').NamedAttrMap;

const KERNEL = 'Conv2DBackpropFilter';

/** Registers the kernel on `tf`'s wasm backend unless it already has one. */
export function registerWasmConvFilterGradient(tf: Tf): void {
  if (tf.getKernel(KERNEL, 'wasm')) return;
  const kernelFunc: KernelFunc = ({ inputs, backend, attrs }) => {
    const run = (name: string, kernelInputs: Record<string, TensorInfo>, kernelAttrs: NamedAttrMap): TensorInfo => {
      const kernel = tf.getKernel(name, 'wasm');
      if (!kernel) throw new Error(`wasm backend has no ${name} kernel`);
      return kernel.kernelFunc({ inputs: kernelInputs, backend, attrs: kernelAttrs }) as TensorInfo;
    };
    const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
    const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as {
      strides: [number, number] | number;
      pad: 'valid' | 'same' | number;
      dataFormat: string;
      dimRoundingMode?: 'floor' | 'round' | 'ceil';
      filterShape: [number, number, number, number];
    };
    if (dataFormat !== 'NHWC') throw new Error(`${KERNEL} on wasm supports NHWC only, not ${dataFormat}`);
    const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode);
    const [filterHeight, filterWidth, inChannels, outChannels] = filterShape;
    const { top, bottom, left, right } = info.padInfo;
    const temporaries: TensorInfo[] = [];
    const keep = (t: TensorInfo) => (temporaries.push(t), t);
    try {
      const xt = keep(run('Transpose', { x }, { perm: [3, 1, 2, 0] }));
      const dyt = keep(run('Transpose', { x: dy }, { perm: [1, 2, 0, 3] }));
      const full = keep(
        run(
          'Conv2D',
          { x: xt, filter: dyt },
          {
            strides: [1, 1],
            pad: [
              [0, 0],
              [top, bottom],
              [left, right],
              [0, 0],
            ],
            dilations: [info.strideHeight, info.strideWidth],
            dataFormat: 'NHWC',
          },
        ),
      );
      // The convolution may reach past the filter when the strides do not divide the input.
      const cropped = keep(run('Slice', { x: full }, { begin: [0, 0, 0, 0], size: [inChannels, filterHeight, filterWidth, outChannels] }));
      return run('Transpose', { x: cropped }, { perm: [1, 2, 0, 3] });
    } finally {
      const wasm = backend as { disposeData(dataId: object): void };
      temporaries.forEach((t) => wasm.disposeData(t.dataId));
    }
  };
  tf.registerKernel({ kernelName: KERNEL, backendName: 'wasm', kernelFunc });
}
