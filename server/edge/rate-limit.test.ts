import { describe, expect, it } from 'vitest';
import { RateLimit, sharedRateLimit } from './rate-limit';

describe('RateLimit', () => {
  it('allows the allowance per window and key, then refuses until the window has passed', () => {
    const limit = new RateLimit(3, 60_000);
    expect([1, 2, 3].map(() => limit.take('nigar', 1, 1_000))).toEqual([true, true, true]);
    expect(limit.take('nigar', 1, 2_000)).toBe(false);
    expect(limit.take('aysel', 1, 2_000)).toBe(true);
    expect(limit.retryAfterSeconds('nigar', 2_000)).toBe(59);
    expect(limit.take('nigar', 1, 61_000)).toBe(true);
  });

  it('takes a cost as a whole or not at all', () => {
    const limit = new RateLimit(10, 60_000);
    expect(limit.take('nigar', 8, 0)).toBe(true);
    expect(limit.take('nigar', 3, 0)).toBe(false);
    expect(limit.take('nigar', 2, 0)).toBe(true);
    expect(limit.fits('nigar', 1, 0)).toBe(false);
    expect(limit.fits('nigar', 1, 60_000)).toBe(true);
    expect(limit.fits('aysel', 10, 0)).toBe(true);
  });

  it('keeps at most maxKeys keys, forgetting the oldest', () => {
    const limit = new RateLimit(1, 60_000, 2);
    expect(limit.take('a', 1, 0)).toBe(true);
    expect(limit.take('b', 1, 0)).toBe(true);
    expect(limit.take('c', 1, 0)).toBe(true);
    expect(limit.take('a', 1, 0)).toBe(true); // forgotten, so a fresh window
    expect(limit.take('c', 1, 0)).toBe(false);
  });

  it('a shared allowance is one per name in the process; a new allowance replaces it', () => {
    const first = sharedRateLimit('test-shared', 2, 60_000);
    expect(sharedRateLimit('test-shared', 2, 60_000)).toBe(first);
    expect(first.take('u')).toBe(true);
    expect(sharedRateLimit('test-shared', 2, 60_000).take('u')).toBe(true);
    expect(sharedRateLimit('test-shared', 2, 60_000).take('u')).toBe(false);
    expect(sharedRateLimit('test-other', 2, 60_000).take('u')).toBe(true);
    expect(sharedRateLimit('test-shared', 3, 60_000)).not.toBe(first);
  });
});
