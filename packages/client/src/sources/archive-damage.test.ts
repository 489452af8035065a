/**
 * A gateway's archive with a hostile file (day of year 566, which once made the Hello unencodable) and a
 * truncated one: the first is skipped and the second read up to its cut, each with a warning naming it,
 * and the summary stays finite.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger, type LogRecord } from '@quakefed/core';
import { MiniSeedDirectorySource } from './miniseed-directory.js';

/** CO_JSC.mseed: 14 miniSEED 2 records of 512 bytes, 3000 samples at 100 Hz; the last holds 204. */
const fixture = fileURLToPath(new URL('../../../../data/real/CO_JSC.mseed', import.meta.url));
const RECORD_BYTES = 512;
const V2_DAY_OF_YEAR = 22;

test('a hostile file is skipped and a truncated one salvaged, each logged by path; the summary stays finite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'qf-damaged-'));
  try {
    const bytes = readFileSync(fixture);
    const hostile = Buffer.from(bytes);
    hostile.writeUInt16BE(566, V2_DAY_OF_YEAR);
    writeFileSync(join(dir, 'a-hostile.mseed'), hostile);
    writeFileSync(join(dir, 'b-truncated.mseed'), bytes.subarray(0, 13 * RECORD_BYTES + 100));
    const logged: LogRecord[] = [];
    const logger = createLogger({ level: 'debug', write: () => {}, onRecord: (r) => logged.push(r) });
    const source = new MiniSeedDirectorySource({
      dataDir: dir,
      stationIds: ['CO.JSC.00.HHZ'],
      station: { latitude: 0, longitude: 0, elevationM: 0 },
      logger,
    });
    const summary = await source.summary();
    assert.equal(summary.hours, (3000 - 204) / 100 / 3600);
    assert.deepEqual(
      logged.map((r) => [r.level, r.msg, r.path, r.records]),
      [
        ['warn', 'archive_file_skipped', join(dir, 'a-hostile.mseed'), undefined],
        ['warn', 'archive_file_truncated', join(dir, 'b-truncated.mseed'), 13],
      ],
    );
    assert.match(String(logged[0]!.reason), /record 0 at byte 0: start time/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
