/**
 * Keeps Optic loaded in one worker thread: loading it costs about a second, a diff then takes milliseconds. One diff
 * at a time (queued), each under a time limit; a worker that overruns is replaced and that diff answers a failure
 * (the result is then partial, never silently complete). Idle, the worker does not keep the process alive.
 */
import { Worker } from 'node:worker_threads';
import type { Finding } from '../../types.ts';
import type { OpticReply } from './protocol.ts';

const WORKER_URL = new URL('./worker-boot.mjs', import.meta.url);
const DEFAULT_TIMEOUT_MS = 30_000;

export interface OpticAnswer {
  findings: Finding[];
  unmapped: number;
  /** Network connections the worker refused so far (telemetry or any other call out): always 0 in practice. */
  networkAttempts: number;
}

interface Job {
  id: number;
  base: string;
  revision: string;
  timeoutMs: number;
  resolve(a: OpticAnswer): void;
  reject(e: Error): void;
}

export class OpticWorker {
  #worker?: Worker;
  #ready?: Promise<{ version: string; loadMs: number }>;
  #queue: Job[] = [];
  #running?: Job;
  #timer?: NodeJS.Timeout;
  #nextId = 1;
  #closed = false;

  /** Starts the worker now (Optic loads in the background) and resolves once it is ready. */
  warm(): Promise<{ version: string; loadMs: number }> {
    if (this.#closed) return Promise.reject(new Error('the Optic worker is closed'));
    if (this.#ready) return this.#ready;
    const worker = new Worker(WORKER_URL, { execArgv: [], env: { ...process.env, OPTIC_TELEMETRY_LEVEL: 'off' } });
    this.#worker = worker;
    this.#ready = new Promise((resolve, reject) => {
      worker.on('message', (m: OpticReply) => {
        if (m.type === 'ready') {
          resolve({ version: m.version, loadMs: m.loadMs });
          if (!this.#queue.length) worker.unref();
          this.#pump();
        } else this.#settle(m);
      });
      worker.on('error', (e) => this.#crash(worker, e, reject));
      worker.on('exit', (code) => this.#crash(worker, new Error(`the Optic worker exited (code ${code})`), reject));
    });
    this.#ready.catch(() => {});
    return this.#ready;
  }

  diff(base: unknown, revision: unknown, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<OpticAnswer> {
    return new Promise((resolve, reject) => {
      if (this.#closed) return reject(new Error('the Optic worker is closed'));
      this.#queue.push({
        id: this.#nextId++,
        base: JSON.stringify(base),
        revision: JSON.stringify(revision),
        timeoutMs,
        resolve,
        reject,
      });
      this.warm().then(
        () => this.#pump(),
        (e: Error) => this.#failAll(e),
      );
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#failAll(new Error('the Optic worker is closed'));
    const w = this.#worker;
    this.#worker = undefined;
    if (w) await w.terminate();
  }

  #pump(): void {
    const worker = this.#worker;
    if (this.#running || !worker || !this.#queue.length) return;
    const job = this.#queue.shift()!;
    this.#running = job;
    worker.ref();
    this.#timer = setTimeout(() => {
      this.#running = undefined;
      job.reject(new Error(`Optic timed out after ${job.timeoutMs} ms`));
      this.#restart();
    }, job.timeoutMs);
    worker.postMessage({ type: 'diff', id: job.id, base: job.base, revision: job.revision });
  }

  #settle(m: Exclude<OpticReply, { type: 'ready' }>): void {
    const job = this.#running;
    if (!job || job.id !== m.id) return;
    clearTimeout(this.#timer);
    this.#running = undefined;
    if (m.type === 'result')
      job.resolve({ findings: m.findings, unmapped: m.unmapped, networkAttempts: m.networkAttempts });
    else job.reject(new Error(m.message));
    if (!this.#queue.length) this.#worker?.unref();
    this.#pump();
  }

  #crash(worker: Worker, e: Error, rejectReady: (e: Error) => void): void {
    if (worker !== this.#worker) return;
    rejectReady(e);
    clearTimeout(this.#timer);
    this.#running?.reject(e);
    this.#running = undefined;
    this.#worker = undefined;
    this.#ready = undefined;
    if (!this.#closed && this.#queue.length) this.#failAll(e);
  }

  #restart(): void {
    const old = this.#worker;
    this.#worker = undefined;
    this.#ready = undefined;
    if (old) void old.terminate();
    if (this.#queue.length && !this.#closed)
      this.warm().then(
        () => this.#pump(),
        (e: Error) => this.#failAll(e),
      );
  }

  #failAll(e: Error): void {
    for (const job of this.#queue.splice(0)) job.reject(e);
  }
}
