import { Worker } from 'node:worker_threads';
import { requestLimits } from '../../context/request-context.ts';
import { fromDecodeError, runDecodeTask } from './decode.ts';
import type { DecodeReply, DecodeTask, OpenApiDecoded, PactDecoded } from './protocol.ts';

/**
 * Compiled (dist/), the worker is worker.js run by plain node; from source it is TypeScript, loaded through the
 * boot file (as the comparator pool's).
 */
const WORKER_URL = import.meta.url.endsWith('.js')
  ? new URL('./worker.js', import.meta.url)
  : new URL('./worker-boot.mjs', import.meta.url);

/** Bodies smaller than this are decoded on the event loop: a thread round trip costs more than they do. */
const OFF_THREAD_FROM_BYTES = 64 * 1024;

/**
 * The decoder thread's heap: a pact at the body limit (20 MB of base64) parses into a few hundred MB of objects at
 * worst, so the old generation may reach 1 GB before the thread ends (and the request fails) rather than the process.
 */
const DECODER_HEAP_MB = 1024;
/**
 * Its young generation (32 MB by default): the thread lives as long as the broker once started, and a decode's
 * objects are handed back, not kept, so 16 MB of nursery saves resident memory (issue 15), as the comparator's does.
 */
const DECODER_YOUNG_GENERATION_MB = 16;

interface Pending {
  resolve(v: unknown): void;
  reject(e: Error): void;
}

/**
 * Decoder threads for large request bodies (issue 15): a pact's base64, UTF-8, JSON parse, validation and content
 * hash, and an OpenAPI document's parse, validation and canonical hash run here, never on the HTTP event loop, so
 * a 10,000-path document or a pact at the body limit delays no other request. Threads start on first use and do
 * not keep the process alive; a thread that dies (out of memory) fails its tasks and is replaced at the next one.
 */
class DecoderPool {
  private readonly workers: { worker: Worker; pending: Map<number, Pending> }[] = [];
  private next = 0;
  private nextId = 1;

  constructor(private readonly size: number) {}

  run<T>(task: DecodeTask): Promise<T> {
    const slot = this.slot();
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      slot.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      slot.worker.ref();
      // A body's bytes are moved to the thread, not copied, when the buffer is theirs alone.
      const raw = task.kind === 'json-body' ? task.raw : undefined;
      const movable = raw && raw.byteOffset === 0 && raw.buffer.byteLength === raw.byteLength;
      slot.worker.postMessage({ id, task }, movable ? [raw.buffer as ArrayBuffer] : []);
    });
  }

  private slot() {
    const i = this.next++ % this.size;
    let slot = this.workers[i];
    if (!slot) {
      const worker = new Worker(WORKER_URL, {
        execArgv: [],
        resourceLimits: {
          maxOldGenerationSizeMb: DECODER_HEAP_MB,
          maxYoungGenerationSizeMb: DECODER_YOUNG_GENERATION_MB,
        },
      });
      const pending = new Map<number, Pending>();
      slot = { worker, pending };
      const current = slot;
      worker.unref();
      worker.on('message', (m: DecodeReply | { ready: true }) => {
        if (!('id' in m)) return;
        const p = pending.get(m.id);
        if (!p) return;
        pending.delete(m.id);
        if (!pending.size) worker.unref();
        if ('ok' in m) p.resolve(m.ok);
        else p.reject(fromDecodeError(m.error));
      });
      const fail = (e: Error) => {
        if (this.workers[i] === current) delete this.workers[i];
        for (const p of pending.values()) p.reject(e);
        pending.clear();
      };
      worker.on('error', fail);
      worker.on('exit', (code) => fail(new Error(`decoder thread exited (${code})`)));
      this.workers[i] = slot;
    }
    return slot;
  }
}

const pool = new DecoderPool(1);

/** A pact sent as base64 (or JSON text), decoded, validated and hashed off the event loop when it is large. */
export async function decodePactOffThread(
  input: { base64?: string; text?: string },
  at: string,
  expected?: { consumer?: string; provider?: string },
): Promise<PactDecoded & { json: Record<string, unknown> }> {
  const task: DecodeTask = { kind: 'pact', ...input, at, expected, limits: requestLimits() };
  const size = (input.base64 ?? input.text ?? '').length;
  const d = size < OFF_THREAD_FROM_BYTES ? await runDecodeTask(task) : await pool.run<PactDecoded>(task);
  const decoded = d as PactDecoded;
  let json: Record<string, unknown> | undefined;
  return {
    ...decoded,
    // Only a merge reads the tree: parsed then, from the stored text.
    get json() {
      json ??= JSON.parse(decoded.content) as Record<string, unknown>;
      return json;
    },
  };
}

/** A large JSON request body, decoded and parsed in a decoder thread (its bytes are handed over). */
export function parseJsonBodyOffThread(
  raw: Uint8Array,
  input: { type: string; typeIsJson: boolean },
): Promise<unknown> {
  return pool.run<unknown>({ kind: 'json-body', raw, ...input, limits: requestLimits() });
}

/** An OpenAPI document sent as base64, decoded, validated and hashed off the event loop. */
export function loadDocumentOffThread(base64: string, contentType: string, at: string): Promise<OpenApiDecoded> {
  return pool.run<OpenApiDecoded>({ kind: 'openapi', base64, contentType, at, limits: requestLimits() });
}
