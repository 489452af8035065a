/** Network coincidence trigger: an event is declared when ≥ k distinct stations trigger within a
 *  time window (the STA/LTA network association of e.g. ObsPy's `coincidence_trigger`). */
import { SEISMIC_ERROR_CODES, SeismicError } from '../errors.js';

/** One station trigger. */
export interface StationTrigger {
  stationId: string;
  /** Epoch ms of the trigger onset. */
  time: number;
}

/** A network detection: the first onset and the stations that joined within the window. */
export interface NetworkTrigger {
  time: number;
  stations: string[];
}

/**
 * Sweeps the onsets in time order; from each unclaimed onset t, the distinct stations with an onset
 * in [t, t + windowSeconds] form a candidate; with ≥ `minStations` of them a network trigger is emitted at
 * t and those onsets are claimed.
 */
export function coincidenceTrigger(
  triggers: readonly StationTrigger[],
  minStations: number,
  windowSeconds: number,
): NetworkTrigger[] {
  if (!(Number.isInteger(minStations) && minStations >= 1))
    throw new SeismicError(SEISMIC_ERROR_CODES.badOptions, `minStations must be a positive integer`);
  const sorted = [...triggers].sort((a, b) => a.time - b.time);
  const out: NetworkTrigger[] = [];
  const win = windowSeconds * 1000;
  let i = 0;
  while (i < sorted.length) {
    const t0 = sorted[i]!.time;
    const stations = new Set<string>();
    let j = i;
    while (j < sorted.length && sorted[j]!.time <= t0 + win) stations.add(sorted[j++]!.stationId);
    if (stations.size >= minStations) {
      out.push({ time: t0, stations: [...stations].sort() });
      i = j;
    } else i++;
  }
  return out;
}
