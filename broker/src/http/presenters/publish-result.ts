import type { PublishOutcome } from '../../domain/pacts/publish.ts';
import type { Linker } from '../../links/linker.ts';
import { routes } from '../../links/paths.ts';
import { message } from '../../messages.ts';

/** What `pact-broker publish` prints: notices (and the older `logs`), the version and the pacts' links. */
export function presentPublishResult(
  l: Linker,
  cmd: { consumerName: string; versionNumber: string; tags?: string[] },
  out: PublishOutcome,
) {
  const versionPath = routes.version(cmd.consumerName, cmd.versionNumber);
  const pactLinks = out.contracts.map((c) => ({
    ...l.link(routes.pactForVersion(c.provider, cmd.consumerName, cmd.versionNumber)),
    title: 'Pact',
    name: `Pact between ${cmd.consumerName} (${cmd.versionNumber}) and ${c.provider}`,
  }));
  const notices = [
    ...out.notices,
    ...pactLinks.map((p) => ({ type: 'info', text: message('pact.view', { url: p.href }) })),
  ];
  return {
    notices,
    logs: notices.map((n) => ({
      level: n.type === 'success' ? 'info' : n.type,
      message: n.text,
      deprecationWarning: 'Replaced by notices',
    })),
    _embedded: {
      pacticipant: { name: cmd.consumerName, _links: { self: l.link(routes.pacticipant(cmd.consumerName)) } },
      version: {
        number: cmd.versionNumber,
        _links: { self: { ...l.link(versionPath), name: cmd.versionNumber, title: 'Version' } },
      },
    },
    _links: {
      'pb:pacticipant': {
        ...l.link(routes.pacticipant(cmd.consumerName)),
        name: cmd.consumerName,
        title: 'Pacticipant',
      },
      'pb:pacticipant-version': { ...l.link(versionPath), name: cmd.versionNumber, title: 'Pacticipant version' },
      'pb:pacticipant-version-tags': (cmd.tags ?? []).map((t) => ({
        ...l.link(routes.versionTag(cmd.consumerName, cmd.versionNumber, t)),
        name: t,
        title: 'Tag',
      })),
      'pb:contracts': pactLinks,
    },
  };
}
