import { parentPort } from 'node:worker_threads';
import { runDecodeTask, toDecodeError } from './decode.ts';
import type { DecodeReply, DecodeTask } from './protocol.ts';

/** A decoder thread: parses and hashes large request bodies (pool.ts) so the HTTP event loop never waits for it. */
parentPort?.on('message', async ({ id, task }: { id: number; task: DecodeTask }) => {
  let reply: DecodeReply;
  try {
    reply = { id, ok: await runDecodeTask(task) };
  } catch (e) {
    reply = { id, error: toDecodeError(e) };
  }
  parentPort?.postMessage(reply);
});
parentPort?.postMessage({ ready: true });
