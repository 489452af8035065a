/**
 * A development set of real earthquakes: one miniSEED file per event with the analyst's P (and S)
 * pick, listed in a `picks.csv` (file, network, station, channels, p_time, s_time). The layout of the
 * PhaseNet example waveforms shipped in `data/real/phasenet-dev/` (source and licence in its README).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readMiniSeedFile, type Trace } from '@quakefed/seismic';
import { SIM_ERROR_CODES, SimulationError } from '../errors.js';

/** The development set shipped in the repository (`data/real/phasenet-dev/`, see its README). */
export const DEV_SET_DIR = fileURLToPath(new URL('../../../data/real/phasenet-dev', import.meta.url));

/** Instrument families, named from the SEED band and instrument codes of the channels. */
export type ChannelType = 'broadband' | 'short-period' | 'geophone' | 'strong-motion' | 'other';

/** One real event at one station. */
export interface RealEvent {
  file: string;
  network: string;
  station: string;
  /** Channel codes, e.g. ['HHE', 'HHN', 'HHZ']. */
  channels: string[];
  channelType: ChannelType;
  /** The station records only the vertical component. */
  verticalOnly: boolean;
  /** Analyst P and S picks, epoch ms (S may be NaN when not picked). */
  pTime: number;
  sTime: number;
}

/** An event with its waveforms. */
export interface RealEventRecording extends RealEvent {
  trace: Trace;
}

/** SEED band + instrument code → instrument family (SEED manual, appendix A). */
export function channelTypeOf(channel: string): ChannelType {
  const code = channel.slice(0, 2).toUpperCase();
  if (code === 'BH' || code === 'HH') return 'broadband';
  if (code === 'EH' || code === 'SH' || code === 'EL') return 'short-period';
  if (code === 'DP') return 'geophone';
  if (code === 'HN' || code === 'HL') return 'strong-motion';
  return 'other';
}

const COLUMNS = ['file', 'network', 'station', 'channels', 'p_time', 's_time'] as const;

/** Parses `picks.csv`; throws `QF_ERR_DEV_SET_INVALID` naming the line of any malformed row. */
export function parsePicks(text: string): RealEvent[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header =
    lines
      .shift()
      ?.split(',')
      .map((h) => h.trim()) ?? [];
  if (COLUMNS.some((c, i) => header[i] !== c)) {
    throw new SimulationError(
      SIM_ERROR_CODES.devSetInvalid,
      `picks.csv: header must be ${COLUMNS.join(',')}, got ${header.join(',')}`,
    );
  }
  return lines.map((line, k) => {
    const [file, network, station, channels, p, s] = line.split(',').map((f) => f.trim());
    const pTime = Date.parse(p ?? '');
    if (!file || !network || !station || !channels || !Number.isFinite(pTime)) {
      throw new SimulationError(
        SIM_ERROR_CODES.devSetInvalid,
        `picks.csv line ${k + 2}: expected ${COLUMNS.length} fields with a valid p_time, got "${line}"`,
      );
    }
    const list = channels.split('_');
    return {
      file,
      network,
      station,
      channels: list,
      channelType: channelTypeOf(list[0]!),
      verticalOnly: list.length === 1,
      pTime,
      sTime: s ? Date.parse(s) : Number.NaN,
    };
  });
}

/**
 * Reads a development set directory (picks.csv and the miniSEED files it names), resampling every
 * trace to `sampleRate` Hz. A listed file that is missing or holds no trace is an error naming it.
 */
export async function loadRealEventSet(dir: string, sampleRate: number): Promise<RealEventRecording[]> {
  const events = parsePicks(await readFile(join(dir, 'picks.csv'), 'utf8'));
  const out: RealEventRecording[] = [];
  for (const e of events) {
    let traces: Trace[];
    try {
      traces = await readMiniSeedFile(join(dir, e.file), { sampleRate });
    } catch (err) {
      throw new SimulationError(SIM_ERROR_CODES.devSetInvalid, `${e.file}: ${(err as Error).message}`);
    }
    if (traces.length === 0) throw new SimulationError(SIM_ERROR_CODES.devSetInvalid, `${e.file}: no trace`);
    out.push({ ...e, trace: traces[0]! });
  }
  return out;
}
