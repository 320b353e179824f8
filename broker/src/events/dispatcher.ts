import { setImmediate } from 'node:timers/promises';
import type { EventHandler, EventName, StoredEvent } from '../domain/events.ts';
import {
  anyPendingEvent,
  lockPendingEvents,
  markEventFailed,
  markEventsDone,
  type OutboxRow,
} from '../repositories/outbox.ts';
import type { Store } from '../storage/port.ts';
import { readCommitted, type Program } from '../storage/sql.ts';

interface DispatcherLog {
  warn(obj: object, msg: string): void;
}

export interface DispatcherOptions {
  handlers: readonly EventHandler[];
  /** Most events taken in one pass (default 200). */
  batchSize?: number;
  /** Sleep between polls when nothing is pending (default 1,000 ms); `wake()` cuts it short. */
  pollIntervalMs?: number;
  /** Delay before retrying an event whose handling failed for the `attempts`-th time (default 1 s doubling, at most 5 min). */
  retryDelayMs?: (attempts: number) => number;
  log?: DispatcherLog;
}

const defaultRetryDelay = (attempts: number) => Math.min(300_000, 1000 * 2 ** Math.max(0, attempts - 1));

function toEvent(r: OutboxRow): StoredEvent {
  return {
    id: r.id,
    name: r.event as EventName,
    payload: JSON.parse(r.payload),
    actor: { principal: r.principal, principalKind: r.principal_kind, requestId: r.request_id ?? undefined },
    occurredAt: r.occurred_at,
    attempts: r.attempts,
  } as StoredEvent;
}

/**
 * Consumes the outbox: takes a batch of pending events (row locks, `FOR UPDATE SKIP LOCKED` on
 * PostgreSQL, so the dispatchers of several instances on one database take disjoint batches), hands
 * each handler the events it consumes, and marks the batch done, all in one transaction. So an event
 * is consumed at least once (a crash rolls the batch back: it stays pending) and its handlers' writes
 * commit exactly once with it. A batch that fails is retried event by event: the events that fail
 * alone wait with a growing delay (never given up); the others are consumed.
 *
 * Woken right after a local write emitted an event (`Hooks.onCommitted`); polls for events written by
 * other instances (and retries) every `pollIntervalMs`.
 */
export class EventDispatcher {
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly retryDelayMs: (attempts: number) => number;
  private loopDone: Promise<void> | undefined;
  private stopping = false;
  private wakeUp: (() => void) | undefined;
  private woken = false;

  constructor(
    private readonly store: Store,
    private readonly opts: DispatcherOptions,
  ) {
    this.batchSize = Math.max(1, opts.batchSize ?? 200);
    this.pollIntervalMs = opts.pollIntervalMs ?? 1000;
    this.retryDelayMs = opts.retryDelayMs ?? defaultRetryDelay;
  }

  start(): this {
    if (!this.loopDone && !this.stopping) this.loopDone = this.loop();
    return this;
  }

  /** Polls now (a local write emitted an event). */
  wake(): void {
    if (this.wakeUp) this.wakeUp();
    else this.woken = true;
  }

  /** Stops after the pass under way (its transaction commits or rolls back whole). */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake();
    await this.loopDone;
  }

  /** Consumes every due event, pass after pass, and returns how many (tests and one-shot tools; needs no `start()`). */
  async drain(): Promise<number> {
    let consumed = 0;
    for (;;) {
      const n = await this.pass();
      if (!n) return consumed;
      consumed += n;
    }
  }

  /** One batch; returns the number of events consumed. */
  private async pass(): Promise<number> {
    let claimed: number[] = [];
    try {
      return await this.store.write(() =>
        readCommitted(
          this.consume(undefined, (ids) => {
            claimed = ids;
          }),
        ),
      );
    } catch (e) {
      if (!claimed.length) throw e;
      // One event (or the database) failed the batch: find out which, one event per transaction.
      let consumed = 0;
      for (const id of claimed) consumed += await this.one(id);
      return consumed;
    }
  }

  private async one(id: number): Promise<number> {
    try {
      return await this.store.write(() => readCommitted(this.consume(id, () => undefined)));
    } catch (error) {
      const attempts = await this.store
        .write(() => readCommitted(markEventFailed(id, error, this.retryDelayMs)))
        .catch(() => undefined);
      this.opts.log?.warn({ err: error, event: id, attempts }, 'events: handling an event failed; it will be retried');
      return 0;
    }
  }

  private *consume(onlyId: number | undefined, claimed: (ids: number[]) => void): Program<number> {
    const rows = yield* lockPendingEvents(onlyId === undefined ? this.batchSize : 1, onlyId);
    claimed(rows.map((r) => r.id));
    if (!rows.length) return 0;
    const events = rows.map(toEvent);
    for (const handler of this.opts.handlers) {
      const mine = events.filter((e) => handler.events.includes(e.name));
      if (mine.length) yield* handler.handle(mine);
    }
    yield* markEventsDone(events.map((e) => e.id));
    return events.length;
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      this.woken = false;
      let consumed = 0;
      try {
        // A read first: on SQLite a claim takes the write lock, which an idle poll should not.
        if (await this.store.read(() => anyPendingEvent())) consumed = await this.pass();
      } catch (e) {
        this.opts.log?.warn({ err: e }, 'events: could not take a batch; trying again at the next poll');
      }
      if (this.stopping) break;
      // Let requests run between batches, then take the next one at once if this one was full.
      await setImmediate();
      if (consumed > 0) continue;
      await this.sleep(this.pollIntervalMs);
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
      const self = this;
      function done() {
        clearTimeout(timer);
        self.wakeUp = undefined;
        resolve();
      }
      this.wakeUp = done;
    });
  }
}
