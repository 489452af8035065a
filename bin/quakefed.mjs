#!/usr/bin/env node
// Entry point of the `quakefed` command. The sources are TypeScript run through tsx (the project's one
// way to run TS), registered here so that `npx quakefed`, `npm run quakefed` and a symlinked bin all work.
import { register } from 'tsx/esm/api';

register();
const { main, reportUncaught } = await import('../packages/cli/src/main.ts');
// Registered before anything loads tfjs-wasm, whose own handler would print a whole minified line of
// source for an error thrown outside any awaited call (an event handler): ours reports it and exits first.
process.on('uncaughtException', reportUncaught);
const status = await main(process.argv);
// A failed command exits at once: a half-started server or a worker pool must not keep it alive.
if (status !== 0) process.exit(status);
