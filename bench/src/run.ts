/** `npm run bench -- <name> [args...]` */
import { benchmarkNames, runBenchmark } from './registry.js';

const [name, ...args] = process.argv.slice(2);
if (!name || !benchmarkNames().includes(name)) {
  // One line, not a stack trace: a typo is a usage error.
  console.error(
    `${name ? `unknown benchmark "${name}"; ` : ''}usage: npm run bench -- <name> [args...], name one of ${benchmarkNames().join(', ')}`,
  );
  process.exit(2);
}
await runBenchmark(name, args);
