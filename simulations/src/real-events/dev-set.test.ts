import { test } from 'node:test';
import assert from 'node:assert/strict';
import { channelTypeOf, DEV_SET_DIR, loadRealEventSet, parsePicks } from './dev-set.js';

test('channel codes map to instrument families', () => {
  assert.deepEqual(['HHZ', 'BHZ', 'EHZ', 'SHZ', 'ELZ', 'DPZ', 'HNZ', 'HLZ', 'LHZ'].map(channelTypeOf), [
    'broadband',
    'broadband',
    'short-period',
    'short-period',
    'short-period',
    'geophone',
    'strong-motion',
    'strong-motion',
    'other',
  ]);
});

test('parsePicks reads rows and rejects a bad header or a row without a valid P time, naming the line', () => {
  const ok = parsePicks('file,network,station,channels,p_time,s_time\nx.mseed,NC,ABC,EHZ,2012-01-01T00:00:30.000Z,\n');
  assert.equal(ok[0]!.pTime, Date.UTC(2012, 0, 1, 0, 0, 30));
  assert.equal(ok[0]!.verticalOnly, true);
  assert.ok(Number.isNaN(ok[0]!.sTime));
  assert.throws(() => parsePicks('file,net\n'), { code: 'QF_ERR_DEV_SET_INVALID' });
  assert.throws(
    () => parsePicks('file,network,station,channels,p_time,s_time\nx,NC,A,EHZ,nope,\n'),
    (e: Error & { code?: string }) => e.code === 'QF_ERR_DEV_SET_INVALID' && /line 2/.test(e.message),
  );
});

test('the shipped development set loads: 74 events at 51 stations of 7 networks (as its README says), P 30 s into each 90 s recording', async () => {
  const set = await loadRealEventSet(DEV_SET_DIR, 100);
  assert.equal(set.length, 74);
  assert.equal(new Set(set.map((e) => `${e.network}.${e.station}`)).size, 51);
  assert.deepEqual([...new Set(set.map((e) => e.network))].sort(), ['BG', 'BK', 'NC', 'NN', 'NP', 'PB', 'PG']);
  for (const e of set) {
    assert.equal(e.trace.sampleRate, 100);
    assert.ok(Math.abs(e.pTime - e.trace.startTime - 30_000) < 1000, e.file);
    assert.equal(e.trace.data.length, e.channels.length, e.file);
  }
  assert.equal(set.filter((e) => e.network === 'BG').length > 0, true);
});
