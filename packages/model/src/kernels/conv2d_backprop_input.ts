/**
 * Conv2DBackpropInput for the wasm backend, replacing the stock one (a scalar loop that took ~25% of
 * a training step). Runs in our SIMD wasm module (`wasm/conv_grads.c`); sums are short
 * (filterWidth × outChannels terms), so float32 accumulation is used.
 */
import { backend_util, Conv2DBackpropInput } from '@tensorflow/tfjs-core';
import type { Conv2DBackpropInputAttrs, KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { convGradModule, f32View, reserve } from './conv_grads_module.js';
import { convGeometry } from './conv_shape.js';

/**
 * Input gradient on plain arrays: dy is NHWC `info.outShape`, filter is [fH, fW, cin, cout]; returns
 * (or fills `out` with) the gradient in NHWC `info.inShape`.
 */
export function conv2dBackpropInputImpl(
  dy: Float32Array,
  filter: Float32Array,
  info: backend_util.Conv2DInfo,
  out: Float32Array = new Float32Array(info.inShape.reduce((a, b) => a * b, 1)),
): Float32Array {
  const geometry = convGeometry(info);
  const [dyOff, wOff, wtOff, outOff] = reserve([
    dy.length * 4,
    filter.length * 4,
    filter.length * 4,
    out.length * 4,
  ]) as [number, number, number, number];
  f32View(dyOff, dy.length).set(dy);
  f32View(wOff, filter.length).set(filter);
  convGradModule().conv2d_backprop_input(dyOff, wOff, wtOff, outOff, ...geometry);
  out.set(f32View(outOff, out.length));
  return out;
}

const kernelFunc = ({ inputs, backend, attrs }: Parameters<KernelFunc>[0]): TensorInfo => {
  const wasm = backend as BackendWasm;
  const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs as unknown as Conv2DBackpropInputAttrs;
  const info = backend_util.computeConv2DInfo(
    inputShape,
    filter.shape as [number, number, number, number],
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    backend_util.convertConv2DDataFormat(dataFormat),
  );
  const output = wasm.makeOutput(info.inShape, 'float32');
  // Views are taken after makeOutput, which may grow (and so detach) the backend's heap.
  conv2dBackpropInputImpl(
    wasm.typedArrayFromHeap(dy) as Float32Array,
    wasm.typedArrayFromHeap(filter) as Float32Array,
    info,
    wasm.typedArrayFromHeap(output) as Float32Array,
  );
  return output;
};

/** Registration config for the `wasm` backend (replaces the stock kernel). */
export const conv2dBackpropInputConfig: KernelConfig = {
  kernelName: Conv2DBackpropInput,
  backendName: 'wasm',
  kernelFunc: kernelFunc as KernelFunc,
};
