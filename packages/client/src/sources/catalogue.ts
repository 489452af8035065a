/**
 * Earthquake catalogues that label a gateway's archive: CSV (the columns of the USGS/FDSN CSV exports)
 * or QuakeML 1.2 (event / preferred origin / preferred magnitude). Only what labelling needs is kept.
 */
import { readFile } from 'node:fs/promises';
import { XMLParser } from 'fast-xml-parser';
import { ClientError, CLIENT_ERROR_CODES } from '../errors.js';

/** One catalogued earthquake. */
export interface CatalogueEvent {
  /** Origin time, epoch milliseconds UTC. */
  originTime: number;
  latitude: number;
  longitude: number;
  /** Hypocentre depth below sea level, kilometres. */
  depthKm: number;
  magnitude: number;
  /** Catalogue event id where the file has one. */
  id?: string;
}

/** Accepted CSV header names per field (lower case); the first that is present wins. */
const CSV_COLUMNS = {
  time: ['time', 'origin_time', 'origintime', 'datetime'],
  latitude: ['latitude', 'lat'],
  longitude: ['longitude', 'lon', 'long'],
  depth: ['depth', 'depth_km', 'depthkm'],
  magnitude: ['magnitude', 'mag', 'ml'],
  id: ['id', 'eventid', 'event_id'],
} as const;

function badCatalogue(message: string): ClientError {
  return new ClientError(CLIENT_ERROR_CODES.badCatalogue, message);
}

function parseTime(text: string, where: string): number {
  // ISO 8601 without a zone designator is UTC in seismology catalogues; Date.parse would read local time.
  const iso = /[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text}Z`;
  const ms = Date.parse(iso.replace(' ', 'T'));
  if (!Number.isFinite(ms)) throw badCatalogue(`${where}: bad origin time "${text}"`);
  return ms;
}

function parseNumber(text: string | undefined, field: string, where: string): number {
  const value = Number(text);
  if (text === undefined || text.trim() === '' || !Number.isFinite(value)) {
    throw badCatalogue(`${where}: bad ${field} "${text ?? ''}"`);
  }
  return value;
}

/** Splits one CSV line, honouring double-quoted fields (USGS place names contain commas). */
function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(field.trim());
      field = '';
    } else field += c;
  }
  out.push(field.trim());
  return out;
}

/** Parses CSV catalogue text: a header line naming the columns, then one event per line. */
export function parseCatalogueCsv(text: string): CatalogueEvent[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '' && !l.startsWith('#'));
  const header = lines.shift();
  if (header === undefined) return [];
  const names = splitCsvLine(header).map((h) => h.toLowerCase());
  const column = (field: keyof typeof CSV_COLUMNS): number =>
    names.findIndex((n) => (CSV_COLUMNS[field] as readonly string[]).includes(n));
  const idx = {
    time: column('time'),
    latitude: column('latitude'),
    longitude: column('longitude'),
    depth: column('depth'),
    magnitude: column('magnitude'),
    id: column('id'),
  };
  for (const field of ['time', 'latitude', 'longitude', 'depth', 'magnitude'] as const) {
    if (idx[field] < 0) throw badCatalogue(`CSV catalogue has no ${field} column (header: ${header})`);
  }
  return lines.map((line, i) => {
    const cells = splitCsvLine(line);
    const where = `CSV catalogue line ${i + 2}`;
    const event: CatalogueEvent = {
      originTime: parseTime(cells[idx.time] ?? '', where),
      latitude: parseNumber(cells[idx.latitude], 'latitude', where),
      longitude: parseNumber(cells[idx.longitude], 'longitude', where),
      depthKm: parseNumber(cells[idx.depth], 'depth', where),
      magnitude: parseNumber(cells[idx.magnitude], 'magnitude', where),
    };
    const id = idx.id >= 0 ? cells[idx.id] : undefined;
    if (id) event.id = id;
    return event;
  });
}

type XmlNode = Record<string, unknown>;

const asArray = (v: unknown): XmlNode[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]) as XmlNode[];

/** `<x><value>…</value></x>` → the value text. */
function quantity(node: unknown): string | undefined {
  const value = (node as XmlNode | undefined)?.value;
  return value === undefined ? undefined : String(value);
}

/** Picks the element whose publicID is `preferred`, else the first. */
function preferred(nodes: XmlNode[], preferredId: unknown): XmlNode | undefined {
  return nodes.find((n) => n['@_publicID'] === preferredId) ?? nodes[0];
}

/**
 * Parses QuakeML 1.2 text. For each event the preferred origin and magnitude are used (the first ones
 * when no preference is given); events without an origin or a magnitude are skipped, as they cannot
 * label anything. QuakeML depths are metres; they are converted to kilometres.
 */
export function parseQuakeMl(text: string): CatalogueEvent[] {
  const parser = new XMLParser({ ignoreAttributes: false, removeNSPrefix: true, parseTagValue: false });
  let doc: XmlNode;
  try {
    doc = parser.parse(text) as XmlNode;
  } catch (err) {
    throw badCatalogue(`QuakeML is not well-formed XML: ${(err as Error).message}`);
  }
  const root = doc.quakeml as XmlNode | undefined;
  const params = root?.eventParameters as XmlNode | undefined;
  if (!params) throw badCatalogue('QuakeML has no quakeml/eventParameters element');
  const events: CatalogueEvent[] = [];
  for (const event of asArray(params.event)) {
    const origin = preferred(asArray(event.origin), event.preferredOriginID);
    const magnitude = preferred(asArray(event.magnitude), event.preferredMagnitudeID);
    if (!origin || !magnitude) continue;
    const where = `QuakeML event ${String(event['@_publicID'] ?? events.length)}`;
    const out: CatalogueEvent = {
      originTime: parseTime(quantity(origin.time) ?? '', where),
      latitude: parseNumber(quantity(origin.latitude), 'latitude', where),
      longitude: parseNumber(quantity(origin.longitude), 'longitude', where),
      depthKm: parseNumber(quantity(origin.depth) ?? '0', 'depth', where) / 1000,
      magnitude: parseNumber(quantity(magnitude.mag), 'magnitude', where),
    };
    if (typeof event['@_publicID'] === 'string') out.id = event['@_publicID'];
    events.push(out);
  }
  return events;
}

/** Reads a catalogue file; QuakeML when the name ends in .xml/.qml/.quakeml or the text starts with `<`. */
export async function readCatalogue(path: string): Promise<CatalogueEvent[]> {
  const text = await readFile(path, 'utf8');
  const isXml = /\.(xml|qml|quakeml)$/i.test(path) || text.trimStart().startsWith('<');
  const events = isXml ? parseQuakeMl(text) : parseCatalogueCsv(text);
  return events.sort((a, b) => a.originTime - b.originTime);
}
