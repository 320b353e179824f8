/**
 * The environment page's groups (issue 19): services whose "must roll back with" lists are the same set are explained
 * once, as a group; when each also cannot roll back with the rest of that set, the group is one blocked group.
 */
import assert from 'node:assert/strict';
import type { PacticipantReport } from '../../broker/src/gate/rollback/types.ts';
import { groupItem, groupsOf } from '../../broker/src/ui/pages/environment.ts';

const report = (name: string, others: string[], conflicts: boolean): PacticipantReport => ({
  name,
  current: '2',
  prior: '1',
  verdict: conflicts ? 'blocked' : 'needs-companions',
  requires: others,
  conflictsWith: conflicts ? others : [],
  reasons: conflicts
    ? [{ id: 'conflict', pacticipant: name, conflictsWith: others[0], because: [] }]
    : [{ id: 'needs', pacticipant: name, needs: others[0], because: [] }],
});

const ring = (names: string[], conflicts: boolean) =>
  names.map((n) =>
    report(
      n,
      names.filter((m) => m !== n),
      conflicts,
    ),
  );

describe('environment page: groups of services that must roll back together (issue 19)', () => {
  it('says that services requiring and conflicting with the same services form one blocked group', () => {
    const rows = [...ring(['a', 'b', 'c'], true), ...ring(['x', 'y'], false), report('alone', [], false)];
    const { groups, groupOf } = groupsOf(rows);
    assert.equal(groups.length, 2);
    assert.deepEqual(groups[0].members, ['a', 'b', 'c']);
    assert.equal(groups[0].selfConflicting, true);
    assert.equal(groupOf.get('b'), groups[0]);
    assert.equal(groupOf.get('alone'), undefined);
    const blocked = groupItem(groups[0]).toString();
    assert.match(
      blocked,
      /3 services must roll back together, and cannot roll back together: they form one blocked group/,
    );
    const needing = groupItem(groups[1]).toString();
    assert.match(needing, /2 services must roll back together \(each needs another rolled back with it\)/);
    assert.doesNotMatch(needing, /blocked/);
  });
});
