import { Worker } from 'node:worker_threads';
import { fromWireError, type ReadReply, type ReadTask } from './reader-protocol.ts';

/**
 * Compiled (dist/), the thread is reader-worker.js run by plain node; from source it is TypeScript, loaded through
 * the boot file (as the comparator pool's).
 */
const WORKER_URL = import.meta.url.endsWith('.js')
  ? new URL('./reader-worker.js', import.meta.url)
  : new URL('./reader-worker-boot.mjs', import.meta.url);

/**
 * Memory bounds of a reader thread (issue 15: the broker's resident memory at 150,000 versions). Measured under the
 * mixed load (docs/benchmarks.md), each reader thread held 80-90 MB of V8 heap and 40-50 MB of malloc'd memory (its
 * SQLite page cache and prepared statements, statements.ts): two threads were a third of the process's 700 MB.
 */
export const READER_LIMITS = {
  /**
   * V8's young generation (new space): 32 MB by default, filled by every read's rows and answer objects before a
   * scavenge. 8 MB held 24 MB less per thread, but an uncached any-subset answer (3.5 MB of JSON, built in the thread)
   * went through many scavenges that copied it as it grew: 86-268 ms on a quiet broker at 150,000 versions, its p95
   * under the mixed load 208-270 ms in three runs. 16 MB: 76-183 ms and 119-192, but the broker's peak memory 476-511
   * MB in five runs (414-491 with 8). 12 MB: 76-183 ms and 41-190, 434-476 MB in three runs (docs/benchmarks.md).
   */
  youngGenerationMb: 12,
  /**
   * The old generation's ceiling: the heaviest reads at 150,000 versions (can-i-rollback any-subset, the hub's page)
   * used at most ~100 MB of a reader's heap. A read that needs more than 1 GB ends its thread (the pool starts
   * another) and fails with a 500 instead of growing the process without bound. A ceiling, not a cost: V8 sizes the
   * heap by what is live.
   */
  oldGenerationMb: 1024,
  /**
   * SQLite's page cache per reader connection, in KiB (better-sqlite3's default is 16,000 KiB per connection). The
   * database file's pages stay in the operating system's file cache, so a page this cache misses is a copy from
   * memory, not a disk read: 4 MB keeps the indexes a gate read walks hot for 12 MB less per thread.
   */
  pageCacheKib: 4096,
  /**
   * An idle thread gives its page cache back (SQLite's shrink_memory) after this long without a read: a quiet
   * broker should not hold a cache for reads that do not come. Under load a thread is never idle this long.
   */
  releaseIdleMs: 10_000,
} as const;

export type ReaderSettings = { file: string; pageCacheKib: number; releaseIdleMs: number };

interface Task {
  task: Omit<ReadTask, 'id'>;
  background: boolean;
  resolve(v: unknown): void;
  reject(e: Error): void;
}

interface Slot {
  worker: Worker;
  /** The task it runs (one at a time: a better-sqlite3 read is synchronous in its thread). */
  running?: { id: number } & Task;
}

/**
 * Reader threads for heavy reads on SQLite (issue 15): each has its own read-only connection over WAL, so a
 * can-i-deploy, a pacts-for-verification or a page read runs beside the writer and beside the HTTP event loop; a
 * request waits for its own read (and for a free thread when every thread is busy), never for another request's
 * work on the event loop. Tasks wait in two queues and go to the first free thread: requests first, and background
 * reads (rollback-safety evaluations, readiness jobs: `NamedRead.background`) only while another thread stays free for
 * requests, so a request waits at most for other requests. With one thread, background reads take it only when no
 * request waits. A thread that dies fails its task and is replaced.
 */
