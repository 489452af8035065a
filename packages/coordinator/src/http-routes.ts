/**
 * HTTP endpoints served on the WebSocket port:
 *   GET /healthz           200 `{"ok":true}` while the process serves
 *   GET /status            round, phase, connected and sampled clients, last metrics (JSON)
 *   GET /model/model.json  latest global model, tfjs layers format; weights at ./weights.bin
 *   GET /model/weights.bin float32 little-endian weights
 *   GET /model             the same model.json, its weight path written relative to `/model` so
 *                          `tf.loadLayersModel('http://host:port/model')` works as well
 *   GET /model/operating-points.json  the model's calibrated thresholds (the model package's format)
 *                          while the global model still has the weights they were measured with
 *                          (the initial model's); 404 otherwise
 * With a tokens file, every route but /healthz needs `Authorization: Bearer <read or station token>`
 * (401 otherwise) unless reads are public; the coordinator checks that before these handlers run.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { OperatingPoints } from '@quakefed/model';
import { WEIGHTS_FILE, type LayersModelJson } from '@quakefed/model/layers-format';

/** The model package's `OPERATING_POINTS_FILE` (not imported: that would load tfjs into every coordinator). */
const OPERATING_POINTS_FILE = 'operating-points.json';

/** The latest model as served bytes. */
export interface ServedModel {
  /** Model version (= last committed round). */
  version: number;
  modelJson: LayersModelJson;
  weights: Uint8Array;
  /** Operating points measured with exactly these weights; null: none. */
  operatingPoints: OperatingPoints | null;
}

/** What the routes read from the coordinator. */
export interface RouteSource {
  status(): unknown;
  model(): ServedModel;
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

/** model.json with each weights path prefixed (for serving it from a URL one level up). */
function withWeightsPrefix(modelJson: LayersModelJson, prefix: string): LayersModelJson {
  const groups = modelJson.weightsManifest;
  return { ...modelJson, weightsManifest: groups.map((g) => ({ ...g, paths: g.paths.map((p) => `${prefix}${p}`) })) };
}

/** Whether a request reads something only token holders may (everything but the health check). */
export function needsReadAccess(req: IncomingMessage): boolean {
  return new URL(req.url ?? '/', 'http://localhost').pathname !== '/healthz';
}

/** Answers 401 (the token is missing or wrong; `err`: checking it failed, reported as such). */
export function refuseRead(res: ServerResponse, err?: unknown): void {
  if (err !== undefined) return sendJson(res, 500, { error: err instanceof Error ? err.message : String(err) });
  sendJson(res, 401, { error: 'a read token is required' }, { 'www-authenticate': 'Bearer' });
}

/** Handles one request; never throws (errors become a 500). */
export function handleHttp(source: RouteSource, req: IncomingMessage, res: ServerResponse): void {
  try {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendJson(res, 405, { error: 'method not allowed' }, { allow: 'GET, HEAD' });
      return;
    }
    if (path === '/healthz') return sendJson(res, 200, { ok: true });
    if (path === '/status') return sendJson(res, 200, source.status());
    if (path === '/model' || path === '/model/' || path === '/model/model.json') {
      const model = source.model();
      const body = path === '/model' ? withWeightsPrefix(model.modelJson, 'model/') : model.modelJson;
      return sendJson(res, 200, body, {
        etag: `"v${model.version}"`,
        'x-quakefed-model-version': String(model.version),
      });
    }
    if (path === `/model/${OPERATING_POINTS_FILE}`) {
      const model = source.model();
      if (model.operatingPoints === null)
        return sendJson(res, 404, { error: `model version ${model.version} has no operating points` });
      return sendJson(res, 200, model.operatingPoints, {
        etag: `"v${model.version}"`,
        'x-quakefed-model-version': String(model.version),
      });
    }
    if (path === `/model/${WEIGHTS_FILE}`) {
      const model = source.model();
      res.writeHead(200, {
        'content-type': 'application/octet-stream',
        'content-length': model.weights.byteLength,
        'cache-control': 'no-store',
        etag: `"v${model.version}"`,
        'x-quakefed-model-version': String(model.version),
      });
      res.end(model.weights);
      return;
    }
    sendJson(res, 404, { error: `no route for ${path}` });
  } catch (err) {
    if (!res.headersSent) sendJson(res, 500, { error: err instanceof Error ? err.message : String(err) });
    else res.destroy();
  }
}
