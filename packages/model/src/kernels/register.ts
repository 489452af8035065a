/**
 * Installs our kernels on the tfjs `wasm` backend (the 'wasm-qf' configuration), or restores the
 * stock kernels. Replaced stock kernels are remembered so plain 'wasm' can be selected again.
 */
import { getKernel, registerKernel, unregisterKernel } from '@tensorflow/tfjs-core';
import type { KernelConfig } from '@tensorflow/tfjs-core';
import { conv2dBackpropFilterConfig } from './conv2d_backprop_filter.js';
import { conv2dBackpropInputConfig } from './conv2d_backprop_input.js';

/** Every kernel this package adds to or replaces on the wasm backend. */
export const WASM_QF_KERNELS: readonly KernelConfig[] = [conv2dBackpropFilterConfig, conv2dBackpropInputConfig];

const stockKernels = new Map<string, KernelConfig | undefined>();
let installed = false;

/** Registers our kernels on the `wasm` backend (idempotent). */
export function registerWasmQfKernels(): void {
  if (installed) return;
  for (const config of WASM_QF_KERNELS) {
    const stock = getKernel(config.kernelName, config.backendName);
    stockKernels.set(config.kernelName, stock);
    if (stock) unregisterKernel(config.kernelName, config.backendName);
    registerKernel(config);
  }
  installed = true;
}

/** Puts the stock `wasm` kernels back (idempotent). */
export function unregisterWasmQfKernels(): void {
  if (!installed) return;
  for (const config of WASM_QF_KERNELS) {
    unregisterKernel(config.kernelName, config.backendName);
    const stock = stockKernels.get(config.kernelName);
    if (stock) registerKernel(stock);
  }
  installed = false;
}
