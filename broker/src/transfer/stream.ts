import { writeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { message } from '../messages.ts';
import type { Store } from '../storage/port.ts';
import { exportRecords, type StreamLine } from './export.ts';
import {
  endSchema,
  FORMAT,
  headerSchema,
  KINDS,
  recordSchemas,
  SCHEMA_VERSION,
  zeroCounts,
  type Counts,
  type DataRecord,
  type Kind,
} from './records.ts';
import { RecordWriter, type WriteSummary } from './writer.ts';

/** A stream that is not a well-formed rollgate export: what is wrong, and on which line. */
export class StreamError extends Error {
  constructor(
    readonly line: number,
    text: string,
  ) {
    super(message('transfer.line', { line, text }));
    this.name = 'StreamError';
  }
}

/** Bytes buffered before a write: output is written in chunks, never held whole. */
const CHUNK = 1 << 16;

/**
 * Writes the broker's export to a file descriptor (a file, or 1 for stdout) as NDJSON, in one consistent read and in
 * bounded memory: lines are written in 64 KiB chunks as the pages are read.
 */
export async function exportToFd(store: Store, fd: number): Promise<Counts> {
  let buffer: string[] = [];
  let size = 0;
  const drain = () => {
    const data = Buffer.from(buffer.join(''));
    buffer = [];
    size = 0;
    let off = 0;
    while (off < data.length) {
      try {
        off += writeSync(fd, data, off);
      } catch (e) {
        // A non-blocking pipe that is full: wait for the reader.
        if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
      }
    }
  };
  const emit = (line: StreamLine) => {
    const text = `${JSON.stringify(line)}\n`;
    buffer.push(text);
    size += text.length;
    if (size >= CHUNK) drain();
  };
  // The store re-runs a program after a transient failure; lines already written cannot be taken back, so a second run
  // is an error rather than a stream written twice (a READ ONLY snapshot never fails to serialise: this is a backstop).
  let runs = 0;
  const counts = await store.read(() => {
    if (++runs > 1) throw new Error(message('transfer.read-rerun'));
    return exportRecords(emit);
  });
  drain();
  return counts;
}

export interface ImportSummary extends WriteSummary {
  lines: number;
}

/**
 * Reads an export (header, records, end) line by line and writes it through a RecordWriter: memory holds one batch.
 * Checks each line against the schema and the stream order, and the end record's counts against what was read, so
 * a truncated or edited file fails with its line number. Batches before a bad line stay written (the import is
 * idempotent: fix the file and run it again).
 */
export async function importStream(
  store: Store,
  input: Readable,
  opts: { batchSize?: number } = {},
): Promise<ImportSummary> {
  const writer = new RecordWriter(store, { batchSize: opts.batchSize, onMissing: 'fail' });
  const seen = zeroCounts();
  let lineNo = 0;
  let header = false;
  let ended = false;
  let lastKind = 0;
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const text of lines) {
    lineNo++;
    if (!text.trim()) continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      throw new StreamError(lineNo, message('transfer.not-json', { reason: (e as Error).message }));
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw new StreamError(lineNo, message('transfer.not-json', { reason: typeof value }));
    const type = (value as { type?: unknown }).type;
    if (!header) {
      const h = headerSchema.safeParse(value);
      if (!h.success) {
        const version = (value as { schemaVersion?: unknown }).schemaVersion;
        if (type === 'header' && (value as { format?: unknown }).format === FORMAT && typeof version === 'number')
          throw new StreamError(lineNo, message('transfer.newer-schema', { version, supported: SCHEMA_VERSION }));
        throw new StreamError(lineNo, message('transfer.no-header', { format: FORMAT }));
      }
      if (h.data.schemaVersion > SCHEMA_VERSION)
        throw new StreamError(
          lineNo,
          message('transfer.newer-schema', { version: h.data.schemaVersion, supported: SCHEMA_VERSION }),
        );
      header = true;
      continue;
    }
    if (ended) throw new StreamError(lineNo, message('transfer.after-end'));
    if (type === 'end') {
      const end = endSchema.safeParse(value);
      if (!end.success)
        throw new StreamError(lineNo, message('transfer.bad-record', { type, problems: problemsOf(end.error) }));
      for (const kind of KINDS) {
        const expected = end.data.counts[kind] ?? 0;
        if (expected !== seen[kind])
          throw new StreamError(lineNo, message('transfer.count-mismatch', { type: kind, expected, got: seen[kind] }));
      }
      ended = true;
      continue;
    }
    const kindIndex = KINDS.indexOf(type as Kind);
    if (kindIndex < 0)
      throw new StreamError(lineNo, message('transfer.unknown-kind', { type: String(type), known: KINDS.join(', ') }));
    if (kindIndex < lastKind)
      throw new StreamError(
        lineNo,
        message('transfer.out-of-order', { type: String(type), after: KINDS[lastKind], order: KINDS.join(', ') }),
      );
    lastKind = kindIndex;
    const kind = type as Kind;
    const parsed = recordSchemas[kind].safeParse(value);
    if (!parsed.success)
      throw new StreamError(lineNo, message('transfer.bad-record', { type: kind, problems: problemsOf(parsed.error) }));
    seen[kind]++;
    await writer.write(parsed.data as DataRecord, lineNo);
  }
  if (!header) throw new StreamError(lineNo, message('transfer.no-header', { format: FORMAT }));
  if (!ended) throw new StreamError(lineNo, message('transfer.truncated'));
  return { ...(await writer.finish()), lines: lineNo };
}

function problemsOf(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  return error.issues.map((i) => `${i.path.map(String).join('.') || '(record)'}: ${i.message}`).join('; ');
}
