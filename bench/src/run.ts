/** `npm run bench -- <name> [args...]` */
import { runBenchmark } from './registry.js';

const [name, ...args] = process.argv.slice(2);
if (!name) {
  console.error('usage: npm run bench -- <name> [args...]');
  process.exit(2);
}
await runBenchmark(name, args);
