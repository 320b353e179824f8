// Entry point of a reader thread from source (see contracts/src/openapi/comparator/worker-boot.mjs for why a plain
// JavaScript boot file registers tsx for the worker's own import graph). The named reads the thread imports by URL
// are TypeScript too: they load through the same registration.
import { tsImport } from 'tsx/esm/api';

await tsImport('./reader-worker.ts', import.meta.url);
