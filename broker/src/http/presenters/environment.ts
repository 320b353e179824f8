import type { EnvironmentRow } from '../../domain/environments/queries.ts';
import { routes } from '../../links/paths.ts';
import type { Linker } from '../../links/linker.ts';

/**
 * A contact as stored (`{name, details: {emailAddress, ...}}`, the Pact Broker's shape) plus `email`, a
 * copy of `details.emailAddress`: the Rust `pact-broker describe-environment` prints `contact.email`.
 */
function presentContact(c: unknown): unknown {
  if (!c || typeof c !== 'object' || Array.isArray(c)) return c;
  const details = (c as { details?: unknown }).details;
  const email =
    details && typeof details === 'object' ? (details as { emailAddress?: unknown }).emailAddress : undefined;
  return typeof email === 'string' && (c as { email?: unknown }).email === undefined ? { ...c, email } : c;
}

/**
 * The environment resource. `displayName` is always present (the name when none was given), as the
 * Rust `pact-broker list-environments` requires it (it panics on a missing one) and
 * `describe-environment` would print "null"; `contacts` is omitted when there are none.
 */
export function presentEnvironment(l: Linker, e: EnvironmentRow) {
  const self = routes.environment(e.uuid);
  return {
    uuid: e.uuid,
    name: e.name,
    displayName: e.display_name ?? e.name,
    production: Boolean(e.production),
    contacts: contactsOf(e.contacts),
    createdAt: e.created_at,
    updatedAt: e.updated_at,
    _links: {
      self: l.link(self, { name: e.name, title: 'Environment' }),
      'pb:currently-deployed-deployed-versions': l.link(`${self}/deployed-versions/currently-deployed`, {
        title: 'Versions currently deployed',
      }),
      'pb:currently-supported-released-versions': l.link(`${self}/released-versions/currently-supported`, {
        title: 'Versions released and supported',
      }),
      'pb:environments': l.link('/environments', { title: 'Environments' }),
    },
  };
}

function contactsOf(stored: string | null): unknown[] | undefined {
  if (!stored) return undefined;
  const parsed: unknown = JSON.parse(stored);
  return Array.isArray(parsed) ? parsed.map(presentContact) : undefined;
}

/** `GET /environments`: the list, embedded and as `pb:environments` links. */
export function presentEnvironments(l: Linker, rows: EnvironmentRow[]) {
  return {
    _embedded: { environments: rows.map((e) => presentEnvironment(l, e)) },
    _links: {
      self: l.link('/environments'),
      'pb:environments': rows.map((e) => ({
        ...l.link(routes.environment(e.uuid)),
        name: e.name,
        title: e.display_name ?? e.name,
      })),
    },
  };
}
