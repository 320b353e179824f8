// Entry point of a decoder thread from source (see contracts/src/openapi/comparator/worker-boot.mjs for why
// a plain JavaScript boot file registers tsx for the worker's own import graph).
import { tsImport } from 'tsx/esm/api';

await tsImport('./worker.ts', import.meta.url);
