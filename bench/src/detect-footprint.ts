/**
 * Peak RSS of `runDetect` — what `quakefed detect` runs — over many miniSEED files: synthetic
 * 3-component 100 Hz stations, `hoursPerFile` hours a file, `stationHours` in all (36 by default), written
 * to a temporary directory and then scanned with the shipped model in a fresh child process, so that
 * nothing of this process (the synthesis) counts. Target < 300 MB: reading every input before scanning
 * took 818 MB for 36 station-hours.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeStationProfile, synthesizeStream, writeMiniSeedFile } from '@quakefed/seismic';

/** What one detection run over the files used. */
export interface DetectFilesFootprint {
  files: number;
  stationHours: number;
  peakRssMb: number;
  seconds: number;
}

/** The child: runDetect over the files in `QF_FILES`, then its own peak RSS (Linux reports maxRSS in KiB). */
const CHILD = `
const { runDetect } = await import('@quakefed/client');
const { SHIPPED_MODEL_DIR } = await import('@quakefed/model');
const started = performance.now();
const report = await runDetect({ model: SHIPPED_MODEL_DIR, inputs: JSON.parse(process.env.QF_FILES), outDir: process.env.QF_OUT });
const seconds = (performance.now() - started) / 1000;
process.stdout.write(JSON.stringify({ dataSeconds: report.summary.dataSeconds, seconds, peakRssMb: process.resourceUsage().maxRSS / 1024 }) + '\\n');
`;

/** Writes the files, runs detection over them in a child process and returns its footprint. */
export async function measureDetectFiles(stationHours = 36, hoursPerFile = 3): Promise<DetectFilesFootprint> {
  const dir = mkdtempSync(join(tmpdir(), 'qf-bench-detect-files-'));
  try {
    const files: string[] = [];
    for (let i = 0; i * hoursPerFile < stationHours; i++) {
      const profile = makeStationProfile({ network: 'XX', station: `S${String(i).padStart(3, '0')}`, location: '00' });
      const stream = synthesizeStream(profile, {
        startTime: Date.UTC(2024, 0, 1),
        durationSeconds: hoursPerFile * 3600,
        seed: 100 + i,
      });
      const path = join(dir, `XX.S${i}.mseed`);
      await writeMiniSeedFile(stream.trace, path);
      files.push(path);
    }
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', CHILD], {
      encoding: 'utf8',
      env: { ...process.env, QF_FILES: JSON.stringify(files), QF_OUT: join(dir, 'out') },
    });
    if (child.status !== 0) throw new Error(`detect child failed: ${child.stderr.slice(-2000)}`);
    const r = JSON.parse(child.stdout.trim().split('\n').pop()!) as {
      dataSeconds: number;
      seconds: number;
      peakRssMb: number;
    };
    return { files: files.length, stationHours: r.dataSeconds / 3600, peakRssMb: r.peakRssMb, seconds: r.seconds };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
