import type { Hooks } from '../domain/hooks.ts';
import type { Store } from '../storage/port.ts';
import { EventDispatcher, type DispatcherOptions } from './dispatcher.ts';
import type { EventHandler } from '../domain/events.ts';

/**
 * Starts consuming the outbox with `handlers`, woken at once by each local write that emitted an
 * event and polling for the others (other instances' writes, retries). Every instance runs one; on
 * PostgreSQL they share the work (row locks). Instances sharing a database should register the same
 * handlers (the same ROLLGATE_PRECOMPUTE and ROLLGATE_DEPLOYMENT_READINESS), since an event is
 * consumed by whichever instance takes it.
 */
export function startEvents(
  deps: { store: Store; hooks: Hooks; log?: DispatcherOptions['log'] },
  handlers: readonly EventHandler[],
  opts: Omit<DispatcherOptions, 'handlers' | 'log'> = {},
) {
  const dispatcher = new EventDispatcher(deps.store, { ...opts, handlers, log: deps.log });
  const unsubscribe = deps.hooks.onCommitted(() => dispatcher.wake());
  dispatcher.start();
  return {
    dispatcher,
    async close() {
      unsubscribe();
      await dispatcher.stop();
    },
  };
}
