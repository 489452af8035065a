// Entry of every pool worker. Worker threads do not inherit the parent's module loader hooks, so the
// TypeScript job module is loaded through tsx registered here (the project's one way to run TS).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.jobModule);
