/**
 * Writes a frame whose tensor data is copied exactly once, into an output buffer of the exact size,
 * at offsets aligned to the element size (so receivers can view f32/f16 data in place).
 *
 * protobufjs encodes the small parts (envelope header, body fields other than `parameters`, each
 * tensor's fields other than `data`); this module concatenates them with hand-written tags and length
 * prefixes. The body's `parameters` field is written last (protobuf parsers accept any field order), so
 * every position is known before writing, and `align_padding` fields of 0, 2, 3 or 5 bytes shift each
 * tensor's data to an aligned offset. The result is an ordinary protobuf Envelope.
 */
import { LAYOUT_FIELD } from './wire.js';

/** One tensor to lay out. */
export interface TensorPart {
  /** The tensor's protobuf fields except `align_padding` and `data`. */
  fields: Uint8Array;
  data: Uint8Array;
  /** Element size the data offset should be a multiple of (1 = any). */
  alignment: number;
}

/** Encoded pieces of one frame. */
export interface FramePieces {
  /** Envelope fields except the body. */
  header: Uint8Array;
  /** Envelope field number of the body. */
  bodyField: number;
  /** Body fields except `parameters`. */
  body: Uint8Array;
  /** The body's `parameters` field (its number and tensors), or undefined when the body has none. */
  parameters: { field: number; tensors: TensorPart[] } | undefined;
}

const WIRE_TYPE_LEN = 2;
/**
 * Candidate sizes of a whole align_padding field, smallest first: none, or tag + length + 0..11 zero
 * bytes. A tensor's own length prefix may grow by a byte as padding is added; this range always holds a
 * size that aligns the data either way (at least four consecutive sizes lie on one side of the step).
 */
const PADDING_FIELD_SIZES = [0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13] as const;
/** Passes of the layout fixed point over the outer length prefixes; 2 almost always suffice. */
const MAX_LAYOUT_PASSES = 4;

function varintSize(value: number): number {
  let size = 1;
  while (value >= 0x80) {
    value = Math.floor(value / 128);
    size++;
  }
  return size;
}

function writeVarint(out: Uint8Array, pos: number, value: number): number {
  while (value >= 0x80) {
    out[pos++] = (value & 0x7f) | 0x80;
    value = Math.floor(value / 128);
  }
  out[pos++] = value;
  return pos;
}

/** Size of a length-delimited field with `length` content bytes. */
const fieldSize = (field: number, length: number): number =>
  varintSize((field << 3) | WIRE_TYPE_LEN) + varintSize(length) + length;

interface Layout {
  /** Size of each align_padding field (one of PADDING_FIELD_SIZES). */
  padding: number[];
  tensorSizes: number[];
  parametersSize: number;
  bodySize: number;
  frameSize: number;
}

function sizes(p: FramePieces, padding: number[]): Layout {
  const tensors = p.parameters?.tensors ?? [];
  const tensorSizes = tensors.map(
    (t, i) => t.fields.length + padding[i]! + fieldSize(LAYOUT_FIELD.data, t.data.length),
  );
  const parametersSize = tensorSizes.reduce((sum, size) => sum + fieldSize(LAYOUT_FIELD.tensors, size), 0);
  const bodySize = p.body.length + (p.parameters ? fieldSize(p.parameters.field, parametersSize) : 0);
  const frameSize = p.header.length + fieldSize(p.bodyField, bodySize);
  return { padding, tensorSizes, parametersSize, bodySize, frameSize };
}

/** Chooses padding so each tensor's data lands aligned, iterating until the sizes stop changing. */
function layout(p: FramePieces): Layout {
  const tensors = p.parameters?.tensors ?? [];
  let current = sizes(
    p,
    tensors.map(() => 0),
  );
  for (let pass = 0; pass < MAX_LAYOUT_PASSES && tensors.length > 0; pass++) {
    // Offset of the first tensor field: header, body tag + length, other body fields, parameters tag + length.
    let pos =
      p.header.length +
      fieldSize(p.bodyField, current.bodySize) -
      current.bodySize +
      p.body.length +
      fieldSize(p.parameters!.field, current.parametersSize) -
      current.parametersSize;
    const padding: number[] = [];
    tensors.forEach((t) => {
      const lengthAt = pos + varintSize((LAYOUT_FIELD.tensors << 3) | WIRE_TYPE_LEN);
      const dataHeader = fieldSize(LAYOUT_FIELD.data, t.data.length) - t.data.length;
      const dataAt = (pad: number): number => {
        const size = t.fields.length + pad + dataHeader + t.data.length;
        return lengthAt + varintSize(size) + t.fields.length + pad + dataHeader;
      };
      const pad = PADDING_FIELD_SIZES.find((size) => dataAt(size) % t.alignment === 0)!;
      padding.push(pad);
      pos = dataAt(pad) + t.data.length;
    });
    const next = sizes(p, padding);
    const stable = next.padding.every((pad, i) => pad === current.padding[i]);
    current = next;
    if (stable) break;
  }
  return current;
}

/** Writes the frame: every byte of the result is written exactly once. */
export function writeFrame(p: FramePieces): Uint8Array {
  const { padding, tensorSizes, parametersSize, bodySize, frameSize } = layout(p);
  // allocUnsafe skips zero-filling: every byte is written below (padding explicitly as zeros).
  const out = Buffer.allocUnsafe(frameSize);
  out.set(p.header, 0);
  let pos = p.header.length;
  const lengthDelimited = (field: number, length: number): void => {
    pos = writeVarint(out, pos, (field << 3) | WIRE_TYPE_LEN);
    pos = writeVarint(out, pos, length);
  };
  lengthDelimited(p.bodyField, bodySize);
  out.set(p.body, pos);
  pos += p.body.length;
  if (p.parameters) {
    lengthDelimited(p.parameters.field, parametersSize);
    p.parameters.tensors.forEach((t, i) => {
      lengthDelimited(LAYOUT_FIELD.tensors, tensorSizes[i]!);
      out.set(t.fields, pos);
      pos += t.fields.length;
      const pad = padding[i]!;
      if (pad > 0) {
        lengthDelimited(LAYOUT_FIELD.alignPadding, pad - 2);
        out.fill(0, pos, pos + pad - 2);
        pos += pad - 2;
      }
      lengthDelimited(LAYOUT_FIELD.data, t.data.length);
      out.set(t.data, pos);
      pos += t.data.length;
    });
  }
  return out;
}
