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

/** Held-out PR-AUC and best F1 of each federated run's global model after every round. */
export function roundsSpec(records: RoundRecord[]): TopLevelSpec {
  return {
    ...base,
    title: 'Held-out window metrics vs round',
    data: { values: records.map((r) => ({ arm: r.arm, round: r.round, 'PR-AUC': r.prAuc, 'best F1': r.bestF1 })) },
    transform: [{ fold: ['PR-AUC', 'best F1'], as: ['metric', 'value'] }],
    facet: { column: { field: 'metric', type: 'nominal', title: null } },
    spec: {
      width: WIDTH * 0.75,
      height: HEIGHT,
      mark: { type: 'line', point: true },
      encoding: {
        x: { field: 'round', type: 'quantitative', title: 'round', axis: { tickMinStep: 1 } },
        y: { field: 'value', type: 'quantitative', title: null, scale: { domain: [0, 1] } },
        color: { field: 'arm', type: 'nominal', title: 'run' },
      },
    },
  };
}

/** Precision–recall curves of every compared model on the held-out windows. */
export function prSpec(arms: ArmResult[]): TopLevelSpec {
  const values = arms.flatMap((a) => a.window.prCurve.map((p, i) => ({ model: a.label, order: i, ...p })));
  return {
    ...base,
    title: 'Precision–recall on held-out windows',
    width: WIDTH,
    height: HEIGHT,
    data: { values },
    mark: { type: 'line', interpolate: 'step-after' },
    encoding: {
      x: { field: 'recall', type: 'quantitative', scale: { domain: [0, 1] } },
      y: { field: 'precision', type: 'quantitative', scale: { domain: [0, 1] } },
      color: { field: 'model', type: 'nominal', sort: arms.map((a) => a.label) },
      order: { field: 'order', type: 'quantitative' },
    },
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
    title: 'Event recall vs false alarms (held-out streams, ±tolerance match)',
    width: WIDTH,
    height: HEIGHT,
    layer: [
      {
        data: { values },
        mark: { type: 'line', point: { size: 12 } },
        encoding: {
          x: { field: 'falseAlarms', type: 'quantitative', scale: { type: 'log' }, title: 'false alarms per station-day (log)' },
          y: { field: 'recall', type: 'quantitative', scale: { domain: [0, 1] }, title: 'event recall' },
          color: { field: 'model', type: 'nominal', sort: arms.map((a) => a.label) },
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
