/**
 * Synthetic-data throughput on one core: continuous 3-component 100 Hz streams with quakes and hard
 * negatives (station-days per second, samples per second), labelled-window generation (windows per
 * second, including their preprocessing), and the preprocessing alone. Wall-clock rates are reported,
 * plus the stream rate per CPU second of this process, since other work may share the machine
 * (`load_avg_1m` says how busy it was).
 * Args: [days=1] [windows=3000]
 */
import { loadavg } from 'node:os';
import { makeLabelledWindows, makeStationProfile, preprocessWindow, synthesizeStream } from '@quakefed/seismic';

function seconds(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e9;
}

/** CPU seconds this process used since `since` (robust to other processes sharing the machine). */
function cpuSeconds(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1e6;
}

export async function run(args: string[]): Promise<Record<string, unknown>> {
  const days = Number(args[0] ?? 1);
  const windowCount = Number(args[1] ?? 3000);
  const profile = makeStationProfile({ quakeRatePerDay: 20, hardNegativeRatePerHour: 2 });

  // Warm-up so the JIT has compiled the hot loops before timing.
  synthesizeStream(profile, { startTime: Date.UTC(2024, 0, 1), durationSeconds: 3600, seed: 0 });
  let t = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  let events = 0;
  let negatives = 0;
  for (let d = 0; d < days; d++) {
    const s = synthesizeStream(profile, { startTime: Date.UTC(2024, 0, 1 + d), durationSeconds: 86400, seed: d + 1 });
    events += s.events.length;
    negatives += s.hardNegatives.length;
  }
  const streamSeconds = seconds(t);
  const streamCpuSeconds = cpuSeconds(cpu);
  process.stderr.write(
    `stream: ${days} station-day(s) in ${streamSeconds.toFixed(2)} s, ${events} quakes, ${negatives} hard negatives\n`,
  );

  makeLabelledWindows(profile, { count: 200, imbalance: 100, seed: 0 });
  t = process.hrtime.bigint();
  const ws = makeLabelledWindows(profile, { count: windowCount, imbalance: 100, seed: 1 });
  const windowsSeconds = seconds(t);

  const raw = new Float32Array(ws.length * ws.channels);
  const reps = windowCount;
  t = process.hrtime.bigint();
  for (let i = 0; i < reps; i++) {
    raw.set(ws.x.subarray((i % ws.count) * raw.length, ((i % ws.count) + 1) * raw.length));
    preprocessWindow(raw, ws.length, ws.channels, profile.sampleRate);
  }
  const preSeconds = seconds(t);

  const samplesPerDay = 86400 * profile.sampleRate * 3;
  return {
    station_days_per_s: +(days / streamSeconds).toFixed(3),
    station_days_per_cpu_s: +(days / streamCpuSeconds).toFixed(3),
    samples_per_s: Math.round((days * samplesPerDay) / streamSeconds),
    quakes_per_day: +(events / days).toFixed(1),
    hard_negatives_per_day: +(negatives / days).toFixed(1),
    windows_per_s: Math.round(windowCount / windowsSeconds),
    window_samples_per_s: Math.round((windowCount * ws.length * ws.channels) / windowsSeconds),
    preprocess_windows_per_s: Math.round(reps / preSeconds),
    preprocess_samples_per_s: Math.round((reps * raw.length) / preSeconds),
    target_station_days_per_s: 0.5,
    load_avg_1m: +loadavg()[0]!.toFixed(2),
  };
}
