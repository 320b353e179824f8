/**
 * Runs comparisons in worker threads so a cold compare (seconds of schema compilation, hundreds of
 * MB) never blocks the HTTP event loop. Each worker runs one comparison at a time under a time
 * limit and a heap limit; a worker that overruns either is terminated and replaced, and the
 * comparison answers 'unknown' with the reason. Requests for a document go to a worker that has it
 * compiled when one is free, since a warm compare is ~30x cheaper than a cold one.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { ContractError } from '../../errors.ts';
import type { ReasonId } from '../messages.ts';
import { sha256 } from '../../pact/content-hash.ts';
import { toDocumentSet } from './documents.ts';
import { DEFAULT_CACHE_BYTES, DEFAULT_CACHE_ENTRIES, DEFAULT_TIMEOUT_MS, DEFAULT_WORKER_HEAP_MB, MAX_START_FAILURES } from './limits.ts';
import { Lru } from './lru.ts';
import { OPC_INFO } from './engine-info.ts';
import type { CompareRequest, WorkerConfig, WorkerReply } from './protocol.ts';
import type { DocumentSet, Verdict } from './types.ts';
import { unknownVerdict } from './verdict.ts';

export interface PoolOptions {
  /** Worker threads (default: half the CPUs, at least 1, at most 4). */
  size?: number;
  /** Heap limit per worker; a cold compare of a large document needs several hundred MB. */
  maxOldGenerationSizeMb?: number;
  /** Time limit per comparison when compare() is not given one. */
  defaultTimeoutMs?: number;
  /** Compiled documents each worker keeps. */
  cacheEntries?: number;
  cacheBytes?: number;
}

export interface PoolCompareOptions {
  timeoutMs?: number;
  /** The document's content hash if known (loadOpenApi's contentHash): saves hashing on this thread. */
  documentHash?: string;
}

interface Task {
  request: CompareRequest;
  timeoutMs: number;
  resolve(v: Verdict): void;
  reject(e: unknown): void;
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

/** Workers run TypeScript: the boot file loads worker.ts through tsx (see its comment for why). */
const WORKER_URL = new URL('./worker-boot.mjs', import.meta.url);

export class ComparatorPool {
  readonly #options: Required<PoolOptions>;
  readonly #slots = new Set<Slot>();
  readonly #queue: Task[] = [];
  #nextId = 1;
  #closed = false;
  /** Workers that died before becoming ready, in a row: a broken setup must not respawn forever. */
  #startFailures = 0;

