/**
 * A model on real earthquakes: the development set shipped in `data/real/phasenet-dev/` (74 events at
 * 51 stations of 7 networks, analyst P picks; never trained on, never used to fit a threshold).
 * Prints the share of events whose P is detected within −5 … +10 s at the model's operating threshold
 * (its `operating-points.json` default, or `--threshold`), false detections per hour of the pre-event
 * noise (network BG apart: The Geysers' small quakes), recall by instrument family, and STA/LTA's
 * figures on the same files in the same run. STA/LTA cannot trigger in its first LTA seconds, so the
 * model's false detections are also given over the span after that warm-up (`model_after_warmup_*`).
 * Usage: npm run bench -- real-events [MODEL_DIR] [--threshold 0.5] [--hop 2] [--dev-set DIR]
 */
import {
  getParameters,
  initBackend,
  loadModel,
  readOperatingPoints,
  SHIPPED_MODEL_DIR,
  weightsSha256,
} from '@quakefed/model';
import { chooseThreshold, DETECTION_DEFAULTS, modelScorer, MODEL_SAMPLE_RATE_HZ } from '@quakefed/client';
import { DEV_SET_DIR, evaluateOnRealEvents, loadRealEventSet, type RealEventScore } from '@quakefed/simulations';
import { flagValue } from '../args.js';

const CURVE = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95];

/** The figures of one detector, flat for the JSON line. */
function figures(prefix: string, s: RealEventScore): Record<string, unknown> {
  return {
    [`${prefix}_recall`]: s.all.recall,
    [`${prefix}_hits`]: s.all.hits,
    [`${prefix}_events`]: s.all.events,
    [`${prefix}_false_detections`]: s.noise.falseDetections,
    [`${prefix}_false_per_hour`]: s.noise.perHour,
    [`${prefix}_bg_false_detections`]: s.busyNetworkNoise.falseDetections,
    [`${prefix}_recall_by_type`]: Object.fromEntries(
      Object.entries(s.byChannelType).map(([k, v]) => [k, `${v!.hits}/${v!.events}`]),
    ),
    [`${prefix}_recall_vertical_only`]: `${s.verticalOnly.hits}/${s.verticalOnly.events}`,
  };
}

export async function run(args: string[]): Promise<Record<string, unknown>> {
  const modelDir = args[0] && !args[0].startsWith('--') ? args[0] : SHIPPED_MODEL_DIR;
  const devSet = flagValue(args, '--dev-set') ?? DEV_SET_DIR;
  // detect's default hop: the one the operating points are calibrated at.
  const hopSeconds = Number(flagValue(args, '--hop') ?? DETECTION_DEFAULTS.hopSeconds);
  const backend = await initBackend();
  const model = await loadModel(modelDir);
  const given = flagValue(args, '--threshold');
  // detect's choice: --threshold, else the operating point measured with these very weights, else 0.5.
  const { threshold, description: thresholdSource } = chooseThreshold(
    given !== undefined ? Number(given) : undefined,
    await readOperatingPoints(modelDir),
    weightsSha256(getParameters(model)),
    hopSeconds,
  );
  const set = await loadRealEventSet(devSet, MODEL_SAMPLE_RATE_HZ);
  const started = performance.now();
  const r = await evaluateOnRealEvents(set, modelScorer(model, 256), { threshold, hopSeconds, curveThresholds: CURVE });
  model.dispose();
  for (const p of r.curve)
    console.error(
      `threshold ${p.threshold}: ${p.hits}/${set.length} events, ${p.falseDetections} false (non-BG), ${p.busyNetworkFalseDetections} in BG noise`,
    );
  return {
    model: modelDir,
    backend,
    threshold,
    threshold_source: thresholdSource,
    hop_s: hopSeconds,
    noise_hours_non_bg: r.model.noise.noiseHours,
    noise_hours_bg: r.model.busyNetworkNoise.noiseHours,
    ...figures('model', r.model),
    stalta_blind_start_s: r.staltaBlindSeconds,
    model_after_warmup_false_detections: r.modelAfterWarmup.noise.falseDetections,
    model_after_warmup_false_per_hour: r.modelAfterWarmup.noise.perHour,
    ...figures('stalta', r.stalta),
    recall_ratio_vs_stalta: r.stalta.all.recall > 0 ? r.model.all.recall / r.stalta.all.recall : null,
    seconds: (performance.now() - started) / 1000,
  };
}
