/** Defaults of the command line that no package owns. */
import { fileURLToPath } from 'node:url';

/**
 * The model shipped in the repository (`models/default/`: model.json, weights.bin, its operating
 * points and the manifest of the `quakefed pretrain` run that made it): what `quakefed detect` uses
 * without `--model`.
 */
export const DEFAULT_MODEL_DIR = fileURLToPath(new URL('../../../models/default', import.meta.url));
