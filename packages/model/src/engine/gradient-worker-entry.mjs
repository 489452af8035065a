// Entry of a gradient helper thread. Worker threads do not inherit the parent's module loader hooks,
// so the TypeScript worker is loaded through tsx registered here (the project's one way to run TS).
import { register } from 'tsx/esm/api';

register();
await import('./gradient-worker.ts');
