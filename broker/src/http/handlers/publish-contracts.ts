import type { Request, Response } from 'express';
import { decodePactOffThread } from '../../domain/off-thread/pool.ts';
import { publishPacts } from '../../domain/pacts/publish.ts';
import { message } from '../../messages.ts';
import type { Deps } from '../../deps.ts';
import { linker } from '../../links/linker.ts';
import { sendHal } from '../../links/hal.ts';
import { jsonBody } from '../json-body.ts';
import { presentPublishResult } from '../presenters/publish-result.ts';
import { publishContractsSchema } from '../schemas/publish-contracts.ts';
import { validate } from '../schemas/validate.ts';
import { ValidationError } from '../../errors.ts';

/** `POST /contracts/publish`: the `pact-broker publish` flow. Everything is checked before anything is written. */
export function publishContracts(deps: Deps) {
  return async (req: Request, res: Response) => {
    const body = validate(publishContractsSchema, await jsonBody(req));
    // One after the other: the first contract in error is the one reported, as before.
    const contracts = [];
    for (const [i, c] of body.contracts.entries()) {
      const at = `contracts[${i}]`;
      if (c.consumerName !== body.pacticipantName) {
        throw ValidationError.of(
          `${at}.consumerName`,
          message('publish.consumer-mismatch', { consumer: c.consumerName, pacticipant: body.pacticipantName }),
        );
      }
      // Base64, UTF-8, JSON, validation and the content hash: in a decoder thread when the pact is large.
      const decoded = await decodePactOffThread({ base64: c.content }, `${at}.content`, {
        consumer: c.consumerName,
        provider: c.providerName,
      });
      contracts.push({ providerName: c.providerName, decoded, onConflict: c.onConflict });
    }
    const cmd = {
      consumerName: body.pacticipantName,
      versionNumber: body.pacticipantVersionNumber,
      branch: body.branch,
      tags: body.tags,
      buildUrl: body.buildUrl,
      contracts,
    };
    const outcome = await deps.store.write(() => publishPacts(deps.hooks, cmd, deps.config.allowContractModification));
    sendHal(res, 200, presentPublishResult(linker(req), cmd, outcome));
  };
}
