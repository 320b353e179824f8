/**
 * Runs comparisons in worker threads so a cold compare (seconds of schema compilation, hundreds of
 * MB) never blocks the HTTP event loop. Each worker runs one comparison at a time under a time
 * limit and a heap limit; a worker that overruns either is terminated and replaced, and the
 * comparison answers 'unknown' with the reason. Requests for a document go to a worker that has it
 * compiled when one is free, since a warm compare is ~30x cheaper than a cold one. Subsumption checks
 * (pact against pact) run in the same workers, under the same limits, for the same reason: checking
 * two 300-interaction pacts takes a few hundred ms that the HTTP thread cannot spare.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { ContractError } from '../../errors.ts';
import { reasonMessage, type ReasonId } from '../messages.ts';
import type { SubsumptionResult } from '../../subsumption/index.ts';
import { sha256 } from '../../pact/content-hash.ts';
import { toDocumentSet } from './documents.ts';
import {
  DEFAULT_CACHE_BYTES,
  DEFAULT_CACHE_ENTRIES,
  DEFAULT_TIMEOUT_MS,
  DEFAULT_WORKER_HEAP_MB,
  DEFAULT_WORKER_NICENESS,
  DEFAULT_WORKER_YOUNG_GENERATION_MB,
  MAX_START_FAILURES,
} from './limits.ts';
import { Lru } from './lru.ts';
import { OPC_INFO } from './engine-info.ts';
import type { WorkerConfig, WorkerReply, WorkerRequest } from './protocol.ts';
import type { Verdict } from './types.ts';
import type { DiffResult } from '../../openapi-diff/types.ts';
import { unknownVerdict } from './verdict.ts';

export interface PoolOptions {
  /** Worker threads (default: half the CPUs, at least 1, at most 4: on 2 CPUs one core stays free for HTTP). */
  size?: number;
  /** Heap limit per worker; a cold compare of a large document needs several hundred MB. */
  maxOldGenerationSizeMb?: number;
  /** Young generation per worker (limits.ts DEFAULT_WORKER_YOUNG_GENERATION_MB). */
  maxYoungGenerationSizeMb?: number;
  /** Time limit per comparison when compare() is not given one. */
  defaultTimeoutMs?: number;
  /** Compiled documents each worker keeps. */
  cacheEntries?: number;
  cacheBytes?: number;
  /**
   * Nice value of each worker thread (Linux; default 10, 0 for none): a cold compare is seconds of CPU
   * that must not delay the process's HTTP thread when the machine is busy.
   */
  niceness?: number;
}

export interface PoolCompareOptions {
  timeoutMs?: number;
  /** The document's content hash if known (loadOpenApi's contentHash): saves hashing on this thread. */
  documentHash?: string;
  /**
   * Whose work this is (the broker passes the provider): queued tasks are taken round-robin by group, so one
   * provider's slow documents delay another provider's comparison by at most one time budget.
   */
  group?: string;
}

/** Why a subsumption check gave no answer (timeout, memory, crash, pool closed): the caller decides what that means. */
export class PoolTaskError extends Error {
  constructor(
    readonly reasonCode: ReasonId,
    message: string,
  ) {
    super(message);
    this.name = 'PoolTaskError';
  }
}

interface Task {
  request: WorkerRequest;
  timeoutMs: number;
  /** Round-robin key (PoolCompareOptions.group); tasks without one share a group. */
  group: string;
  /** The document's hash, for routing to a worker that has it compiled (comparisons only). */
  documentHash?: string;
  /** A reply from the worker; ContractError for a malformed pact. */
  settle(outcome: Verdict | SubsumptionResult | DiffResult | ContractError): void;
  /** No reply: the worker timed out, ran out of memory or died, or the pool closed. */
  fail(reason: ReasonId, args: Record<string, string | number>): void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  task?: Task;
  timer?: NodeJS.Timeout;
  /** Mirrors the worker's cache keys (approximately), to route a document to where it is compiled. */
  warm: Lru<true>;
  /** Set once the slot is being replaced: later events from its worker are ignored. */
  retired: boolean;
}

