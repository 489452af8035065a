/**
 * Conv2DBackpropFilter for the wasm backend, which has no such kernel (training any conv fails
 * there). The work runs in our SIMD wasm module (`wasm/conv_grads.c`): float32 partial sums of at
 * most 64 terms, accumulated in float64 across the batch × output-width sum.
 */
import { backend_util, Conv2DBackpropFilter } from '@tensorflow/tfjs-core';
import type { Conv2DBackpropFilterAttrs, KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { convGradModule, f32View, reserve } from './conv_grads_module.js';
import { convGeometry } from './conv_shape.js';

/**
 * Filter gradient on plain arrays: x is NHWC `info.inShape`, dy is NHWC `info.outShape`; returns
 * (or fills `out` with) the gradient in `info.filterShape` layout [fH, fW, cin, cout].
 */
export function conv2dBackpropFilterImpl(
  x: Float32Array,
  dy: Float32Array,
  info: backend_util.Conv2DInfo,
  out: Float32Array = new Float32Array(info.filterShape.reduce((a, b) => a * b, 1)),
): Float32Array {
  const geometry = convGeometry(info);
  const [xOff, dyOff, accOff, outOff] = reserve([x.length * 4, dy.length * 4, out.length * 8, out.length * 4]) as [
    number,
    number,
    number,
    number,
  ];
  f32View(xOff, x.length).set(x);
  f32View(dyOff, dy.length).set(dy);
  convGradModule().conv2d_backprop_filter(xOff, dyOff, accOff, outOff, ...geometry);
  out.set(f32View(outOff, out.length));
  return out;
}

const kernelFunc = ({ inputs, backend, attrs }: Parameters<KernelFunc>[0]): TensorInfo => {
  const wasm = backend as BackendWasm;
  const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as Conv2DBackpropFilterAttrs;
  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    backend_util.convertConv2DDataFormat(dataFormat),
  );
  const output = wasm.makeOutput(info.filterShape, 'float32');
  // Views are taken after makeOutput, which may grow (and so detach) the backend's heap.
  conv2dBackpropFilterImpl(
    wasm.typedArrayFromHeap(x) as Float32Array,
    wasm.typedArrayFromHeap(dy) as Float32Array,
    info,
    wasm.typedArrayFromHeap(output) as Float32Array,
  );
  return output;
};

/** Registration config for the `wasm` backend. */
export const conv2dBackpropFilterConfig: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: kernelFunc as KernelFunc,
};
