#!/usr/bin/env node
// Entry point of the `quakefed` command. The sources are TypeScript run through tsx (the project's one
// way to run TS), registered here so that `npx quakefed`, `npm run quakefed` and a symlinked bin all work.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../packages/cli/src/main.ts');
const status = await main(process.argv);
// A failed command exits at once: a half-started server or a worker pool must not keep it alive.
if (status !== 0) process.exit(status);
