import type { Request, Response } from 'express';
import { decodeBase64, decodePact, decodeUtf8, parseJsonText } from '../../domain/pacts/decode.ts';
import { publishPacts, type PublishOutcome } from '../../domain/pacts/publish.ts';
import { message } from '../../messages.ts';
import type { Deps } from '../deps.ts';
import { linker, routes, sendHal } from '../hal.ts';
import { jsonBody } from '../json-body.ts';
import { publishContractsSchema } from '../schemas/publish-contracts.ts';
import { validate } from '../schemas/validate.ts';
import { ValidationError } from '../../errors.ts';

/** `POST /contracts/publish`: the `pact-broker publish` flow. Everything is checked before anything is written. */
export function publishContracts(deps: Deps) {
  return async (req: Request, res: Response) => {
    const body = validate(publishContractsSchema, await jsonBody(req));
    const contracts = body.contracts.map((c, i) => {
      const at = `contracts[${i}]`;
      if (c.consumerName !== body.pacticipantName) {
        throw ValidationError.of(
          `${at}.consumerName`,
          `"${c.consumerName}" must match pacticipantName "${body.pacticipantName}"`,
        );
      }
      const text = decodeUtf8(decodeBase64(c.content, `${at}.content`), `${at}.content`);
      const decoded = decodePact(
        parseJsonText(text, `${at}.content`),
        `${at}.content`,
        { consumer: c.consumerName, provider: c.providerName },
        text,
      );
      return { providerName: c.providerName, decoded, onConflict: c.onConflict };
    });
    const cmd = {
      consumerName: body.pacticipantName,
      versionNumber: body.pacticipantVersionNumber,
      branch: body.branch,
      tags: body.tags,
      buildUrl: body.buildUrl,
      contracts,
    };
    const outcome = await deps.store.write(() => publishPacts(deps.hooks, cmd, deps.config.allowContractModification));
    sendHal(res, 200, presentPublishResult(req, cmd, outcome));
  };
}

function presentPublishResult(
  req: Request,
  cmd: { consumerName: string; versionNumber: string; tags?: string[] },
  out: PublishOutcome,
) {
  const l = linker(req);
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
