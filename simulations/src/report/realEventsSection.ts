/** The report section of the real development events (see realEvents/experimentTable.ts). */
import type { RealEventTable } from '../realEvents/experimentTable.js';
import type { RealEventScore } from '../realEvents/score.js';
import type { Section } from './document.js';

const HEADER = ['detector', 'threshold', 'events found', 'false detections, non-BG noise', 'false detections, BG noise'];

function cells(s: RealEventScore): string[] {
  return [
    `${s.all.recall.toFixed(2)} (${s.all.hits}/${s.all.events})`,
    `${s.noise.falseDetections} in ${(s.noise.noiseHours * 60).toFixed(1)} min`,
    `${s.busyNetworkNoise.falseDetections} in ${(s.busyNetworkNoise.noiseHours * 60).toFixed(1)} min`,
  ];
}

/** The section: one row per model at its validation threshold, and STA/LTA. */
export function realEventsSection(t: RealEventTable): Section {
  const rows = t.rows.map((r) => [r.label, r.threshold === null ? 'none reaches the target' : r.threshold.toFixed(3), ...(r.score ? cells(r.score) : ['–', '–', '–'])]);
  rows.push(['STA/LTA (1 s / 10 s, on 4; blind for its first 10 s)', '–', ...cells(t.stalta)]);
  return {
    title: 'Real earthquakes (development set)',
    blocks: [
      {
        kind: 'text',
        text:
          `${t.events} real local earthquakes (data/real/phasenet-dev, never trained on); each model at the threshold giving ` +
          `${t.falseAlarmsPerStationDay} false alarm per station-day on the validation stations, hop ${t.hopSec} s; found: a detection ` +
          'within −5 … +10 s of the analyst P pick; false detections: before that, in the pre-event noise (The Geysers, BG, apart).',
      },
      { kind: 'table', header: HEADER, rows },
    ],
  };
}
