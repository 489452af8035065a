/**
 * Registry of connected client sessions plus the transport-independent half of the handshake
 * (Hello validation → ClientInfo, Welcome). A client that reconnects with the same id replaces its old
 * session; a session that goes away only fails its own outstanding requests.
 */
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import { PROTOCOL_VERSION, type Envelope, type Hello, type Welcome } from '@quakefed/proto';
import { CLOSE_CODES, PARAMETER_ENCODING } from './constants.js';
import { ClientFailureError, COORDINATOR_ERROR_CODES } from './errors.js';
import type { Logger } from '@quakefed/core';
import type { ClientInfo } from './strategy/types.js';
import type { ClientProxy } from './transport/types.js';

/** Longest accepted client id (ids end up in logs and file names). */
const MAX_CLIENT_ID_LENGTH = 128;

/** Reasons a Hello is refused. */
export class HandshakeError extends ClientFailureError {}

/**
 * Validates a Hello envelope.
 * @throws HandshakeError (`QF_ERR_CLIENT_FAILED`) for a wrong protocol version or an unusable client id
 */
export function clientInfoFromHello(envelope: Envelope<Hello>): ClientInfo {
  if (envelope.protocolVersion !== PROTOCOL_VERSION) {
    throw new HandshakeError(
      COORDINATOR_ERROR_CODES.clientFailed,
      `protocol version ${envelope.protocolVersion} is not ${PROTOCOL_VERSION}`,
    );
  }
  const hello = envelope.message;
  const id = hello.clientId;
  if (id.length === 0 || id.length > MAX_CLIENT_ID_LENGTH || /[\u0000-\u001f]/.test(id)) {
    throw new HandshakeError(COORDINATOR_ERROR_CODES.clientFailed, `unusable client id ${JSON.stringify(id)}`);
  }
  const { backend, tensorEncodings, maxMessageBytes } = hello.capabilities;
  return {
    id,
    stationIds: [...hello.stationIds],
    capabilities: {
      backend,
      tensorEncodings: tensorEncodings.join(','),
      maxMessageBytes,
      windows: hello.dataSummary.windows,
      positives: hello.dataSummary.positives,
    },
  };
}

/** The Welcome sent to an accepted client. */
export function welcomeFor(sessionId: string, heartbeatIntervalMs: number): Welcome {
  return { kind: 'welcome', sessionId, config: {}, heartbeatIntervalMs, tensorEncoding: PARAMETER_ENCODING };
}

/** A fresh session id. */
export const newSessionId = (): string => randomUUID();

/** The connected sessions by client id, and waiting until enough of them are connected. */
export class ClientManager {
  private readonly sessions = new Map<string, ClientProxy>();
  private readonly changes = new EventEmitter();

  constructor(private readonly logger: Logger) {
    this.changes.setMaxListeners(0);
  }

  /** Adds a session; an existing session with the same client id is closed and replaced. */
  register(proxy: ClientProxy): void {
    const old = this.sessions.get(proxy.info.id);
    this.sessions.set(proxy.info.id, proxy);
    if (old) {
      this.logger.info('client_replaced', {
        clientId: proxy.info.id,
        oldSession: old.sessionId,
        newSession: proxy.sessionId,
      });
      old.close(CLOSE_CODES.REPLACED, 'replaced by a newer session');
    }
    this.logger.info('client_connected', {
      clientId: proxy.info.id,
      sessionId: proxy.sessionId,
      stationIds: proxy.info.stationIds,
      connected: this.sessions.size,
    });
    this.changes.emit('change');
  }

  /** Removes a session if it is still the current one for its client id (a replaced one is ignored). */
  unregister(proxy: ClientProxy): void {
    if (this.sessions.get(proxy.info.id) !== proxy) return;
    this.sessions.delete(proxy.info.id);
    this.logger.info('client_disconnected', { clientId: proxy.info.id, connected: this.sessions.size });
    this.changes.emit('change');
  }

  /** Number of connected clients. */
  get count(): number {
    return this.sessions.size;
  }

  /** The connected sessions, sorted by client id (deterministic sampling input). */
  list(): ClientProxy[] {
    return [...this.sessions.values()].sort((a, b) => (a.info.id < b.info.id ? -1 : a.info.id > b.info.id ? 1 : 0));
  }

  /** The current session of a client, or `undefined` if it is not connected. */
  find(clientId: string): ClientProxy | undefined {
    return this.sessions.get(clientId);
  }

  /**
   * The current session of a client.
   * @throws ClientFailureError `QF_ERR_UNKNOWN_CLIENT` if it is not connected
   */
  get(clientId: string): ClientProxy {
    const proxy = this.sessions.get(clientId);
    if (!proxy)
      throw new ClientFailureError(COORDINATOR_ERROR_CODES.unknownClient, `client ${clientId} is not connected`);
    return proxy;
  }

  /** Resolves once at least `n` clients are connected; rejects with `signal.reason` on abort. */
  waitForClients(n: number, signal: AbortSignal): Promise<void> {
    if (this.sessions.size >= n) return Promise.resolve();
    if (signal.aborted) return Promise.reject(signal.reason as Error);
    return new Promise((resolve, reject) => {
      const done = (): void => {
        this.changes.off('change', onChange);
        signal.removeEventListener('abort', onAbort);
      };
      const onChange = (): void => {
        if (this.sessions.size < n) return;
        done();
        resolve();
      };
      const onAbort = (): void => {
        done();
        reject(signal.reason as Error);
      };
      this.changes.on('change', onChange);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Closes every session with a Bye. */
  byeAll(reason: string): void {
    for (const proxy of this.list()) proxy.bye(reason);
    this.sessions.clear();
    this.changes.emit('change');
  }

  /** Asks every connected client to reconnect after `delayMs` (a restart), then forgets them. */
  reconnectAll(delayMs: number, reason: string): void {
    for (const proxy of this.list()) proxy.reconnect(delayMs, reason);
    this.sessions.clear();
    this.changes.emit('change');
  }
}
