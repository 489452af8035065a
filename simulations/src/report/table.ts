/**
 * The results table, as Markdown (also what the terminal prints): one row per compared model, one
 * column per figure. A run's table gives each figure as measured; the table of repeated runs (seeds)
 * gives each as mean ± sd over the repeats, with the counts behind it summed.
 */
import type { ArmResult, RecallCount } from '../eval/types.js';
import { EVENT_OPERATING_POINTS } from '../defaults.js';

/** One figure of the table: how to read it off a result and how to write it. */
export interface Figure {
  header: string;
  /** The figure; null: not there (written `missing`). */
  value(a: ArmResult): number | null;
  digits: number;
  /** Written for a null value (default "never": not reached at any threshold). */
  missing?: string;
  /** The counts it rests on, written after it: [found, of] for a recall, [false alarms] for a rate. */
  counts?(a: ArmResult): number[];
}

/** A recall with the counts behind it ("0.62 (37/60)"); no events: no figure. */
function recallFigure(header: string, of: (a: ArmResult) => RecallCount): Figure {
  return {
    header,
    value: (a) => (of(a).events === 0 ? null : of(a).recall),
    digits: 2,
    missing: '–',
    counts: (a) => [of(a).hits, of(a).events],
  };
}

/** The figures of the results table, in column order (the SNR floor of the header is the first result's). */
export function resultFigures(arms: ArmResult[]): Figure[] {
  const { falseAlarmsPerStationDay: one, looseFalseAlarmsPerStationDay: ten, eventRecall } = EVENT_OPERATING_POINTS;
  const floor = arms[0]?.event.snrFloor ?? EVENT_OPERATING_POINTS.snrFloor;
  return [
    { header: 'PR-AUC', value: (a) => a.window.prAuc, digits: 3 },
    { header: 'F1 (best thr.)', value: (a) => a.window.bestF1, digits: 3 },
    // The zero-false-alarm point of the recall envelope (the log-scale plot cannot show it).
    recallFigure('event recall @ 0 FA', (a) => a.event.recallAtZero.all),
    recallFigure(`event recall @ ≤ ${one} FA/station-day`, (a) => a.event.recallAtOne.all),
    recallFigure(`event recall @ ≤ ${ten} FA/station-day`, (a) => a.event.recallAtTen.all),
    recallFigure(`recall, SNR ≥ ${floor} @ ≤ ${one} FA/station-day`, (a) => a.event.recallAtOne.aboveFloor),
    {
      header: `FA/station-day @ ${Math.round(eventRecall * 100)}% event recall`,
      value: (a) => a.event.falseAlarmsAtRecall,
      digits: 2,
      counts: (a) =>
        a.event.falseAlarmsAtRecall === null ? [] : [Math.round(a.event.falseAlarmsAtRecall * a.event.stationDays)],
    },
  ];
}

/** Event recall at ≤ 1 false alarm per station-day in each band of P-wave SNR. */
export function snrBandFigures(arms: ArmResult[]): Figure[] {
  return (arms[0]?.event.recallAtOne.bySnr ?? []).map((band, i) =>
    recallFigure(`SNR ${band.label}`, (a) => a.event.recallAtOne.bySnr[i]!),
  );
}

/** The tables of a result: the figures, and event recall by SNR band. */
function tables(arms: ArmResult[]): { title: string | null; figures: Figure[] }[] {
  const one = EVENT_OPERATING_POINTS.falseAlarmsPerStationDay;
  return [
    { title: null, figures: resultFigures(arms) },
    {
      title: `Event recall by P-wave SNR of the event, at ≤ ${one} false alarm per station-day:`,
      figures: snrBandFigures(arms),
    },
  ];
}

const fmt = (v: number | null, f: Figure): string => (v === null ? (f.missing ?? 'never') : v.toFixed(f.digits));
const withCounts = (text: string, counts: number[] = []) =>
  counts.length > 0 ? `${text} (${counts.join('/')})` : text;

/** Mean and sample standard deviation (0 for a single value). */
export function meanSd(values: number[]): { mean: number; sd: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const sd = values.length < 2 ? 0 : Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1));
  return { mean, sd };
}

/** Column headers of a table of figures. */
function tableHeader(figures: Figure[]): string[] {
  return ['model', ...figures.map((f) => f.header)];
}

/** One row per compared model, values rounded for reading. */
function tableRows(figures: Figure[], arms: ArmResult[]): string[][] {
  return arms.map((a) => [a.label, ...figures.map((f) => withCounts(fmt(f.value(a), f), f.counts?.(a)))]);
}

/** A figure over repeats: mean ± sd of the repeats that have it, "[k/n seeds]" when not all do; counts summed. */
function seriesCell(f: Figure, arms: ArmResult[]): string {
  const values = arms.map((a) => f.value(a)).filter((v): v is number => v !== null);
  if (values.length === 0) return fmt(null, f);
  const { mean, sd } = meanSd(values);
  const reached = values.length < arms.length ? ` [${values.length}/${arms.length} seeds]` : '';
  const counts = f.counts
    ? arms
        .map((a) => f.counts!(a))
        .reduce((sum, c) => (c.length === 0 ? sum : c.map((v, i) => v + (sum[i] ?? 0))), [] as number[])
    : [];
  return withCounts(`${mean.toFixed(f.digits)} ± ${sd.toFixed(f.digits)}${reached}`, counts);
}

/**
 * One row per model of the first repeat (matched by id in the others; a model missing from a repeat
 * is left out of its figures), each figure as mean ± sd over the repeats.
 * @param runs the arms of each repeat
 */
function seriesTableRows(figures: Figure[], runs: ArmResult[][]): string[][] {
  return runs[0]!.map((first) => {
    const arms = runs.map((r) => r.find((a) => a.id === first.id)).filter((a): a is ArmResult => a !== undefined);
    return [first.label, ...figures.map((f) => seriesCell(f, arms))];
  });
}

/** A Markdown table: first column left-aligned, the others right-aligned. */
export function markdownTable(header: string[], rows: string[][]): string {
  const lines = [`| ${header.join(' | ')} |`, `|${header.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`];
  for (const row of rows) lines.push(`| ${row.join(' | ')} |`);
  return lines.join('\n');
}

/** The tables of one run, as (title, header, rows). */
export function resultTables(arms: ArmResult[]): { title: string | null; header: string[]; rows: string[][] }[] {
  return tables(arms).map(({ title, figures }) => ({
    title,
    header: tableHeader(figures),
    rows: tableRows(figures, arms),
  }));
}

/** The tables of repeated runs (mean ± sd over the repeats), as (title, header, rows). */
export function seriesTables(runs: ArmResult[][]): { title: string | null; header: string[]; rows: string[][] }[] {
  return tables(runs[0]!).map(({ title, figures }) => ({
    title,
    header: tableHeader(figures),
    rows: seriesTableRows(figures, runs),
  }));
}

/** Tables in Markdown, each after its title. */
function tablesMarkdown(ts: { title: string | null; header: string[]; rows: string[][] }[]): string {
  return ts.map((x) => `${x.title ? `${x.title}\n\n` : ''}${markdownTable(x.header, x.rows)}`).join('\n\n');
}

/** The results of one run in Markdown (also what the terminal prints). */
export function resultsMarkdown(arms: ArmResult[]): string {
  return tablesMarkdown(resultTables(arms));
}

/** The results of repeated runs in Markdown (mean ± sd over the repeats). */
export function seriesMarkdown(runs: ArmResult[][]): string {
  return tablesMarkdown(seriesTables(runs));
}
