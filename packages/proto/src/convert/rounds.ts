/** toProto / fromProto of the round messages: FitIns, FitRes, EvaluateIns, EvaluateRes. */
import { PROTO_ERROR_CODES, ProtocolError } from '../errors.js';
import { decodeMap, encodeMap } from '../maps.js';
import type { EvaluateIns, EvaluateRes, FitIns, FitRes, TaskStatus } from '../messages.js';
import type { DecodeLimits } from '../options.js';
import { decodeParameters, encodeParameters, type EncodeScratch } from '../tensors/codec.js';
import type { ConfusionCounts, ScoreHistogram, TensorEncoding } from '../types.js';
import type {
  WireConfusion,
  WireEvaluateIns,
  WireEvaluateRes,
  WireFitIns,
  WireFitRes,
  WireHistogram,
  WireStatus,
} from '../wire.js';
import { finite, required, requiredString, safeInteger, uint32, uint64 } from './fields.js';

function statusToProto(s: TaskStatus): WireStatus {
  return s.ok ? { ok: true } : { ok: false, code: requiredString(s.code, 'status.code'), message: s.message };
}

function statusFromProto(w: WireStatus | null | undefined, path: string): TaskStatus {
  const s = required(w, path);
  if (s.ok) return { ok: true };
  return { ok: false, code: requiredString(s.code, `${path}.code`), message: s.message ?? '' };
}

function confusionToProto(c: ConfusionCounts): WireConfusion {
  return {
    tp: uint64(c.tp, 'confusion.tp'),
    fp: uint64(c.fp, 'confusion.fp'),
    fn: uint64(c.fn, 'confusion.fn'),
    tn: uint64(c.tn, 'confusion.tn'),
  };
}

function confusionFromProto(w: WireConfusion | null | undefined): ConfusionCounts {
  const c = required(w, 'evaluateRes.confusion');
  return {
    tp: safeInteger(c.tp, 'confusion.tp'),
    fp: safeInteger(c.fp, 'confusion.fp'),
    fn: safeInteger(c.fn, 'confusion.fn'),
    tn: safeInteger(c.tn, 'confusion.tn'),
  };
}

function histogramToProto(h: ScoreHistogram): WireHistogram {
  if (h.positive.length !== h.bins || h.negative.length !== h.bins) {
    throw new ProtocolError(PROTO_ERROR_CODES.badField, `histogram needs ${h.bins} counts per class`);
  }
  return {
    bins: uint32(h.bins, 'histogram.bins'),
    positive: h.positive.map((n) => uint64(n, 'histogram.positive')),
    negative: h.negative.map((n) => uint64(n, 'histogram.negative')),
  };
}

function histogramFromProto(w: WireHistogram | null | undefined, limits: DecodeLimits): ScoreHistogram {
  const h = required(w, 'evaluateRes.histogram');
  const bins = h.bins ?? 0;
  const positive = h.positive ?? [];
  const negative = h.negative ?? [];
  if (bins > limits.maxHistogramBins || positive.length !== bins || negative.length !== bins) {
    throw new ProtocolError(
      PROTO_ERROR_CODES.badField,
      `histogram has ${bins} bins, ${positive.length} positive and ${negative.length} negative counts`,
    );
  }
  return {
    bins,
    positive: positive.map((n) => safeInteger(n, 'histogram.positive')),
    negative: negative.map((n) => safeInteger(n, 'histogram.negative')),
  };
}

/** FitIns and EvaluateIns carry the same fields on the wire (`WireEvaluateIns` = `WireFitIns`). */
type Instruction = FitIns | EvaluateIns;

function instructionToProto(m: Instruction, encoding: TensorEncoding, scratch?: EncodeScratch): WireFitIns {
  return {
    round: uint32(m.round, `${m.kind}.round`),
    modelVersion: uint32(m.modelVersion, `${m.kind}.modelVersion`),
    parameters: encodeParameters(m.parameters, encoding, scratch),
    config: encodeMap(m.config, `${m.kind}.config`),
  };
}

function instructionFromProto<K extends Instruction['kind']>(kind: K, w: WireFitIns, limits: DecodeLimits) {
  return {
    kind,
    round: w.round ?? 0,
    modelVersion: w.modelVersion ?? 0,
    parameters: decodeParameters(required(w.parameters, `${kind}.parameters`), limits),
    config: decodeMap(w.config, `${kind}.config`),
  };
}

export function fitInsToProto(m: FitIns, encoding: TensorEncoding, scratch?: EncodeScratch): WireFitIns {
  return instructionToProto(m, encoding, scratch);
}

export function fitInsFromProto(w: WireFitIns, limits: DecodeLimits): FitIns {
  return instructionFromProto('fitIns', w, limits);
}

export function fitResToProto(m: FitRes, encoding: TensorEncoding, scratch?: EncodeScratch): WireFitRes {
  return {
    round: uint32(m.round, 'fitRes.round'),
    modelVersion: uint32(m.modelVersion, 'fitRes.modelVersion'),
    parameters: encodeParameters(m.parameters, encoding, scratch),
    numExamples: uint64(m.numExamples, 'fitRes.numExamples'),
    metrics: encodeMap(m.metrics, 'fitRes.metrics'),
    status: statusToProto(m.status),
  };
}

export function fitResFromProto(w: WireFitRes, limits: DecodeLimits): FitRes {
  return {
    kind: 'fitRes',
    round: w.round ?? 0,
    modelVersion: w.modelVersion ?? 0,
    // An error result may omit parameters entirely.
    parameters: w.parameters ? decodeParameters(w.parameters, limits) : [],
    numExamples: safeInteger(w.numExamples, 'fitRes.numExamples'),
    metrics: decodeMap(w.metrics, 'fitRes.metrics'),
    status: statusFromProto(w.status, 'fitRes.status'),
  };
}

export function evaluateInsToProto(m: EvaluateIns, encoding: TensorEncoding, scratch?: EncodeScratch): WireEvaluateIns {
  return instructionToProto(m, encoding, scratch);
}

export function evaluateInsFromProto(w: WireEvaluateIns, limits: DecodeLimits): EvaluateIns {
  return instructionFromProto('evaluateIns', w, limits);
}

export function evaluateResToProto(m: EvaluateRes): WireEvaluateRes {
  return {
    round: uint32(m.round, 'evaluateRes.round'),
    modelVersion: uint32(m.modelVersion, 'evaluateRes.modelVersion'),
    loss: finite(m.loss, 'evaluateRes.loss'),
    numExamples: uint64(m.numExamples, 'evaluateRes.numExamples'),
    confusion: confusionToProto(m.confusion),
    histogram: histogramToProto(m.histogram),
    metrics: encodeMap(m.metrics, 'evaluateRes.metrics'),
    status: statusToProto(m.status),
  };
}

export function evaluateResFromProto(w: WireEvaluateRes, limits: DecodeLimits): EvaluateRes {
  return {
    kind: 'evaluateRes',
    round: w.round ?? 0,
    modelVersion: w.modelVersion ?? 0,
    loss: finite(w.loss, 'evaluateRes.loss'),
    numExamples: safeInteger(w.numExamples, 'evaluateRes.numExamples'),
    confusion: confusionFromProto(w.confusion),
    histogram: histogramFromProto(w.histogram, limits),
    metrics: decodeMap(w.metrics, 'evaluateRes.metrics'),
    status: statusFromProto(w.status, 'evaluateRes.status'),
  };
}
