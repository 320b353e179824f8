/**
 * A comparator worker: runs the in-process adapter with its own cache of compiled documents, one
 * request at a time (the pool enforces that, so a timeout that terminates the worker only ever
 * loses the comparison that overran).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ContractError } from '../../errors.ts';
import { InProcessComparator } from './in-process.ts';
import type { CompareRequest, WorkerConfig, WorkerReply } from './protocol.ts';
import { errorDetail } from './verdict.ts';

const config = workerData as WorkerConfig;
const comparator = new InProcessComparator({ cacheEntries: config.cacheEntries, cacheBytes: config.cacheBytes });
const port = parentPort!;
const reply = (m: WorkerReply) => port.postMessage(m);

port.on('message', async (req: CompareRequest) => {
  try {
    const verdict = await comparator.compareByHash(JSON.parse(req.pactText), req.documentHash, () => JSON.parse(req.documentText));
    reply({ type: 'verdict', id: req.id, verdict });
  } catch (err) {
    if (err instanceof ContractError) reply({ type: 'refused', id: req.id, problems: err.problems });
    else reply({ type: 'failed', id: req.id, detail: errorDetail(err) });
  }
});

// Tell the pool we are loaded: time spent starting (tsx, the engine bundle) never counts against a comparison.
reply({ type: 'ready' });
