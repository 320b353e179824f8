import { setImmediate } from 'node:timers/promises';
import type { EventHandler, EventName, StoredEvent } from '../domain/events.ts';
import {
  duePendingEvents,
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

  /**
   * One batch; returns the number of events consumed. The handlers' reads (`prepare`) run first, outside the write
   * transaction, on the events due now; the transaction then locks those of them still pending (another instance may
   * have taken some) and hands each handler its events and what it prepared.
   */
  private async pass(): Promise<number> {
    const due = (await this.store.read(() => duePendingEvents(this.batchSize))).map(toEvent);
    if (!due.length) return 0;
    const ids = due.map((e) => e.id);
    let claimed: StoredEvent[] = [];
    let prepared: Map<EventHandler, unknown>;
    try {
      prepared = await this.prepare(due);
    } catch {
      // A handler could not prepare the batch: find out for which event, one event at a time.
      return this.oneByOne(due);
    }
    try {
      return await this.store.write(() =>
        readCommitted(
          this.consume(
            ids,
            prepared,
            (locked) => {
              claimed = locked;
            },
            true,
          ),
        ),
      );
    } catch (e) {
      if (!claimed.length) throw e;
      // One event (or the database) failed the batch: find out which, one event per transaction.
      return this.oneByOne(claimed);
    }
  }

  private async oneByOne(events: StoredEvent[]): Promise<number> {
    let consumed = 0;
    for (const event of events) consumed += await this.one(event);
    return consumed;
  }

  private async one(event: StoredEvent): Promise<number> {
    try {
      const prepared = await this.prepare([event]);
      return await this.store.write(() => readCommitted(this.consume([event.id], prepared, () => undefined)));
    } catch (error) {
      const attempts = await this.store
        .write(() => readCommitted(markEventFailed(event.id, error, this.retryDelayMs)))
        .catch(() => undefined);
      this.opts.log?.warn(
        { err: error, event: event.id, attempts },
        'events: handling an event failed; it will be retried',
      );
      await this.promptly(event);
      return 0;
    }
  }

  /** The prompt handlers of an event that waits for its retry: each in its own transaction, now (`EventHandler.prompt`). */
  private async promptly(event: StoredEvent): Promise<void> {
    for (const handler of this.opts.handlers) {
      if (!handler.prompt || !handler.events.includes(event.name)) continue;
      try {
        await this.store.write(() => readCommitted(handler.handle([event], undefined)));
      } catch (err) {
        this.opts.log?.warn(
          { err, event: event.id, handler: handler.name },
          'events: a prompt handler failed; it runs again with the event',
        );
      }
    }
  }

  /** Each handler's `prepare` of its events (a background named read), for the handlers that have one. */
  private async prepare(events: StoredEvent[]): Promise<Map<EventHandler, unknown>> {
    const prepared = new Map<EventHandler, unknown>();
    for (const handler of this.opts.handlers) {
      const mine = events.filter((e) => handler.events.includes(e.name));
      if (handler.prepare && mine.length) prepared.set(handler, await this.store.readNamed(handler.prepare, mine));
    }
    return prepared;
  }

  /**
   * Locks the given events that are still pending and hands them to the handlers. When `orNext` and another instance
   * took every one of them meanwhile (PostgreSQL), it takes the next due events instead and runs the handlers'
   * `prepare` inside the transaction, so instances sharing a database share the work rather than wait on each other.
   */
  private *consume(
    ids: number[],
    prepared: Map<EventHandler, unknown>,
    claimed: (events: StoredEvent[]) => void,
    orNext = false,
  ): Program<number> {
    let rows = yield* lockPendingEvents(ids.length, ids);
    let plans: Map<EventHandler, unknown> | undefined = prepared;
    if (!rows.length && orNext) {
      rows = yield* lockPendingEvents(this.batchSize);
      plans = undefined;
    }
    const events = rows.map(toEvent);
    claimed(events);
    if (!rows.length) return 0;
    for (const handler of this.opts.handlers) {
      const mine = events.filter((e) => handler.events.includes(e.name));
      if (!mine.length) continue;
      const plan = plans ? plans.get(handler) : handler.prepare ? yield* handler.prepare.program(mine) : undefined;
      yield* handler.handle(mine, plan);
    }
    yield* markEventsDone(events.map((e) => e.id));
    return events.length;
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      this.woken = false;
      let consumed = 0;
      try {
        // A pass reads first: on SQLite a claim takes the write lock, which an idle poll should not.
        consumed = await this.pass();
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
