/**
 * Where `quakefed detect` gets its model: a directory (model.json + weights.bin), a model.json path,
 * or a coordinator. A coordinator URL may be given as its WebSocket URL or its http(s) base URL; the
 * model is then fetched from `<base>/model/model.json` (the coordinator's `GET /model` endpoints).
 */

/** The argument the model package's `loadModel` takes for a `--model` value. */
export function resolveModelSource(spec: string): string {
  if (!/^(https?|wss?):\/\//i.test(spec)) return spec;
  const url = new URL(spec.replace(/^ws/i, 'http'));
  const path = url.pathname.replace(/\/+$/, '');
  if (path.endsWith('.json')) return url.href;
  url.pathname = path.endsWith('/model') ? `${path}/model.json` : `${path}/model/model.json`;
  return url.href;
}
