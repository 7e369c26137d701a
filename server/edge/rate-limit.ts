/**
 * A fixed-window allowance per key (a user id), in this process's memory. It guards writes
 * that reach other people, such as comments and the notifications their mentions send, so
 * that one account (a script, a stolen session) cannot flood a document or its colleagues.
 * Per process: with several processes a user gets the allowance on each, which bounds the
 * flood all the same. At most `maxKeys` keys are kept; the oldest window goes first.
 */
export class RateLimit {
  private readonly windows = new Map<string, { start: number; used: number }>();

  constructor(
    readonly allowance: number,
    readonly windowMs: number,
    private readonly maxKeys = 10_000,
  ) {}

  /** Whether `cost` fits in the key's allowance now (nothing is taken). */
  fits(key: string, cost = 1, now = Date.now()): boolean {
    const window = this.windows.get(key);
    return !window || now - window.start >= this.windowMs || window.used + cost <= this.allowance;
  }

  /** Takes `cost` from the key's allowance; false (and nothing taken) when it does not fit. */
  take(key: string, cost = 1, now = Date.now()): boolean {
    let window = this.windows.get(key);
    if (!window || now - window.start >= this.windowMs) {
      this.windows.delete(key);
      window = { start: now, used: 0 };
      if (this.windows.size >= this.maxKeys) this.windows.delete(this.windows.keys().next().value!);
      this.windows.set(key, window);
    }
    if (window.used + cost > this.allowance) return false;
    window.used += cost;
    return true;
  }

  /** Seconds until the key's window opens again (for Retry-After and the sentence). */
  retryAfterSeconds(key: string, now = Date.now()): number {
    const window = this.windows.get(key);
    return window ? Math.max(1, Math.ceil((window.start + this.windowMs - now) / 1000)) : 1;
  }
}

const SHARED = Symbol.for('communique.rate-limits');
type Holder = { [SHARED]?: Map<string, RateLimit> };

/**
 * The one allowance of this name in the process. Next bundles each route and page with its
 * own copy of the modules it imports, so a limit kept in a module variable would be one per
 * route (a person could post 30 comments a minute through each route that takes them); this
 * one lives on globalThis. A new allowance or window replaces the old one.
 */
export function sharedRateLimit(name: string, allowance: number, windowMs: number): RateLimit {
  const holder = globalThis as Holder;
  holder[SHARED] ??= new Map();
  let limit = holder[SHARED].get(name);
  if (limit?.allowance !== allowance || limit.windowMs !== windowMs) {
    limit = new RateLimit(allowance, windowMs);
    holder[SHARED].set(name, limit);
  }
  return limit;
}
