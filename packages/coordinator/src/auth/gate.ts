/**
 * Who may open a session and who may read `/status` and `/model`. With a tokens file, a WebSocket
 * upgrade must carry `Authorization: Bearer <station token>` and the session is bound to the token's
 * client id; HTTP reads need a read or station token unless reads are public. Without a tokens file the
 * coordinator is open to anyone who can reach it (bound to 127.0.0.1 by default for that reason).
 * Browsers always send `Origin` on a WebSocket upgrade and gateways do not, so an upgrade with an Origin
 * outside `allowedOrigins` is refused: a web page cannot ride on a browser's network position.
 */
import type { IncomingMessage } from 'node:http';
import { bearerToken, type TokenStore } from './tokens.js';

/** The outcome of checking an upgrade: the client id it is bound to (null: no tokens), or an HTTP refusal. */
export type UpgradeVerdict = { clientId: string | null } | { status: number; reason: string };

/** What the gate needs of the options. */
export interface GateOptions {
  allowedOrigins: readonly string[];
  publicRead: boolean;
}

/** Checks upgrades and reads against the tokens (`null`: no tokens file, everything open but Origin). */
export class AccessGate {
  constructor(
    private readonly tokens: TokenStore | null,
    private readonly options: GateOptions,
  ) {}

  /** Whether the request may open a session, and for which client id. */
  async upgrade(req: IncomingMessage): Promise<UpgradeVerdict> {
    const origin = req.headers.origin;
    if (origin !== undefined && !this.options.allowedOrigins.includes(origin)) {
      return { status: 403, reason: `origin ${origin} is not allowed` };
    }
    if (!this.tokens) return { clientId: null };
    const token = bearerToken(req.headers.authorization);
    const clientId = token === null ? null : await this.tokens.stationOf(token);
    return clientId === null ? { status: 401, reason: 'a valid station token is required' } : { clientId };
  }

  /** Whether the request may read `/status` and `/model`. */
  async read(req: IncomingMessage): Promise<boolean> {
    if (!this.tokens || this.options.publicRead) return true;
    const token = bearerToken(req.headers.authorization);
    return token !== null && (await this.tokens.canRead(token));
  }
}
