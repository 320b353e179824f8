import { createHash } from 'node:crypto';
import type { Response } from 'express';
import { Lru } from '../../../contracts/src/openapi/comparator/lru.ts';
import { HAL_JSON } from '../links/hal.ts';

/** Bodies kept, and their summed size: an environment's any-subset answer is ~4 MB of JSON at 300 services. */
export const RENDERED_BODIES = 16;
export const RENDERED_BODY_BYTES = 16 * 1024 * 1024;

interface Rendered {
  /** The cached domain answer the body was made from: the body is valid while that answer is the one served. */
  source: WeakRef<object>;
  /** What else went into the body and can change without the answer changing (request-time data), as text. */
  extra: string;
  body: Buffer;
  etag: string;
}

/**
 * Response bodies made from cached domain answers (issue 15): a cached can-i-rollback answer is one object until its
 * environment's stamp moves (domain/rollback/answer-cache.ts), so the JSON text made from it for one URL, on one base
 * URL, with the same request-time data (`extra`), is the same text. Turning a 4 MB answer into JSON and hashing it for
 * its ETag took ~19 ms of a cached answer's ~25; a kept body is sent as it is. Bounded by count and bytes (an LRU);
 * an entry holds its answer weakly, so a body never keeps an answer the answer cache has let go.
 */
export class RenderedBodies {
  private readonly entries: Lru<Rendered>;

  constructor(
    size = RENDERED_BODIES,
    private readonly maxBytes = RENDERED_BODY_BYTES,
  ) {
    this.entries = new Lru<Rendered>(size, maxBytes);
  }

  get cachedBytes(): number {
    return this.entries.weight;
  }

  /**
   * The body for `key` made from `source` with `extra`, kept or made now by `render`. `keep: false` for a source
   * nobody will give again (an answer the answer cache did not keep): made, not kept.
   */
  bodyFor(
    key: string,
    source: object,
    extra: string,
    render: () => unknown,
    keep = true,
  ): { body: Buffer; etag: string } {
    const kept = this.entries.get(key);
    if (kept && kept.source.deref() === source && kept.extra === extra) return { body: kept.body, etag: kept.etag };
    const body = Buffer.from(JSON.stringify(render()));
    // A weak ETag of the body's bytes, as express makes one (length and SHA-1), so a client's conditional GET works.
    const etag = `W/"${body.length.toString(16)}-${createHash('sha1').update(body).digest('base64').slice(0, 27)}"`;
    if (!keep) return { body, etag };
    this.entries.delete(key);
    // Bodies of answers the answer cache has let go (and the heap collected) go first: nobody can be sent them.
    for (const k of this.entries.keys()) if (this.entries.peek(k)?.source.deref() === undefined) this.entries.delete(k);
    // A body larger than the whole budget is not kept (nor pushes the others out).
    if (body.length <= this.maxBytes)
      this.entries.set(key, { source: new WeakRef(source), extra, body, etag }, body.length);
    return { body, etag };
  }
}

/** Sends a HAL body made by `bodies.bodyFor` (express answers a matching If-None-Match with 304). */
export function sendRendered(res: Response, status: number, rendered: { body: Buffer; etag: string }): void {
  res.status(status).type(HAL_JSON).set('ETag', rendered.etag).send(rendered.body);
}
