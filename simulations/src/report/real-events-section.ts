/** The report section of the real development events (see realEvents/experiment-table.ts). */
import { METRIC_DEFAULTS, STALTA_DEFAULTS } from '@quakefed/seismic';
import { formatRecall } from '../eval/format.js';
import type { RealEventTable } from '../real-events/experiment-table.js';
import type { RealEventScore } from '../real-events/score.js';
import type { Section } from './document.js';

/** Seconds with their sign, as the hit window is written: "−5", "+10". */
const signed = (s: number): string => (s < 0 ? `−${-s}` : `+${s}`);

const HEADER = [
  'detector',
  'threshold',
  'events found',
  'false detections, non-BG noise',
  'false detections, BG noise',
];

function cells(s: RealEventScore): string[] {
  return [
    formatRecall(s.all),
    `${s.noise.falseDetections} in ${(s.noise.noiseHours * 60).toFixed(1)} min`,
    `${s.busyNetworkNoise.falseDetections} in ${(s.busyNetworkNoise.noiseHours * 60).toFixed(1)} min`,
  ];
}

/** The section: one row per model at its validation threshold, and STA/LTA (at its defaults, as `staLtaOnRealEvents` runs it). */
export function realEventsSection(t: RealEventTable): Section {
  const { staSeconds, ltaSeconds, on } = STALTA_DEFAULTS;
  const [early, late] = METRIC_DEFAULTS.hitWindowSeconds;
  const rows = t.rows.map((r) => [
    r.label,
    r.threshold === null ? 'none reaches the target' : r.threshold.toFixed(3),
    ...(r.score ? cells(r.score) : ['–', '–', '–']),
  ]);
  rows.push([
    `STA/LTA (${staSeconds} s / ${ltaSeconds} s, on ${on}; blind for its first ${ltaSeconds} s)`,
    '–',
    ...cells(t.stalta),
  ]);
  return {
    title: 'Real earthquakes (development set)',
    blocks: [
      {
        kind: 'text',
        text:
          `${t.events} real local earthquakes (data/real/phasenet-dev, never trained on); each model at the threshold giving ` +
          `${t.falseAlarmsPerStationDay} false alarm per station-day on the validation stations, hop ${t.hopSeconds} s; found: a detection ` +
          `within ${signed(early)} … ${signed(late)} s of the analyst P pick; false detections: before that, in the pre-event noise (The Geysers, BG, apart).`,
      },
      { kind: 'table', header: HEADER, rows },
    ],
  };
}
