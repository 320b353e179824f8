/**
 * One synchronous SQLite transaction per turn of the event loop (issue 16: under 200 busy clients the heartbeat
 * waited 12 s). A transaction blocks the thread while it runs; when every ready request starts its transaction
 * in the same turn, a request that needs no database (the heartbeat, a probe) waits for all of them. Here each
 * transaction waits for its own turn (a setImmediate slot, first come first served), so between two transactions the
 * loop polls the network again: what needs no database answers within one transaction's time, and transactions
 * keep their order. An idle broker pays one loop turn (microseconds) per transaction.
 */
export class Turns {
  private readonly waiting: (() => void)[] = [];
  private scheduled = false;

  /** Resolves when it is this caller's turn; run the transaction synchronously right after. */
  next(): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || !this.waiting.length) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      // The caller's continuation (its transaction) runs in the microtask checkpoint right after this callback;
      // the next caller waits for a later check phase, after the loop has polled for I/O again.
      this.waiting.shift()?.();
      this.schedule();
    });
  }
}
