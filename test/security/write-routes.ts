import { ROUTES } from '../../broker/src/http/routes.ts';
import { describeSource } from '../../broker/src/http/routing/route.ts';

/** The table docs/security.md shows: each write route and how it finds the pacticipants it writes (from ROUTES). */
export function writeRoutesTable(): string {
  const rows = ROUTES.filter((r) => r.writes !== undefined).map((r) => {
    const scope = Array.isArray(r.scope) ? r.scope.join(' or ') : r.scope;
    const checks = r.writes?.length
      ? r.writes.map(describeSource).join('; ')
      : 'none: belongs to no pacticipant (admins without a pacticipant scope only)';
    return `| ${r.method} | \`${r.path}\` | ${scope} | ${checks} |`;
  });
  return ['| method | path | scope | pacticipants checked |', '|---|---|---|---|', ...rows].join('\n');
}
