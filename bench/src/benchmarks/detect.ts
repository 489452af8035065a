/**
 * Detection throughput and client footprint.
 *
 * - Real-time factor of `detectTraces` (windowing + the shared preprocessing + batched inference of the
 *   reference model + merging) on one synthetic 3-component 100 Hz station-day, on one core, at the
 *   documented default hop; also at other hops (args `--hops 1,2,5`). Target ≥ 50,000×. Reported from
 *   wall-clock time and from the process's CPU time (the pipeline is single-threaded: on a shared
 *   machine the CPU-time figure is what one dedicated core would achieve), with inference and
 *   windowing + preprocessing apart.
 * - In the same run, the first hop again with the per-window preprocessing (`perWindowPreprocessing`,
 *   the training path) instead of the stream form (`seismicPreprocessing`): the preprocessing speed-up.
 * - Peak RSS of a gateway training round (reference model, default data budget), measured in a fresh
 *   child process so nothing of this process counts. Target < 300 MB.
 * - Peak RSS of `quakefed detect` (runDetect, shipped model) over 36 station-hours of miniSEED files
 *   (`--file-hours` hours each, default 3), also in a fresh child process (detect-footprint.ts). Target < 300 MB.
 * Each hop's figures are those of the fastest of `--repeats` passes (default 3; every pass's seconds are
 * printed too), as `train` takes the best of its repeats: a 2 s pass on a shared machine is easily
 * slowed by a burst of someone else's load, never sped up.
 * Usage: npm run bench -- detect [--hours 24] [--hops 2,5] [--file-hours 3] [--repeats 3]
 */
import { spawnSync } from 'node:child_process';
import { initBackend, buildModel } from '@quakefed/model';
import { makeStationProfile, synthesizeStream } from '@quakefed/seismic';
import {
  DETECTION_DEFAULTS,
  detectTraces,
  modelScorer,
  perWindowPreprocessing,
  seismicPreprocessing,
  type TrainingFootprint,
  type WindowPreprocessing,
  type WindowScorer,
} from '@quakefed/client';
import { flagValue, numberFlag } from '../args.js';
import { measureDetectFiles } from '../detect-footprint.js';

const TARGET_RTF = 50_000;
const RSS_LIMIT_MB = 300;
/** Station-hours of miniSEED the detect footprint is measured over (issue #13's figure). */
const DETECT_STATION_HOURS = 36;

/** CPU seconds this process has used since `since` (all threads: the pipeline runs on one). */
function cpuSince(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
}

/** Wraps a scorer to time inference (wall and CPU) separately from windowing + preprocessing. */
function timed(scorer: WindowScorer): { scorer: WindowScorer; seconds: () => number; cpuSeconds: () => number } {
  let ms = 0;
  let cpu = 0;
  return {
    scorer: {
      ...scorer,
      score: async (x, count) => {
        const t = performance.now();
        const c = process.cpuUsage();
        const out = await scorer.score(x, count);
        ms += performance.now() - t;
        cpu += cpuSince(c);
        return out;
      },
    },
    seconds: () => ms / 1000,
    cpuSeconds: () => cpu,
  };
}