/**
 * Compiled (the installed package, dist/), this module is pool.js and its worker is worker.js, run by plain node.
 * From source the worker is TypeScript: the boot file loads worker.ts through tsx (see its comment for why).
 */
const WORKER_URL = import.meta.url.endsWith('.js')
  ? new URL('./worker.js', import.meta.url)
  : new URL('./worker-boot.mjs', import.meta.url);

export class ComparatorPool {
  readonly #options: Required<PoolOptions>;
  readonly #slots = new Set<Slot>();
  readonly #queue: Task[] = [];
  /** Groups in the order they were last served: the least recently served group goes first. */
  readonly #served = new Map<string, number>();
  #serveCount = 0;
  #nextId = 1;
  #closed = false;
  /** Workers that died before becoming ready, in a row: a broken setup must not respawn forever. */
  #startFailures = 0;

  constructor(options: PoolOptions = {}) {
    this.#options = {
      size: options.size ?? Math.min(4, Math.max(1, Math.floor(availableParallelism() / 2))),
      maxOldGenerationSizeMb: options.maxOldGenerationSizeMb ?? DEFAULT_WORKER_HEAP_MB,
      maxYoungGenerationSizeMb: options.maxYoungGenerationSizeMb ?? DEFAULT_WORKER_YOUNG_GENERATION_MB,
      defaultTimeoutMs: options.defaultTimeoutMs ?? DEFAULT_TIMEOUT_MS,
      cacheEntries: options.cacheEntries ?? DEFAULT_CACHE_ENTRIES,
      cacheBytes: options.cacheBytes ?? DEFAULT_CACHE_BYTES,
      niceness: options.niceness ?? DEFAULT_WORKER_NICENESS,
    };
  }

  /**
   * Rejects with ContractError for a malformed pact (checked in the worker, as parsing a large pact
   * takes tens of ms) and OpenApiDocumentError for something that is no document. Otherwise
   * resolves with a verdict, which is 'unknown' when the engine failed, timed out or ran out of memory.
   *
   * On this thread: one JSON.stringify of each input, and, without options.documentHash, a SHA-256
   * of the document's text (cheap; canonical hashing is left to loadOpenApi).
   */
  compare(pactJson: unknown, document: unknown, options: PoolCompareOptions = {}): Promise<Verdict> {
    let documentText: string;
    try {
      documentText = JSON.stringify(toDocumentSet(document));
    } catch (e) {
      return Promise.reject(e);
    }
    return this.compareText(JSON.stringify(pactJson) ?? 'null', documentText, options);
  }

  /**
   * The same for inputs held as JSON text (as a store keeps them): the texts are posted as they are,
   * so nothing is parsed or serialised on this thread. The document text may be an OpenAPI or
   * AsyncAPI document or a `{oas, asyncapi}` set; give options.documentHash when it is known.
   */
  compareText(pactText: string, documentText: string, options: PoolCompareOptions = {}): Promise<Verdict> {
    return new Promise<Verdict>((resolve, reject) => {
      if (this.#closed) return resolve(unknownVerdict(OPC_INFO, 'pool.closed'));
      const documentHash = options.documentHash ?? `text:${sha256(documentText)}`;
      this.#queue.push({
        request: { type: 'compare', id: this.#nextId++, pactText, documentText, documentHash },
        documentHash,
        timeoutMs: options.timeoutMs ?? this.#options.defaultTimeoutMs,
        group: options.group ?? '',
        settle: (o) => (o instanceof ContractError ? reject(o) : resolve(o as Verdict)),
        fail: (reason, args) => resolve(unknownVerdict(OPC_INFO, reason, args)),
      });
      this.#pump();
    });
  }

  /**
   * Is pact A (JSON text) subsumed by pact B, i.e. does A ask nothing B did not? Runs in a worker.
   * Rejects with ContractError for a malformed pact, and with PoolTaskError when no answer came
   * (time or memory limit, a crashed worker, the pool closed).
   */
  subsume(
    aText: string,
    bText: string,
    options: { timeoutMs?: number; group?: string } = {},
  ): Promise<SubsumptionResult> {
    return new Promise<SubsumptionResult>((resolve, reject) => {
      const fail = (reason: ReasonId, args: Record<string, string | number> = {}) =>
        reject(new PoolTaskError(reason, reasonMessage(reason, args)));
      if (this.#closed) return fail('pool.closed');
      this.#queue.push({
        request: { type: 'subsume', id: this.#nextId++, aText, bText },
        timeoutMs: options.timeoutMs ?? this.#options.defaultTimeoutMs,
        group: options.group ?? '',
        settle: (o) => (o instanceof ContractError ? reject(o) : resolve(o as SubsumptionResult)),
        fail,
      });
      this.#pump();
    });
  }

  /**
   * What changed from one version of an OpenAPI document to another (both as JSON or YAML text), computed in a worker
   * under the same limits as a comparison. Rejects with OpenApiDocumentError when a side is no usable document, and
   * with PoolTaskError when no answer came (time or memory limit, a crashed worker, the pool closed).
   */
  diffOpenApi(
    baseText: string,
    revisionText: string,
    options: { timeoutMs?: number; group?: string } = {},
  ): Promise<DiffResult> {
    return new Promise<DiffResult>((resolve, reject) => {
      const fail = (reason: ReasonId, args: Record<string, string | number> = {}) =>
        reject(new PoolTaskError(reason, reasonMessage(reason, args)));
      if (this.#closed) return fail('pool.closed');
      this.#queue.push({
        request: { type: 'diff', id: this.#nextId++, baseText, revisionText },
        timeoutMs: options.timeoutMs ?? this.#options.defaultTimeoutMs,
        group: options.group ?? '',
        settle: (o) => (o instanceof ContractError ? reject(o) : resolve(o as DiffResult)),
        fail,
      });
      this.#pump();
    });
  }

  /** Answers every pending comparison 'unknown' and stops the workers. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const task of this.#queue.splice(0)) task.fail('pool.closed', {});
    const exits: Promise<number>[] = [];
    for (const slot of this.#slots) {
      if (slot.task) this.#settle(slot, { fail: ['pool.closed', {}] });
      slot.retired = true;
      exits.push(slot.worker.terminate());
    }
    this.#slots.clear();
    await Promise.all(exits);
  }

  stats(): { workers: number; busy: number; queued: number } {
    const busy = [...this.#slots].filter((s) => s.task).length;
    return { workers: this.#slots.size, busy, queued: this.#queue.length };
  }

  /** Hands queued tasks to idle ready workers, preferring a worker that has the document compiled. */
  #pump(): void {
    if (this.#closed) return;
    // Start a worker only for work that no existing (or starting) worker can take.
    while (this.#slots.size < this.#options.size && this.#slots.size < this.#queue.length + this.#runningCount())
      this.#spawn();
    for (const slot of this.#slots) {
      if (!slot.ready || slot.task || !this.#queue.length) continue;
      // Fairness first: only the group served least recently is eligible (round-robin by provider); within it,
      // a task whose document this worker has warm, else one no other idle worker has warm.
      const group = this.#nextGroup();
      const eligible = (t: Task) => t.group === group;
      const warmIndex = this.#queue.findIndex(
        (t) => eligible(t) && t.documentHash !== undefined && slot.warm.has(t.documentHash),
      );
      let index =
        warmIndex >= 0 ? warmIndex : this.#queue.findIndex((t) => eligible(t) && !this.#otherIdleWarm(slot, t));
      if (index < 0) index = this.#queue.findIndex(eligible);
      const task = this.#queue.splice(index, 1)[0];
      this.#served.set(task.group, ++this.#serveCount);
      this.#run(slot, task);
    }
  }

  /** The queued group served least recently (never served first; ties in queue order). */
  #nextGroup(): string {
    let best: string | undefined;
    let bestServed = Number.POSITIVE_INFINITY;
    for (const t of this.#queue) {
      const served = this.#served.get(t.group) ?? 0;
      if (served < bestServed) {
        best = t.group;
        bestServed = served;
      }
    }
    // Forget groups with nothing queued: the map stays as small as the queue.
    if (this.#served.size > 1_000)
      for (const g of [...this.#served.keys()]) if (!this.#queue.some((t) => t.group === g)) this.#served.delete(g);
    return best as string;
  }

  #runningCount(): number {
    return [...this.#slots].filter((s) => s.task).length;
  }

  #otherIdleWarm(slot: Slot, task: Task): boolean {
    for (const other of this.#slots) {
      if (
        other !== slot &&
        other.ready &&
        !other.task &&
        task.documentHash !== undefined &&
        other.warm.has(task.documentHash)
      )
        return true;
    }
    return false;
  }

  #run(slot: Slot, task: Task): void {
    slot.task = task;
    if (task.documentHash !== undefined) slot.warm.set(task.documentHash, true);
    slot.timer = setTimeout(() => {
      this.#settle(slot, { fail: ['engine.timed-out', { ms: task.timeoutMs }] });
      this.#replace(slot);
    }, task.timeoutMs);
    slot.worker.postMessage(task.request);
  }

  #spawn(): void {
    const config: WorkerConfig = {
      cacheEntries: this.#options.cacheEntries,
      cacheBytes: this.#options.cacheBytes,
      niceness: this.#options.niceness,
    };
    const worker = new Worker(WORKER_URL, {
      // Not the parent's flags: an --inspect port or a test runner's hooks must not be inherited.
      execArgv: [],
      workerData: config,
      resourceLimits: {
        maxOldGenerationSizeMb: this.#options.maxOldGenerationSizeMb,
        maxYoungGenerationSizeMb: this.#options.maxYoungGenerationSizeMb,
      },
    });
    const slot: Slot = { worker, ready: false, warm: new Lru(this.#options.cacheEntries), retired: false };
    this.#slots.add(slot);
    worker.on('message', (m: WorkerReply) => this.#onReply(slot, m));
    worker.on('error', (err: Error & { code?: string }) => {
      if (slot.retired) return;
      const oom = err.code === 'ERR_WORKER_OUT_OF_MEMORY';
      this.#fail(slot, oom ? 'engine.out-of-memory' : 'engine.worker-exited', {
        mb: this.#options.maxOldGenerationSizeMb,
        detail: err.message,
      });
    });
    worker.on('exit', (code) => {
      if (!slot.retired) this.#fail(slot, 'engine.worker-exited', { detail: `exit code ${code}` });
    });
  }

  #onReply(slot: Slot, m: WorkerReply): void {
    if (slot.retired) return;
    if (m.type === 'ready') {
      slot.ready = true;
      this.#startFailures = 0;
    } else if (slot.task?.request.id === m.id) {
      if (m.type === 'verdict') this.#settle(slot, { reply: m.verdict });
      else if (m.type === 'subsumption' || m.type === 'changes') this.#settle(slot, { reply: m.result });
      else if (m.type === 'refused') this.#settle(slot, { reply: new ContractError(m.problems) });
      else this.#settle(slot, { fail: ['engine.failed', { detail: m.detail }] });
    }
    this.#pump();
  }

  /** Settles the slot's task with the worker's reply or a failure, and frees the slot. */
  #settle(
    slot: Slot,
    outcome:
      | { reply: Verdict | SubsumptionResult | DiffResult | ContractError }
      | { fail: [ReasonId, Record<string, string | number>] },
  ): void {
    const task = slot.task;
    clearTimeout(slot.timer);
    slot.task = undefined;
    slot.timer = undefined;
    if (!task) return;
    if ('reply' in outcome) task.settle(outcome.reply);
    else task.fail(...outcome.fail);
  }

  #fail(slot: Slot, reason: ReasonId, args: Record<string, string | number>): void {
    this.#settle(slot, { fail: [reason, args] });
    if (!slot.ready && ++this.#startFailures >= MAX_START_FAILURES) {
      // Workers cannot start (a missing loader, say): answer what is queued instead of respawning.
      for (const task of this.#queue.splice(0)) task.fail(reason, args);
      this.#startFailures = 0;
    }
    this.#replace(slot);
  }

  /** Retires a worker (its compiled documents go with it) and lets pump start a fresh one. */
  #replace(slot: Slot): void {
    slot.retired = true;
    this.#slots.delete(slot);
    void slot.worker.terminate();
    this.#pump();
  }
}
