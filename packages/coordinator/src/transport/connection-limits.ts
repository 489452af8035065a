/**
 * Admission of connections before anything is read from them, and logging that cannot be flooded.
 * Each open connection costs buffers up to the payload limit until it says Hello, so their number is
 * capped in total and per remote address; a flood of refused or broken connections must not turn into a
 * flood of log lines either.
 */

/** Counts open connections in total and per remote address against their caps. */
export class ConnectionLimits {
  private total = 0;
  private readonly byAddress = new Map<string, number>();

  constructor(
    private readonly maxConnections: number,
    private readonly maxPerAddress: number,
  ) {}

  /** Counts a connection from `address` in, or says why it cannot be (it is then not counted). */
  admit(address: string): string | null {
    if (this.total >= this.maxConnections)
      return `the coordinator holds its maximum of ${this.maxConnections} connections`;
    const fromAddress = this.byAddress.get(address) ?? 0;
    if (fromAddress >= this.maxPerAddress) return `${address} holds its maximum of ${this.maxPerAddress} connections`;
    this.total += 1;
    this.byAddress.set(address, fromAddress + 1);
    return null;
  }

  /** Counts an admitted connection from `address` out. */
  release(address: string): void {
    this.total -= 1;
    const left = (this.byAddress.get(address) ?? 1) - 1;
    if (left > 0) this.byAddress.set(address, left);
    else this.byAddress.delete(address);
  }

  /** Connections counted in. */
  get open(): number {
    return this.total;
  }
}

/**
 * Logs the 1st, 10th, 100th, … occurrence of each event, with the count so far: a burst of a million
 * refused connections writes seven lines, not a million, and the count still says how big it was.
 */
export class DecimatedLog {
  private readonly counts = new Map<string, number>();

  constructor(private readonly write: (event: string, fields: Record<string, unknown>) => void) {}

  /** Counts an occurrence of `event`; writes it when the count is a power of ten. */
  note(event: string, fields: Record<string, unknown>): void {
    const count = (this.counts.get(event) ?? 0) + 1;
    this.counts.set(event, count);
    if (/^10*$/.test(String(count))) this.write(event, { ...fields, occurrences: count });
  }
}