export class ReaderPool {
  private readonly slots: (Slot | undefined)[];
  private readonly queue: Task[] = [];
  private readonly backgroundQueue: Task[] = [];
  /** Tasks for one thread each (`runOnEach`): taken by that thread before anything else. */
  private readonly pinned: Task[][];
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly file: string,
    readonly size: number,
  ) {
    this.slots = Array.from({ length: size }, () => undefined);
    this.pinned = Array.from({ length: size }, () => []);
    // Started at once: a thread from source takes a while to load, and the first gate after a start should not wait.
    for (let i = 0; i < size; i++) this.slots[i] = this.start(i);
  }

  run<T>(module: string, name: string, args: unknown[], background = false): Promise<T> {
    if (this.closed) return Promise.reject(new Error('the reader pool is closed'));
    return new Promise<T>((resolve, reject) => {
      const task: Task = { task: { module, name, args }, background, resolve: resolve as (v: unknown) => void, reject };
      (background ? this.backgroundQueue : this.queue).push(task);
      this.dispatch();
    });
  }

  /**
   * Runs a read once in every thread (to fill what each keeps between reads: storage/sql.ts `storeMemo`), before the
   * requests waiting for that thread. A thread started later (after one died) has not run it.
   */
  runOnEach<T>(module: string, name: string, args: unknown[]): Promise<T[]> {
    if (this.closed) return Promise.reject(new Error('the reader pool is closed'));
    const runs = this.pinned.map(
      (queue) =>
        new Promise<T>((resolve, reject) => {
          queue.push({
            task: { module, name, args },
            background: false,
            resolve: resolve as (v: unknown) => void,
            reject,
          });
        }),
    );
    this.dispatch();
    return Promise.all(runs);
  }

  /** Whether a read asked now would wait: every thread runs a read, or reads are already waiting. */
  saturated(): boolean {
    return this.queue.length > 0 || this.slots.every((s) => s?.running !== undefined);
  }

  async close(): Promise<void> {
    this.closed = true;
    const workers = this.slots.filter((s): s is Slot => !!s).map((s) => s.worker);
    this.slots.fill(undefined);
    for (const t of [
      ...this.queue.splice(0),
      ...this.backgroundQueue.splice(0),
      ...this.pinned.flatMap((q) => q.splice(0)),
    ])
      t.reject(new Error('the reader pool is closed'));
    await Promise.all(workers.map((w) => w.terminate()));
  }

  private dispatch(): void {
    for (let i = 0; i < this.slots.length; i++) {
      let slot = this.slots[i];
      if (!slot) slot = this.slots[i] = this.start(i);
      if (slot.running) continue;
      const t = this.pinned[i]!.shift() ?? this.next();
      if (!t) continue;
      const id = this.nextId++;
      slot.running = { id, ...t };
      slot.worker.ref();
      try {
        slot.worker.postMessage({ id, ...t.task } satisfies ReadTask);
      } catch (e) {
        // Arguments that cannot be cloned: the caller's bug, answered at once.
        slot.running = undefined;
        slot.worker.unref();
        t.reject(e as Error);
      }
    }
  }

  /** The task a free thread takes: a request if one waits; background work if a thread would stay free besides. */
  private next(): Task | undefined {
    if (this.queue.length) return this.queue.shift();
    if (!this.backgroundQueue.length) return undefined;
    const free = this.slots.filter((s) => !s?.running).length;
    const backgroundRunning = this.slots.filter((s) => s?.running?.background).length;
    const mayTake = this.slots.length === 1 || (free > 1 && backgroundRunning < this.slots.length - 1);
    return mayTake ? this.backgroundQueue.shift() : undefined;
  }

  private start(i: number): Slot {
    const workerData: ReaderSettings = {
      file: this.file,
      pageCacheKib: READER_LIMITS.pageCacheKib,
      releaseIdleMs: READER_LIMITS.releaseIdleMs,
    };
    const worker = new Worker(WORKER_URL, {
      workerData,
      execArgv: [],
      resourceLimits: {
        maxYoungGenerationSizeMb: READER_LIMITS.youngGenerationMb,
        maxOldGenerationSizeMb: READER_LIMITS.oldGenerationMb,
      },
    });
    const slot: Slot = { worker };
    worker.unref();
    worker.on('message', (m: ReadReply | { ready: true }) => {
      if (!('id' in m) || slot.running?.id !== m.id) return;
      const t = slot.running;
      slot.running = undefined;
      worker.unref();
      if ('ok' in m) t.resolve(m.ok);
      else t.reject(fromWireError(m.error));
      this.dispatch();
    });
    const fail = (e: Error) => {
      if (this.slots[i] === slot) this.slots[i] = undefined;
      const t = slot.running;
      slot.running = undefined;
      t?.reject(e);
      if (!this.closed) this.dispatch();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`reader thread exited (${code})`)));
    return slot;
  }
}
