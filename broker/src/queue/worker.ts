import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Store, WriteOptions } from '../storage/port.ts';
import { backoffMs, claim, complete, extendLease, fail, queueTransaction, type FailOutcome, type Job } from './jobs.ts';

/**
 * Claims, lease renewals and outcomes are bookkeeping a machine crash may lose (the job then runs again, as after a
 * crashed worker): their commits need not wait for the disk. Dozens a second while a backlog drains, each
 * fsync 0.2-0.5 ms of the event loop on SQLite. A handler's own writes stay durable.
 */
const RELAXED: WriteOptions = { durability: 'relaxed' };

interface JobContext {
  /** Aborted when the worker stops without waiting (stop timeout): a long handler should give up. */
  signal: AbortSignal;
  workerId: string;
}

// biome-ignore lint/suspicious/noExplicitAny: handlers of different payload types share one registry; with `unknown` a handler of Job<{...}> would not be assignable (parameters are contravariant)
export type JobHandler<P = any> = (job: Job<P>, ctx: JobContext) => Promise<void>;

/** Throw from a handler to choose the retry: `retryAt: null` fails the job for good. */
export class JobError extends Error {
  constructor(
    message: string,
    readonly retryAt?: Date | null,
  ) {
    super(message);
    this.name = 'JobError';
  }
}

interface WorkerLog {
  warn(obj: object, msg: string): void;
  debug?(obj: object, msg: string): void;
}

export interface WorkerOptions {
  /** kind -> handler; the worker claims only these kinds. */
  handlers: Record<string, JobHandler>;
  /** Identifies the lease holder; unique per worker (default host:pid:random). */
  id?: string;
  /** Jobs run at once by this worker (default 2). */
  concurrency?: number;
  /** Sleep between polls when nothing is due (default 1,000 ms); `wake()` cuts it short. */
  pollIntervalMs?: number;
  /** Lease of a claimed job (default 60 s); renewed every third of it while the handler runs. */
  leaseMs?: number;
  /** Delay before retry `attempt + 1` (default `backoffMs`: 1 s doubling, capped at 1 h). */
  backoff?: (attempt: number) => number;
  log?: WorkerLog;
  /** Called after each settled job (tests, metrics). */
  onSettled?: (job: Job, outcome: { status: 'done' | FailOutcome['status']; error?: unknown }) => void;
}

/**
 * A process-local runner: polls the durable queue, runs claimed jobs with at most `concurrency` at
 * once, completes or fails them (with backoff), and renews their leases. Several workers in several
 * broker instances may poll one PostgreSQL database; the claim's row locks keep a job on one worker.
 */
export class Worker {
  readonly id: string;
  private readonly kinds: string[];
  private readonly concurrency: number;
  private readonly pollIntervalMs: number;
  private readonly leaseMs: number;
  private readonly inflight = new Set<Promise<void>>();
  private readonly abort = new AbortController();
  private loopDone: Promise<void> | undefined;
  private stopping = false;
  private wakeUp: (() => void) | undefined;
  /** A wake-up that came while no sleep was pending: the next sleep returns at once. */
  private woken = false;

  constructor(
    private readonly store: Store,
    private readonly opts: WorkerOptions,
  ) {
    this.id = opts.id ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
    this.kinds = Object.keys(opts.handlers);
    this.concurrency = Math.max(1, opts.concurrency ?? 2);
    this.pollIntervalMs = opts.pollIntervalMs ?? 1000;
    this.leaseMs = opts.leaseMs ?? 60_000;
  }

  /** Starts polling (idempotent). */
  start(): this {
    if (!this.loopDone && !this.stopping) this.loopDone = this.loop();
    return this;
  }

  /** Polls now instead of at the end of the interval (after an enqueue in this process). */
  wake(): void {
    if (this.wakeUp) this.wakeUp();
    else this.woken = true;
  }

  /** Jobs running now. */
  get active(): number {
    return this.inflight.size;
  }

