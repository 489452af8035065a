/**
 * WebSocket transport: accepts connections on the HTTP server's port, runs the Hello/Welcome handshake,
 * keeps heartbeats (WebSocket ping/pong) and turns frames into calls on the session's proxy.
 *
 * Robustness rules (after `ws` itself): every socket has an 'error' listener; nothing is thrown out of
 * an event handler; a frame is size-checked (`maxPayload`, sized to the model) before decoding, and `ws`
 * closes an oversized one with 1009; a malformed frame gets an Error message and the close code of its
 * error. Connections are capped in total and per remote address before the upgrade (HTTP 503 past a
 * cap), then checked by the access gate (Origin, station token: 403 / 401), and a session is bound to
 * the client id of its token. Every frame spends a token of the connection's frame budget before it is
 * decoded; one that finds none closes the connection (4105). Frames a refused connection keeps sending
 * are neither decoded nor logged, and it is terminated after a short grace if it does not close.
 * Refusals, bad frames, frame-rate cuts and socket errors are logged decimated.
 */
import { STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import type { Server as TlsServer } from 'node:https';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  ProtocolError,
  closeCodeFor,
  decodeEnvelope,
  encodeMessage,
  frameBytes,
  type Envelope,
  type Hello,
  type Message,
} from '@quakefed/proto';
import type { AccessGate } from '../auth/gate.js';
import { ClientManager, HandshakeError, clientInfoFromHello, newSessionId, welcomeFor } from '../client-manager.js';
import { ConnectionLimits, DecimatedLog } from './connection-limits.js';
import { FrameBudget } from './frame-budget.js';
import { CLIENT_MESSAGE_KINDS, CLOSE_CODES } from '../constants.js';
import { COORDINATOR_ERROR_CODES } from '../errors.js';
import type { Logger } from '@quakefed/core';
import type { DiscardListener } from './types.js';
import { WebSocketClientProxy } from './websocket-proxy.js';

/** Options of {@link WebSocketTransport}. */
export interface WebSocketTransportOptions {
  /** Largest frame read, bytes (the coordinator sizes it to the model). */
  maxPayloadBytes: number;
  heartbeatIntervalMs: number;
  helloTimeoutMs: number;
  /** Open connections allowed in total, and from one remote address. */
  maxConnections: number;
  maxConnectionsPerAddress: number;
  /** Bytes of the FitIns a client will be sent: a Hello announcing a smaller `maxMessageBytes` is refused. */
  fitInsBytes: number;
  /** Each connection's frame budget: frames at once, and frames per second beyond its heartbeats. */
  frameBurst: number;
  framesPerSecond: number;
}

/** Unanswered pings in a row after which a peer is considered dead. */
const MISSED_PONGS_ALLOWED = 2;

/** Time a refused connection has to take its Error message and close frame before it is cut, ms. */
const REFUSE_GRACE_MS = 1_000;

