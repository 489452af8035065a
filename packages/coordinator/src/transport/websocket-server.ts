/**
 * WebSocket transport: accepts connections on the HTTP server's port, runs the Hello/Welcome handshake,
 * keeps heartbeats (WebSocket ping/pong) and turns frames into calls on the session's proxy.
 *
 * Robustness rules (after `ws` itself): every socket has an 'error' listener; nothing is thrown out of
 * an event handler; a frame is size-checked (`maxPayload`) before decoding; a malformed frame gets an
 * Error message and the close code of its error.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import {
  ProtocolError,
  closeCodeFor,
  decodeEnvelope,
  encodeMessage,
  type Envelope,
  type Hello,
  type Message,
} from '@quakefed/proto';
import { ClientManager, HandshakeError, clientInfoFromHello, newSessionId, welcomeFor } from '../client-manager.js';
import { CLIENT_MESSAGE_KINDS, CLOSE_CODES } from '../constants.js';
import { COORDINATOR_ERROR_CODES } from '../errors.js';
import type { Logger } from '../logger.js';
import type { DiscardListener } from './types.js';
import { WebSocketClientProxy } from './websocket-proxy.js';

/** Options of {@link WebSocketTransport}. */
export interface WebSocketTransportOptions {
  maxPayloadBytes: number;
  heartbeatIntervalMs: number;
  helloTimeoutMs: number;
}

/** Unanswered pings in a row after which a peer is considered dead. */
const MISSED_PONGS_ALLOWED = 2;

/** Converts `ws`'s RawData to one Uint8Array. */
function bytesOf(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  return data instanceof ArrayBuffer ? new Uint8Array(data) : data;
}

/** Close code for an error that ends a connection. */
function closeCodeOf(err: unknown): number {
  if (err instanceof ProtocolError) return err.closeCode;
  if (err instanceof HandshakeError) return CLOSE_CODES.BAD_HELLO;
  return closeCodeFor((err as { code?: string }).code);
}

/** Accepts WebSocket sessions on an HTTP server and keeps their heartbeats (see the file comment). */
export class WebSocketTransport {
  private readonly wss: WebSocketServer;
  /** Consecutive pings each socket left unanswered. */
  private readonly missedPongs = new WeakMap<WebSocket, number>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    server: Server,
    private readonly clients: ClientManager,
    private readonly options: WebSocketTransportOptions,
    private readonly logger: Logger,
    private readonly onDiscard: DiscardListener,
  ) {
    this.wss = new WebSocketServer({ noServer: true, maxPayload: options.maxPayloadBytes });
    this.wss.on('error', (err) => this.logger.error('websocket_server_error', { error: err }));
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      socket.on('error', () => socket.destroy());
      this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, req));
    });
    this.heartbeat = setInterval(() => this.checkHeartbeats(), options.heartbeatIntervalMs);
    this.heartbeat.unref();
  }

  /** Stops heartbeats and closes every socket (sessions should have been sent Bye first). */
  close(): void {
    clearInterval(this.heartbeat);
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
  }

  /**
   * Pings every socket; one that left `MISSED_PONGS_ALLOWED` pings in a row unanswered (and sent
   * nothing else meanwhile) is a dead peer and is terminated. Allowing a miss tolerates a gateway whose
   * event loop is briefly busy (e.g. a training step on the main thread).
   */
  private checkHeartbeats(): void {
    for (const ws of this.wss.clients) {
      const missed = this.missedPongs.get(ws) ?? 0;
      if (missed >= MISSED_PONGS_ALLOWED) {
        this.logger.warn('client_heartbeat_lost', { missedPongs: missed });
        ws.terminate();
        continue;
      }
      this.missedPongs.set(ws, missed + 1);
      ws.ping();
    }
  }

  private accept(ws: WebSocket, req: IncomingMessage): void {
    const remote = `${req.socket.remoteAddress ?? '?'}:${req.socket.remotePort ?? '?'}`;
    let proxy: WebSocketClientProxy | null = null;
    this.missedPongs.set(ws, 0);
    const helloTimer = setTimeout(() => {
      this.refuse(ws, COORDINATOR_ERROR_CODES.CLIENT_FAILED, 'no hello in time', CLOSE_CODES.HELLO_TIMEOUT);
    }, this.options.helloTimeoutMs);
    helloTimer.unref();

    ws.on('error', (err) => this.logger.warn('socket_error', { remote, clientId: proxy?.info.id, error: err }));
    ws.on('pong', () => this.missedPongs.set(ws, 0));
    ws.on('close', (code) => {
      clearTimeout(helloTimer);
      if (!proxy) return;
      proxy.closed(`connection closed (${code})`);
      this.clients.unregister(proxy);
    });
    ws.on('message', (data, isBinary) => {
      this.missedPongs.set(ws, 0);
      try {
        if (!isBinary) {
          this.refuse(ws, 'QF_ERR_BAD_MESSAGE', 'text frames are not part of the protocol', CLOSE_CODES.TEXT_FRAME);
          return;
        }
        const kinds = proxy ? CLIENT_MESSAGE_KINDS : undefined;
        const envelope = decodeEnvelope(bytesOf(data), { maxPayloadBytes: this.options.maxPayloadBytes, expectedKinds: kinds });
        if (proxy) {
          proxy.handleMessage(envelope.message);
          return;
        }
        if (envelope.message.kind !== 'hello') {
          this.refuse(ws, COORDINATOR_ERROR_CODES.UNKNOWN_CLIENT, 'send hello first', CLOSE_CODES.UNKNOWN_CLIENT);
          return;
        }
        clearTimeout(helloTimer);
        proxy = this.handshake(ws, envelope as Envelope<Hello>);
      } catch (err) {
        const code = (err as { code?: string }).code ?? 'QF_ERR_BAD_MESSAGE';
        this.logger.warn('bad_frame', { remote, clientId: proxy?.info.id, code, error: err });
        this.refuse(ws, code, err instanceof Error ? err.message : String(err), closeCodeOf(err));
      }
    });
  }

  /** Validates Hello, registers the session and sends Welcome. @throws HandshakeError */
  private handshake(ws: WebSocket, envelope: Envelope<Hello>): WebSocketClientProxy {
    const info = clientInfoFromHello(envelope);
    const proxy = new WebSocketClientProxy(info, newSessionId(), ws, this.logger, this.onDiscard);
    this.send(ws, welcomeFor(proxy.sessionId, this.options.heartbeatIntervalMs));
    this.clients.register(proxy);
    return proxy;
  }

  /** Sends an Error message and closes with `closeCode`. */
  private refuse(ws: WebSocket, code: string, message: string, closeCode: number): void {
    if (ws.readyState !== ws.OPEN) return;
    this.send(ws, { kind: 'error', code, message });
    ws.close(closeCode, message.slice(0, 120));
  }

  private send(ws: WebSocket, message: Message): void {
    ws.send(encodeMessage(message), { binary: true }, (err) => {
      if (err) this.logger.warn('send_failed', { kind: message.kind, error: err });
    });
  }
}
