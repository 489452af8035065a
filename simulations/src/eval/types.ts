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

/** One operating point of the event-level sweep over thresholds. */
export interface EventPoint {
  threshold: number;
  /** Share of true events matched by a detection within the tolerance. */
  recall: number;
  /** Unmatched detections per station-day. */
  falseAlarmsPerStationDay: number;
}

/** Event-level quality on the held-out continuous streams. */
export interface EventLevelResult {
  events: number;
  stationDays: number;
  /** Best event recall with at most 1 false alarm per station-day (0 when no threshold gets there). */
  recallAtFalseAlarmRate: number;
  /** Fewest false alarms per station-day at ≥ 90% event recall; null when 90% is never reached. */
  falseAlarmsAtRecall: number | null;
  /** The sweep, false-alarm rate increasing. */
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
  /** Held-out window-level metrics of the global model after this round. */
  prAuc: number;
  bestF1: number;
}
