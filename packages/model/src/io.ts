/**
 * Saving and loading in the standard tfjs layers format: a directory (or http base URL) holding
 * model.json and weights.bin, so `tf.loadLayersModel` reads what we write. tfjs-core has no
 * file:// handler without tfjs-node, hence the small fs/http IOHandler here. A coordinator serving
 * `GET <base>/model.json` and `GET <base>/weights.bin` can be loaded with `loadModel('<base>')`.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadLayersModel } from '@tensorflow/tfjs-layers';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { io } from '@tensorflow/tfjs-core';
import { configFromModelJson, modelArtifactsFromParameters } from './artifacts.js';
import type { ModelJson } from './artifacts.js';
import { MODEL_JSON_FILE, WEIGHTS_FILE } from './defaults.js';
import { ModelError } from './errors.js';
import { modelConfigOf, rememberModelConfig } from './model.js';
import { getParameters } from './parameters.js';

const isHttp = (source: string): boolean => /^https?:\/\//i.test(source);

/** Reads one file of a saved model, addressed relative to model.json. */
type FileReader = (relativePath: string) => Promise<Uint8Array>;

function readerFor(source: string): { modelJsonPath: string; read: FileReader } {
  const modelJsonPath = source.endsWith('.json') ? source : isHttp(source) ? `${source.replace(/\/?$/, '/')}${MODEL_JSON_FILE}` : join(source, MODEL_JSON_FILE);
  if (isHttp(source)) {
    return {
      modelJsonPath,
      read: async (path) => {
        const url = new URL(path, modelJsonPath);
        const response = await fetch(url);
        if (!response.ok) throw new ModelError('QF_ERR_BAD_ARTIFACTS', `GET ${url.href}: HTTP ${response.status}`);
        return new Uint8Array(await response.arrayBuffer());
      },
    };
  }
  const dir = modelJsonPath.slice(0, modelJsonPath.length - modelJsonPath.split(/[\\/]/).pop()!.length);
  return { modelJsonPath, read: async (path) => new Uint8Array(await readFile(join(dir, path))) };
}

/**
 * A tfjs IOHandler that loads model.json + weight files from a directory, a model.json path or an
 * http(s) URL (base or model.json). Use with `tf.loadLayersModel(handler)`.
 */
export function modelLoadHandler(source: string): io.IOHandler {
  const { modelJsonPath, read } = readerFor(source);
  const fileName = modelJsonPath.split(/[\\/]/).pop()!;
  return {
    load: async () => {
      const modelJson = JSON.parse(new TextDecoder().decode(await read(fileName))) as ModelJson;
      const parts: Uint8Array[] = [];
      for (const group of modelJson.weightsManifest) for (const path of group.paths) parts.push(await read(path));
      const weightData = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
      let offset = 0;
      for (const part of parts) {
        weightData.set(part, offset);
        offset += part.byteLength;
      }
      return {
        modelTopology: modelJson.modelTopology,
        weightSpecs: modelJson.weightsManifest.flatMap((group) => group.weights),
        weightData: weightData.buffer,
        format: modelJson.format,
        generatedBy: modelJson.generatedBy,
        convertedBy: modelJson.convertedBy,
        userDefinedMetadata: modelJson.userDefinedMetadata as unknown as Record<string, object>,
      };
    },
  };
}

/** Writes `model` as `<dir>/model.json` + `<dir>/weights.bin` (creating `dir`). */
export async function saveModel(model: LayersModel, dir: string): Promise<void> {
  const files = modelArtifactsFromParameters(modelConfigOf(model), getParameters(model));
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, WEIGHTS_FILE), files.weights);
  await writeFile(join(dir, MODEL_JSON_FILE), JSON.stringify(files.modelJson));
}

/** Loads a model saved by {@link saveModel} (or served over http) from a directory, model.json path or URL. */
export async function loadModel(source: string): Promise<LayersModel> {
  const handler = modelLoadHandler(source);
  let metadata: ModelJson['userDefinedMetadata'] | undefined;
  const model = await loadLayersModel({
    load: async () => {
      const artifacts = await handler.load!();
      metadata = artifacts.userDefinedMetadata as ModelJson['userDefinedMetadata'] | undefined;
      return artifacts;
    },
  });
  if (metadata?.quakefedModelConfig) rememberModelConfig(model, configFromModelJson({ userDefinedMetadata: metadata }));
  return model;
}
