/**
 * Worker side of the pool protocol: a job module calls `serveJobs(handler)` once; every request from
 * the parent is answered with the handler's result (or its error), one job at a time.
 */
import { parentPort } from 'node:worker_threads';

/** Request envelope sent by the parent. */
export interface JobRequest<Req> {
  id: number;
  request: Req;
}

/** Reply envelope sent back to the parent. */
export type JobReply<Res> =
  | { id: number; ok: true; result: Res }
  | { id: number; ok: false; error: { message: string; code?: string } };

/** What a handler returns: the result and the buffers to transfer (not copy) back to the parent. */
export interface HandlerOutput<Res> {
  result: Res;
  transfer?: ArrayBuffer[];
}

/** Serves jobs for the lifetime of the worker. */
export function serveJobs<Req, Res>(handler: (request: Req) => Promise<HandlerOutput<Res>>): void {
  const port = parentPort;
  if (!port) throw new Error('serveJobs must run inside a worker thread');
  let queue = Promise.resolve();
  port.on('message', (msg: JobRequest<Req>) => {
    // Jobs run strictly one after another even if the parent ever sends two.
    queue = queue.then(async () => {
      try {
        const { result, transfer } = await handler(msg.request);
        port.postMessage({ id: msg.id, ok: true, result } satisfies JobReply<Res>, transfer ?? []);
      } catch (err) {
        const e = err as Error & { code?: string };
        const error = e.code === undefined ? { message: e.message } : { message: e.message, code: e.code };
        port.postMessage({ id: msg.id, ok: false, error } satisfies JobReply<Res>);
      }
    });
  });
}
