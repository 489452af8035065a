/**
 * The experiment's models on the real development events: each at its own operating threshold — the
 * score at which it gives 1 false alarm per station-day on the scenario's validation stations, as a
 * shipped model's is calibrated — never a threshold fitted on the real events. STA/LTA at its
 * documented defaults on the same files.
 */
import { DEFAULT_MODEL_CONFIG } from '@quakefed/model';
import type { Parameters } from '@quakefed/proto';
import { MODEL_SAMPLE_RATE_HZ, type WindowScorer } from '@quakefed/client';
import type { ArmId } from '../eval/evaluate-arm.js';
import { EVENT_OPERATING_POINTS } from '../defaults.js';
import type { TrainingPool } from '../pool/training-pool.js';
import { validationThresholds } from '../pretrain/calibrate.js';
import type { Scenario } from '../scenario.js';
import { SimulationError, SIM_ERROR_CODES } from '../errors.js';
import { loadRealEventSet } from './dev-set.js';
import { modelOnRealEvents, staLtaOnRealEvents } from './evaluate.js';
import type { RealEventScore } from './score.js';

/** One model's row: null figures when no threshold reaches the validation false-alarm target. */
export interface RealEventRow extends ArmId {
  threshold: number | null;
  score: RealEventScore | null;
}

/** The real-event table of an experiment. */
export interface RealEventTable {
  /** Events in the set, and the hop detection ran at (the validation streams'). */
  events: number;
  hopSeconds: number;
  /** False alarms per station-day on validation each model's threshold was set to. */
  falseAlarmsPerStationDay: number;
  rows: RealEventRow[];
  stalta: RealEventScore;
}

/** A scorer running `parameters` on the pool (the reference model's window shape). */
function poolScorer(pool: TrainingPool, parameters: Parameters): WindowScorer {
  return {
    windowSamples: DEFAULT_MODEL_CONFIG.windowLength,
    channels: DEFAULT_MODEL_CONFIG.channels,
    sampleRate: MODEL_SAMPLE_RATE_HZ,
    score: (x, count) => pool.predict(parameters, x, count),
  };
}

/** Scores `models` on the development set in `devSetDir`; STA/LTA once, beside them. */
export async function realEventTable(
  s: Scenario,
  pool: TrainingPool,
  models: readonly { arm: ArmId; parameters: Parameters }[],
  devSetDir: string,
): Promise<RealEventTable> {
  const set = await loadRealEventSet(devSetDir, MODEL_SAMPLE_RATE_HZ);
  const target = EVENT_OPERATING_POINTS.falseAlarmsPerStationDay;
  const hopSeconds = s.test.detectionHopSeconds;
  const rows: RealEventRow[] = [];
  for (const { arm, parameters } of models) {
    const threshold = await validationThresholds(s, pool, parameters, [target]).then(
      (v) => v.points[0]!.threshold,
      (err: unknown) => {
        // No threshold reaches the target: the model gets no figures. Any other failure is raised.
        if (err instanceof SimulationError && err.code === SIM_ERROR_CODES.pretrainInvalid) return null;
        throw err;
      },
    );
    const score =
      threshold === null
        ? null
        : (await modelOnRealEvents(set, poolScorer(pool, parameters), { threshold, hopSeconds }, 0)).model;
    rows.push({ ...arm, threshold, score });
  }
  return {
    events: set.length,
    hopSeconds,
    falseAlarmsPerStationDay: target,
    rows,
    stalta: staLtaOnRealEvents(set).stalta,
  };
}
