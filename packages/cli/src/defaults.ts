/** Defaults of the command line that no package owns. */
import { SHIPPED_MODEL_DIR } from '@quakefed/model';

/** What `quakefed detect` uses without `--model`: the model shipped in the repository. */
export const DEFAULT_MODEL_DIR = SHIPPED_MODEL_DIR;
