/** Result types of the evaluation harness, shared by the runner, the baselines and the report. */

/** One point of a precision–recall curve. */
export interface PrPoint {
  recall: number;
  precision: number;
}

/** Window-level quality on the held-out labelled windows. */
export interface WindowLevelResult {
  /** Average precision (area under the PR curve). */
  prAuc: number;
  /** Best F1 over all thresholds, with the threshold and operating point that reach it. */
  bestF1: number;
  bestThreshold: number;
  precisionAtBest: number;
  recallAtBest: number;
  positives: number;
  negatives: number;
  /** PR curve, downsampled for plotting, recall increasing. */
  prCurve: PrPoint[];
}

/**
 * The event counts behind one threshold of the event-level sweep, summed over the streams. Every
 * detection is a hit, a duplicate (not a hit, but on an event's hit window or signal), a detection on
 * an event too weak to count, or a false alarm (away from every event).
 */
export interface EventPoint {
  threshold: number;
  /** hits / events (0 with no events). */
  recall: number;
  /** falseAlarms / stationDays. */
  falseAlarmsPerStationDay: number;
  /** Events found (one detection each, in the hit window around their P arrival). */
  hits: number;
  /** Events to find (visible ones). */
  events: number;
  falseAlarms: number;
  duplicates: number;
  stationDays: number;
}

/** A recall with the counts it comes from. */
export interface RecallCount {
  /** hits / events (NaN with no events). */
  recall: number;
  hits: number;
  events: number;
}

/** Event recall in one band of P-wave SNR. */
export interface SnrBandRecall extends RecallCount {
  label: string;
  /** The band is [snrMin, snrMax); snrMax null: no upper edge. */
  snrMin: number;
  snrMax: number | null;
}

/**
 * The best event recall within a false-alarm budget: the threshold of the sweep with the most hits
 * among those with at most `budgetPerStationDay` false alarms per station-day. With no such threshold,
 * detecting nothing (threshold null, no hits, no false alarms).
 */
export interface OperatingPoint {
  budgetPerStationDay: number;
  threshold: number | null;
  /** All visible events. */
  all: RecallCount;
  /** Events with P-wave SNR at or above `EventLevelResult.snrFloor`, at the same threshold. */
  aboveFloor: RecallCount;
  /** Recall in each band of `SNR_BANDS`, at the same threshold. */
  bySnr: SnrBandRecall[];
  falseAlarms: number;
  falseAlarmsPerStationDay: number;
  duplicates: number;
}

/** How detections are scored against the streams' events. */
export interface EventScoringOptions {
  /** Hit window around the P arrival, s [earliest, latest]; default the seismic package's `METRIC_DEFAULTS.hitWindowSeconds`. */
  hitWindowSeconds: readonly [number, number];
  /** P-wave SNR from which events count for the `aboveFloor` figures; default `EVENT_OPERATING_POINTS.snrFloor`. */
  snrFloor: number;
}

/** Event-level quality on the held-out continuous streams. */
export interface EventLevelResult extends EventScoringOptions {
  /** Visible events to find. */
  events: number;
  /** Of them, events with SNR ≥ snrFloor. */
  eventsAboveFloor: number;
  stationDays: number;
  /** Best recall with no false alarm at all. */
  recallAtZero: OperatingPoint;
  /** Best recall with ≤ 1 false alarm per station-day (`EVENT_OPERATING_POINTS.falseAlarmsPerStationDay`). */
  recallAtOne: OperatingPoint;
  /** Best recall with ≤ 10 false alarms per station-day (`EVENT_OPERATING_POINTS.looseFalseAlarmsPerStationDay`). */
  recallAtTen: OperatingPoint;
  /** `recallAtOne.all.recall` (NaN with no events): the results table's headline column. */
  recallAtFalseAlarmRate: number;
  /** Fewest false alarms per station-day at ≥ 90% event recall; null when 90% is never reached. */
  falseAlarmsAtRecall: number | null;
  /**
   * The recall envelope: for each false-alarm count, the threshold with the most hits at or below it,
   * kept only where it beats every point before it — false alarms and recall both strictly increasing.
   */
  curve: EventPoint[];
}

/** Everything measured for one compared model (a row of the results table). */
export interface ArmResult {
  /** Stable id, e.g. `federated-focal`, `local-only-mean`. */
  id: string;
  /** Row label of the results table. */
  label: string;
  window: WindowLevelResult;
  event: EventLevelResult;
  /** Training windows seen in total (epochs × windows), for reading budgets side by side. */
  trainingWindows?: number;
  /** Free-form notes shown under the table (e.g. chosen STA/LTA parameters). */
  note?: string;
}

/** Per-round record of a federated run (one line of rounds.jsonl). */
export interface RoundRecord {
  arm: string;
  round: number;
  sampled: number;
  returned: number;
  failures: number;
  elapsedMs: number;
  /** Mean local training loss reported by the clients that returned. */
  trainLoss: number | null;
  /** The server step the strategy reported for the round (FedExP's measured η); null: none reported. */
  serverStep: number | null;
  /** Held-out window-level metrics of the global model after this round. */
  prAuc: number;
  bestF1: number;
}
