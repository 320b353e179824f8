import type { EnvironmentRow } from '../../repositories/environments.ts';
import { routes, type Linker } from '../hal.ts';

export function presentEnvironment(l: Linker, e: EnvironmentRow) {
  const self = routes.environment(e.uuid);
  return {
    uuid: e.uuid,
    name: e.name,
    displayName: e.display_name ?? undefined,
    production: Boolean(e.production),
    contacts: e.contacts ? JSON.parse(e.contacts) : undefined,
    createdAt: e.created_at,
    updatedAt: e.updated_at,
    _links: {
      self: l.link(self, { name: e.name, title: 'Environment' }),
      'pb:currently-deployed-deployed-versions': l.link(`${self}/deployed-versions/currently-deployed`, { title: 'Versions currently deployed' }),
      'pb:currently-supported-released-versions': l.link(`${self}/released-versions/currently-supported`, { title: 'Versions released and supported' }),
      'pb:environments': l.link('/environments', { title: 'Environments' }),
    },
  };
}
