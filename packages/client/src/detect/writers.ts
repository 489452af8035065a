/**
 * Output formats for detections: CSV (one row per detection), JSON, and QuakeML 1.2 picks
 * (`eventParameters/pick`, phase hint P, evaluation mode automatic) that seismological software
 * (SeisComP, ObsPy) reads directly.
 */
import type { Detection, StreamId } from './merge.js';

/** One pick for the QuakeML writer; detections and STA/LTA triggers are both written as picks. */
export interface Pick extends StreamId {
  /** Pick time, epoch ms UTC. */
  time: number;
  /** Free text written as the pick's comment (e.g. "probability=0.93"). */
  comment?: string;
}

/** Who made the picks and how (QuakeML methodID / creationInfo). */
export interface PickProvenance {
  /** Resource identifier of the picking method, e.g. `smi:quakefed/method/cnn`. */
  methodId: string;
  agencyId: string;
  /** Creation time, epoch ms (injected so outputs are reproducible in tests). */
  creationTime: number;
}

const iso = (ms: number): string => new Date(ms).toISOString();

const CSV_HEADER = 'network,station,location,channel,time,probability,windows,first_window_start,last_window_end';

/** Detections as CSV with a header line; times ISO 8601 UTC. */
export function detectionsToCsv(detections: readonly Detection[]): string {
  const rows = detections.map((d) =>
    [
      d.network,
      d.station,
      d.location,
      d.channel,
      iso(d.time),
      d.probability.toFixed(4),
      d.windows,
      iso(d.firstWindowStart),
      iso(d.lastWindowEnd),
    ].join(','),
  );
  return [CSV_HEADER, ...rows].join('\n') + '\n';
}

/** Detections as a JSON document `{ detections: [...] }` with ISO times next to the epoch-ms values. */
export function detectionsToJson(detections: readonly Detection[], extra: Record<string, unknown> = {}): string {
  return (
    JSON.stringify({ ...extra, detections: detections.map((d) => ({ ...d, timeIso: iso(d.time) })) }, null, 2) + '\n'
  );
}

const XML_ENTITIES: Record<string, string> = { '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' };

/** Picks (e.g. STA/LTA triggers) as CSV with a header line. */
export function picksToCsv(picks: readonly Pick[]): string {
  const rows = picks.map((p) => [p.network, p.station, p.location, p.channel, iso(p.time), p.comment ?? ''].join(','));
  return ['network,station,location,channel,time,comment', ...rows].join('\n') + '\n';
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => XML_ENTITIES[c]!);
}

/** Resource-identifier-safe token (QuakeML publicIDs forbid spaces and most punctuation). */
function idToken(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]/g, '_');
}

/** Picks as a QuakeML 1.2 document (element order follows the QuakeML-BED 1.2 schema for Pick). */
export function picksToQuakeMl(picks: readonly Pick[], provenance: PickProvenance): string {
  const created = iso(provenance.creationTime);
  const agency = escapeXml(provenance.agencyId);
  const base = `smi:${idToken(provenance.agencyId)}`;
  const body = picks
    .map((p, i) => {
      const stream = `${p.network}.${p.station}.${p.location}.${p.channel}`;
      const location = p.location === '' ? '' : ` locationCode="${escapeXml(p.location)}"`;
      const comment = p.comment ? `\n      <comment><text>${escapeXml(p.comment)}</text></comment>` : '';
      return `    <pick publicID="${base}/pick/${idToken(stream)}/${p.time}/${i}">${comment}
      <time><value>${iso(p.time)}</value></time>
      <waveformID networkCode="${escapeXml(p.network)}" stationCode="${escapeXml(p.station)}"${location} channelCode="${escapeXml(p.channel)}"/>
      <methodID>${escapeXml(provenance.methodId)}</methodID>
      <phaseHint>P</phaseHint>
      <evaluationMode>automatic</evaluationMode>
      <creationInfo><agencyID>${agency}</agencyID><creationTime>${created}</creationTime></creationInfo>
    </pick>`;
    })
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<q:quakeml xmlns:q="http://quakeml.org/xmlns/quakeml/1.2" xmlns="http://quakeml.org/xmlns/bed/1.2">
  <eventParameters publicID="${base}/eventParameters/${provenance.creationTime}">
${body}
  </eventParameters>
</q:quakeml>
`;
}

/** Detections as QuakeML picks, the probability in each pick's comment. */
export function detectionsToPicks(detections: readonly Detection[]): Pick[] {
  return detections.map((d) => ({
    network: d.network,
    station: d.station,
    location: d.location,
    channel: d.channel,
    time: d.time,
    comment: `probability=${d.probability.toFixed(4)}`,
  }));
}
