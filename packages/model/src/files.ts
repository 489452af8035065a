/**
 * The files of a saved model — model.json, its weight files and files kept beside them (the operating
 * points) — without tfjs. Read from a directory, a model.json path or an http(s) URL (a base URL or
 * model.json): what loading a model for tfjs, starting a coordinator from a model directory and reading
 * operating points share. Written to a directory from plain parameters.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Parameters } from '@quakefed/proto';
import { modelArtifactsFromParameters, type ModelArtifactsFiles, type ModelJson } from './artifacts.js';
import { MODEL_JSON_FILE, WEIGHTS_FILE } from './defaults.js';
import { MODEL_ERROR_CODES, ModelError, type ModelErrorCode } from './errors.js';
import type { ModelConfig } from './types.js';

/** Reads the files of one saved model, addressed relative to its model.json. */
export interface ModelFileReader {
  /** Where model.json is: a path or a URL. */
  readonly modelJsonPath: string;
  /** The file's bytes. @throws ModelError `QF_ERR_BAD_ARTIFACTS` when it cannot be read */
  read(relativePath: string): Promise<Uint8Array>;
  /** The file's bytes, or null when there is no such file (ENOENT, HTTP 404). */
  readIfPresent(relativePath: string): Promise<Uint8Array | null>;
}

const isHttp = (source: string): boolean => /^https?:\/\//i.test(source);

/** A reader of the model at `source`: a directory, a model.json path, or an http(s) base or model.json URL. */
export function modelFileReader(source: string): ModelFileReader {
  const http = isHttp(source);
  const modelJsonPath = source.endsWith('.json')
    ? source
    : http
      ? `${source.replace(/\/?$/, '/')}${MODEL_JSON_FILE}`
      : join(source, MODEL_JSON_FILE);
  const dir = modelJsonPath.slice(0, modelJsonPath.length - modelJsonPath.split(/[\\/]/).pop()!.length);
  const locate = (path: string): string => (http ? new URL(path, modelJsonPath).href : join(dir, path));
  const readIfPresent = async (path: string): Promise<Uint8Array | null> => {
    const where = locate(path);
    if (http) {
      const response = await fetch(where);
      if (response.status === 404) return null;
      if (!response.ok) throw new ModelError(MODEL_ERROR_CODES.badArtifacts, `GET ${where}: HTTP ${response.status}`);
      return new Uint8Array(await response.arrayBuffer());
    }
    try {
      return new Uint8Array(await readFile(where));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new ModelError(MODEL_ERROR_CODES.badArtifacts, `cannot read ${where}: ${(err as Error).message}`);
    }
  };
  return {
    modelJsonPath,
    readIfPresent,
    read: async (path) => {
      const bytes = await readIfPresent(path);
      if (!bytes) throw new ModelError(MODEL_ERROR_CODES.badArtifacts, `${locate(path)}: no such file`);
      return bytes;
    },
  };
}

/** A file's bytes as JSON. @throws ModelError with `code` (default `QF_ERR_BAD_ARTIFACTS`) when it is not JSON */
export function parseJsonFile(
  bytes: Uint8Array,
  name: string,
  code: ModelErrorCode = MODEL_ERROR_CODES.badArtifacts,
): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes)) as unknown;
  } catch (err) {
    throw new ModelError(code, `${name} is not JSON: ${(err as Error).message}`);
  }
}

/** model.json and its weight files (concatenated in manifest order) of the model at `source`. */
export async function readModelArtifacts(source: string): Promise<ModelArtifactsFiles> {
  const reader = modelFileReader(source);
  const fileName = reader.modelJsonPath.split(/[\\/]/).pop()!;
  const modelJson = parseJsonFile(await reader.read(fileName), reader.modelJsonPath) as ModelJson;
  if (!Array.isArray(modelJson?.weightsManifest))
    throw new ModelError(MODEL_ERROR_CODES.badArtifacts, `${reader.modelJsonPath} has no weightsManifest`);
  const parts: Uint8Array[] = [];
  for (const group of modelJson.weightsManifest) for (const path of group.paths) parts.push(await reader.read(path));
  const weights = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    weights.set(part, offset);
    offset += part.byteLength;
  }
  return { modelJson, weights };
}

/** Writes `parameters` of a `config` model as `<dir>/model.json` + `<dir>/weights.bin` (creating `dir`). */
export async function writeModelDirectory(
  dir: string,
  config: ModelConfig,
  parameters: Parameters,
): Promise<ModelArtifactsFiles> {
  const files = modelArtifactsFromParameters(config, parameters);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, WEIGHTS_FILE), files.weights);
  await writeFile(join(dir, MODEL_JSON_FILE), JSON.stringify(files.modelJson));
  return files;
}
