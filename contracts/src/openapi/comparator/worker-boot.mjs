// Entry point of a comparator worker thread. Plain JavaScript on purpose: a worker does not
// inherit the parent's loader hooks, and under Node 20 `--import tsx` in a worker's execArgv does not
// take effect before a .ts entry is loaded ("Unknown file extension .ts"). tsImport registers tsx
// for this one import graph, whatever the parent was started with (tsx, node --import tsx, mocha).
import { tsImport } from 'tsx/esm/api';

await tsImport('./worker.ts', import.meta.url);
