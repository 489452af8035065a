/**
 * Seeded fuzzing of the @quakefed/proto decoder: mutations of valid frames (bit flips, truncation,
 * byte insertion and deletion, splices of two frames) and random byte strings. Every input must either
 * decode to a valid message — one that re-encodes and decodes to the same message — or throw a
 * ProtocolError with a documented code. Anything else (a TypeError, a hang, a crash) fails.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CLOSE_CODE_BY_ERROR,
  ProtocolError,
  TENSOR_ENCODINGS,
  decodeMessage,
  encodeMessage,
  exampleMessages,
  type Message,
} from '@quakefed/proto';
import { createRng, type Rng } from '@quakefed/seismic';

const MUTATIONS = 12_000;
const RANDOM_FRAMES = 2_000;

/** Valid frames of every message kind in every tensor encoding. */
function validFrames(): Uint8Array[] {
  return exampleMessages().flatMap((m) =>
    TENSOR_ENCODINGS.map((tensorEncoding) => encodeMessage(m, { tensorEncoding, messageId: 42 })),
  );
}

function mutate(frame: Uint8Array, other: Uint8Array, rng: Rng): Uint8Array {
  const bytes = Uint8Array.from(frame);
  const at = rng.int(bytes.length + 1);
  switch (rng.int(6)) {
    case 0: {
      for (let flips = 1 + rng.int(4); flips > 0; flips--) {
        const i = rng.int(bytes.length);
        bytes[i] = bytes[i]! ^ (1 << rng.int(8));
      }
      return bytes;
    }
    case 1:
      return bytes.subarray(0, at);
    case 2: {
      const inserted = Uint8Array.from({ length: 1 + rng.int(8) }, () => rng.int(256));
      return Uint8Array.from([...bytes.subarray(0, at), ...inserted, ...bytes.subarray(at)]);
    }
    case 3:
      return Uint8Array.from([...bytes.subarray(0, at), ...bytes.subarray(at + 1 + rng.int(8))]);
    case 4:
      return Uint8Array.from([...bytes.subarray(0, at), ...other.subarray(rng.int(other.length + 1))]);
    default: {
      const i = rng.int(bytes.length);
      bytes[i] = [0x00, 0x7f, 0x80, 0xff][rng.int(4)]!; // boundary bytes: varint ends, NaN exponents
      return bytes;
    }
  }
}

/** Outcome of one input: the error code, or 'ok' after checking the message is valid. */
function outcome(bytes: Uint8Array): string {
  let message: Message;
  try {
    message = decodeMessage(bytes);
  } catch (error) {
    assert.ok(error instanceof ProtocolError, `not a ProtocolError: ${String(error)}`);
    assert.ok(Object.hasOwn(CLOSE_CODE_BY_ERROR, error.code), `undocumented code ${error.code}`);
    return error.code;
  }
  assert.deepEqual(decodeMessage(encodeMessage(message)), message);
  return 'ok';
}

function tally(outcomes: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const o of outcomes) counts.set(o, (counts.get(o) ?? 0) + 1);
  return counts;
}

test(`${MUTATIONS} seeded mutations of valid frames decode validly or throw ProtocolError`, () => {
  const rng = createRng(20240611);
  const frames = validFrames();
  const outcomes: string[] = [];
  for (let i = 0; i < MUTATIONS; i++) {
    const frame = frames[rng.int(frames.length)]!;
    const other = frames[rng.int(frames.length)]!;
    outcomes.push(outcome(mutate(frame, other, rng)));
  }
  const counts = tally(outcomes);
  // Both paths must have been exercised, and several distinct error codes reached.
  assert.ok((counts.get('ok') ?? 0) > 0 && counts.size > 5, JSON.stringify([...counts]));
});

test(`${RANDOM_FRAMES} seeded random byte strings never escape as anything but ProtocolError`, () => {
  const rng = createRng(7);
  for (let i = 0; i < RANDOM_FRAMES; i++) {
    const prefix = rng.next() < 0.5 ? [0x08, 0x01] : []; // half start with a valid version field
    const bytes = Uint8Array.from([...prefix, ...Array.from({ length: rng.int(200) }, () => rng.int(256))]);
    outcome(bytes);
  }
});
