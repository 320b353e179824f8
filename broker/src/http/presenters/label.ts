import type { PacticipantRow } from '../../domain/pacticipants/queries.ts';
import type { Linker } from '../../links/linker.ts';
import { path, routes } from '../../links/paths.ts';
import { presentPacticipant } from './pacticipant.ts';

export const labelPath = (p: string, label: string) => `${routes.pacticipant(p)}/labels/${path(label)}`;

export function presentLabel(l: Linker, pacticipant: string, label: string) {
  return {
    name: label,
    _embedded: { pacticipant: { name: pacticipant, _links: { self: l.link(routes.pacticipant(pacticipant)) } } },
    _links: {
      self: l.link(labelPath(pacticipant, label), { name: label }),
      'pb:pacticipant': l.link(routes.pacticipant(pacticipant), { name: pacticipant }),
    },
  };
}

/** `GET /pacticipants/label/{label}`. */
export function presentLabelled(l: Linker, label: string, rows: PacticipantRow[]) {
  return {
    _embedded: { pacticipants: rows.map((p) => presentPacticipant(l, p)) },
    _links: { self: l.link(`/pacticipants/label/${path(label)}`) },
  };
}
