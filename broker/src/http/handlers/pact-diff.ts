import type { Request, Response } from 'express';
import { pacticipantOr404 } from '../../domain/lookup.ts';
import { NotFoundError } from '../../errors.ts';
import { message } from '../../messages.ts';
import {
  findPactVersionById,
  findPactVersionBySha,
  publicationsForPair,
  type PublicationRow,
} from '../../repositories/pacts.ts';
import type { Program } from '../../storage/sql.ts';
import type { Deps } from '../deps.ts';
import { linker, sendHal } from '../hal.ts';
import { presentPact } from '../presenters/pact.ts';

type P = Record<string, string>;

const sortKeys = (v: unknown): unknown =>
  Array.isArray(v)
    ? v.map(sortKeys)
    : v && typeof v === 'object'
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
        )
      : v;

/** Pretty, key-sorted JSON lines of a pact's content (so key order never shows up as a change). */
const lines = (content: string) => JSON.stringify(sortKeys(JSON.parse(content)), null, 2).split('\n');

/** A line diff ("  " same, "- " removed, "+ " added) with 3 lines of context; LCS, or a trim-only diff when huge. */
export function lineDiff(a: string[], b: string[]): string {
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const A = a.slice(pre, a.length - suf);
  const B = b.slice(pre, b.length - suf);
  const ops: [string, string][] = a.slice(0, pre).map((l) => [' ', l]);
  if (A.length * B.length <= 4_000_000) {
    const w = B.length + 1;
    const dp = new Uint32Array((A.length + 1) * w);
    for (let i = A.length - 1; i >= 0; i--)
      for (let j = B.length - 1; j >= 0; j--) {
        dp[i * w + j] = A[i] === B[j] ? dp[(i + 1) * w + j + 1] + 1 : Math.max(dp[(i + 1) * w + j], dp[i * w + j + 1]);
      }
    let i = 0;
    let j = 0;
    while (i < A.length || j < B.length) {
      if (i < A.length && j < B.length && A[i] === B[j]) {
        ops.push([' ', A[i]]);
        i++;
        j++;
      } else if (j < B.length && (i === A.length || dp[i * w + j + 1] >= dp[(i + 1) * w + j])) {
        ops.push(['+', B[j]]);
        j++;
      } else {
        ops.push(['-', A[i]]);
        i++;
      }
    }
  } else {
    for (const l of A) ops.push(['-', l]);
    for (const l of B) ops.push(['+', l]);
  }
  for (const l of a.slice(a.length - suf)) ops.push([' ', l]);
  const keep = ops.map((_, k) => ops.slice(Math.max(0, k - 3), k + 4).some(([t]) => t !== ' '));
  const out: string[] = [];
  let skipped = false;
  ops.forEach(([t, l], k) => {
    if (keep[k]) {
      if (skipped) out.push('...');
      skipped = false;
      out.push(`${t === ' ' ? ' ' : t} ${l}`);
    } else skipped = true;
  });
  return out.length ? `${out.join('\n')}\n` : 'No differences\n';
}

interface Side {
  pub: PublicationRow;
  content: string;
}

function* pairPubs(provider: string, consumer: string) {
  const p = yield* pacticipantOr404(provider);
  const c = yield* pacticipantOr404(consumer);
  return { p, c, pubs: yield* publicationsForPair(c.id, p.id) };
}

function* side(pub: PublicationRow): Program<Side> {
  return { pub, content: (yield* findPactVersionById(pub.pact_version_id))!.content };
}

/** The publication a pact URL names: by consumer version, or (pact-version URLs) the newest with that content. */
function* current(params: P, pubs: PublicationRow[], ids: { c: number; p: number }): Program<PublicationRow> {
  const found =
    params.version !== undefined
      ? pubs.find((x) => x.consumer_version_number === params.version)
      : (yield* findPactVersionBySha(ids.c, ids.p, params.sha)) && pubs.find((x) => x.sha === params.sha);
  if (!found)
    throw new NotFoundError(
      message('pact.not-found', {
        consumer: params.consumer,
        provider: params.provider,
        version: params.version,
        selector: params.sha ? `pact version ${params.sha}` : undefined,
      }),
    );
  return found;
}

function* previousDistinct(params: P): Program<{ now: Side; before: Side | undefined }> {
  const { p, c, pubs } = yield* pairPubs(params.provider, params.consumer);
  const now = yield* current(params, pubs, { c: c.id, p: p.id });
  const i = pubs.indexOf(now);
  const prev = pubs.slice(i + 1).find((x) => x.pact_version_id !== now.pact_version_id);
  return { now: yield* side(now), before: prev ? yield* side(prev) : undefined };
}

const sendText = (res: Response, text: string) => res.status(200).type('text/plain;charset=utf-8').send(text);

/** `.../diff/previous-distinct`: what changed since the previous distinct version of this pact. */
export const diffPreviousDistinct = (deps: Deps) => async (req: Request, res: Response) => {
  const params = req.params as P;
  const { now, before } = await deps.store.read(() => previousDistinct(params));
  if (!before)
    throw new NotFoundError(
      `No previous distinct version of the pact between ${params.consumer} and ${params.provider} was found`,
    );
  sendText(res, lineDiff(lines(before.content), lines(now.content)));
};

/** `.../previous-distinct`: the previous distinct version of this pact itself. */
export const getPreviousDistinct = (deps: Deps) => async (req: Request, res: Response) => {
  const params = req.params as P;
  const { before } = await deps.store.read(() => previousDistinct(params));
  if (!before)
    throw new NotFoundError(
      `No previous distinct version of the pact between ${params.consumer} and ${params.provider} was found`,
    );
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
  const text = await deps.store.read(function* () {
    const { p, c, pubs } = yield* pairPubs(params.provider, params.consumer);
    const now = yield* side(yield* current(params, pubs, { c: c.id, p: p.id }));
    const otherParams =
      params.otherVersion !== undefined
        ? { ...params, version: params.otherVersion }
        : { ...params, sha: params.otherSha, version: undefined as unknown as string };
    if (params.otherVersion === undefined) delete (otherParams as Partial<P>).version;
    const other = yield* side(yield* current(otherParams, pubs, { c: c.id, p: p.id }));
    return lineDiff(lines(other.content), lines(now.content));
  });
  sendText(res, text);
};
