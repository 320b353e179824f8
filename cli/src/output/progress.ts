/**
 * A one-line progress bar for a terminal: `phase [#####.....] done/total`, redrawn in place (carriage return),
 * at most every 100 ms. Nothing is drawn when the output is not a terminal (CI logs, pipes, tests).
 */
export class ProgressBar {
  private last = 0;
  private phase = '';

  constructor(
    private readonly write: (text: string) => void,
    private readonly width = 30,
  ) {}

  update(phase: string, done: number, total: number): void {
    const now = Date.now();
    const changed = phase !== this.phase;
    if (!changed && done < total && now - this.last < 100) return;
    if (changed && this.phase) this.write('\n');
    this.phase = phase;
    this.last = now;
    const filled = total > 0 ? Math.round((done / total) * this.width) : this.width;
    const bar = `${'#'.repeat(filled)}${'.'.repeat(this.width - filled)}`;
    this.write(`\r${phase.padEnd(14)} [${bar}] ${done}/${total}`);
  }

  end(): void {
    if (this.phase) this.write('\n');
    this.phase = '';
  }
}
