/**
 * A run directory: everything one simulation or experiment leaves behind, so a run can be read,
 * plotted again or replayed (`config.json` is the complete resolved scenario).
 *
 * ```
 * <outDir>/<name>-<UTC timestamp>/
 *   config.json     resolved scenario
 *   rounds.jsonl    one RoundRecord per line, appended as rounds commit
 *   rounds.json     the same records as one array (written at the end)
 *   results.json    one ArmResult per compared model
 *   real-events.json  `experiment` only: the models and STA/LTA on the real development events
 *   model/          final global model (tfjs layers format: model.json + weights.bin)
 *   plots/*.svg     rounds.svg, pr.svg, events.svg
 *   report.md, report.html
 *   INCOMPLETE      only if the run was interrupted: what is here is partial
 * ```
 *
 * A repeated run (`seeds` > 1) is a directory of complete run directories, one per seed, with the
 * combined figures beside them:
 *
 * ```
 * <outDir>/<name>-<UTC timestamp>/
 *   config.json     the scenario as given (seeds: N)
 *   seed-1/ … seed-N/   one run directory each (its config.json holds the derived seeds)
 *   summary.json    per model and figure: the value of each seed
 *   report.md, report.html   mean ± sd table, links to each seed's report
 * ```
 */
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { legacyKeys } from '@quakefed/client';
import type { Scenario } from '../scenario.js';
import type { ArmResult, RoundRecord } from '../eval/types.js';

/** Files a complete run directory holds (relative paths). */
export const RUN_FILES = {
  config: 'config.json',
  roundsLog: 'rounds.jsonl',
  rounds: 'rounds.json',
  results: 'results.json',
  modelJson: 'model/model.json',
  modelWeights: 'model/weights.bin',
  plotRounds: 'plots/rounds.svg',
  plotPr: 'plots/pr.svg',
  plotEvents: 'plots/events.svg',
  reportMd: 'report.md',
  reportHtml: 'report.html',
} as const;

/** Files only `experiment` writes (besides RUN_FILES): its models on the real development events. */
export const EXPERIMENT_FILES = { realEvents: 'real-events.json' } as const;

/**
 * Keys results.json and real-events.json keep from before the API spelt seconds `…Seconds` (#14), so
 * that runs old and new read alike: `JSON.stringify` replacers.
 */
export const RESULTS_FILE_KEYS = legacyKeys({ hitWindowSeconds: 'hitWindowS' });
export const REAL_EVENTS_FILE_KEYS = legacyKeys({ hopSeconds: 'hopSec', delaySeconds: 'delayS' });

/** Files of a repeated run's directory besides its seed directories. */
export const SERIES_FILES = {
  config: RUN_FILES.config,
  summary: 'summary.json',
  reportMd: RUN_FILES.reportMd,
  reportHtml: RUN_FILES.reportHtml,
} as const;

/**
 * Written into a run directory whose run was interrupted (Ctrl-C): its other files are a partial run,
 * however complete they look.
 */
export const INCOMPLETE_FILE = 'INCOMPLETE';

/** Directory of repeat `k` (0-based) inside a repeated run's directory. */
export const seedDirectory = (k: number) => `seed-${k + 1}`;

/** Writer for one run directory. */
export class RunDirectory {
  private readonly rounds: RoundRecord[] = [];

  private constructor(readonly path: string) {}

  /** Creates `<outDir>/<name>-<timestamp>` (a numeric suffix keeps two runs in one second apart). */
  static async create(outDir: string, name: string, now = new Date()): Promise<RunDirectory> {
    const stamp = now
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d+Z$/, 'Z');
    for (let i = 0; ; i++) {
      try {
        return await RunDirectory.at(resolve(outDir, `${name}-${stamp}${i === 0 ? '' : `-${i}`}`));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
    }
  }

  /**
   * Creates the run directory at exactly `path` (its parent is created when missing).
   * @throws the file system's EEXIST error when `path` exists already
   */
  static async at(path: string): Promise<RunDirectory> {
    const full = resolve(path);
    await mkdir(dirname(full), { recursive: true });
    await mkdir(full);
    return new RunDirectory(full);
  }

  /** Absolute path of a file of the run. */
  file(relative: string): string {
    return join(this.path, relative);
  }

  /** Directory the final global model is saved into. */
  get modelDir(): string {
    return join(this.path, 'model');
  }

  async writeConfig(scenario: Scenario): Promise<void> {
    await writeJson(this.file(RUN_FILES.config), scenario);
  }

  /** Appends one round to rounds.jsonl at once, so a crashed run still shows how far it got. */
  async appendRound(record: RoundRecord): Promise<void> {
    this.rounds.push(record);
    await appendFile(this.file(RUN_FILES.roundsLog), `${JSON.stringify(record)}\n`);
  }

  /** Every round appended so far. */
  get roundRecords(): readonly RoundRecord[] {
    return this.rounds;
  }

  async writeRounds(): Promise<void> {
    await writeJson(this.file(RUN_FILES.rounds), this.rounds);
  }

  async writeResults(arms: ArmResult[]): Promise<void> {
    await writeJson(this.file(RUN_FILES.results), arms, RESULTS_FILE_KEYS);
  }

  /** Writes a JSON file of the run (e.g. a repeated run's `summary.json`). */
  async writeJson(relative: string, value: unknown): Promise<void> {
    await writeJson(this.file(relative), value);
  }
}

async function writeJson(
  path: string,
  value: unknown,
  replacer?: (key: string, value: unknown) => unknown,
): Promise<void> {
  await writeFile(path, `${JSON.stringify(value, replacer, 2)}\n`);
}
