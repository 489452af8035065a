/**
 * Backend selection. 'auto' (or env QUAKEFED_BACKEND) prefers @tensorflow/tfjs-node, an optional
 * dependency that loads only where libtensorflow could be installed; otherwise 'wasm-qf': the tfjs
 * wasm backend (XNNPACK, SIMD, one thread in Node) plus this package's convolution-gradient kernels
 * (see kernels/). 'wasm' is the stock wasm backend (cannot train convolutions), 'cpu' the stock
 * pure-JS backend (correct, ~100× slower). Works the same inside worker_threads.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
// Registers the gradients of core ops (its Node bundle carries them; tfjs-core's own entry does not).
import '@tensorflow/tfjs-layers';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { announceBackend } from './backend-announcement.js';
import { AUTO_BACKEND_ORDER, BACKEND_ENV_VAR } from './defaults.js';
import { MODEL_ERROR_CODES, ModelError } from './errors.js';
import { registerWasmQfKernels, unregisterWasmQfKernels } from './kernels/register.js';
import type { BackendName, BackendPreference } from './types.js';

const BACKEND_NAMES: readonly BackendName[] = ['tfjs-node', 'wasm-qf', 'wasm', 'cpu'];
/** Name the tfjs-node package registers its backend under. */
const TFJS_NODE_BACKEND = 'tensorflow';

let active: BackendName | undefined;
let wasmPathsSet = false;

/** Points the wasm backend at the .wasm binaries inside node_modules (nothing is downloaded). */
function useLocalWasmBinaries(): void {
  if (wasmPathsSet) return;
  const require = createRequire(import.meta.url);
  setWasmPaths(join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/');
  wasmPathsSet = true;
}

async function setTfBackend(name: string): Promise<boolean> {
  try {
    return await tf.setBackend(name);
  } catch {
    return false;
  }
}

/** Tries to make `name` the active configuration; false when it cannot load here. */
async function activate(name: BackendName): Promise<boolean> {
  switch (name) {
    case 'tfjs-node':
      try {
        // Optional dependency: its install downloads libtensorflow, which fails offline.
        await import('@tensorflow/tfjs-node' as string);
      } catch {
        return false;
      }
      return setTfBackend(TFJS_NODE_BACKEND);
    case 'wasm-qf':
      useLocalWasmBinaries();
      registerWasmQfKernels();
      return setTfBackend('wasm');
    case 'wasm':
      useLocalWasmBinaries();
      unregisterWasmQfKernels();
      return setTfBackend('wasm');
    case 'cpu':
      return setTfBackend('cpu');
  }
}

function parsePreference(value: string, source: string): BackendPreference {
  if (value === 'auto' || (BACKEND_NAMES as readonly string[]).includes(value)) return value as BackendPreference;
  throw new ModelError(
    MODEL_ERROR_CODES.badOptions,
    `${source}: unknown backend "${value}" (auto, ${BACKEND_NAMES.join(', ')})`,
  );
}

/**
 * Selects and initialises the tfjs backend; returns the configuration now in use. With 'auto', the
 * environment variable QUAKEFED_BACKEND decides when set; otherwise tfjs-node, else wasm-qf. An
 * explicit preference that cannot load throws `QF_ERR_BACKEND_UNAVAILABLE`. Announces the choice
 * once per change (see `onBackendChosen`).
 */
export async function initBackend(preference: BackendPreference = 'auto'): Promise<BackendName> {
  let wanted = parsePreference(preference, 'initBackend');
  const fromEnv = process.env[BACKEND_ENV_VAR];
  if (wanted === 'auto' && fromEnv) wanted = parsePreference(fromEnv, BACKEND_ENV_VAR);
  const candidates = wanted === 'auto' ? AUTO_BACKEND_ORDER : [wanted];
  // Silences tfjs' "install tfjs-node" banner and skips debug-only checks.
  tf.enableProdMode();
  for (const name of candidates) {
    if (name === active) return name;
    if (await activate(name)) {
      await tf.ready();
      active = name;
      announceBackend(describeBackend());
      return name;
    }
  }
  throw new ModelError(
    MODEL_ERROR_CODES.backendUnavailable,
    `no backend could be initialised from: ${candidates.join(', ')}`,
  );
}

/** The configuration in use, or undefined before {@link initBackend}. */
export function activeBackend(): BackendName | undefined {
  return active;
}

/** One line describing the active backend, e.g. `wasm-qf (simd, 1 thread)`. */
export function describeBackend(): string {
  if (!active) return 'none';
  if (active !== 'wasm' && active !== 'wasm-qf') return active;
  const simd = tf.env().getBool('WASM_HAS_SIMD_SUPPORT') ? 'simd' : 'no simd';
  const threads = tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT') ? 'threads' : '1 thread';
  return `${active} (${simd}, ${threads})`;
}
