import type { Command } from 'commander';
import { runDetect, type DetectFormat } from '@quakefed/client';

interface DetectFlags {
  model: string;
  input: string[];
  out: string;
  format: string;
  threshold?: string;
  hop?: string;
  stalta?: boolean;
}

/** `quakefed detect`: run the federated model over continuous miniSEED data. */
export function registerDetect(program: Command): void {
  program
    .command('detect')
    .description('detect earthquakes in miniSEED files with a model (directory or coordinator URL)')
    .requiredOption('--model <dir|url>', 'model directory (model.json + weights.bin) or coordinator http(s) URL')
    .requiredOption('--input <files...>', 'miniSEED files (2 or 3)')
    .option('--out <dir>', 'output directory', 'detections')
    .option('--format <list>', 'comma-separated: csv,json,quakeml', 'csv,json,quakeml')
    .option('--threshold <p>', 'window probability threshold')
    .option('--hop <seconds>', 'hop between windows')
    .option('--stalta', 'also run the STA/LTA baseline and write its triggers')
    .action(async (f: DetectFlags) => {
      const report = await runDetect({
        model: f.model,
        inputs: f.input,
        outDir: f.out,
        formats: f.format.split(',').map((s) => s.trim()) as DetectFormat[],
        ...(f.threshold !== undefined ? { threshold: Number(f.threshold) } : {}),
        ...(f.hop !== undefined ? { hopSec: Number(f.hop) } : {}),
        stalta: f.stalta === true,
      });
      process.stdout.write(`${JSON.stringify(report.summary)}\n`);
    });
}
