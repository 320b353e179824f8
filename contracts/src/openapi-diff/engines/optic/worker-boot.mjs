// Entry point of the Optic worker thread. Plain JavaScript on purpose (as the comparator's worker-boot.mjs): a worker
// does not inherit the parent's loader hooks, so tsImport registers tsx for this one import graph.
import { tsImport } from 'tsx/esm/api';

await tsImport('./worker.ts', import.meta.url);
