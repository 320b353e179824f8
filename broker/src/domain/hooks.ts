import { currentContext } from '../context/request-context.ts';
import { appendEvent } from '../repositories/outbox.ts';
import { afterCommit, type Program } from '../storage/sql.ts';
import type { DomainEvents, EventActor, EventName } from './events.ts';

/** A hook that runs inside the write's transaction (see `Hooks.on`). */
export type Hook<E extends EventName> = (event: DomainEvents[E]) => Program<void>;

/**
 * How a domain program tells the rest of the broker what it wrote. Every domain write program takes
 * the broker's `Hooks` as its first parameter and calls `yield* hooks.emit(name, payload)` (catalogue:
 * domain/events.ts) inside its transaction. `emit` appends the event to the outbox, a table, so it
 * commits with the write or not at all: a 2xx never loses its follow-up work, and a rolled-back write
 * has none. The follow-up work (comparisons and subsumption checks to queue, webhooks to trigger,
 * rollback-readiness requests) is done in the background by the event dispatcher (broker/src/events/),
 * in batches, so a write costs the same whatever its fan-out.
 */
export class Hooks {
  private readonly atomic: { [E in EventName]?: Hook<E>[] } = {};
  private readonly committed = new Set<() => void>();
  private readonly notify = () => {
    for (const listener of this.committed) listener();
  };

  /**
   * Registers a hook that runs synchronously inside the transaction of every write emitting `event`.
   * Only for what must be atomic with the write; everything else consumes the outbox. One use: the
   * audit row (audit/hooks.ts). It must be visible the moment the write is acknowledged (an auditor, or
   * the crash test, reading /audit right after a 2xx finds it), it needs the request's principal and
   * id, and it costs one insert whatever the history, so it does not make a write grow.
   */
  on<E extends EventName>(event: E, hook: Hook<E>): void {
    const hooks = (this.atomic[event] ?? []) as Hook<E>[];
    hooks.push(hook);
    (this.atomic as Record<E, Hook<E>[]>)[event] = hooks;
  }

  /** Calls `listener` after each commit of a write that emitted an event (the dispatcher's wake-up). Returns an unsubscribe. */
  onCommitted(listener: () => void): () => void {
    this.committed.add(listener);
    return () => this.committed.delete(listener);
  }

  *emit<E extends EventName>(event: E, payload: DomainEvents[E]): Program<void> {
    yield* appendEvent(event, payload, currentActor());
    for (const hook of (this.atomic[event] ?? []) as Hook<E>[]) yield* hook(payload);
    yield* afterCommit(this.notify);
  }
}

/** Who is writing: the request's principal, or `system` for writes outside a request (tests, tools). */
export function currentActor(): EventActor {
  const ctx = currentContext();
  return ctx?.principal
    ? { principal: ctx.principal.name, principalKind: ctx.principal.kind, requestId: ctx.requestId }
    : { principal: 'system', principalKind: 'system', requestId: ctx?.requestId };
}