  /**
   * Stops claiming and waits for running jobs to settle. After `timeoutMs` it stops waiting and aborts
   * their signal; their leases then expire and another worker takes them over.
   */
  async stop(opts: { timeoutMs?: number } = {}): Promise<void> {
    this.stopping = true;
    this.wake();
    await this.loopDone;
    const settled = Promise.allSettled([...this.inflight]).then(() => true);
    const timeoutMs = opts.timeoutMs ?? 30_000;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((r) => (timer = setTimeout(() => r(false), timeoutMs)));
    const finished = await Promise.race([settled, timedOut]);
    clearTimeout(timer);
    if (!finished) this.abort.abort(new Error('worker stopped'));
  }

  /**
   * Claims and runs due jobs until none is left, then returns how many ran (for tests and one-shot
   * commands; needs no `start()`).
   */
  async drain(): Promise<number> {
    let ran = 0;
    for (;;) {
      const jobs = await this.store.write(
        () => queueTransaction(claim(this.kinds, this.id, this.leaseMs, this.concurrency)),
        RELAXED,
      );
      if (!jobs.length) return ran;
      await Promise.all(jobs.map((j) => this.execute(j)));
      ran += jobs.length;
    }
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      this.woken = false;
      const free = this.concurrency - this.inflight.size;
      let claimed = 0;
      if (free > 0) {
        try {
          const jobs = await this.store.write(
            () => queueTransaction(claim(this.kinds, this.id, this.leaseMs, free)),
            RELAXED,
          );
          claimed = jobs.length;
          for (const job of jobs) this.launch(job);
        } catch (e) {
          // The database is down or busy: try again at the next poll.
          this.opts.log?.warn({ err: e, worker: this.id }, 'job queue: claim failed');
        }
      }
      if (this.stopping) break;
      // Every free slot filled: more may be due, poll again at once (or when a slot frees up).
      if (free > 0 && claimed === free && this.inflight.size < this.concurrency) continue;
      await this.sleep(this.pollIntervalMs);
    }
  }

  private launch(job: Job): void {
    const p: Promise<void> = this.execute(job).finally(() => {
      this.inflight.delete(p);
      this.wake();
    });
    this.inflight.add(p);
  }

  private async execute(job: Job): Promise<void> {
    const handler = this.opts.handlers[job.kind]!;
    const renew = setInterval(
      () => {
        this.store.write(() => queueTransaction(extendLease(job, this.leaseMs)), RELAXED).catch(() => undefined);
      },
      Math.max(10, Math.floor(this.leaseMs / 3)),
    );
    renew.unref();
    let error: unknown;
    let ok = false;
    try {
      await handler(job, { signal: this.abort.signal, workerId: this.id });
      ok = true;
    } catch (e) {
      error = e;
    } finally {
      clearInterval(renew);
    }
    try {
      if (ok) {
        const held = await this.store.write(() => queueTransaction(complete(job)), RELAXED);
        this.opts.onSettled?.(job, { status: held ? 'done' : 'lost' });
        if (!held)
          this.opts.log?.warn(
            { job: job.id, kind: job.kind, worker: this.id },
            'job queue: lease lost before completion',
          );
      } else {
        const retryAt =
          error instanceof JobError && error.retryAt !== undefined
            ? error.retryAt
            : new Date(Date.now() + (this.opts.backoff ?? backoffMs)(job.attempts));
        const outcome = await this.store.write(() => queueTransaction(fail(job, error, retryAt)), RELAXED);
        this.opts.onSettled?.(job, { status: outcome.status, error });
        this.opts.log?.warn(
          { err: error, job: job.id, kind: job.kind, attempt: job.attempts, outcome },
          'job queue: job failed',
        );
      }
    } catch (e) {
      // Could not record the outcome: the lease expires and the job runs again (at least once).
      this.opts.log?.warn({ err: e, job: job.id, worker: this.id }, 'job queue: could not record job outcome');
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.woken || this.stopping) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      timer.unref?.();
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = () => {
        this.wakeUp = undefined;
        done();
      };
    });
  }
}
