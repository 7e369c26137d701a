import { describe, expect, it } from 'vitest';
import { AppliedLog } from './applied-log';

describe('AppliedLog', () => {
  it('moves the watermark only over a gap-free run from the start', () => {
    const log = new AppliedLog(3);
    expect([log.watermark, log.hasGap]).toEqual([3, false]);
    log.add(6, 7); // another process's 4 and 5 have not arrived
    expect([log.watermark, log.hasGap, log.has(6), log.has(5)]).toEqual([3, true, true, false]);
    log.add(4, 4);
    expect([log.watermark, log.hasGap]).toEqual([4, true]);
    log.add(5, 5);
    expect([log.watermark, log.hasGap, log.pending]).toEqual([7, false, 0]);
  });

  it('ignores positions it already holds', () => {
    const log = new AppliedLog(0);
    log.add(1, 2);
    log.add(1, 2);
    log.add(2, 3);
    expect([log.watermark, log.pending]).toEqual([3, 0]);
  });
});
