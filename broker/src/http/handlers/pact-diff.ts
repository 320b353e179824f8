import type { Request, Response } from 'express';
import type { Deps } from '../../deps.ts';
import {
  diffBetween,
  diffWithPreviousDistinct,
  previousDistinctPact,
  type PactRef,
} from '../../domain/pacts/previous-distinct.ts';
import { sendHal } from '../../links/hal.ts';
import { linker } from '../../links/linker.ts';
import { presentPact } from '../presenters/pact.ts';

type P = Record<string, string>;

const refOf = (p: P): PactRef => ({ provider: p.provider, consumer: p.consumer, version: p.version, sha: p.sha });
const sendText = (res: Response, text: string) => res.status(200).type('text/plain;charset=utf-8').send(text);

/** `.../diff/previous-distinct`: what changed since the previous distinct version of this pact. */
export const diffPreviousDistinct = (deps: Deps) => async (req: Request, res: Response) => {
  sendText(res, await deps.store.read(() => diffWithPreviousDistinct(refOf(req.params as P))));
};

/** `.../previous-distinct`: the previous distinct version of this pact itself. */
export const getPreviousDistinct = (deps: Deps) => async (req: Request, res: Response) => {
  const params = req.params as P;
  const { before } = await deps.store.read(() => previousDistinctPact(refOf(params)));
  sendHal(
    res,
    200,
    presentPact(linker(req), {
      consumer: params.consumer,
      provider: params.provider,
      consumerVersion: before.pub.consumer_version_number,
      sha: before.pub.sha,
      content: before.content,
      createdAt: before.pub.created_at,
    }),
  );
};

/** `.../version/{v}/diff/version/{other}` and `.../pact-version/{sha}/diff/pact-version/{other}`: other -> this. */
export const diffWith = (deps: Deps) => async (req: Request, res: Response) => {
  const params = req.params as P;
  const other = params.otherVersion !== undefined ? { version: params.otherVersion } : { sha: params.otherSha };
  sendText(res, await deps.store.read(() => diffBetween(refOf(params), other)));
};
