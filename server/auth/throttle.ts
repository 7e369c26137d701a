import { createHash } from 'node:crypto';
import type { Storage } from '@/server/storage/types';

/**
 * Sign-in throttling. Only failed attempts count: per account and per client address, in
 * storage (so every process sees the same counts), in a window that opens with a key's
 * first failure. A burst of guesses sent at once must not all slip in under the limit, so
 * each attempt also takes a "checking" slot for its account and address while its password
 * is checked, and goes ahead only while failures plus attempts being checked stay within
 * the limit; an attempt that finds no free slot waits for one (it is not refused: it may be
 * a correct one). A success then gives its slot back and counts nothing, so any number of
 * successful sign-ins from one address goes through.
 */
export const SIGN_IN_WINDOW_MS = 15 * 60_000;
/** Failed attempts on one account per window; the next is refused (429). */
export const ACCOUNT_FAILURES = 5;
/** Failed attempts from one client address per window (several people may share one). */
export const ADDRESS_FAILURES = 30;
/**
 * A checking slot's window: the same as the failures' (counting a key deletes every row whose
 * window is older than the window it is counted with). A process that dies mid-check leaves
 * its slot taken until then: one fewer attempt at once for that key, never one more.
 */
const CHECKING_WINDOW_MS = SIGN_IN_WINDOW_MS;
/** How long an attempt waits for a free slot before it is told to try again. */
const MAX_WAIT_MS = 20_000;
const POLL_MS = 25;

/**
 * The request header through which the custom server hands the socket's remote address to
 * route handlers. It overwrites whatever a client sent under that name.
 */
export const CLIENT_ADDRESS_HEADER = 'x-communique-client-address';

/** The account and address keys one attempt counts against. */
export interface SignInKeys {
  account: string | null;
  address: string;
}

/**
 * What admitSignIn decided: go ahead (then report the outcome and release the slot with
 * signInFinished), or wait this many seconds — because of failures, or, rarely, because
 * checks at once kept every slot busy for MAX_WAIT_MS.
 */
export type SignInAdmission = { admitted: true; keys: SignInKeys } | { admitted: false; retryAfterSeconds: number; reason: 'failures' | 'busy' };

/**
 * The client address a sign-in is counted against: the socket's remote address, or, when
 * TRUST_PROXY says a proxy in front sets X-Forwarded-For, the address that proxy saw (the
 * last entry: the ones before it are whatever the client claimed). IPv6 addresses count
 * by their /64 network, which one client usually holds whole.
 */
export function clientAddress(headers: Headers, trustProxy: boolean): string {
  const forwarded = trustProxy
    ? headers
        .get('x-forwarded-for')
        ?.split(',')
        .map((a) => a.trim())
        .filter(Boolean)
        .at(-1)
    : undefined;
  const raw = (forwarded ?? headers.get(CLIENT_ADDRESS_HEADER) ?? '').replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '').replace(/%.*$/, '');
  return raw.includes(':') ? ipv6Network(raw) : raw || 'unknown';
}

function ipv6Network(ip: string): string {
  const [head = '', tail = ''] = ip.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => (parseInt(g, 16) || 0).toString(16))
    .join(':')}::/64`;
}

/** An account's key: a hash of the normalised email (any length in, a short key out, no email stored). */
function accountKey(email: string): string | null {
  const normalised = email.trim().toLowerCase();
  return normalised ? `account:${createHash('sha256').update(normalised).digest('hex')}` : null;
}

const limitOf = (key: string) => (key.startsWith('address:') ? ADDRESS_FAILURES : ACCOUNT_FAILURES);
const checking = (key: string) => `checking:${key}`;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Whether a sign-in for `email` from `address` may have its password checked: refused
 * (with the seconds until the window closes) once the account or the address has its
 * limit of failures in the window; otherwise it takes a checking slot, waiting while the
 * failures plus the attempts being checked would pass the limit.
 */
export async function admitSignIn(storage: Storage, email: string, address: string): Promise<SignInAdmission> {
  const account = accountKey(email);
  const keys: SignInKeys = { account, address: `address:${address}` };
  const list = account ? [keys.address, account] : [keys.address];
  const deadline = Date.now() + MAX_WAIT_MS;
  for (;;) {
    const now = new Date();
    const failures = await storage.peekSignInAttempts(list, now, SIGN_IN_WINDOW_MS);
    const over = failures.filter((f) => f.attempts >= limitOf(f.key));
    if (over.length) {
      const until = Math.max(...over.map((f) => f.windowStart.getTime() + SIGN_IN_WINDOW_MS));
      return { admitted: false, reason: 'failures', retryAfterSeconds: Math.max(1, Math.ceil((until - now.getTime()) / 1000)) };
    }
    // Each count is atomic, so of the attempts racing for a key each sees a different total.
    const slots = await storage.countSignInAttempt(list.map(checking), now, CHECKING_WINDOW_MS);
    if (slots.every((slot, i) => failures[i]!.attempts + slot.attempts <= limitOf(list[i]!))) return { admitted: true, keys };
    await releaseSlots(storage, keys);
    if (Date.now() >= deadline) return { admitted: false, reason: 'busy', retryAfterSeconds: 5 };
    await sleep(POLL_MS);
  }
}

async function releaseSlots(storage: Storage, keys: SignInKeys): Promise<void> {
  await storage.takeBackSignInAttempt(checking(keys.address), false);
  if (keys.account) await storage.takeBackSignInAttempt(checking(keys.account), false);
}

/**
 * The admitted attempt is over. A failure counts against the account and the address
 * (before the slot is given back, so the two never under-count together); a success
 * counts nothing and starts the account afresh.
 */
export async function signInFinished(storage: Storage, keys: SignInKeys, outcome: 'succeeded' | 'failed' | 'error'): Promise<void> {
  try {
    if (outcome === 'failed') await storage.countSignInAttempt(keys.account ? [keys.address, keys.account] : [keys.address], new Date(), SIGN_IN_WINDOW_MS);
    if (outcome === 'succeeded' && keys.account) await storage.takeBackSignInAttempt(keys.account, true);
  } finally {
    await releaseSlots(storage, keys);
  }
}
