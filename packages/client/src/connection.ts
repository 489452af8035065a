/**
 * The gateway's link to the coordinator: one WebSocket at a time, re-opened forever with exponential
 * backoff and full jitter (reset only by a session that stayed up `stableAfterMs`), a dead-server
 * watchdog, and client heartbeats at the interval the Welcome asks for. It knows frames and the session
 * life cycle, not rounds: decoded messages go to the owner.
 *
 * Nothing is thrown out of a socket handler: decode failures and send failures are logged and end the
 * connection, which then reconnects.
 */
import WebSocket from 'ws';
import {
  closeCodeFor,
  decodeMessage,
  encodeMessage,
  frameBytes,
  type Message,
  type MessageKind,
  type TensorEncoding,
} from '@quakefed/proto';
import { Backoff } from './backoff.js';
import type { ConnectionOptions } from './defaults.js';
import type { Logger } from '@quakefed/core';

/** What the owner of a connection reacts to. Handlers must not throw (errors are logged if they do). */
export interface ConnectionHandlers {
  /** The socket is open: send Hello now. */
  onOpen(): void;
  /** One decoded frame. */
  onMessage(message: Message): void;
  /** The socket closed (any cause); a reconnect is scheduled unless the connection was stopped. */
  onClose(info: { code: number; reason: string; reconnectInMs: number | null }): void;
}

/** WebSocket close code for a normal goodbye. */
const NORMAL_CLOSURE = 1000;

/** Longest delay a Node timer holds; a longer one fires at once (and would make a reconnect loop). */
const MAX_TIMER_MS = 2_147_483_647;

/** What a coordinator may send to a client; anything else is a protocol error. */
const ACCEPTED_KINDS: readonly MessageKind[] = [
  'welcome',
  'fitIns',
  'evaluateIns',
  'heartbeat',
  'error',
  'reconnect',
  'bye',
];

/** What became of a message given to {@link Connection.send}. */
export type SendOutcome = 'sent' | 'closed' | 'unencodable';

/**
 * One coordinator link, re-opened until `stop()`: `start()` once, `send()` frames, call `established()`
 * on Welcome and `reconnectAfter()` on a Reconnect message.
 */
export class Connection {
  private socket: WebSocket | null = null;
  private readonly backoff: Backoff;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private watchdog: NodeJS.Timeout | null = null;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  /** Fires `stableAfterMs` after a Welcome unless the socket closes first; then the backoff resets. */
  private stableTimer: NodeJS.Timeout | null = null;
  private lastHeardAt = 0;
  /** Silence after which the server is taken as dead (see `established`). */
  private silenceLimitMs: number;
  /** Set by a Reconnect message: the next delay is the server's, not the backoff's. */
  private requestedDelayMs: number | null = null;
  private stopped = true;
  private nextMessageId = 1;

  constructor(
    private readonly options: ConnectionOptions,
    private readonly handlers: ConnectionHandlers,
    private readonly logger: Logger,
    random: () => number,
  ) {
    this.silenceLimitMs = options.deadServerTimeoutMs;
    this.backoff = new Backoff(
      { baseMs: options.backoffBaseMs, factor: options.backoffFactor, maxMs: options.backoffMaxMs },
      random,
    );
  }

  /** True while a socket is open. */
  get isOpen(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  /** Opens the first socket; reconnection is automatic from here on until `stop()`. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.open();
  }

  /**
   * The session is established (Welcome received): heartbeats are sent every `heartbeatIntervalMs`
   * (0 = none), and if the socket stays up `stableAfterMs` the backoff starts from scratch next time.
   * A coordinator that keeps a slower heartbeat than our dead-server timeout allows gets three of its
   * intervals before it is given up.
   */
  established(heartbeatIntervalMs: number): void {
    this.armStableTimer();
    this.silenceLimitMs = Math.max(this.options.deadServerTimeoutMs, 3 * heartbeatIntervalMs);
    this.clearTimer('heartbeatTimer');
    if (heartbeatIntervalMs > 0) {
      this.heartbeatTimer = setInterval(
        () => this.send({ kind: 'heartbeat', timestampMs: Date.now() }),
        heartbeatIntervalMs,
      );
      this.heartbeatTimer.unref();
    }
  }

  /**
   * The server asked us to go away and come back after `delayMs` (a Reconnect message; the wire allows
   * up to 2^32 − 1 ms, timers hold about 24.8 days, so longer delays are cut to that).
   */
  reconnectAfter(delayMs: number, reason: string): void {
    this.requestedDelayMs = Math.min(delayMs, MAX_TIMER_MS);
    this.socket?.close(NORMAL_CLOSURE, reason.slice(0, 120));
  }

  /**
   * Sends one message (parameters in `tensorEncoding`, the one the Welcome announced).
   * @returns `sent`; `closed` when no socket is open; `unencodable` when the message cannot be encoded (logged)
   */
  send(message: Message, tensorEncoding: TensorEncoding = 'f32'): SendOutcome {
    const socket = this.socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) return 'closed';
    try {
      const bytes = encodeMessage(message, { messageId: this.nextMessageId++, tensorEncoding });
      socket.send(bytes, { binary: true }, (err) => {
        if (err) this.logger.warn('send_failed', { kind: message.kind, error: err.message });
      });
      return 'sent';
    } catch (err) {
      this.logger.error('encode_failed', { kind: message.kind, error: (err as Error).message });
      return 'unencodable';
    }
  }

