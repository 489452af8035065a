/**
 * Report plots: Vega-Lite specs compiled to Vega and rendered to SVG headless in Node (Vega's SVG
 * renderer needs no canvas or browser).
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { ArmResult, RoundRecord } from '../eval/types.js';

/** Lowest false-alarm rate drawn on the log axis (a rate of 0 has no place on it). */
const MIN_PLOTTED_FALSE_ALARMS = 0.01;
const WIDTH = 420;
/** Model colours, in table order (Tableau 10, then four more). */
const PALETTE = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
  '#17becf',
  '#bcbd22',
  '#8c564b',
  '#1f77b4',
];
const HEIGHT = 280;

/** Renders a Vega-Lite spec to a standalone SVG document. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

const base = {
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
  background: 'white',
  config: { font: 'Helvetica, Arial, sans-serif', legend: { labelLimit: 260 } },
} as const;

/**
 * Colours by model label, fixed by the table order of `arms` so that a model keeps its colour in every
 * plot (a plot showing only some of the models would otherwise re-assign them).
 */
function colourScale(arms: ArmResult[]): { domain: string[]; range: string[] } {
  const domain = arms.map((a) => a.label);
  return { domain, range: domain.map((_, i) => PALETTE[i % PALETTE.length]!) };
}

/**
 * Validation PR-AUC and best F1 of each federated run's global model after every round.
 * @param arms every compared model (for the colours; rounds name their run by arm id)
 */
export function roundsSpec(records: RoundRecord[], arms: ArmResult[]): TopLevelSpec {
  const labels = new Map(arms.map((a) => [a.id, a.label]));
  const runs = [...new Set(records.map((r) => labels.get(r.arm) ?? r.arm))];
  return {
    ...base,
    title: 'Validation window metrics vs round',
    data: {
      values: records.map((r) => ({
        model: labels.get(r.arm) ?? r.arm,
        round: r.round,
        'PR-AUC': r.prAuc,
        'best F1': r.bestF1,
      })),
    },
    transform: [{ fold: ['PR-AUC', 'best F1'], as: ['metric', 'value'] }],
    facet: { column: { field: 'metric', type: 'nominal', title: null } },
    spec: {
      width: WIDTH * 0.75,
      height: HEIGHT,
      mark: { type: 'line', point: true },
      encoding: {
        x: { field: 'round', type: 'quantitative', title: 'round', axis: { tickMinStep: 1 } },
        y: { field: 'value', type: 'quantitative', title: 'validation', scale: { domain: [0, 1] } },
        color: { field: 'model', type: 'nominal', scale: colourScale(arms), legend: { values: runs } },
      },
    },
  };
}

/** The share of positives among the test windows: the precision of a detector without skill. */
export function positiveShare(arms: ArmResult[]): number {
  const w = arms[0]?.window;
  return w && w.positives + w.negatives > 0 ? w.positives / (w.positives + w.negatives) : 0;
}

/** Precision–recall curves of every compared model on the test windows, with the no-skill line. */
export function prSpec(arms: ArmResult[]): TopLevelSpec {
  const values = arms.flatMap((a) => a.window.prCurve.map((p, i) => ({ model: a.label, order: i, ...p })));
  const share = positiveShare(arms);
  return {
    ...base,
    title: 'Precision–recall on test windows',
    width: WIDTH,
    height: HEIGHT,
    layer: [
      {
        data: { values },
        mark: { type: 'line', interpolate: 'step-after' },
        encoding: {
          x: { field: 'recall', type: 'quantitative', scale: { domain: [0, 1] } },
          y: { field: 'precision', type: 'quantitative', scale: { domain: [0, 1] } },
          color: { field: 'model', type: 'nominal', scale: colourScale(arms) },
          order: { field: 'order', type: 'quantitative' },
        },
      },
      {
        data: { values: [{ y: share, text: `no skill: precision = positive share ${share.toPrecision(2)}` }] },
        layer: [
          {
            mark: { type: 'rule', strokeDash: [4, 4], color: 'gray' },
            encoding: { y: { field: 'y', type: 'quantitative' } },
          },
          {
            mark: { type: 'text', align: 'right', baseline: 'bottom', dy: -2, color: 'gray', x: WIDTH },
            encoding: { y: { field: 'y', type: 'quantitative' }, text: { field: 'text', type: 'nominal' } },
          },
        ],
      },
    ],
  };
}

/** Event recall vs false alarms per station-day on the held-out continuous streams. */
export function eventSpec(arms: ArmResult[], falseAlarmRate: number): TopLevelSpec {
  const values = arms.flatMap((a) =>
    a.event.curve.map((p, i) => ({
      model: a.label,
      order: i,
      recall: p.recall,
      falseAlarms: Math.max(MIN_PLOTTED_FALSE_ALARMS, p.falseAlarmsPerStationDay),
    })),
  );
  return {
    ...base,
    title: 'Event recall vs false alarms (test streams)',
    width: WIDTH,
    height: HEIGHT,
    layer: [
      {
        data: { values },
        mark: { type: 'line', point: { size: 12 } },
        encoding: {
          x: {
            field: 'falseAlarms',
            type: 'quantitative',
            scale: { type: 'log' },
            title: 'false alarms per station-day (log)',
          },
          y: { field: 'recall', type: 'quantitative', scale: { domain: [0, 1] }, title: 'event recall' },
          color: { field: 'model', type: 'nominal', scale: colourScale(arms) },
          order: { field: 'order', type: 'quantitative' },
        },
      },
      {
        data: { values: [{ x: falseAlarmRate }] },
        mark: { type: 'rule', strokeDash: [4, 4], color: 'gray' },
        encoding: { x: { field: 'x', type: 'quantitative' } },
      },
    ],
  };
}
