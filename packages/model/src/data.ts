/** Checks that window data fits a model's input. */
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { MODEL_ERROR_CODES, ModelError } from './errors.js';
import type { WindowData } from './types.js';

/** The model's [windowLength, channels] input shape. */
export function inputShapeOf(model: LayersModel): [number, number] {
  const shape = model.inputs[0]!.shape;
  return [shape[1]!, shape[2]!];
}

/** Throws QF_ERR_BAD_DATA unless `x` holds `count` windows of the model's input shape. */
export function checkWindows(model: LayersModel, x: Float32Array, count: number): void {
  const [length, channels] = inputShapeOf(model);
  if (!Number.isInteger(count) || count < 0 || x.length !== count * length * channels) {
    throw new ModelError(
      MODEL_ERROR_CODES.badData,
      `expected ${count} windows of ${length}×${channels} (${count * length * channels} values), got ${x.length} values`,
    );
  }
}

/** Throws QF_ERR_BAD_DATA unless `data` is consistent and matches the model's input shape. */
export function checkWindowData(model: LayersModel, data: WindowData): void {
  const [length, channels] = inputShapeOf(model);
  if (data.length !== length || data.channels !== channels) {
    throw new ModelError(
      MODEL_ERROR_CODES.badData,
      `windows are ${data.length}×${data.channels}, model wants ${length}×${channels}`,
    );
  }
  if (data.labels.length !== data.count) {
    throw new ModelError(MODEL_ERROR_CODES.badData, `${data.labels.length} labels for ${data.count} windows`);
  }
  checkWindows(model, data.x, data.count);
}