/** Seconds a client turned away at a connection cap is told to wait (HTTP Retry-After). */
const RETRY_AFTER_SECONDS = 30;

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
  /** Sockets refused: whatever they still send is dropped unread. */
  private readonly refused = new WeakSet<WebSocket>();
  private readonly heartbeat: NodeJS.Timeout;
  private readonly limits: ConnectionLimits;
  private readonly decimated: DecimatedLog;

  constructor(
    server: Server | TlsServer,
    private readonly clients: ClientManager,
    private readonly options: WebSocketTransportOptions,
    private readonly logger: Logger,
    private readonly onDiscard: DiscardListener,
    private readonly gate: AccessGate,
  ) {
    this.wss = new WebSocketServer({ noServer: true, maxPayload: options.maxPayloadBytes });
    this.wss.on('error', (err) => this.logger.error('websocket_server_error', { error: err }));
    this.limits = new ConnectionLimits(options.maxConnections, options.maxConnectionsPerAddress);
    this.decimated = new DecimatedLog((event, fields) => this.logger.warn(event, fields));
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      socket.on('error', () => socket.destroy());
      const address = req.socket.remoteAddress ?? '?';
      const refusal = this.limits.admit(address);
      if (refusal) {
        this.rejectUpgrade(socket, 503, address, refusal);
        return;
      }
      socket.once('close', () => this.limits.release(address));
      void this.gate.upgrade(req).then(
        (verdict) => {
          if ('status' in verdict) this.rejectUpgrade(socket, verdict.status, address, verdict.reason);
          else if (!socket.destroyed)
            this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, req, verdict.clientId));
        },
        (err: unknown) => this.rejectUpgrade(socket, 500, address, (err as Error).message),
      );
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

  /** Answers an upgrade with an HTTP error (Retry-After on 503) and closes the socket; logged decimated. */
  private rejectUpgrade(socket: Duplex, status: number, remote: string, reason: string): void {
    this.decimated.note('connection_refused', { remote, status, reason });
    const retry = status === 503 ? `Retry-After: ${RETRY_AFTER_SECONDS}\r\n` : '';
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n${retry}Connection: close\r\nContent-Length: 0\r\n\r\n`,
    );
    socket.destroy();
  }

  /** Open connections (admitted, not yet closed). */
  get connections(): number {
    return this.limits.open;
  }

  /** Runs a session on an upgraded socket; `boundId`: the only client id its Hello may claim (null: any). */
  private accept(ws: WebSocket, req: IncomingMessage, boundId: string | null): void {
    const remote = `${req.socket.remoteAddress ?? '?'}:${req.socket.remotePort ?? '?'}`;
    let proxy: WebSocketClientProxy | null = null;
    // The heartbeats the Welcome asks for come on top of the configured rate.
    const { frameBurst, framesPerSecond, heartbeatIntervalMs } = this.options;
    const budget = new FrameBudget(frameBurst, framesPerSecond + 1000 / heartbeatIntervalMs);
    this.missedPongs.set(ws, 0);
    const helloTimer = setTimeout(() => {
      this.refuse(ws, COORDINATOR_ERROR_CODES.clientFailed, 'no hello in time', CLOSE_CODES.HELLO_TIMEOUT);
    }, this.options.helloTimeoutMs);
    helloTimer.unref();
    ws.on('close', () => clearTimeout(helloTimer));

    ws.on('error', (err) => this.decimated.note('socket_error', { remote, clientId: proxy?.info.id, error: err }));
    ws.on('pong', () => this.missedPongs.set(ws, 0));
    ws.on('close', (code) => {
      // After the raw socket's own 'close', so the connection has been counted out of the limits by now.
      this.logger.debug('connection_closed', { remote, code, open: this.limits.open });
      if (!proxy) return;
      proxy.closed(`connection closed (${code})`);
      this.clients.unregister(proxy);
    });
    ws.on('message', (data, isBinary) => {
      if (this.refused.has(ws)) return; // frames already read when it was refused are not decoded
      if (!budget.take()) {
        this.decimated.note('frame_rate_exceeded', { remote, clientId: proxy?.info.id, frameBurst, framesPerSecond });
        this.refuse(ws, COORDINATOR_ERROR_CODES.frameRate, 'frames over the budget', CLOSE_CODES.FRAME_RATE);
        return;
      }
      this.missedPongs.set(ws, 0);
      try {
        if (!isBinary) {
          this.refuse(ws, 'QF_ERR_BAD_MESSAGE', 'text frames are not part of the protocol', CLOSE_CODES.TEXT_FRAME);
          return;
        }
        const kinds = proxy ? CLIENT_MESSAGE_KINDS : undefined;
        const envelope = decodeEnvelope(frameBytes(data), {
          maxPayloadBytes: this.options.maxPayloadBytes,
          expectedKinds: kinds,
        });
        if (proxy) {
          proxy.handleMessage(envelope.message);
          return;
        }
        if (envelope.message.kind !== 'hello') {
          this.refuse(ws, COORDINATOR_ERROR_CODES.unknownClient, 'send hello first', CLOSE_CODES.UNKNOWN_CLIENT);
          return;
        }
        clearTimeout(helloTimer);
        proxy = this.handshake(ws, envelope as Envelope<Hello>, boundId, budget);
      } catch (err) {
        const code = (err as { code?: string }).code ?? 'QF_ERR_BAD_MESSAGE';
        this.decimated.note('bad_frame', { remote, clientId: proxy?.info.id, code, error: err });
        this.refuse(ws, code, err instanceof Error ? err.message : String(err), closeCodeOf(err));
      }
    });
  }

  /** Validates Hello, registers the session and sends Welcome. @throws HandshakeError */
  private handshake(
    ws: WebSocket,
    envelope: Envelope<Hello>,
    boundId: string | null,
    budget: FrameBudget,
  ): WebSocketClientProxy {
    const info = clientInfoFromHello(envelope);
    if (boundId !== null && info.id !== boundId) {
      throw new HandshakeError(
        COORDINATOR_ERROR_CODES.clientFailed,
        `the token presented is for client ${boundId}, not ${info.id}`,
      );
    }
    const accepts = Number(info.capabilities.maxMessageBytes);
    if (accepts > 0 && accepts < this.options.fitInsBytes) {
      throw new HandshakeError(
        COORDINATOR_ERROR_CODES.clientFailed,
        `the client accepts frames up to ${accepts} bytes (maxMessageBytes); a fit task is ${this.options.fitInsBytes}`,
      );
    }
    const proxy = new WebSocketClientProxy(info, newSessionId(), ws, this.logger, this.onDiscard, () => budget.grant());
    this.send(ws, welcomeFor(proxy.sessionId, this.options.heartbeatIntervalMs));
    this.clients.register(proxy);
    return proxy;
  }

  /**
   * Sends an Error message and closes with `closeCode`; from here on nothing the peer sends is decoded
   * or logged (only its close frame ends the handshake), and the socket is cut after REFUSE_GRACE_MS if
   * the peer has not closed by then.
   */
  private refuse(ws: WebSocket, code: string, message: string, closeCode: number): void {
    if (ws.readyState !== ws.OPEN || this.refused.has(ws)) return;
    this.refused.add(ws);
    this.send(ws, { kind: 'error', code, message });
    ws.close(closeCode, message.slice(0, 120));
    setTimeout(() => ws.terminate(), REFUSE_GRACE_MS).unref();
  }

  private send(ws: WebSocket, message: Message): void {
    ws.send(encodeMessage(message), { binary: true }, (err) => {
      if (err) this.logger.warn('send_failed', { kind: message.kind, error: err });
    });
  }
}