  constructor(options: PoolOptions = {}) {
    this.#options = {
      size: options.size ?? Math.min(4, Math.max(1, Math.floor(availableParallelism() / 2))),
      maxOldGenerationSizeMb: options.maxOldGenerationSizeMb ?? DEFAULT_WORKER_HEAP_MB,
      defaultTimeoutMs: options.defaultTimeoutMs ?? DEFAULT_TIMEOUT_MS,
      cacheEntries: options.cacheEntries ?? DEFAULT_CACHE_ENTRIES,
      cacheBytes: options.cacheBytes ?? DEFAULT_CACHE_BYTES,
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
    return new Promise<Verdict>((resolve, reject) => {
      const documents: DocumentSet = toDocumentSet(document);
      if (this.#closed) return resolve(unknownVerdict(OPC_INFO, 'pool.closed'));
      const documentText = JSON.stringify(documents);
      const request: CompareRequest = {
        id: this.#nextId++,
        pactText: JSON.stringify(pactJson) ?? 'null',
        documentText,
        documentHash: options.documentHash ?? `text:${sha256(documentText)}`,
      };
      this.#queue.push({ request, timeoutMs: options.timeoutMs ?? this.#options.defaultTimeoutMs, resolve, reject });
      this.#pump();
    });
  }

  /** Answers every pending comparison 'unknown' and stops the workers. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const task of this.#queue.splice(0)) task.resolve(unknownVerdict(OPC_INFO, 'pool.closed'));
    const exits: Promise<number>[] = [];
    for (const slot of this.#slots) {
      if (slot.task) this.#settle(slot, unknownVerdict(OPC_INFO, 'pool.closed'));
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
    while (this.#slots.size < this.#options.size && this.#slots.size < this.#queue.length + this.#runningCount()) this.#spawn();
    for (const slot of this.#slots) {
      if (!slot.ready || slot.task || !this.#queue.length) continue;
      const warmIndex = this.#queue.findIndex((t) => slot.warm.has(t.request.documentHash));
      // Leave a task for a free worker that has its document warm, if there is one.
      const index = warmIndex >= 0 ? warmIndex : this.#queue.findIndex((t) => !this.#otherIdleWarm(slot, t));
      if (index < 0) continue;
      this.#run(slot, this.#queue.splice(index, 1)[0]);
    }
  }

  #runningCount(): number {
    return [...this.#slots].filter((s) => s.task).length;
  }

  #otherIdleWarm(slot: Slot, task: Task): boolean {
    for (const other of this.#slots) {
      if (other !== slot && other.ready && !other.task && other.warm.has(task.request.documentHash)) return true;
    }
    return false;
  }

  #run(slot: Slot, task: Task): void {
    slot.task = task;
    slot.warm.set(task.request.documentHash, true);
    slot.timer = setTimeout(() => {
      this.#settle(slot, unknownVerdict(OPC_INFO, 'engine.timed-out', { ms: task.timeoutMs }));
      this.#replace(slot);
    }, task.timeoutMs);
    slot.worker.postMessage(task.request);
  }

  #spawn(): void {
    const config: WorkerConfig = { cacheEntries: this.#options.cacheEntries, cacheBytes: this.#options.cacheBytes };
    const worker = new Worker(WORKER_URL, {
      // Not the parent's flags: an --inspect port or a test runner's hooks must not be inherited.
      execArgv: [],
      workerData: config,
      resourceLimits: { maxOldGenerationSizeMb: this.#options.maxOldGenerationSizeMb },
    });
    const slot: Slot = { worker, ready: false, warm: new Lru(this.#options.cacheEntries), retired: false };
    this.#slots.add(slot);
    worker.on('message', (m: WorkerReply) => this.#onReply(slot, m));
    worker.on('error', (err: Error & { code?: string }) => {
      if (slot.retired) return;
      const oom = err.code === 'ERR_WORKER_OUT_OF_MEMORY';
      this.#fail(slot, oom ? 'engine.out-of-memory' : 'engine.worker-exited', { mb: this.#options.maxOldGenerationSizeMb, detail: err.message });
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
    }
    else if (slot.task?.request.id === m.id) {
      if (m.type === 'verdict') this.#settle(slot, m.verdict);
      else if (m.type === 'refused') this.#settle(slot, new ContractError(m.problems));
      else this.#settle(slot, unknownVerdict(OPC_INFO, 'engine.failed', { detail: m.detail }));
    }
    this.#pump();
  }

  /** Resolves (or, for a ContractError, rejects) the slot's task and frees the slot. */
  #settle(slot: Slot, outcome: Verdict | ContractError): void {
    const task = slot.task;
    clearTimeout(slot.timer);
    slot.task = undefined;
    slot.timer = undefined;
    if (!task) return;
    if (outcome instanceof ContractError) task.reject(outcome);
    else task.resolve(outcome);
  }

  #fail(slot: Slot, reason: ReasonId, args: Record<string, string | number>): void {
    const verdict = unknownVerdict(OPC_INFO, reason, args);
    this.#settle(slot, verdict);
    if (!slot.ready && ++this.#startFailures >= MAX_START_FAILURES) {
      // Workers cannot start (a missing loader, say): answer what is queued instead of respawning.
      for (const task of this.#queue.splice(0)) task.resolve(verdict);
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
