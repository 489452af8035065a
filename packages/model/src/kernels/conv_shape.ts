/** Shared shape handling for the convolution-gradient kernels. */
import { backend_util } from '@tensorflow/tfjs-core';
import { MODEL_ERROR_CODES, ModelError } from '../errors.js';

/** Conv geometry as the wasm kernels take it (NHWC, dilation 1). */
export type ConvGeometry = [
  batch: number,
  inH: number,
  inW: number,
  cin: number,
  outH: number,
  outW: number,
  cout: number,
  fH: number,
  fW: number,
  sH: number,
  sW: number,
  padTop: number,
  padLeft: number,
];

/** Flattens a tfjs conv info into the argument order of the wasm kernels, rejecting what they do not do. */
export function convGeometry(info: backend_util.Conv2DInfo): ConvGeometry {
  if (info.dataFormat !== 'channelsLast') {
    throw new ModelError(MODEL_ERROR_CODES.unsupported, 'conv gradient kernels support NHWC (channelsLast) only');
  }
  if (info.dilationHeight !== 1 || info.dilationWidth !== 1) {
    throw new ModelError(MODEL_ERROR_CODES.unsupported, 'conv gradient kernels support dilation 1 only');
  }
  return [
    info.batchSize,
    info.inHeight,
    info.inWidth,
    info.inChannels,
    info.outHeight,
    info.outWidth,
    info.outChannels,
    info.filterHeight,
    info.filterWidth,
    info.strideHeight,
    info.strideWidth,
    info.padInfo.top,
    info.padInfo.left,
  ];
}
