/**
 * Which score threshold detection uses, and why: one given by the user; else the default operating
 * point the model directory carries (measured with these very weights); else the plain fallback
 * `DETECTION_DEFAULTS.threshold`, which means little for a model whose scores were never calibrated.
 */
import { defaultOperatingPoint, type OperatingPoints } from '@quakefed/model';
import { DETECTION_DEFAULTS } from '../defaults.js';

/** Where a threshold came from. */
export type ThresholdOrigin = 'user' | 'model' | 'fallback';

/** The threshold detection runs at, with a one-line account of where it came from. */
export interface ThresholdChoice {
  threshold: number;
  origin: ThresholdOrigin;
  /** E.g. "model's 1 FA/station-day on validation". */
  description: string;
}

const DATA_NAMES: Record<OperatingPoints['measurement']['data'], string> = {
  validation: 'validation',
  'site-noise': 'site noise',
};

/**
 * Chooses the threshold.
 * @param given the user's threshold, if any
 * @param points the model's operating points (null: it has none)
 * @param weightsSha256 sha256 of the loaded weights: points measured with other weights are not used
 * @param hopSeconds the hop detection runs at: a point measured at another hop is still used, but its
 *   description says so (more windows per hour give more chances to cross the threshold)
 */
export function chooseThreshold(
  given: number | undefined,
  points: OperatingPoints | null,
  weightsSha256: string,
  hopSeconds: number,
): ThresholdChoice {
  if (given !== undefined) return { threshold: given, origin: 'user', description: 'user-given (--threshold)' };
  const fallback = (why: string): ThresholdChoice => ({
    threshold: DETECTION_DEFAULTS.threshold,
    origin: 'fallback',
    description: `fallback ${DETECTION_DEFAULTS.threshold}: ${why}`,
  });
  if (!points) return fallback('the model has no operating points');
  if (points.weightsSha256 !== weightsSha256)
    return fallback("the model's operating points were measured with other weights");
  const point = defaultOperatingPoint(points);
  const measuredHop = points.measurement.hopSeconds;
  const hopNote =
    measuredHop === hopSeconds
      ? ''
      : `; measured at a ${measuredHop} s hop, running at ${hopSeconds} s: the false-alarm rate will differ`;
  return {
    threshold: point.threshold,
    origin: 'model',
    description: `model's ${point.falseAlarmsPerStationDay} FA/station-day on ${DATA_NAMES[points.measurement.data]}${hopNote}`,
  };
}
