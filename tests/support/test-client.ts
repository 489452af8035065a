/**
 * A minimal protocol-speaking client for coordinator tests: ws + the proto codec, no training. Fit
 * replies come from a handler (deterministic updates and num_examples); every received message is
 * emitted as `message:<kind>` (see `next`), so tests wait on events, never on time.
 */
import { EventEmitter, once } from 'node:events';
import WebSocket from 'ws';
import {
  decodeMessage,
  encodeMessage,
  type EvaluateIns,
  type EvaluateRes,
  type FitIns,
  type FitRes,
  type Message,
  type Parameters,
} from '@quakefed/proto';

/** What the handler wants done with a FitIns: a reply to send now, or `null` to hold it (test replies later). */
export type FitHandler = (ins: FitIns, client: TestClient) => FitRes | null;
export type EvaluateHandler = (ins: EvaluateIns, client: TestClient) => EvaluateRes | null;

export interface TestClientOptions {
  url: string;
  clientId: string;
  stationIds?: string[];
  onFit?: FitHandler;
  onEvaluate?: EvaluateHandler;
  /** Options of the socket itself (headers such as a station token, a pinned CA). */
  socket?: WebSocket.ClientOptions;
}

/** `global + delta` for every value: a deterministic "trained" model. */
export function shifted(parameters: Parameters, delta: number): Parameters {
  return parameters.map((t) => ({
    name: t.name,
    shape: [...t.shape],
    data: t.data.map((v) => v + delta),
  }));
}

/** A successful FitRes answering `ins`. */
export function fitReply(ins: FitIns, parameters: Parameters, numExamples: number): FitRes {
  return {
    kind: 'fitRes',
    round: ins.round,
    modelVersion: ins.modelVersion,
    parameters,
    numExamples,
    metrics: { loss: 0.5 },
    status: { ok: true },
  };
}

/** A fit handler returning `global + delta` trained on `numExamples` examples. */
export function shiftBy(delta: number, numExamples: number): FitHandler {
  return (ins) => fitReply(ins, shifted(ins.parameters, delta), numExamples);
}

/** A successful EvaluateRes with fixed counts. */
export function evaluateReply(ins: EvaluateIns, numExamples = 10): EvaluateRes {
  return {
    kind: 'evaluateRes',
    round: ins.round,
    modelVersion: ins.modelVersion,
    loss: 0.25,
    numExamples,
    confusion: { tp: 1, fp: 1, fn: 0, tn: numExamples - 2 },
    histogram: { bins: 2, positive: [0, 1], negative: [numExamples - 2, 1] },
    metrics: {},
    status: { ok: true },
  };
}

export class TestClient extends EventEmitter {
  readonly received: Message[] = [];
  /** Resolves with the close code once the socket is closed. */
  readonly closed: Promise<number>;

  private constructor(
    readonly socket: WebSocket,
    readonly options: TestClientOptions,
  ) {
    super();
    this.closed = new Promise((resolve) => socket.once('close', (code: number) => resolve(code)));
    socket.on('error', (err) => this.emit('socket-error', err));
    socket.on('message', (data: Buffer) => this.onFrame(data));
  }

  /** Opens a socket without sending anything (for handshake tests). */
  static async open(url: string, socketOptions?: WebSocket.ClientOptions): Promise<TestClient> {
    const socket = new WebSocket(url, socketOptions);
    const client = new TestClient(socket, { url, clientId: '' });
    await once(socket, 'open');
    return client;
  }

  /** Connects, sends Hello and resolves once Welcome arrived. */
  static async connect(options: TestClientOptions): Promise<TestClient> {
    const client = await TestClient.open(options.url, options.socket);
    Object.assign(client.options, options);
    const welcome = client.next('welcome');
    client.send({
      kind: 'hello',
      clientId: options.clientId,
      stationIds: options.stationIds ?? [`XX.${options.clientId}.00.HHZ`],
      capabilities: { backend: 'test', tensorEncodings: ['f32'], maxMessageBytes: 0 },
      dataSummary: { windows: 100, positives: 3, hours: 1 },
    });
    await welcome;
    return client;
  }

  /**
   * Resolves with the next message of `kind` (optionally matching `filter`); rejects if the socket closes
   * first, so a test whose message never comes fails instead of hanging.
   */
  next<K extends Message['kind']>(
    kind: K,
    filter: (m: Extract<Message, { kind: K }>) => boolean = () => true,
  ): Promise<Extract<Message, { kind: K }>> {
    return new Promise((resolve, reject) => {
      const listener = (m: Extract<Message, { kind: K }>): void => {
        if (!filter(m)) return;
        this.off(`message:${kind}`, listener);
        resolve(m);
      };
      this.on(`message:${kind}`, listener);
      void this.closed.then((code) => {
        this.off(`message:${kind}`, listener);
        reject(new Error(`${this.options.clientId || 'client'}: socket closed (${code}) before a "${kind}" message`));
      });
    });
  }

  send(message: Message): void {
    this.socket.send(encodeMessage(message));
  }

  sendRaw(data: Uint8Array | string): void {
    this.socket.send(data);
  }

  /** Drops the connection without a close handshake (a vanished gateway). */
  terminate(): void {
    this.socket.terminate();
  }

  close(): void {
    this.socket.close();
  }

  private onFrame(data: Buffer): void {
    const message = decodeMessage(new Uint8Array(data));
    this.received.push(message);
    if (message.kind === 'fitIns' && this.options.onFit) {
      const reply = this.options.onFit(message, this);
      if (reply) this.send(reply);
    }
    if (message.kind === 'evaluateIns' && this.options.onEvaluate) {
      const reply = this.options.onEvaluate(message, this);
      if (reply) this.send(reply);
    }
    this.emit(`message:${message.kind}`, message);
  }
}

/** How an upgrade to `url` is answered: 101 when accepted, else the HTTP status and its Retry-After. */
export async function upgradeResponse(
  url: string,
  options?: WebSocket.ClientOptions,
): Promise<{ status: number; retryAfter?: string }> {
  const socket = new WebSocket(url, options);
  socket.on('error', () => {}); // terminating a refused upgrade reports "closed before established"
  const answer = await Promise.race([
    once(socket, 'open').then(() => ({ status: 101 })),
    once(socket, 'unexpected-response').then(([, response]) => {
      const { statusCode, headers } = response as { statusCode: number; headers: Record<string, string | undefined> };
      return { status: statusCode, ...(headers['retry-after'] ? { retryAfter: headers['retry-after'] } : {}) };
    }),
  ]);
  socket.terminate();
  return answer;
}

/** An encoded Hello from `clientId` announcing `maxMessageBytes` (0: the default), for handshake tests. */
export function helloFrame(clientId: string, maxMessageBytes = 0): Uint8Array {
  return encodeMessage({
    kind: 'hello',
    clientId,
    stationIds: [],
    capabilities: { backend: 'x', tensorEncodings: ['f32'], maxMessageBytes },
    dataSummary: { windows: 0, positives: 0, hours: 0 },
  });
}