  /**
   * Closes for good: sends `goodbye` (if given and open), closes the socket and resolves once it is
   * closed (or after `timeoutMs`, when the peer does not answer the close handshake).
   */
  async stop(goodbye?: Message, timeoutMs = 2_000): Promise<void> {
    this.stopped = true;
    this.clearTimers();
    const socket = this.socket;
    if (!socket || socket.readyState === WebSocket.CLOSED) return;
    if (goodbye) this.send(goodbye);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        socket.terminate();
        resolve();
      }, timeoutMs);
      socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      socket.close(NORMAL_CLOSURE, 'client stopping');
    });
  }

  private open(): void {
    this.reconnectTimer = null;
    if (this.stopped) return;
    const { token, ca, cert, key } = this.options;
    const socket = new WebSocket(this.options.server, {
      maxPayload: this.options.maxMessageBytes,
      handshakeTimeout: this.options.connectTimeoutMs,
      perMessageDeflate: false,
      ...(token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } }),
      ...(ca === undefined ? {} : { ca }),
      ...(cert === undefined ? {} : { cert, key }),
    });
    this.socket = socket;
    socket.binaryType = 'nodebuffer';
    socket.on('error', (err) => this.logger.warn('socket_error', { error: err.message }));
    socket.on('open', () => {
      this.logger.info('connected', { server: this.options.server });
      this.heard();
      this.startWatchdog();
      this.callHandler(() => this.handlers.onOpen());
    });
    socket.on('ping', () => this.heard());
    socket.on('pong', () => this.heard());
    socket.on('message', (data, isBinary) => {
      this.heard();
      if (!isBinary) {
        this.logger.warn('text_frame_ignored', {});
        return;
      }
      let message: Message;
      try {
        message = decodeMessage(frameBytes(data), {
          maxPayloadBytes: this.options.maxMessageBytes,
          expectedKinds: ACCEPTED_KINDS,
        });
      } catch (err) {
        // A frame we cannot read means the peer and we disagree: say why, and start a fresh session.
        const code = (err as { code?: string }).code ?? 'QF_ERR_BAD_MESSAGE';
        const text = (err as Error).message;
        this.logger.error('bad_frame', { error: text, code });
        this.send({ kind: 'error', code, message: text });
        socket.close(closeCodeFor(code), code);
        return;
      }
      this.callHandler(() => this.handlers.onMessage(message));
    });
    socket.on('close', (code, reasonBuffer) => this.closed(socket, code, reasonBuffer.toString()));
  }

  private closed(socket: WebSocket, code: number, reason: string): void {
    if (socket !== this.socket) return;
    this.socket = null;
    this.clearTimers();
    let reconnectInMs: number | null = null;
    if (!this.stopped) {
      reconnectInMs = this.requestedDelayMs ?? this.backoff.nextDelayMs();
      this.requestedDelayMs = null;
      this.reconnectTimer = setTimeout(() => this.open(), reconnectInMs);
    }
    this.logger.info('disconnected', { code, reason, reconnectInMs });
    this.callHandler(() => this.handlers.onClose({ code, reason, reconnectInMs }));
  }

  /**
   * Time up, not the first task, is the proof of a working session: a coordinator samples only some of
   * its clients each round, so a healthy gateway may wait many rounds for a task, while a coordinator
   * that welcomes and then drops everyone (crash loop, overload) never sends one either way.
   */
  private armStableTimer(): void {
    this.clearTimer('stableTimer');
    this.stableTimer = setTimeout(
      () => {
        this.stableTimer = null;
        this.backoff.reset();
      },
      Math.min(this.options.stableAfterMs, MAX_TIMER_MS),
    );
    this.stableTimer.unref();
  }

  private heard(): void {
    this.lastHeardAt = Date.now();
  }

  /** Terminates a socket whose server has gone silent (half-open TCP after a cellular hand-over). */
  private startWatchdog(): void {
    this.silenceLimitMs = this.options.deadServerTimeoutMs;
    this.clearTimer('watchdog');
    this.watchdog = setInterval(
      () => {
        if (Date.now() - this.lastHeardAt > this.silenceLimitMs) {
          this.logger.warn('server_silent', { silentMs: Date.now() - this.lastHeardAt });
          this.socket?.terminate();
        }
      },
      Math.max(10, Math.floor(this.options.deadServerTimeoutMs / 4)),
    );
    this.watchdog.unref();
  }

  private callHandler(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.logger.error('handler_failed', { error: (err as Error).message });
    }
  }

  private clearTimer(name: 'watchdog' | 'heartbeatTimer' | 'reconnectTimer' | 'stableTimer'): void {
    const timer = this[name];
    if (timer) clearTimeout(timer);
    this[name] = null;
  }

  private clearTimers(): void {
    this.clearTimer('watchdog');
    this.clearTimer('heartbeatTimer');
    this.clearTimer('reconnectTimer');
    this.clearTimer('stableTimer');
  }
}