function trainingFootprint(): TrainingFootprint {
  const child = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      "const { measureTrainingRound } = await import('@quakefed/client'); process.stdout.write(JSON.stringify(await measureTrainingRound()) + '\\n');",
    ],
    { encoding: 'utf8', env: { ...process.env } },
  );
  if (child.status !== 0) throw new Error(`footprint child failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').pop()!) as TrainingFootprint;
}

export async function run(args: string[]): Promise<Record<string, unknown>> {
  const hours = numberFlag(args, '--hours', 24);
  const hops = (flagValue(args, '--hops') ?? String(DETECTION_DEFAULTS.hopSeconds)).split(',').map(Number);
  const repeats = numberFlag(args, '--repeats', 3);
  const backend = await initBackend('auto');
  process.stderr.write(`synthesizing ${hours} h of 3-component 100 Hz data…\n`);
  const stream = synthesizeStream(makeStationProfile({}), {
    startTime: Date.UTC(2024, 0, 1),
    durationSeconds: hours * 3600,
    seed: 7,
  });
  const model = buildModel();
  // Warm-up: kernels compiled, buffers allocated.
  await detectTraces(
    [{ ...stream.trace, data: stream.trace.data.map((d) => d.subarray(0, 60_000)) }],
    modelScorer(model, DETECTION_DEFAULTS.batchSize),
  );

  /** One timed detection pass over the station-day. */
  const pass = async (hop: number, preprocessing: WindowPreprocessing) => {
    const t = timed(modelScorer(model, DETECTION_DEFAULTS.batchSize));
    const started = performance.now();
    const cpu = process.cpuUsage();
    const result = await detectTraces([stream.trace], t.scorer, { hopSeconds: hop }, preprocessing);
    const seconds = (performance.now() - started) / 1000;
    // CPU time of this (single-threaded) pipeline: what one dedicated core needs, whatever else runs.
    const cpuSeconds = cpuSince(cpu);
    return {
      windows: result.traces[0]!.scores.length,
      seconds,
      cpuSeconds,
      inference: t.seconds(),
      preprocessing: seconds - t.seconds(),
      inferenceCpu: t.cpuSeconds(),
      preprocessingCpu: cpuSeconds - t.cpuSeconds(),
    };
  };

  /** The fastest of `repeats` passes, and every pass's seconds. */
  const fastest = async (hop: number, preprocessing: WindowPreprocessing) => {
    const passes = [];
    for (let k = 0; k < repeats; k++) passes.push(await pass(hop, preprocessing));
    const best = passes.reduce((a, b) => (b.seconds < a.seconds ? b : a));
    return { ...best, all: passes.map((p) => Number(p.seconds.toFixed(3))) };
  };

  const byHop: Record<string, number> = {};
  let main: Record<string, unknown> = {};
  for (const hop of hops) {
    const r = await fastest(hop, seismicPreprocessing());
    const rtf = (hours * 3600) / r.seconds;
    byHop[`rtf_hop_${hop}s`] = Math.round(rtf);
    process.stderr.write(
      `hop ${hop} s: ${r.windows} windows in ${r.seconds.toFixed(2)} s (passes: ${r.all.join(', ')} s) → ${Math.round(rtf)}× real time\n`,
    );
    if (hop !== hops[0]) continue;
    const old = await fastest(hop, perWindowPreprocessing());
    process.stderr.write(
      `hop ${hop} s, per-window preprocessing: ${old.seconds.toFixed(2)} s (preprocessing ${old.preprocessing.toFixed(2)} s)\n`,
    );
    main = {
      hop_s: hop,
      windows: r.windows,
      detect_seconds: Number(r.seconds.toFixed(3)),
      detect_seconds_all_passes: r.all,
      inference_seconds: Number(r.inference.toFixed(3)),
      windowing_preprocessing_seconds: Number(r.preprocessing.toFixed(3)),
      real_time_factor: Math.round(rtf),
      cpu_seconds: Number(r.cpuSeconds.toFixed(3)),
      real_time_factor_cpu: Math.round((hours * 3600) / r.cpuSeconds),
      target_real_time_factor: TARGET_RTF,
      rtf_over_target: Number((rtf / TARGET_RTF).toFixed(3)),
      us_per_window: Number(((r.seconds * 1e6) / r.windows).toFixed(1)),
      per_window_preprocessing_seconds: Number(old.preprocessing.toFixed(3)),
      per_window_real_time_factor: Math.round((hours * 3600) / old.seconds),
      preprocessing_speedup: Number((old.preprocessing / r.preprocessing).toFixed(2)),
      real_time_factor_without_inference: Math.round((hours * 3600) / r.preprocessing),
      // The same split in CPU time, which a loaded machine does not inflate.
      inference_cpu_seconds: Number(r.inferenceCpu.toFixed(3)),
      preprocessing_cpu_seconds: Number(r.preprocessingCpu.toFixed(3)),
      real_time_factor_without_inference_cpu: Math.round((hours * 3600) / r.preprocessingCpu),
      per_window_preprocessing_cpu_seconds: Number(old.preprocessingCpu.toFixed(3)),
      preprocessing_speedup_cpu: Number((old.preprocessingCpu / r.preprocessingCpu).toFixed(2)),
      per_window_real_time_factor_cpu: Math.round((hours * 3600) / old.cpuSeconds),
    };
  }
  model.dispose();
  process.stderr.write('measuring a training round in a child process…\n');
  const fp = trainingFootprint();
  const fileHours = numberFlag(args, '--file-hours', 3);
  process.stderr.write(
    `measuring detect over ${DETECT_STATION_HOURS} station-hours of ${fileHours} h miniSEED files in a child process…\n`,
  );
  const files = await measureDetectFiles(DETECT_STATION_HOURS, fileHours);
  return {
    backend,
    data_hours: hours,
    ...main,
    ...byHop,
    peak_rss_mb: Number(fp.peakRssMb.toFixed(1)),
    baseline_rss_mb: Number(fp.baselineRssMb.toFixed(1)),
    rss_limit_mb: RSS_LIMIT_MB,
    peak_rss_over_limit: Number((fp.peakRssMb / RSS_LIMIT_MB).toFixed(3)),
    train_windows: fp.windowsTrained,
    train_seconds: Number(fp.trainSeconds.toFixed(2)),
    detect_files: files.files,
    detect_files_station_hours: Number(files.stationHours.toFixed(2)),
    detect_files_peak_rss_mb: Number(files.peakRssMb.toFixed(1)),
    detect_files_peak_rss_over_limit: Number((files.peakRssMb / RSS_LIMIT_MB).toFixed(3)),
    detect_files_seconds: Number(files.seconds.toFixed(2)),
  };
}
