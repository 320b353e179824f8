/**
 * A comparator worker: runs the in-process adapter with its own cache of compiled documents, and
 * subsumption checks, one request at a time (the pool enforces that, so a timeout that terminates
 * the worker only ever loses the request that overran).
 */
import { installLinearRegExp } from './linear-regexp.ts';
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { ContractError } from '../../errors.ts';
import { parsePact } from '../../pact/parse.ts';
import { isSubsumed } from '../../subsumption/index.ts';
import { diffOpenApi } from '../../openapi-diff/diff-openapi.ts';
import type { EngineName } from '../../openapi-diff/types.ts';
import { InProcessComparator } from './in-process.ts';
import type { WorkerConfig, WorkerReply, WorkerRequest } from './protocol.ts';
import { errorDetail } from './verdict.ts';

// Before the engine builds any schema pattern: patterns RE2 can express run in linear time (linear-regexp.ts).
installLinearRegExp();

const config = workerData as WorkerConfig;

/**
 * The engine an OpenAPI diff runs here: rollgate's rules, whose findings are the answer whatever the libraries say
 * (they only confirm or add unconfirmed findings). On a large document (docs/benchmarks.md) rollgate's rules take about
 * 1.7 s, api-smart-diff 4.9 s and Optic 83 s: a broker computing several diffs per publish runs the rules alone.
 */
const DIFF_ENGINES: EngineName[] = ['rollgate'];

/**
 * Lower this thread's scheduling priority (Linux: a thread id given to setpriority names that thread
 * alone), so that on a busy machine the process's HTTP thread wins the CPU over a cold compare. Where
 * that is not possible (another OS, a container forbidding it) the worker runs at normal priority.
 */
if (config.niceness > 0) {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, config.niceness);
  } catch {
    // not Linux, or not allowed: keep the default priority
  }
}
const comparator = new InProcessComparator({ cacheEntries: config.cacheEntries, cacheBytes: config.cacheBytes });
const port = parentPort!;
const reply = (m: WorkerReply) => port.postMessage(m);

port.on('message', async (req: WorkerRequest) => {
  try {
    if (req.type === 'diff') {
      const result = await diffOpenApi(req.baseText, req.revisionText, { engines: DIFF_ENGINES });
      reply({ type: 'changes', id: req.id, result });
      return;
    }
    if (req.type === 'subsume') {
      const result = isSubsumed(parsePact(JSON.parse(req.aText)), parsePact(JSON.parse(req.bText)));
      reply({ type: 'subsumption', id: req.id, result });
      return;
    }
    const verdict = await comparator.compareByHash(JSON.parse(req.pactText), req.documentHash, () =>
      JSON.parse(req.documentText),
    );
    reply({ type: 'verdict', id: req.id, verdict });
  } catch (err) {
    if (err instanceof ContractError) reply({ type: 'refused', id: req.id, problems: err.problems });
    else reply({ type: 'failed', id: req.id, detail: errorDetail(err) });
  }
});

// Tell the pool we are loaded: time spent starting (tsx, the engine bundle) never counts against a comparison.
reply({ type: 'ready' });
