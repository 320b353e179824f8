import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { isNamedRead, type NamedRead } from '../named-read.ts';
import { setImmediate as yieldToTasks } from 'node:timers/promises';
import { IDLE_PROGRAMS, sqlFor, type Program, type SqlOp } from '../sql.ts';
import { type ReadReply, type ReadTask, toWireError } from './reader-protocol.ts';
import { StatementCache } from './statements.ts';
import type { ReaderSettings } from './reader-pool.ts';

/**
 * A reader thread (reader-pool.ts): its own read-only connection to the database file (WAL mode, set by the writer),
 * running named reads one at a time. Each read is one deferred transaction, begun when the task arrives and ended
 * when the program returns: it sees every write committed before it began, and no snapshot outlives its read.
 */
const { file, pageCacheKib, releaseIdleMs } = workerData as ReaderSettings;
const db = new Database(file, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = 5000');
// Bounded page cache (reader-pool.ts READER_LIMITS): a negative cache_size is in KiB.
db.pragma(`cache_size = -${Math.max(0, Math.floor(pageCacheKib))}`);

/** Gives SQLite's page cache back once the thread has been idle releaseIdleMs (the next read refills it). */
let idle: NodeJS.Timeout | undefined;
function releaseWhenIdle(): void {
  clearTimeout(idle);
  idle = setTimeout(() => db.pragma('shrink_memory'), releaseIdleMs);
  idle.unref();
}

const statements = new StatementCache(db);
/** What programs keep between reads of this thread (sql.ts `storeMemo`). */
const memos = new Map<string, Map<string, unknown>>();
const prepare = (sql: string) => statements.prepare(sql);

function execute(op: SqlOp): unknown {
  if (op.kind === 'dialect') return 'sqlite';
  if (op.kind === 'memo') return memos;
  // A read declares no answer scope and schedules nothing after commit; a write here fails on the read-only connection.
  if (op.kind === 'afterCommit' || op.kind === 'answerScope') return undefined;
  const stmt = prepare(sqlFor(op.sql, 'sqlite'));
  if (op.kind === 'all') return stmt.all(...op.params);
  if (op.kind === 'get') return stmt.get(...op.params);
  return { changes: stmt.run(...op.params).changes };
}

function drive<T>(gen: Program<T>): T {
  let step = gen.next();
  while (!step.done) step = gen.next(execute(step.value));
  return step.value;
}

const modules = new Map<string, Record<string, unknown>>();
async function lookup(module: string, name: string): Promise<NamedRead<unknown[], unknown>> {
  let m = modules.get(module);
  if (!m) {
    m = (await import(module)) as Record<string, unknown>;
    modules.set(module, m);
  }
  const op = m[name];
  if (!isNamedRead(op) || op.name !== name) throw new Error(`${module} exports no named read ${name}`);
  return op;
}

/** How long after its last read, and then how often, the thread runs its idle programs (sql.ts `whenIdle`). */
const IDLE_EVERY_MS = 1000;
let idleRun: NodeJS.Timeout | undefined;
/** Counts the reads this thread began: an idle pass stops as soon as one began after it. */
let reads = 0;

/**
 * Runs each idle program in its own read transaction, letting a read that arrives meanwhile go first: the pass stops
 * there, and the next starts a second after that read. A program that returns false, or fails, is not run again.
 */
async function runIdlePrograms(): Promise<void> {
  const started = reads;
  const programs = memos.get(IDLE_PROGRAMS) as Map<string, () => Program<boolean>> | undefined;
  for (const [key, program] of programs ?? []) {
    if (reads !== started) return;
    try {
      if (!db.transaction(() => drive(program())).deferred()) programs!.delete(key);
    } catch {
      programs!.delete(key);
    }
    await yieldToTasks();
  }
  if (reads === started && programs?.size) scheduleIdlePrograms();
}

function scheduleIdlePrograms(): void {
  clearTimeout(idleRun);
  idleRun = setTimeout(runIdlePrograms, IDLE_EVERY_MS);
  idleRun.unref();
}

parentPort?.on('message', async (task: ReadTask) => {
  let reply: ReadReply;
  clearTimeout(idle);
  clearTimeout(idleRun);
  reads++;
  try {
    const op = await lookup(task.module, task.name);
    reply = { id: task.id, ok: db.transaction(() => drive(op.program(...task.args))).deferred() };
  } catch (e) {
    reply = { id: task.id, error: toWireError(e) };
  }
  try {
    parentPort?.postMessage(reply);
  } catch (e) {
    // A result that cannot be cloned (a function in it) is the read's bug: say so rather than never answer.
    parentPort?.postMessage({ id: task.id, error: toWireError(e) } satisfies ReadReply);
  }
  releaseWhenIdle();
  scheduleIdlePrograms();
});
parentPort?.postMessage({ ready: true });
