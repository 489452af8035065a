/**
 * `npm run bench -- codec [--params 1000000] [--reps 25]`
 *
 * Wire codec of @quakefed/proto on a model-sized FitRes: a few conv-like tensors plus one big dense
 * kernel, `params` float32 values in all. Reports frame bytes per parameter for each tensor encoding,
 * and median encode/decode throughput in MB of float32 model data (4 bytes/param) per second. The f32
 * decode includes full validation and the finite check. `memcpy_mb_s` is a plain Buffer copy of the
 * same f32 frame into a reused buffer, measured right after the decode it is compared with. f16 and
 * int8 encode are also given as the best of the runs (`…_encode_best_mb_s`).
 * `alloc_copy_mb_s` copies the frame into a freshly allocated buffer, the floor for any encoder that
 * returns a new frame (first-touch page faults of the new memory dominate it).
 */
import { decodeMessage, encodeMessage, type FitRes, type Parameters, type TensorEncoding } from '@quakefed/proto';
import { createRng } from '@quakefed/seismic';
import { numberFlag } from '../args.js';

/** Conv1d stack (7-tap kernels, 3→16→32→64 channels) plus a dense kernel holding the rest. */
function modelParameters(total: number): Parameters {
  const rng = createRng(1);
  const small: Array<[string, number[]]> = [
    ['conv1/kernel', [7, 3, 16]],
    ['conv1/bias', [16]],
    ['conv2/kernel', [7, 16, 32]],
    ['conv2/bias', [32]],
    ['conv3/kernel', [7, 32, 64]],
    ['conv3/bias', [64]],
    ['out/bias', [1]],
  ];
  const used = small.reduce((sum, [, shape]) => sum + shape.reduce((a, b) => a * b, 1), 0);
  const specs: Array<[string, number[]]> = [...small.slice(0, 6), ['dense/kernel', [total - used, 1]], small[6]!];
  return specs.map(([name, shape]) => {
    const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
    for (let i = 0; i < data.length; i++) data[i] = rng.normal() * 0.05;
    return { name, shape, data };
  });
}

/** Sorted milliseconds of `fn` over `reps` runs after two warm-up runs. */
function timesMs(reps: number, fn: () => unknown): number[] {
  fn();
  fn();
  const times: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return times.sort((a, b) => a - b);
}

/** Median milliseconds of `fn` over `reps` runs after two warm-up runs. */
function medianMs(reps: number, fn: () => unknown): number {
  return timesMs(reps, fn)[reps >> 1]!;
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

export async function run(args: string[]): Promise<Record<string, unknown>> {
  const params = numberFlag(args, '--params', 1_000_000);
  const reps = numberFlag(args, '--reps', 25);
  const parameters = modelParameters(params);
  const message: FitRes = {
    kind: 'fitRes',
    round: 1,
    modelVersion: 1,
    parameters,
    numExamples: 5000,
    metrics: { loss: 0.03 },
    status: { ok: true },
  };
  const modelMb = (params * 4) / 1e6;
  const mbPerSecond = (ms: number): number => Math.round(modelMb / (ms / 1000));

  const frames = {} as Record<TensorEncoding, Uint8Array>;
  const speeds: Record<string, number> = {};
  for (const encoding of ['f32', 'f16', 'int8'] as const) {
    process.stderr.write(`codec: ${encoding}\n`);
    frames[encoding] = encodeMessage(message, { tensorEncoding: encoding });
    if (encoding !== 'f32') {
      // Median and best: each encode allocates its frame, and on a loaded machine first-touch page
      // faults of that memory swing the median by several times; the best run shows the encoder.
      const times = timesMs(reps, () => encodeMessage(message, { tensorEncoding: encoding }));
      speeds[`${encoding}_encode`] = times[reps >> 1]!;
      speeds[`${encoding}_encode_best`] = times[0]!;
    }
    speeds[`${encoding}_decode`] = medianMs(reps, () => decodeMessage(frames[encoding]));
  }

  // Decode and memcpy of the same f32 frame, interleaved so both see the same machine conditions.
  const f32 = Buffer.from(frames.f32.buffer, frames.f32.byteOffset, frames.f32.length);
  const target = Buffer.allocUnsafe(f32.length);
  const decodeMs = medianMs(reps, () => decodeMessage(f32));
  const memcpyMs = medianMs(reps, () => f32.copy(target));
  // Encode and copy-into-new-memory are timed back to back: both depend on the allocator's state.
  const encodeMs = medianMs(reps, () => encodeMessage(message, { tensorEncoding: 'f32' }));
  const allocCopyMs = medianMs(reps, () => Buffer.allocUnsafe(f32.length).set(f32));
  const decoded = decodeMessage(f32) as FitRes;
  const views = decoded.parameters.filter((t) => t.data.buffer === f32.buffer).length;

  return {
    params,
    tensors: parameters.length,
    bytes_per_param_f32: Number((frames.f32.length / params).toFixed(4)),
    bytes_per_param_f16: Number((frames.f16.length / params).toFixed(4)),
    bytes_per_param_int8: Number((frames.int8.length / params).toFixed(4)),
    encode_mb_s: mbPerSecond(encodeMs),
    decode_mb_s: mbPerSecond(decodeMs),
    memcpy_mb_s: mbPerSecond(memcpyMs),
    decode_vs_memcpy: round2(memcpyMs / decodeMs),
    alloc_copy_mb_s: mbPerSecond(allocCopyMs),
    encode_vs_alloc_copy: round2(allocCopyMs / encodeMs),
    f32_decoded_as_views: `${views}/${parameters.length}`,
    f16_encode_mb_s: mbPerSecond(speeds['f16_encode']!),
    f16_encode_best_mb_s: mbPerSecond(speeds['f16_encode_best']!),
    int8_encode_best_mb_s: mbPerSecond(speeds['int8_encode_best']!),
    f16_decode_mb_s: mbPerSecond(speeds['f16_decode']!),
    int8_encode_mb_s: mbPerSecond(speeds['int8_encode']!),
    int8_decode_mb_s: mbPerSecond(speeds['int8_decode']!),
    reps,
  };
}
