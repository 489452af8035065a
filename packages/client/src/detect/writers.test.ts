import { test } from 'node:test';
import assert from 'node:assert/strict';
import { XMLParser } from 'fast-xml-parser';
import { detectionsToCsv, detectionsToJson, detectionsToPicks, picksToQuakeMl } from './writers.js';
import type { Detection } from './merge.js';

const t0 = Date.UTC(2024, 1, 6, 11, 30, 13, 250);
const detection: Detection = {
  network: 'CO',
  station: 'JSC',
  location: '00',
  channel: 'HHZ',
  time: t0,
  probability: 0.93456,
  firstWindowStart: t0 - 8000,
  lastWindowEnd: t0 + 9000,
  windows: 7,
};
const provenance = { methodId: 'smi:quakefed/method/cnn', agencyId: 'quakefed', creationTime: t0 + 60_000 };

test('CSV has a header and one row per detection with ISO times', () => {
  const lines = detectionsToCsv([detection, detection]).trim().split('\n');
  assert.equal(lines.length, 3);
  assert.match(lines[0]!, /^network,station,location,channel,time,probability/);
  assert.equal(lines[1]!.split(',')[4], '2024-02-06T11:30:13.250Z');
  assert.equal(lines[1]!.split(',')[5], '0.9346');
});

test('JSON round-trips the detections', () => {
  const doc = JSON.parse(detectionsToJson([detection], { model: 'm' })) as { model: string; detections: Detection[] };
  assert.equal(doc.model, 'm');
  assert.equal(doc.detections[0]!.time, t0);
  assert.equal(doc.detections[0]!.station, 'JSC');
});

test('QuakeML picks parse back with time, waveform id, phase hint and evaluation mode', () => {
  const xml = picksToQuakeMl(detectionsToPicks([detection]), provenance);
  const doc = new XMLParser({ ignoreAttributes: false, removeNSPrefix: true, isArray: (n) => n === 'pick' }).parse(xml);
  const pick = doc.quakeml.eventParameters.pick[0];
  assert.equal(pick.time.value, '2024-02-06T11:30:13.250Z');
  assert.equal(pick.waveformID['@_networkCode'], 'CO');
  assert.equal(pick.waveformID['@_stationCode'], 'JSC');
  assert.equal(pick.waveformID['@_locationCode'], '00');
  assert.equal(pick.waveformID['@_channelCode'], 'HHZ');
  assert.equal(pick.phaseHint, 'P');
  assert.equal(pick.evaluationMode, 'automatic');
  assert.equal(pick.creationInfo.agencyID, 'quakefed');
  assert.match(pick['@_publicID'], /^smi:/);
});

test('QuakeML escapes markup in codes and comments', () => {
  const xml = picksToQuakeMl([{ ...detection, station: 'A&B', comment: '<x>' }], provenance);
  const doc = new XMLParser({ ignoreAttributes: false, removeNSPrefix: true, isArray: (n) => n === 'pick' }).parse(xml);
  assert.equal(doc.quakeml.eventParameters.pick[0].waveformID['@_stationCode'], 'A&B');
  assert.equal(doc.quakeml.eventParameters.pick[0].comment.text, '<x>');
});
