import type { Store } from '../storage/port.ts';
import { run } from '../storage/sql.ts';
import type { SrcDeployment, SrcRelease } from './model.ts';
import { iso } from './records.ts';

/**
 * The ends the source recorded after an earlier import: a deployment undeployed (or replaced) since, a release whose
 * support ended since. The RecordWriter leaves a record that is there already as it is, so these are set here, and
 * only where rollgate has no end yet (an end is never moved). One short transaction per 500.
 */
export async function endLater(
  store: Store,
  deployments: readonly SrcDeployment[],
  releases: readonly SrcRelease[],
): Promise<{ undeployed: number; supportEnded: number }> {
  const ends = [
    ...deployments.flatMap((d) =>
      d.undeployedAt ? [{ table: 'deployed_versions', column: 'undeployed_at', uuid: d.uuid, at: d.undeployedAt }] : [],
    ),
    ...releases.flatMap((r) =>
      r.supportEndedAt
        ? [{ table: 'released_versions', column: 'support_ended_at', uuid: r.uuid, at: r.supportEndedAt }]
        : [],
    ),
  ];
  const out = { undeployed: 0, supportEnded: 0 };
  for (let i = 0; i < ends.length; i += 500) {
    const batch = ends.slice(i, i + 500);
    const changed = await store.write(function* () {
      const n = { undeployed: 0, supportEnded: 0 };
      for (const e of batch) {
        const res = yield* run(`UPDATE ${e.table} SET ${e.column} = ? WHERE uuid = ? AND ${e.column} IS NULL`, [
          iso(e.at, e.at),
          e.uuid,
        ]);
        if (e.table === 'deployed_versions') n.undeployed += res.changes;
        else n.supportEnded += res.changes;
      }
      return n;
    });
    out.undeployed += changed.undeployed;
    out.supportEnded += changed.supportEnded;
  }
  return out;
}
