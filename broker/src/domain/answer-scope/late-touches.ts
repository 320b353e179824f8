import { environmentsByVersion } from '../../repositories/deployments.ts';
import { touchEnvironments, type StampChange } from '../../storage/answer-stamps.ts';
import type { Program } from '../../storage/sql.ts';
import { eventsNamed, type EventHandler, type StoredEvent } from '../events.ts';

/**
 * The environments a pact or verification write could not see. Such a write touches the environments where its
 * version is deployed or released (storage/answer-stamps.ts), as its own snapshot sees them. On PostgreSQL, with
 * several writers at REPEATABLE READ, a deployment of that version to another environment may commit while the
 * write runs: neither sees the other, and a reader between the two commits can keep that environment's world (or
 * cache its answer) without the pact or verification, which then never moves its stamp.
 *
 * This outbox consumer reads each event's version's environments again, after the write committed (the batch runs
 * at READ COMMITTED), and touches those the write did not, with the change it made. That closes the gap: a
 * deployment this read does not see committed after the write, so every reader that sees the deployment sees the
 * write too. Until it runs, a reader there may still miss the write (the window is the dispatcher's, about a second).
 * On SQLite (one writer) it touches only environments the version was deployed to after the write, which that
 * deployment already touched: a harmless second touch. One indexed query per batch; a touch only where one was missed.
 * An event without `touchedEnvironmentIds` touched every environment (or predates this): nothing to do. Instances
 * sharing a database must all run it (an event is consumed by whichever takes it), as for the other handlers. When
 * another handler fails an event, this one still runs for it at once (`prompt`), not after the event's retry delay.
 */
export const lateTouchesHandler: EventHandler = {
  name: 'late-touches',
  events: ['pactsPublished', 'verificationPublished'],
  // An event another handler fails (a webhook planner, say) waits minutes for its retry: its touch must not. Touching
  // twice is harmless (the environment's answers are read again once more).
  prompt: true,
  *handle(events) {
    const writes = [
      ...eventsNamed(events, 'pactsPublished').map((e) =>
        written(e, e.payload.versionId, { kind: 'pact', versionId: e.payload.versionId }),
      ),
      ...eventsNamed(events, 'verificationPublished').map((e) =>
        written(e, e.payload.providerVersionId, {
          kind: 'verification',
          providerVersionId: e.payload.providerVersionId,
        }),
      ),
    ].filter((w) => w.touched !== undefined);
    if (!writes.length) return;
    const now = new Map<number, number[]>();
    for (const r of yield* environmentsByVersion(writes.map((w) => w.versionId)))
      now.set(r.version_id, [...(now.get(r.version_id) ?? []), r.environment_id]);
    yield* touchMissed(writes, now);
  },
};

interface Written {
  versionId: number;
  touched: ReadonlySet<number> | undefined;
  change: StampChange;
}

function written(
  e: StoredEvent<'pactsPublished' | 'verificationPublished'>,
  versionId: number,
  change: StampChange,
): Written {
  const ids = e.payload.touchedEnvironmentIds;
  return { versionId, touched: ids ? new Set(ids) : undefined, change };
}

/** One touch per change for the environments its writes missed (coalesced: several writes of a version, one touch). */
function* touchMissed(writes: Written[], now: ReadonlyMap<number, number[]>): Program<void> {
  const missed = new Map<string, { change: StampChange; environments: Set<number> }>();
  for (const w of writes) {
    const environments = (now.get(w.versionId) ?? []).filter((id) => !w.touched?.has(id));
    if (!environments.length) continue;
    const key = JSON.stringify(w.change);
    const entry = missed.get(key) ?? { change: w.change, environments: new Set<number>() };
    for (const id of environments) entry.environments.add(id);
    missed.set(key, entry);
  }
  for (const { change, environments } of missed.values()) yield* touchEnvironments([...environments], change);
}
