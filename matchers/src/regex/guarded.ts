import { Worker } from 'node:worker_threads';

/**
 * JavaScript regexes RE2 cannot run (lookaround, backreferences) run here: in a worker thread, while the caller
 * waits synchronously (Atomics.wait) for at most the time limit; a regex still running then is stopped by
 * terminating the worker, and the next call gets a fresh one. The worker is plain JavaScript (no loader), so it
 * starts in milliseconds, and its start never counts against the limit.
 */
const SOURCE = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', ({ source, value, shared }) => {
  const state = new Int32Array(shared);
  Atomics.store(state, 0, 1);
  Atomics.notify(state, 0);
  let answer = 3;
  try {
    let re;
    try { re = new RegExp('^(?:' + source + ')$', 'u'); } catch { re = new RegExp('^(?:' + source + ')$'); }
    answer = re.test(value) ? 1 : 0;
  } catch {
    answer = 3;
  }
  Atomics.store(state, 1, answer);
  Atomics.store(state, 0, 2);
  Atomics.notify(state, 0);
});
`;

/** Time a worker may take to start and pick up the regex: a machine under load can take seconds. */
const START_LIMIT_MS = 30_000;

export type GuardedAnswer = 'match' | 'no-match' | 'invalid' | 'timed-out';

let worker: Worker | undefined;

function ready(): Worker {
  if (!worker) {
    worker = new Worker(SOURCE, { eval: true, execArgv: [], resourceLimits: { maxOldGenerationSizeMb: 64 } });
    // Never keeps a process (the CLI, a test run) alive on its own.
    worker.unref();
    worker.on('error', () => {
      worker = undefined;
    });
    worker.on('exit', () => {
      worker = undefined;
    });
  }
  return worker;
}

/** Full match of a JavaScript regex in the worker, stopped after `limitMs` of running. */
export function guardedFullMatch(source: string, value: string, limitMs: number): GuardedAnswer {
  const w = ready();
  const shared = new SharedArrayBuffer(8);
  const state = new Int32Array(shared);
  w.postMessage({ source, value, shared });
  // 0: posted, 1: running, 2: answered.
  if (Atomics.wait(state, 0, 0, START_LIMIT_MS) === 'timed-out' && Atomics.load(state, 0) === 0) {
    stop(w);
    return 'timed-out';
  }
  if (
    Atomics.load(state, 0) === 1 &&
    Atomics.wait(state, 0, 1, limitMs) === 'timed-out' &&
    Atomics.load(state, 0) === 1
  ) {
    stop(w);
    return 'timed-out';
  }
  const answer = Atomics.load(state, 1);
  return answer === 1 ? 'match' : answer === 0 ? 'no-match' : 'invalid';
}

function stop(w: Worker): void {
  if (worker === w) worker = undefined;
  void w.terminate();
}
