import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCatalogueCsv, parseQuakeMl } from './catalogue.js';

test('CSV catalogue with USGS column names is parsed, origin times as UTC', () => {
  const csv =
    'time,latitude,longitude,depth,mag,magType,place\n' +
    '2024-02-06T11:30:03.000Z,35.1,-118.2,7.5,1.7,md,"5km N of Somewhere, CA"\n' +
    '2024-02-06 12:00:00,35.2,-118.3,3,2.1,ml,x\n';
  const events = parseCatalogueCsv(csv);
  assert.equal(events.length, 2);
  assert.deepEqual(events[0], {
    originTime: Date.UTC(2024, 1, 6, 11, 30, 3),
    latitude: 35.1,
    longitude: -118.2,
    depthKm: 7.5,
    magnitude: 1.7,
  });
  assert.equal(events[1]!.originTime, Date.UTC(2024, 1, 6, 12));
});

test('CSV catalogue without a magnitude column is rejected with QF_ERR_CATALOGUE', () => {
  assert.throws(() => parseCatalogueCsv('time,latitude,longitude,depth\n2024-01-01T00:00:00Z,1,2,3\n'), {
    code: 'QF_ERR_CATALOGUE',
  });
});

test('CSV catalogue with a bad number names the line', () => {
  assert.throws(() => parseCatalogueCsv('time,lat,lon,depth,mag\n2024-01-01T00:00:00Z,north,2,3,1\n'), /line 2/);
});

test('QuakeML uses the preferred origin and magnitude and converts depth to km', () => {
  const xml = `<?xml version="1.0"?>
<q:quakeml xmlns:q="http://quakeml.org/xmlns/quakeml/1.2" xmlns="http://quakeml.org/xmlns/bed/1.2">
 <eventParameters publicID="smi:x/ep">
  <event publicID="smi:x/ev1">
   <preferredOriginID>smi:x/o2</preferredOriginID>
   <preferredMagnitudeID>smi:x/m2</preferredMagnitudeID>
   <origin publicID="smi:x/o1"><time><value>2020-01-01T00:00:00Z</value></time><latitude><value>1</value></latitude><longitude><value>2</value></longitude><depth><value>1000</value></depth></origin>
   <origin publicID="smi:x/o2"><time><value>2020-01-01T00:00:01.5Z</value></time><latitude><value>10</value></latitude><longitude><value>20</value></longitude><depth><value>8000</value></depth></origin>
   <magnitude publicID="smi:x/m1"><mag><value>1.0</value></mag></magnitude>
   <magnitude publicID="smi:x/m2"><mag><value>2.5</value></mag></magnitude>
  </event>
  <event publicID="smi:x/ev2"><description><text>no origin</text></description></event>
 </eventParameters>
</q:quakeml>`;
  assert.deepEqual(parseQuakeMl(xml), [
    {
      originTime: Date.UTC(2020, 0, 1, 0, 0, 1, 500),
      latitude: 10,
      longitude: 20,
      depthKm: 8,
      magnitude: 2.5,
      id: 'smi:x/ev1',
    },
  ]);
});

test('QuakeML without eventParameters is rejected with QF_ERR_CATALOGUE', () => {
  assert.throws(() => parseQuakeMl('<a><b/></a>'), { code: 'QF_ERR_CATALOGUE' });
});
