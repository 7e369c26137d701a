/**
 * Which positions of a document's update log its Y.Doc in this process holds. One process
 * on SQLite writes every update itself, in order, so the positions are always 1..n. With
 * several processes, another's updates arrive over the relay (or not, while Redis is down):
 * `watermark` is the end of the gap-free run from the start, and only up to it may a
 * snapshot or a version claim to cover the log.
 */
export class AppliedLog {
  private above = new Set<number>();

  constructor(private mark: number) {}

  /** Every position up to here is applied. */
  get watermark(): number {
    return this.mark;
  }

  /** Whether some later position is applied while an earlier one is missing. */
  get hasGap(): boolean {
    return this.above.size > 0;
  }

  /** Positions applied above the watermark (a gap waiting to be filled). */
  get pending(): number {
    return this.above.size;
  }

  has(seq: number): boolean {
    return seq <= this.mark || this.above.has(seq);
  }

  /** Records positions first..last as applied. */
  add(first: number, last: number): void {
    if (first <= this.mark + 1 && this.above.size === 0) {
      // The usual case (and the only one with one process): the run just goes on.
      this.mark = Math.max(this.mark, last);
      return;
    }
    for (let seq = Math.max(first, this.mark + 1); seq <= last; seq++) this.above.add(seq);
    while (this.above.delete(this.mark + 1)) this.mark++;
  }
}
