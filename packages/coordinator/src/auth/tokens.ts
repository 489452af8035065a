/**
 * Per-station tokens and read tokens, kept in a JSON file of SHA-256 hashes (the coordinator never holds
 * a token itself, so a copy of the file grants nothing):
 *
 *   { "stations": { "<client id>": "<sha256 hex of its token>" }, "readers": ["<sha256 hex>", ...] }
 *
 * A station token is `<client id>.<secret>` — bound to one client id by construction: the id is read
 * from the token, and the token's hash is compared in constant time with the hash stored for that id.
 * A read token (or any station token) opens `/status` and `/model`. The file is re-read when its
 * modification time changes, so tokens are added and revoked without a restart; a file that no longer
 * parses keeps the previous tokens in force (and is reported) rather than opening or closing every door.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { COORDINATOR_ERROR_CODES, CoordinatorError } from '../errors.js';

interface TokenTable {
  stations: Map<string, Buffer>;
  readers: Buffer[];
}

const HASH_HEX = /^[0-9a-f]{64}$/;

/** SHA-256 of a token, as stored in the tokens file (hex). */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The client id a station token is bound to (everything before its last '.'), or null. */
function idOfToken(token: string): string | null {
  const dot = token.lastIndexOf('.');
  return dot > 0 && dot < token.length - 1 ? token.slice(0, dot) : null;
}

/** @throws CoordinatorError QF_ERR_INVALID_OPTIONS naming what is wrong with the file */
function parseTable(text: string, path: string): TokenTable {
  const bad = (why: string) =>
    new CoordinatorError(COORDINATOR_ERROR_CODES.invalidOptions, `tokens file ${path}: ${why}`);
  let json: { stations?: unknown; readers?: unknown };
  try {
    json = JSON.parse(text) as typeof json;
  } catch (err) {
    throw bad(`not JSON (${(err as Error).message})`);
  }
  const stations = new Map<string, Buffer>();
  for (const [id, hash] of Object.entries((json.stations ?? {}) as Record<string, unknown>)) {
    if (typeof hash !== 'string' || !HASH_HEX.test(hash)) throw bad(`stations.${id} is not a SHA-256 hex digest`);
    stations.set(id, Buffer.from(hash, 'hex'));
  }
  const readers = json.readers ?? [];
  if (!Array.isArray(readers) || !readers.every((h) => typeof h === 'string' && HASH_HEX.test(h))) {
    throw bad('readers must be a list of SHA-256 hex digests');
  }
  return { stations, readers: readers.map((h: string) => Buffer.from(h, 'hex')) };
}

/** The tokens of one tokens file, re-read when it changes (see the file comment). */
export class TokenStore {
  private table: TokenTable = { stations: new Map(), readers: [] };
  private mtimeMs = Number.NaN;

  /** @param onReloadFailed told when a changed file does not parse (the previous tokens stay in force) */
  constructor(
    readonly path: string,
    private readonly onReloadFailed: (error: Error) => void,
  ) {}

  /** Reads the file; call once at start-up. @throws CoordinatorError when it cannot be read or parsed */
  async load(): Promise<void> {
    const { mtimeMs } = await stat(this.path);
    this.table = parseTable(await readFile(this.path, 'utf8'), this.path);
    this.mtimeMs = mtimeMs;
  }

  /** Re-reads the file if it changed since it was last read. */
  private async refresh(): Promise<void> {
    try {
      const { mtimeMs } = await stat(this.path);
      if (mtimeMs === this.mtimeMs) return;
      this.table = parseTable(await readFile(this.path, 'utf8'), this.path);
      this.mtimeMs = mtimeMs;
    } catch (err) {
      this.onReloadFailed(err as Error);
    }
  }

  /** The client id `token` authenticates, or null when it is no valid station token. */
  async stationOf(token: string): Promise<string | null> {
    await this.refresh();
    const id = idOfToken(token);
    const stored = id === null ? undefined : this.table.stations.get(id);
    if (!stored) return null;
    return timingSafeEqual(Buffer.from(hashToken(token), 'hex'), stored) ? id : null;
  }

  /** True when `token` is a read token or a station token. */
  async canRead(token: string): Promise<boolean> {
    if ((await this.stationOf(token)) !== null) return true;
    const presented = Buffer.from(hashToken(token), 'hex');
    // Every reader hash is compared, matched or not, so the time says nothing about which one matched.
    return this.table.readers.reduce((found, hash) => timingSafeEqual(presented, hash) || found, false);
  }
}

/** The bearer token of an `Authorization: Bearer <token>` header, or null. */
export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match ? match[1]! : null;
}
